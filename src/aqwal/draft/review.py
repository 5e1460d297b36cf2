"""`aqwal review`: a draft's proposals, layer by layer, each with its span marked in its record,
the rule that proposed it and the one line to delete to accept it.

`proposals` gives them as data (offsets in the record and in the document), which is what the
terminal listing prints and what `--json` hands to a viewer.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from aqwal.draft.count import LAYERS, PROPOSED, TRANSLATIONS
from aqwal.gold import yamlfile
from aqwal.gold.model import Document
from aqwal.gold.validate import validate_file
from aqwal.safetext import visible

# How a span is shown in plain text, by role (brackets that Arabic news text does not use).
BRACKETS = {"span": "⟦⟧", "cue": "⟦⟧", "source": "⟨⟩", "content": "⟪⟫", "record": "", "mark": "⟦⟧"}
COLOURS = {"span": "7", "cue": "1;33;7", "source": "1;36;7", "content": "4", "mark": "7", "record": ""}
CONTEXT = 50  # characters of the record shown around a short span


class ReviewError(ValueError):
    pass


@dataclass
class Span:
    role: str
    start: int  # in the record's text
    end: int
    text: str
    doc_start: int  # in the document's text
    doc_end: int


@dataclass
class Proposal:
    layer: str
    rule: str
    line: int | None  # the `proposed:` line to delete; None for a missing translation
    record: str  # the record id (`<doc_id>:p9s1`), or the entity id
    label: str
    record_text: str
    spans: list[Span] = field(default_factory=list)


def gold_file(doc_id: str, gold_dir: Path) -> Path:
    path = Path(gold_dir) / f"{doc_id}.yaml"
    if not path.is_file():
        raise ReviewError(f"no gold file {path} (the draft of `aqwal new ... --doc-id {doc_id}`)")
    return path


def proposals(doc_id: str, gold_dir: Path, seeds_dir: Path) -> tuple[Path, list[Proposal]]:
    """The proposals and missing translations of one valid gold file, in file order per layer."""
    path = gold_file(doc_id, gold_dir)
    findings, document = validate_file(path, seeds_dir)
    if document is None:
        raise ReviewError(f"{path} does not validate; fix these first:\n{findings.report()}")
    raw = yamlfile.read(path).data  # it validated, so it reads, each key with its line
    return path, list(_collect(raw, document))


def _span(role: str, s, sentence) -> Span:
    return Span(role, s.start, s.end, s.text, sentence.start + s.start, sentence.start + s.end)


def _collect(raw: dict, document: Document):
    found: dict[str, list[Proposal]] = {layer: [] for layer in (*LAYERS, TRANSLATIONS)}
    mentions_of: dict[str, list[tuple]] = {}
    for sentence in document.sentences:
        for m in sentence.mentions:
            for eid in m.entity_ids:
                mentions_of.setdefault(eid, []).append((sentence, m))
    for node in raw.get("entities") or []:
        if PROPOSED in node:
            first = mentions_of.get(node["id"], [])
            sentence = first[0][0] if first else document.sentences[0]
            found["entities"].append(Proposal(
                "entities", str(node[PROPOSED]), yamlfile.line_of(node, PROPOSED), node["id"],
                f"entity {node['id']}: {node['type']} {node['name']} / {node['name_en']}"
                f" ({len(first)} mention{'s' * (len(first) != 1)})", sentence.text,
                [_span("span", m.span, s) for s, m in first if s is sentence]))
    for node, sentence in zip(raw.get("sentences") or [], document.sentences, strict=True):
        rid = sentence.id
        if PROPOSED in node:
            found["records"].append(Proposal("records", str(node[PROPOSED]), yamlfile.line_of(node, PROPOSED), rid,
                                             f"section: {sentence.section}", sentence.text))
        if not sentence.text_en.strip():
            found[TRANSLATIONS].append(Proposal(TRANSLATIONS, "", yamlfile.line_of(node, "text_en"), rid,
                                                "text_en is empty: write the English translation",
                                                sentence.text))
        for m_node, m in zip(node.get("mentions") or [], sentence.mentions, strict=True):
            if PROPOSED in m_node:
                found["mentions"].append(Proposal(
                    "mentions", str(m_node[PROPOSED]), yamlfile.line_of(m_node, PROPOSED), rid,
                    f"{m.kind} mention of {' + '.join(m.entity_ids)}", sentence.text,
                    [_span("span", m.span, sentence)]))
        for q_node, q in zip(node.get("quotes") or [], sentence.quotes, strict=True):
            if PROPOSED in q_node:
                spans = [_span("cue", q.cue, sentence)]
                spans += [_span("source", q.source, sentence)] if q.source else []
                spans += [_span("content", c, sentence) for c in q.content]
                parent = f", inside {q.parent}" if q.parent else ""
                found["quotes"].append(Proposal(
                    "quotes", str(q_node[PROPOSED]), yamlfile.line_of(q_node, PROPOSED), rid,
                    f"attribution {q.id}: {q.type}, speakers {' + '.join(q.speakers)}"
                    f"{'' if q.source else ', no source span'}{parent}", sentence.text, spans))
        for k_node, (span, use) in zip(node.get("marks") or [], sentence.marks, strict=True):
            if PROPOSED in k_node:
                found["marks"].append(Proposal("marks", str(k_node[PROPOSED]), yamlfile.line_of(k_node, PROPOSED), rid,
                                               f"mark: {use}", sentence.text, [_span("mark", span, sentence)]))
    for layer in found.values():
        yield from layer


def _marked(text: str, spans: list[Span], colour: bool) -> str:
    """The record text with its spans bracketed (or highlighted), cut to the part that matters;
    its control and bidi characters escaped (a page's bytes never reach the terminal)."""
    if not spans:
        return visible(text)
    first, last = min(s.start for s in spans), max(s.end for s in spans)
    lo = 0 if first <= CONTEXT else first - CONTEXT
    hi = len(text) if len(text) - last <= CONTEXT else last + CONTEXT
    out, at = [], lo
    for s in sorted(spans, key=lambda s: s.start):
        if s.start < at:
            continue
        out.append(visible(text[at:s.start]))
        if colour:
            out.append(f"\x1b[{COLOURS[s.role]}m{visible(text[s.start:s.end])}\x1b[0m")
        else:
            open_, close = BRACKETS[s.role]
            out.append(f"{open_}{visible(text[s.start:s.end])}{close}")
        at = s.end
    out.append(visible(text[at:hi]))
    return ("…" if lo else "") + "".join(out) + ("…" if hi < len(text) else "")


def review(doc_id: str, gold_dir: Path, seeds_dir: Path, layers: list[str] | None = None,
           as_json: bool = False, colour: bool = False) -> str:
    path, found = proposals(doc_id, gold_dir, seeds_dir)
    found = [p for p in found if not layers or p.layer in layers]
    if as_json:
        return json.dumps({"doc_id": doc_id, "file": str(path), "proposals": [asdict(p) for p in found]},
                          ensure_ascii=False, indent=1)
    if not found:
        return f"{path}: nothing left to review"
    out = [f"{path}: {len(found)} item(s) to review. Spans: ⟦span⟧, cue ⟦…⟧, source ⟨…⟩, content ⟪…⟫."
           if not colour else f"{path}: {len(found)} item(s) to review."]
    for layer in (*LAYERS, TRANSLATIONS):
        items = [p for p in found if p.layer == layer]
        if not items:
            continue
        out += ["", f"== {layer} ({len(items)})"]
        for p in items:
            where = f"{path}:{p.line}" if p.line else str(path)
            rule = f" [{p.rule}]" if p.rule else ""
            out.append(f"{where} {p.record}{rule} {p.label}")
            out.append(f"    {_marked(p.record_text, p.spans, colour)}")
            if p.line and p.layer != TRANSLATIONS:
                out.append(f"    accept: delete line {p.line} (`{PROPOSED}: {p.rule}`)")
    return "\n".join(out)
