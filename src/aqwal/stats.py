"""Counts computed from the rows, for the card and the summary: numbers are never typed."""
from __future__ import annotations

from collections import Counter

from aqwal import schema


def _ordered(counter: Counter, names: list[str]) -> list[tuple[str, int]]:
    return [(name, counter.get(name, 0)) for name in names]


def tables(rows: dict[str, list[dict]]) -> dict[str, list[tuple[str, int]]]:
    """Titled (label, count) tables, in the published label order."""
    sentences, quotes, entities = rows["sentences"], rows["quotes"], rows["entities"]
    mentions = [m for e in entities for m in e["mentions"]]
    return {
        "Records per config": [(name, len(rows[name])) for name in schema.CONFIGS],
        "Sentence records per section": _ordered(Counter(s["section"] for s in sentences),
                                                 schema.SECTIONS),
        "Named-entity spans per type (sentences.entities)": _ordered(
            Counter(e["label"] for s in sentences for e in s["entities"]), schema.ENTITY_TYPES),
        "Entities per type (entities)": _ordered(Counter(e["type"] for e in entities),
                                                 schema.ENTITY_TYPES),
        "Mentions per kind (entities.mentions)": _ordered(Counter(m["kind"] for m in mentions),
                                                          schema.MENTION_KINDS),
        "Tokens per NER tag (sentences.ner_tags)": _ordered(
            Counter(t for s in sentences for t in s["ner_tags"]), schema.NER_TAGS),
        "Attributions per type (quotes.type)": _ordered(Counter(q["type"] for q in quotes),
                                                        schema.QUOTE_TYPES),
        "Sentence stance (sentences.stance)": _ordered(Counter(s["stance"] for s in sentences),
                                                       schema.STANCES),
        "Attribution stance (quotes.stance)": _ordered(Counter(q["stance"] for q in quotes),
                                                       schema.STANCES),
    }


def markdown_table(header: tuple[str, ...], body: list[tuple]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in body]
    return "\n".join(lines)


def text_table(title: str, body: list[tuple[str, int]]) -> str:
    width = max([len(label) for label, _ in body] + [5])
    lines = [title] + [f"  {label:<{width}}  {count:>6}" for label, count in body]
    lines.append(f"  {'total':<{width}}  {sum(c for _, c in body):>6}")
    return "\n".join(lines)
