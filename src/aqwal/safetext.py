"""Text a student controls (messages, reprs, file names), made safe for a terminal or a report;
also the text of a page someone handed in (`aqwal review`, `aqwal new`).

Control characters (terminal escape sequences among them) and invisible format characters
(bidirectional overrides) are shown as escapes, whitespace runs become one space, and the text
is cut to a length.
"""
from __future__ import annotations

import unicodedata

LIMIT = 200


def _visible(char: str) -> str:
    if char in "\t\n\r":
        return " "
    category = unicodedata.category(char)
    if category in ("Cc", "Cf", "Cs", "Co", "Cn") and char != "\u200c" and char != "\u200d":
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
    return char


def visible(text: str) -> str:
    """text with every control and invisible format character escaped, tabs and line breaks
    as spaces: what it is safe to print to a terminal."""
    return "".join(_visible(c) for c in text)


def clean(text, limit: int = LIMIT) -> str:
    """One line of at most `limit` characters, with every control character escaped."""
    text = str(text)[: limit * 4]
    shown = " ".join(visible(text).split())
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
