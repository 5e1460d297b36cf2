"""Words of a text and their comparison keys, with offsets into the verbatim text.

Rules compare *keys* (the orthographic normalisation of notebook 02: bare alef, `ي` for `ى`,
`ه` for `ة`, no tatweel, no diacritics) and answer in offsets of the text itself, which is never
changed.
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

from aqwal.gold.anchor import WORD_CHARS

WORD = re.compile(WORD_CHARS + "+")
ARABIC_LETTER = re.compile("[\u0621-\u063A\u0641-\u064A\u0671-\u06D3]")
_DROPPED = frozenset(chr(c) for c in (*range(0x064B, 0x0653), 0x0670, 0x0640))
_REPLACED = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"}
CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ل", "ك")
# Proclitic sequences that may precede a name or a cue (guidelines, section 0), shortest first.
PROCLITIC_SEQUENCES = ("", *CONJUNCTIONS, *PREPOSITIONS,
                       *(c + p for c in CONJUNCTIONS for p in PREPOSITIONS))


@functools.lru_cache(maxsize=1 << 16)  # words repeat: a page's drafts ask for the same keys again and again
def key(text: str) -> str:
    """The comparison key of a string (lossy: only ever compared, never stored)."""
    return "".join(_REPLACED.get(ch, ch) for ch in text if ch not in _DROPPED)


def is_dropped(ch: str) -> bool:
    return ch in _DROPPED


class Word(NamedTuple):
    start: int
    end: int
    text: str
    key: str


def words(text: str) -> list[Word]:
    return [Word(m.start(), m.end(), m.group(), key(m.group())) for m in WORD.finditer(text)]


def keyed(text: str) -> tuple[str, list[int]]:
    """The key of text and, for each of its characters, the offset in text it came from."""
    chars, origin = [], []
    for i, ch in enumerate(text):
        if ch not in _DROPPED:
            chars.append(_REPLACED.get(ch, ch))
            origin.append(i)
    return "".join(chars), origin


def span_of(text: str, origin: list[int], k_start: int, k_end: int) -> tuple[int, int]:
    """Offsets in text of the key characters k_start..k_end, with the diacritics after them."""
    start, end = origin[k_start], origin[k_end - 1] + 1
    while end < len(text) and text[end] in _DROPPED and text[end] != "\u0640":
        end += 1
    return start, end


def prefix_length(word: str, n_letters: int) -> int:
    """Characters of word covering its first n_letters key letters and the marks on them."""
    i = seen = 0
    while i < len(word) and seen < n_letters:
        if word[i] not in _DROPPED:
            seen += 1
        i += 1
    while i < len(word) and word[i] in _DROPPED:
        i += 1
    return i


@functools.lru_cache(maxsize=1 << 16)
def readings(word_key: str) -> tuple[tuple[str, str], ...]:
    """(proclitic, rest) readings of a word key, the bare word first; `لل` + rest is also read as
    `ل` + `ال` + rest, the article's alef that Arabic drops after `ل` (guidelines, 2.3)."""
    found = []
    for clitic in PROCLITIC_SEQUENCES:
        if not word_key.startswith(clitic) or len(word_key) - len(clitic) < 2:
            continue
        rest = word_key[len(clitic):]
        found.append((clitic, rest))
        if clitic.endswith("ل") and rest.startswith("ل"):
            found.append((clitic, "ا" + rest))
    return tuple(found)


def has_arabic(text: str) -> bool:
    return ARABIC_LETTER.search(text) is not None
