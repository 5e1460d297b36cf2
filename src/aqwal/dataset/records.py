"""Rows of every published config, from validated documents.

Spans in `sentences` index the row's text; spans in `quotes` and `entities` index the document's
text. Ids are scoped by document (`<doc_id>:<local id>`) so corpora can be concatenated.
"""
from __future__ import annotations

from aqwal import schema
from aqwal.dataset.tokens import bio_tags, token_offsets
from aqwal.gold.model import Document


def scoped(doc_id: str, local_id: str) -> str:
    return f"{doc_id}:{local_id}"


def _holder(doc: Document, holder: list[str]) -> list[str]:
    return [h if h == schema.AUTHOR else scoped(doc.doc_id, h) for h in holder]


def document_rows(doc: Document) -> list[dict]:
    return [{"doc_id": doc.doc_id, "text": doc.text, "sha256": doc.sha256,
             **{key: doc.meta.get(key) for key in ("language", "publisher", "publisher_en",
                                                   "page_date", "url", "url_note",
                                                   "publication_date", "publication_date_note")},
             "num_sentences": len(doc.sentences)}]


def sentence_rows(doc: Document) -> list[dict]:
    types = {e.id: e.type for e in doc.entities}
    rows = []
    for s in doc.sentences:
        names = sorted((m for m in s.mentions if m.kind == "name"), key=lambda m: m.span.start)
        offsets = token_offsets(s.text)
        rows.append({
            "id": s.id, "doc_id": doc.doc_id, "paragraph": s.paragraph, "index": s.index,
            "section": s.section, "start": s.start, "end": s.end, "text": s.text,
            "text_en": s.text_en,
            "tokens": [s.text[start:end] for start, end in offsets],
            "token_spans": [{"start": start, "end": end} for start, end in offsets],
            "ner_tags": bio_tags(offsets, [(m.span, types[m.entity_ids[0]]) for m in names]),
            "entities": [{**m.span.as_dict(), "label": types[m.entity_ids[0]],
                          "entity_id": scoped(doc.doc_id, m.entity_ids[0])} for m in names],
            "quote_ids": [scoped(doc.doc_id, q.id) for q in s.quotes],
            "stance": s.stance,
            "stance_holder": _holder(doc, s.stance_holder),
            "stance_rationale": s.stance_rationale,
        })
    return rows


def continued_content(doc: Document) -> dict[str, list]:
    """Content spans (document offsets) that continue an attribution into later records."""
    continued: dict[str, list] = {}
    for s in doc.sentences:
        for qid, spans in s.continuations:
            continued.setdefault(qid, []).extend(c.shifted(s.start) for c in spans)
    return continued


def quote_rows(doc: Document) -> list[dict]:
    rows, continued = [], continued_content(doc)
    for s in doc.sentences:
        for q in s.quotes:
            content = [c.shifted(s.start) for c in q.content] + continued.get(q.id, [])
            rows.append({
                "id": scoped(doc.doc_id, q.id), "doc_id": doc.doc_id, "sentence_id": s.id,
                "type": q.type,
                "content": [c.as_dict() for c in content],
                "cue": q.cue.shifted(s.start).as_dict(),
                "source": q.source.shifted(s.start).as_dict() if q.source else None,
                "speaker_ids": [scoped(doc.doc_id, e) for e in q.speakers],
                "parent_id": scoped(doc.doc_id, q.parent) if q.parent else None,
                "marked": q.marked, "stance": q.stance, "stance_rationale": q.stance_rationale,
            })
    return rows


def entity_rows(doc: Document) -> list[dict]:
    mentions = {e.id: [] for e in doc.entities}
    for s in doc.sentences:
        for m in sorted(s.mentions, key=lambda m: (m.span.start, m.span.end)):
            for eid in m.entity_ids:
                mentions[eid].append({**m.span.shifted(s.start).as_dict(), "sentence_id": s.id,
                                      "kind": m.kind})
    return [{"entity_id": scoped(doc.doc_id, e.id), "doc_id": doc.doc_id, "type": e.type,
             "name": e.name, "name_en": e.name_en, "mentions": mentions[e.id]}
            for e in doc.entities]


ROWS = {"documents": document_rows, "sentences": sentence_rows, "quotes": quote_rows,
        "entities": entity_rows}


def config_rows(documents: list[Document]) -> dict[str, list[dict]]:
    assert list(ROWS) == schema.CONFIGS
    return {name: [row for doc in documents for row in make(doc)] for name, make in ROWS.items()}
