"""How much of a gold file is still a draft: proposals left per layer, and missing translations.

A proposal is any mapping that still carries `proposed:` (a record, an entity, a mention, an
attribution, a mark); a translation is missing when a record's `text_en` is empty. Both are
counted on the file as written (its raw YAML), whatever else the validator finds.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from aqwal.gold import yamlfile

PROPOSED = "proposed"  # the key that marks a proposal: deleting its line accepts it

LAYERS = ("records", "entities", "mentions", "quotes", "marks")
TRANSLATIONS = "translations"  # records whose text_en is still empty


def _proposed(node) -> bool:
    return isinstance(node, dict) and PROPOSED in node


def _items(node, field) -> list:
    value = node.get(field) if isinstance(node, dict) else None
    return value if isinstance(value, list) else []


def count_proposals(raw) -> Counter:
    """Proposals left per layer (and translations missing) in one gold file's raw data; zero
    counts are left out, so an empty Counter means a reviewed file."""
    counts: Counter = Counter()
    counts["entities"] = sum(map(_proposed, _items(raw, "entities")))
    for record in _items(raw, "sentences"):
        counts["records"] += _proposed(record)
        for layer, field in (("mentions", "mentions"), ("quotes", "quotes"), ("marks", "marks")):
            counts[layer] += sum(map(_proposed, _items(record, field)))
        text_en = record.get("text_en") if isinstance(record, dict) else None
        counts[TRANSLATIONS] += isinstance(text_en, str) and not text_en.strip()
    return +counts


# An empty text_en as YAML can write it (quoted, blank or null-looking); anything else needs no
# parsing to know it is not empty. A backslash (an escaped key) always sends the file to the parser.
_MAYBE_EMPTY = re.compile(r"text_en:[ \t]*(?:\"[ \t]*\"|'[ \t]*'|$|[#|>])", re.M)


def file_proposals(path: Path) -> Counter:
    """count_proposals of a gold file; a file that cannot be read counts nothing (the validator
    reports it). A file without the word `proposed` and without an empty `text_en` is not parsed."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return Counter()
    if PROPOSED not in text and "\\" not in text and not _MAYBE_EMPTY.search(text):
        return Counter()
    try:
        data = yamlfile.read(path).data
    except OSError:
        return Counter()
    return count_proposals(data) if data is not None else Counter()


def corpus_proposals(paths: list[Path]) -> dict[Path, Counter]:
    """The gold files that are still drafts, with their counts."""
    found = {Path(p): file_proposals(p) for p in paths}
    return {p: c for p, c in found.items() if c}


def describe(counts: Counter) -> str:
    """`12 proposals (records 3, mentions 9); 29 translations missing`."""
    parts = []
    proposals = sum(counts[layer] for layer in LAYERS)
    if proposals:
        detail = ", ".join(f"{layer} {counts[layer]}" for layer in LAYERS if counts[layer])
        parts.append(f"{proposals} proposal{'s' * (proposals != 1)} left ({detail})")
    if counts[TRANSLATIONS]:
        parts.append(f"{counts[TRANSLATIONS]} translation{'s' * (counts[TRANSLATIONS] != 1)} missing")
    return "; ".join(parts)


def report(drafts: dict[Path, Counter]) -> str:
    """One line per draft gold file."""
    return "\n".join(f"{path}: draft: {describe(counts)}" for path, counts in sorted(drafts.items()))


def card_notice(drafts: dict[Path, Counter]) -> str:
    """The card's warning when a build includes drafts (`aqwal build --include-drafts`)."""
    lines = [f"> **Draft annotations included.** This build was made with `--include-drafts`: "
             f"{len(drafts)} gold file(s) still hold machine proposals that no person has reviewed, "
             "or lack translations. Their labels are not gold.",
             ">"]
    lines += [f"> - `{Path(path).name}`: {describe(counts)}" for path, counts in sorted(drafts.items())]
    return "\n".join(lines) + "\n"
