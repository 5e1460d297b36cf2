"""Sentence records: notebook 02's rule, brought to the guidelines' (section 1).

A record never crosses a line break, and inside a line a sentence ends at `.`, `?`, `؟` or `!`
followed by whitespace or the line end. Two refinements the guidelines state:
- a stop inside a token is not an end: an abbreviation's full stop (`د. `, `أ.د. `, a single
  letter and a full stop) and a signature such as the byline `إسلام.ك`, which the rule already
  keeps whole;
- a quotation mark that closes right after the stop belongs to the record it closes
  (`... الأمن.» وقال`). A stop inside a quotation does end the record: the quotation's content
  continues into the next one (`continues` in the gold).
"""
from __future__ import annotations

import itertools
import re

from aqwal.draft.marks import pair_line
from aqwal.draft.text import key

_STOP = re.compile(r"[.?؟!](?=[\s\"“”«»]*(?:\s|$))")
# Abbreviations that take a full stop (keys): titles and the usual short forms.
ABBREVIATIONS = frozenset({"د", "ا", "م", "ص", "ج", "ق", "ت", "ش", "ه", "س", "ب", "ع", "ف", "ح", "ر", "ن", "ك",
                           "ل", "و", "ي", "ط", "ز", "ا.د", "dr", "mr", "mrs", "ms", "st", "prof", "no",
                           "etc"})
_LAST_WORD = re.compile(r"([\w.]+)$")


def _is_abbreviation(line: str, stop: int) -> bool:
    match = _LAST_WORD.search(line[:stop])
    return match is not None and key(match.group(1)).lower() in ABBREVIATIONS


def _cuts(line: str) -> list[int]:
    pairs, _ = pair_line(line)
    closes = {b: a for a, b in pairs}
    cuts = []
    for match in _STOP.finditer(line):
        i = match.start()
        if line[i] == "." and _is_abbreviation(line, i):
            continue
        end = i + 1
        while end in closes and closes[end] < i:
            end += 1
        cuts.append(end)
    return cuts


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of every record of text, trimmed of whitespace, in text order."""
    spans, offset = [], 0
    for line in text.split("\n"):
        bounds = [0, *_cuts(line), len(line)]
        for a, b in itertools.pairwise(bounds):
            piece = line[a:b]
            stripped = piece.strip()
            if stripped:
                lead = len(piece) - len(piece.lstrip())
                spans.append((offset + a + lead, offset + a + lead + len(stripped)))
        offset += len(line) + 1
    return spans
