"""Which quotation marks of a record pair up, and whether a span lies between a pair.

A quotation's content may stop before its closing mark (`أشارا إلى ” أهمية ...، وبحثا ... “`:
what the pair `أشارا` points to ends at the comma, while the marks go on around the rest of a
statement). So "inside quotation marks" means "between the two marks of a pair", not "touching
a mark on both sides". Marks listed under `marks` (a name in marks, an unpaired mark) are not
quotation boundaries; the others pair in order, since quotations never nest on a page.
"""
from __future__ import annotations

from aqwal import schema
from aqwal.gold.anchor import Span


def quotation_pairs(text: str, listed: list[Span]) -> list[tuple[int, int]]:
    """Offsets of the (opening, closing) marks of every quotation in a record's text."""
    marks = [i for i, ch in enumerate(text) if ch in schema.QUOTATION_MARKS
             and not any(span.start <= i < span.end for span in listed)]
    return list(zip(marks[0::2], marks[1::2], strict=False))


def inside_pair(span: Span, pairs: list[tuple[int, int]]) -> bool:
    """Whether the span lies between the two marks of one quotation."""
    return any(opening < span.start and span.end <= closing for opening, closing in pairs)
