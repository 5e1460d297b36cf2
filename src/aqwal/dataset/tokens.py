"""Whitespace/punctuation tokens and BIO tags, the ANERcorp/Wojood way.

Proclitics are not split off, so a token whose name starts after a proclitic (`بموسكو`) takes
the whole tag; the character spans keep the exact name. `decode` turns tags back into spans.
"""
from __future__ import annotations

import bisect
import re

from aqwal.gold.anchor import WORD_CHARS, Span

TOKEN = re.compile(WORD_CHARS + r"+|\S")


def token_offsets(text: str) -> list[tuple[int, int]]:
    """(start, end) of every token: what the rows store, without a Span per token."""
    return [m.span() for m in TOKEN.finditer(text)]


def tokenize(text: str) -> list[Span]:
    return [Span(start, end, text[start:end]) for start, end in token_offsets(text)]


def bio_tags(tokens: list[tuple[int, int]], spans: list[tuple[Span, str]]) -> list[str]:
    """One tag per token (a Span or a (start, end) pair); a token touched by a labelled span
    is inside it."""
    tags = ["O"] * len(tokens)
    ends = [tok[1] for tok in tokens]  # tokens are in order and do not overlap
    for span, label in sorted(spans, key=lambda item: item[0].start):
        i = bisect.bisect_right(ends, span.start)  # the first token ending after the span starts
        k = 0
        while i < len(tokens) and tokens[i][0] < span.end:
            tags[i] = f"{'B' if k == 0 else 'I'}-{label}"
            i, k = i + 1, k + 1
    return tags


def decode(tokens: list[Span], tags: list[str], text: str) -> list[tuple[Span, str]]:
    """Token-level BIO back to character spans (whole tokens, proclitics included)."""
    found: list[list] = []
    for tok, tag in zip(tokens, tags, strict=True):
        prefix, _, label = tag.partition("-")
        if prefix == "I" and found and found[-1][2] == label and found[-1][3] == "open":
            found[-1][1] = tok.end
        elif prefix in ("B", "I"):
            found.append([tok.start, tok.end, label, "open"])
        if prefix == "O" and found:
            found[-1][3] = "closed"
    return [(Span(s, e, text[s:e]), label) for s, e, label, _ in found]
