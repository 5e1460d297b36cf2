"""A draft as a gold file in the layout of docs/annotation-format.md, proposals marked.

Every proposed mapping is written in block style with `proposed: <rule>` on a line of its own,
so accepting a proposal is deleting that one line. Strings are double-quoted with YAML escapes
for anything a reader could fold or refuse, so the file reads back to exactly the page's text.
"""
from __future__ import annotations

import json
import re

import yaml
from yaml.reader import Reader

from aqwal.draft.count import PROPOSED
from aqwal.draft.document import Draft, Record
from aqwal.gold.anchor import occurrences
from aqwal.gold.validate import DOCUMENT_FIELDS

# Characters a double-quoted YAML scalar may not hold as they are: what PyYAML's reader refuses,
# and the line breaks and byte-order mark it would fold or drop.
_ESCAPE = re.compile(f"{Reader.NON_PRINTABLE.pattern}|[\u0085\u2028\u2029\ufeff]")


def quoted(value: str | None) -> str:
    """A YAML double-quoted scalar that reads back as exactly `value` (null for None)."""
    if value is None:
        return "null"
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) <= 0xFFFF
                       else f"\\U{ord(m.group()):08x}", json.dumps(value, ensure_ascii=False))


def plain(value: str) -> str:
    """An id written plain when YAML reads it back as the same string, quoted otherwise."""
    try:
        same = yaml.safe_load(value) == value and value.strip() == value and ":" not in value
    except yaml.YAMLError:
        same = False
    return value if same and re.fullmatch(r"[A-Za-z0-9_.-]+", value) else quoted(value)


def _span(text: str, start: int, end: int) -> list[str]:
    """`text:` and, when the string repeats in the record, `n:` lines of a span."""
    needle = text[start:end]
    found = occurrences(text, needle)
    lines = [f"text: {quoted(needle)}"]
    if len(found) > 1:
        lines.append(f"n: {found.index(start) + 1}")
    return lines


def _block(lines: list[str], indent: int) -> list[str]:
    """A block-style list item: `- first` then the other lines aligned under it."""
    pad = " " * indent
    return [f"{pad}- {lines[0]}", *(f"{pad}  {line}" for line in lines[1:])]


def render(draft: Draft, doc_id: str, meta: dict, header: str) -> str:
    out = [*(f"# {line}".rstrip() for line in header.splitlines()), f"doc_id: {plain(doc_id)}", "document:"]
    out += [f"  {field}: {quoted(meta.get(field))}" for field in DOCUMENT_FIELDS]
    out.append("entities:" if draft.entities else "entities: []")
    for entity_id, ref in draft.entities.items():
        out += _block([f"id: {plain(entity_id)}", f"type: {ref.type}", f"name: {quoted(ref.name)}",
                       f"name_en: {quoted(ref.name_en)}", f"{PROPOSED}: {ref.rule}"], 2)
    out.append("sentences:" if draft.records else "sentences: []")
    quote_ids = _quote_ids(draft)
    for index, record in enumerate(draft.records):
        out += _record(draft, index, record, quote_ids)
    return "\n".join(out) + "\n"


def _quote_ids(draft: Draft) -> dict[tuple[int, int], str]:
    """(record index, attribution index) -> q01, q02, ... in page order."""
    keys = [(i, j) for i, r in enumerate(draft.records) for j in range(len(r.attributions))]
    width = max(2, len(str(len(keys))))
    return {k: f"q{n + 1:0{width}d}" for n, k in enumerate(keys)}


def _record(draft: Draft, index: int, r: Record, quote_ids) -> list[str]:
    out = _block([f"section: {r.section}", f"{PROPOSED}: {r.rule}", f"text: {quoted(r.text)}", 'text_en: ""'], 2)
    out.append("    mentions:" if r.mentions else "    mentions: []")
    for m in r.mentions:
        ids = [draft.entity_ids[ref.key] for ref in m.refs]
        entity = plain(ids[0]) if len(ids) == 1 else "[" + ", ".join(plain(i) for i in ids) + "]"
        out += _block([*_span(r.text, m.start, m.end), f"entity: {entity}", f"kind: {m.kind}",
                       f"{PROPOSED}: {m.rule}"], 6)
    out.append("    quotes:" if r.attributions else "    quotes: []")
    for j, a in enumerate(r.attributions):
        out += _block([f"id: {quote_ids[index, j]}", f"{PROPOSED}: {a.rule}", f"type: {a.type}", "cue:"], 6)
        out += [f"          {line}" for line in _span(r.text, *a.cue)]
        if a.source is None:
            out.append("        source: null")
        else:
            out.append("        source:")
            out += [f"          {line}" for line in _span(r.text, *a.source)]
        speakers = ", ".join(plain(draft.entity_ids[ref.key]) for ref in a.speakers)
        out += [f"        speakers: [{speakers}]", "        content:"]
        for s, e in a.content:
            out += _block(_span(r.text, s, e), 10)
        parent = quote_ids[index, a.parent] if a.parent is not None else "null"
        out += [f"        parent: {parent}", "        stance: none", "        stance_rationale: null"]
    out.append("    marks:" if r.marks else "    marks: []")
    for s, e, use, rule in r.marks:
        out += _block([*_span(r.text, s, e), f"use: {use}", f"{PROPOSED}: {rule}"], 6)
    out += ["    stance: none", "    stance_holder: []"]
    return out
