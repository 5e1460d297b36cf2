"""Counts computed from the rows, for the card and the summary: numbers are never typed."""
from __future__ import annotations

from collections import Counter

from aqwal import schema

# Every table's title and the published order of its labels.
ORDERS = {
    "Records per config": schema.CONFIGS,
    "Sentence records per section": schema.SECTIONS,
    "Named-entity spans per type (sentences.entities)": schema.ENTITY_TYPES,
    "Entities per type (entities)": schema.ENTITY_TYPES,
    "Mentions per kind (entities.mentions)": schema.MENTION_KINDS,
    "Tokens per NER tag (sentences.ner_tags)": schema.NER_TAGS,
    "Attributions per type (quotes.type)": schema.QUOTE_TYPES,
    "Sentence stance (sentences.stance)": schema.STANCES,
    "Attribution stance (quotes.stance)": schema.STANCES,
}


def count(rows: dict[str, list[dict]]) -> dict[str, Counter]:
    """Label counts per table; counts of parts of a corpus add up to the corpus's."""
    sentences, quotes, entities = rows["sentences"], rows["quotes"], rows["entities"]
    counts = [
        Counter({name: len(rows[name]) for name in schema.CONFIGS}),
        Counter(s["section"] for s in sentences),
        Counter(e["label"] for s in sentences for e in s["entities"]),
        Counter(e["type"] for e in entities),
        Counter(m["kind"] for e in entities for m in e["mentions"]),
        Counter(t for s in sentences for t in s["ner_tags"]),
        Counter(q["type"] for q in quotes),
        Counter(s["stance"] for s in sentences),
        Counter(q["stance"] for q in quotes),
    ]
    return dict(zip(ORDERS, counts, strict=True))


def total(parts: list[dict[str, Counter]]) -> dict[str, Counter]:
    """The counts of a corpus from those of its parts."""
    return {title: sum((part[title] for part in parts), Counter()) for title in ORDERS}


def tables(counts: dict[str, Counter]) -> dict[str, list[tuple[str, int]]]:
    """Titled (label, count) tables, in the published label order, zeros included."""
    return {title: [(label, counts[title].get(label, 0)) for label in order]
            for title, order in ORDERS.items()}


def markdown_table(header: tuple[str, ...], body: list[tuple]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in body]
    return "\n".join(lines)


def text_table(title: str, body: list[tuple[str, int]]) -> str:
    width = max([len(label) for label, _ in body] + [5])
    lines = [title] + [f"  {label:<{width}}  {count:>6}" for label, count in body]
    lines.append(f"  {'total':<{width}}  {sum(c for _, c in body):>6}")
    return "\n".join(lines)
