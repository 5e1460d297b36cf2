"""Turning a span written as surface text (plus an occurrence index) into offsets.

Offsets are never typed by hand: a span names its string, and `n` picks the occurrence when
the string repeats. Anything ambiguous or missing is an error, never a guess.
"""
from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from aqwal.gold.findings import quoted

# Proclitics that may precede a span inside the same word (conjunctions and prepositions).
PROCLITICS = frozenset("وفبلك")
MAX_PROCLITICS = 2
TATWEEL = "\u0640"
# Letters, digits and Arabic diacritics (which `\w` alone does not cover): what makes a word.
WORD_CHARS = r"[\w\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]"
_WORD_CHAR = re.compile(WORD_CHARS)


class AnchorError(ValueError):
    """A span that cannot be placed; `rule` is the finding id."""

    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule


class Span(NamedTuple):
    """Offsets and the text they cover (a tuple: corpora make hundreds of thousands)."""

    start: int
    end: int
    text: str

    def shifted(self, offset: int) -> Span:
        return Span(self.start + offset, self.end + offset, self.text)

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@cache
def is_word_char(ch: str) -> bool:
    return bool(_WORD_CHAR.match(ch))


def occurrences(haystack: str, needle: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of needle."""
    found, i = [], haystack.find(needle)
    while i != -1:
        found.append(i)
        i = haystack.find(needle, i + 1)
    return found


def anchor(haystack: str, needle: str, n: int | None = None) -> Span:
    """Place `needle` in `haystack`: its only occurrence, or the n-th (1-based)."""
    if not needle:
        raise AnchorError("empty-span", "span text is empty")
    if needle != needle.strip():
        raise AnchorError("span-whitespace", f"span {quoted(needle)} starts or ends with whitespace")
    starts = occurrences(haystack, needle)
    if not starts:
        raise AnchorError("span-not-at-anchor", f"{quoted(needle)} does not occur in the record text")
    if n is None and len(starts) > 1:
        raise AnchorError("ambiguous-anchor",
                          f"{quoted(needle)} occurs {len(starts)} times; give n (1..{len(starts)})")
    if n is not None and not 1 <= n <= len(starts):
        raise AnchorError("anchor-index-out-of-range",
                          f"{quoted(needle)} occurs {len(starts)} time(s), so n={n} is out of range")
    start = starts[(n or 1) - 1]
    return Span(start, start + len(needle), needle)


def word_boundary_problem(text: str, span: Span) -> str | None:
    """Why the span cuts a word, or None: spans may only leave proclitics outside."""
    if span.end < len(text) and is_word_char(text[span.end - 1]) and is_word_char(text[span.end]):
        return f"ends inside the word at offset {span.end}"
    word_start = span.start
    while word_start > 0 and is_word_char(text[word_start - 1]):
        word_start -= 1
    prefix = text[word_start:span.start]
    if prefix and not is_word_char(text[span.start]):
        return None
    clitics = prefix.rstrip(TATWEEL)  # Algerian press writes بـ, لـ with a tatweel
    if prefix and (not clitics or len(clitics) > MAX_PROCLITICS or set(clitics) - PROCLITICS):
        return f"starts inside a word after {prefix!r}, which is not a proclitic"
    return None
