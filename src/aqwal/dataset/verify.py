"""The span invariant, checked on the final rows: `text[start:end] == span.text` everywhere."""
from __future__ import annotations

from typing import NamedTuple


class Mismatch(NamedTuple):
    doc_id: str
    record: str
    field: str
    message: str


def span_mismatches(rows: dict[str, list[dict]]) -> list[Mismatch]:
    """One mismatch per span whose offsets do not give back its text."""
    documents = {d["doc_id"]: d["text"] for d in rows["documents"]}
    problems: list[Mismatch] = []

    def check(row: dict, record: str, field: str, text: str, span: dict | None):
        if span is not None and text[span["start"]:span["end"]] != span["text"]:
            problems.append(Mismatch(row["doc_id"], record, field,
                                     f"offsets {span['start']}..{span['end']} give "
                                     f"{text[span['start']:span['end']]!r}, not {span['text']!r}"))

    for s in rows["sentences"]:
        check(s, s["id"], "text", documents[s["doc_id"]], s)
        for i, entity in enumerate(s["entities"]):
            check(s, s["id"], f"entities[{i}]", s["text"], entity)
        for i, (token, span) in enumerate(zip(s["tokens"], s["token_spans"], strict=True)):
            if s["text"][span["start"]:span["end"]] != token:
                check(s, s["id"], f"tokens[{i}]", s["text"], {**span, "text": token})
    for q in rows["quotes"]:
        text = documents[q["doc_id"]]
        check(q, q["id"], "cue", text, q["cue"])
        check(q, q["id"], "source", text, q["source"])
        for i, span in enumerate(q["content"]):
            check(q, q["id"], f"content[{i}]", text, span)
    for e in rows["entities"]:
        for i, span in enumerate(e["mentions"]):
            check(e, e["entity_id"], f"mentions[{i}]", documents[e["doc_id"]], span)
    return problems
