"""The span invariant, checked on the final rows: `text[start:end] == span.text` everywhere."""
from __future__ import annotations


def span_mismatches(rows: dict[str, list[dict]]) -> list[str]:
    """One message per span whose offsets do not give back its text."""
    documents = {d["doc_id"]: d["text"] for d in rows["documents"]}
    problems: list[str] = []

    def check(where: str, text: str, span: dict | None):
        if span is not None and text[span["start"]:span["end"]] != span["text"]:
            problems.append(f"{where}: offsets {span['start']}..{span['end']} give "
                            f"{text[span['start']:span['end']]!r}, not {span['text']!r}")

    for s in rows["sentences"]:
        check(f"sentences {s['id']}", documents[s["doc_id"]], s)
        for i, entity in enumerate(s["entities"]):
            check(f"sentences {s['id']} entities[{i}]", s["text"], entity)
        for i, (token, span) in enumerate(zip(s["tokens"], s["token_spans"], strict=True)):
            check(f"sentences {s['id']} tokens[{i}]", s["text"], {**span, "text": token})
    for q in rows["quotes"]:
        text = documents[q["doc_id"]]
        check(f"quotes {q['id']} cue", text, q["cue"])
        check(f"quotes {q['id']} source", text, q["source"])
        for i, span in enumerate(q["content"]):
            check(f"quotes {q['id']} content[{i}]", text, span)
    for e in rows["entities"]:
        for i, span in enumerate(e["mentions"]):
            check(f"entities {e['entity_id']} mentions[{i}]", documents[e["doc_id"]], span)
    return problems
