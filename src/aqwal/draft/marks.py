"""Pairing quotation marks whose glyphs do not say which one opens (notebook 04, generalised).

Arabic news writes `«...»`, `"..."`, `“...”` and `” ... “` (and sometimes `» ... «`): a glyph
may open or close. Marks of one family pair with each other, inside a line: a mark closes the
innermost open quotation of its family; otherwise it opens one when a word follows it, and is
unpaired when it does not. Guillemets pair only as `«»` or `»«` (a breadcrumb's `» x »` is no
quotation), curly marks in any order. A quotation of another family may open inside an open one (nesting),
and whatever is still open at the end of the line is unpaired.
"""
from __future__ import annotations

from aqwal import schema

FAMILY = {"“": "curly", "”": "curly", "«": "guillemet", "»": "guillemet", '"': "straight"}
assert set(FAMILY) == set(schema.QUOTATION_MARKS)


def _word_follows(line: str, i: int) -> bool:
    rest = line[i + 1:].lstrip()
    return bool(rest) and (rest[0].isalnum() or rest[0] in "(-")


def pair_line(line: str, offset: int = 0) -> tuple[list[tuple[int, int]], list[int]]:
    """(pairs as (open, close) offsets in text order of the opening mark, unpaired offsets)."""
    pairs, unpaired, stack = [], [], []
    for i, ch in enumerate(line):
        family = FAMILY.get(ch)
        if family is None:
            continue
        depth = next((d for d in range(len(stack) - 1, -1, -1) if stack[d][0] == family
                      and (family != "guillemet" or line[stack[d][1] - offset] != ch)), None)
        if depth is not None:
            unpaired.extend(at for _, at in stack[depth + 1:])
            pairs.append((stack[depth][1], offset + i))
            del stack[depth:]
        elif _word_follows(line, i):
            stack.append((family, offset + i))
        else:
            unpaired.append(offset + i)
    unpaired.extend(at for _, at in stack)
    return sorted(pairs), sorted(unpaired)


def pair_marks(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    """pair_line over every line of text, offsets in text."""
    pairs, unpaired, offset = [], [], 0
    for line in text.split("\n"):
        p, u = pair_line(line, offset)
        pairs += p
        unpaired += u
        offset += len(line) + 1
    return pairs, unpaired


def inside(pairs: list[tuple[int, int]], i: int) -> bool:
    """Whether offset i lies strictly between the marks of one of the pairs."""
    return any(a < i < b for a, b in pairs)
