"""The general rules of docs/guidelines.md, without the seed article's examples.

Independent annotators must not share the adjudicator's view: they get the rules, not the
article's worked cases. The cases are marked in the one guidelines file (a line
`<!-- example -->` opens a block, a line `<!-- /example -->` closes it), so the general text is
derived from it, never kept as a second copy by hand.
"""
from __future__ import annotations

import re

OPEN, CLOSE = "<!-- example -->", "<!-- /example -->"
SECTION = re.compile(r"^## (\d+)\. ", re.M)

# What each annotation layer's annotator reads: the general principles and records (§0, §1),
# the layer's own rules, and the rules of the lower layers whose gold they are given.
LAYER_SECTIONS = {
    "entities": (0, 1, 2),
    "attributions": (0, 1, 2, 3),
    "stance": (0, 1, 3, 4),
    "translation": (0, 5),
}


class GuidelinesError(ValueError):
    pass


def general_rules(text: str) -> str:
    """The text without its example blocks (blank-line runs collapsed)."""
    kept, opened_at = [], None
    for number, line in enumerate(text.split("\n"), 1):
        marker = line.strip()
        if marker == OPEN:
            if opened_at is not None:
                raise GuidelinesError(f"line {number}: an example opens inside the example "
                                      f"opened on line {opened_at}")
            opened_at = number
        elif marker == CLOSE:
            if opened_at is None:
                raise GuidelinesError(f"line {number}: an example closes but none is open")
            opened_at = None
        elif marker.startswith(("<!-- example", "<!-- /example")):
            raise GuidelinesError(f"line {number}: write the marker alone on its line, "
                                  f"exactly {OPEN!r} or {CLOSE!r}")
        elif opened_at is None:
            kept.append(line)
    if opened_at is not None:
        raise GuidelinesError(f"line {opened_at}: the example opened here is never closed")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip() + "\n"


def sections(text: str, numbers: tuple[int, ...]) -> str:
    """The numbered `## N.` sections of text whose number is in numbers, in order."""
    starts = [(int(m.group(1)), m.start()) for m in SECTION.finditer(text)]
    found = {n for n, _ in starts}
    missing = sorted(set(numbers) - found)
    if missing:
        raise GuidelinesError(f"no section numbered {missing} (found {sorted(found)})")
    ends = [start for _, start in starts[1:]] + [len(text)]
    return "\n".join(text[start:end].rstrip() + "\n" for (n, start), end in zip(starts, ends, strict=True)
                     if n in numbers)


def for_layer(text: str, layer: str) -> str:
    """The general rules an annotator of one layer reads, under a header that says so."""
    if layer not in LAYER_SECTIONS:
        raise GuidelinesError(f"unknown layer {layer!r}; layers: {', '.join(LAYER_SECTIONS)}")
    header = (f"# Aqwal annotation guidelines: general rules for the {layer} layer\n\n"
              "Derived from docs/guidelines.md without the seed article's worked examples. "
              "Examples here are invented.\n\n")
    return header + sections(general_rules(text), LAYER_SECTIONS[layer])
