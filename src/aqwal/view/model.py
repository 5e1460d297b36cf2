"""The annotated-article view model: published rows in, records of nested marks out.

The view reads the rows of every config (as `summary.loaded_rows` or `records.config_rows`
give them), like the exports. Every annotated span becomes a `Mark` (document offsets); the
marks of a record are nested into a tree that the templates write as nested elements, so a
nested attribution is drawn inside the one that reports it. Marks that cross (a prediction may
cut through a gold span) are cut into fragments that share their key.

With a prediction, gold marks get a status (hit, miss) and the prediction's own spans join as
false alarms (`compare`). Any span dict of the rows may carry `"status": "proposed"`
(pre-annotation), which the view shows as such.
"""
from __future__ import annotations

import bisect
import hashlib
import json
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from aqwal import schema
from aqwal.gold.findings import quoted
from aqwal.view import compare
from aqwal.view.colours import COLOURS, palette

# Layers a view can show, each with a toggle; `sections` is the boilerplate's blocks.
LAYERS = ("sections", "entities", "attributions", "stance", "translation")
# Among marks of the same extent, the one that encloses the other (smaller is outer).
NESTING = {"content": 0, "source": 1, "cue": 2, "entity": 3}
# Marks whose label chip floats above the text (a content span's chip opens it in the line).
ABOVE = frozenset({"entity", "cue"})
CHIP_LEVELS = 3  # chips that would overlap stack up to this many rows (the stylesheet's lv-N)
STATUSES = ("hit", "miss", "false-alarm", "proposed")
SECTION_TITLES = {"dateline": "Date line", "navigation": "Navigation", "kicker": "Kicker",
                  "headline": "Headline", "teaser": "Teaser", "body": "Body", "byline": "Byline",
                  "comment_form": "Comment form", "spam": "Spam"}
TYPE_TITLES = {"PER": "person", "ORG": "organisation", "GPE": "geo-political entity",
               "LOC": "location", "NORP": "nationality or group", "DATE": "date"}


@dataclass(frozen=True)
class Mark:
    """One annotated span of the document text (offsets into `documents.text`)."""
    key: str                        # unique in the view; the fragments of a mark share it
    layer: str                      # "entity", or an attribution's role: cue, source, content
    start: int
    end: int
    text: str
    label: str                      # entity type, attribution id, or a false alarm's role
    kind: str | None = None         # mention kind; None for a predicted span
    quote: int | None = None        # index into View.quotes
    entities: tuple[int, ...] = ()  # indexes into View.entities
    status: str | None = None       # one of STATUSES; None for plain gold
    note: str = ""                  # what the other side (gold or prediction) has here


@dataclass
class Node:
    """A fragment of a mark: text and inner fragments, in text order."""
    mark: Mark
    start: int
    end: int
    children: list = field(default_factory=list)  # str | Node
    level: int = 0                  # row of its label chip above the text (0: the lowest)

    @property
    def first(self) -> bool:
        return self.start == self.mark.start

    @property
    def last(self) -> bool:
        return self.end == self.mark.end


@dataclass
class Entity:
    index: int
    id: str
    type: str
    name: str
    name_en: str
    mentions: int


@dataclass
class Quote:
    index: int
    id: str
    short: str
    record: str
    type: str
    stance: str
    rationale: str | None
    speakers: list[int]
    cue: dict
    source: dict | None
    content: list[dict]
    parent: int | None
    children: list[int] = field(default_factory=list)
    statuses: dict[str, list[str]] = field(default_factory=dict)  # role -> status of each span


@dataclass
class Record:
    id: str
    short: str
    section: str
    paragraph: int
    start: int
    end: int
    text: str
    text_en: str
    direction: str                  # "rtl" or "ltr", as dir=auto decides
    stance: str
    holders: list                   # index into View.entities, or "author"
    rationale: str | None
    new_paragraph: bool
    blank_before: bool
    content: list = field(default_factory=list)  # str | Node


@dataclass
class Block:
    section: str
    title: str
    editorial: bool
    records: list[Record]


@dataclass
class View:
    kind: str                       # "document", "sentence" or "attribution"
    uid: str                        # prefix of the view's element ids
    document: dict
    layers: tuple[str, ...]
    blocks: list[Block]
    entities: list[Entity]
    quotes: list[Quote]
    shown_quotes: list[int]         # roots of the side list
    shown_entities: list[int]
    false_alarms: list[Mark]
    scores: dict[str, Counter]      # layer -> status counts, with a prediction
    label: str | None               # the prediction's name
    types: list[str]                # what the legend explains
    kinds: list[str]
    statuses: list[str]
    palette: dict = field(default_factory=palette)
    colours: dict = field(default_factory=lambda: COLOURS)

    @property
    def records(self) -> list[Record]:
        return [r for b in self.blocks for r in b.records]

    @property
    def entity_groups(self) -> list[tuple[str, list[Entity]]]:
        """The listed entities by type, types in schema order."""
        listed = [self.entities[i] for i in self.shown_entities]
        return [(t, [e for e in listed if e.type == t]) for t in schema.ENTITY_TYPES
                if any(e.type == t for e in listed)]


class ViewError(ValueError):
    """An id the view cannot find, or options it cannot honour; the message says which."""


def resolve(wanted: str, known: Iterable[str], what: str) -> str:
    """A full id, or a short one (`p9s1`, `q05`) that names exactly one of known."""
    known = list(known)
    if wanted in known:
        return wanted
    matches = [k for k in known if k.split(":", 1)[-1] == wanted]
    if len(matches) == 1:
        return matches[0]
    hint = ", ".join(known[:5]) + (", ..." if len(known) > 5 else "")
    raise ViewError(f"{what} {quoted(wanted)} {'names several' if matches else 'is not one'} of the "
                    f"{len(known)} known ({hint})")


def _direction(text: str) -> str:
    """The first strong character's direction, as the browser's dir=auto finds it."""
    for ch in text:
        if unicodedata.bidirectional(ch) in ("R", "AL"):
            return "rtl"
        if unicodedata.bidirectional(ch) == "L":
            return "ltr"
    return "rtl"


# --- rows to marks ---------------------------------------------------------------------------

def _mention_marks(entities: list[dict], index: dict[str, int]) -> list[Mark]:
    """One mark per (span, type, kind), linked to each of its entities (`البلدين`: two)."""
    linked: dict[tuple, list[int]] = defaultdict(list)
    status: dict[tuple, str | None] = {}
    for e in entities:
        for m in e["mentions"]:
            key = (m["start"], m["end"], e["type"], m["kind"], m["text"])
            linked[key].append(index[e["entity_id"]])
            status[key] = status.get(key) or m.get("status")
    return [Mark(f"m{n}", "entity", start, end, text, label, kind, entities=tuple(ids),
                 status=status[(start, end, label, kind, text)])
            for n, ((start, end, label, kind, text), ids) in enumerate(sorted(linked.items()))]


def _quote_marks(quotes: list[Quote]) -> list[Mark]:
    marks = []
    for q in quotes:
        parts = [("cue", q.cue)] + ([("source", q.source)] if q.source else [])
        for n, (role, span) in enumerate(parts + [("content", span) for span in q.content]):
            marks.append(Mark(f"q{q.index}-{n}", role, span["start"], span["end"], span["text"],
                              q.short, quote=q.index, status=span.get("status")))
    return marks


def _quotes(rows: list[dict], entity_index: dict[str, int]) -> list[Quote]:
    """Attributions in row order, parents (which come first) linked to their children."""
    index = {q["id"]: i for i, q in enumerate(rows)}
    quotes = []
    for i, q in enumerate(rows):
        parent = index[q["parent_id"]] if q["parent_id"] else None
        quotes.append(Quote(i, q["id"], q["id"].split(":", 1)[-1], q["sentence_id"], q["type"],
                            q["stance"], q["stance_rationale"],
                            [entity_index[s] for s in q["speaker_ids"]], q["cue"], q["source"],
                            list(q["content"]), parent))
        if parent is not None:
            quotes[parent].children.append(i)
    return quotes


def _records(sentences: list[dict], entity_index: dict[str, int], text: str) -> dict[str, Record]:
    records, previous = {}, None
    for s in sorted(sentences, key=lambda s: s["start"]):
        gap = text[previous.end:s["start"]] if previous else ""
        records[s["id"]] = previous = Record(
            s["id"], s["id"].split(":", 1)[-1], s["section"], s["paragraph"], s["start"], s["end"],
            s["text"], s["text_en"], _direction(s["text"]), s["stance"],
            [h if h == schema.AUTHOR else entity_index[h] for h in s["stance_holder"]],
            s["stance_rationale"], new_paragraph=previous is None or previous.paragraph != s["paragraph"],
            blank_before=gap.count("\n") > 1)
    return records


def _record_at(records: list[Record], offset: int) -> Record | None:
    """The record (of records sorted by start) holding a document offset; None in a gap."""
    i = bisect.bisect_right([r.start for r in records], offset) - 1
    return records[i] if i >= 0 and offset < records[i].end else None


# --- predictions -----------------------------------------------------------------------------

def _compare_entities(marks: list[Mark], records: dict[str, Record], items, scope: set[str]):
    """Statuses of the gold name mentions in scope (the gold of NER: `sentences.entities`), and
    the predicted spans that are not gold as marks of their own."""
    def record(rid: str) -> tuple[str, str]:
        r = records[resolve(rid, records, "predicted entity's record")]
        return r.id, r.text

    predicted = {s for s in compare.entity_spans(items, record) if s[0] in scope}
    ordered = sorted(records.values(), key=lambda r: r.start)
    gold = {}
    for m in marks:
        r = _record_at(ordered, m.start)
        if m.kind == "name" and r.id in scope:
            gold[m.key] = (r.id, m.start - r.start, m.end - r.start, m.label)

    def note(target, spans, who):
        return "; ".join(f"{who} {s[3]} on “{records[s[0]].text[s[1]:s[2]]}”"
                         for s in compare.overlapping(target, spans))

    statuses, alarms = compare.compare(gold, predicted)
    marks = [replace(m, status=statuses[m.key],
                     note=note(gold[m.key], predicted, "predicted") if statuses[m.key] == "miss" else "")
             if m.key in statuses else m for m in marks]
    for n, (rid, start, end, label) in enumerate(alarms):
        r = records[rid]
        marks.append(Mark(f"pe{n}", "entity", r.start + start, r.start + end, r.text[start:end], label,
                          status="false-alarm", note=note((rid, start, end, label), gold.values(), "gold")))
    return marks


def _compare_quotes(marks: list[Mark], quotes: list[Quote], items, text: str, scoped):
    """Statuses of the gold parts of the predicted roles in scope, and the false alarms."""
    parts, roles, ids = compare.quote_parts(items, text)
    predicted = {p for p in parts if scoped(p[1])}
    gold = {m.key: (m.layer, m.start, m.end) for m in marks if m.layer in roles and scoped(m.start)}
    statuses, alarms = compare.compare(gold, predicted)
    for m in marks:
        if m.key in statuses:
            quotes[m.quote].statuses.setdefault(m.layer, []).append(statuses[m.key])
    marks = [replace(m, status=statuses[m.key]) if m.key in statuses else m for m in marks]
    for n, part in enumerate(alarms):
        role, start, end = part
        notes = [f"predicted by attribution {', '.join(ids[part])}"]
        notes += [f"gold {role} “{text[s[1]:s[2]]}”" for s in compare.overlapping(part, gold.values())]
        marks.append(Mark(f"pq{n}", role, start, end, text[start:end], role, status="false-alarm",
                          note="; ".join(notes)))
    return marks


# --- nesting ---------------------------------------------------------------------------------

def nest(text: str, base: int, marks: list[Mark]) -> list:
    """The record text (at document offset base) as text and nested Nodes, in text order.

    Marks open in text order, the longer first, and at equal extent in NESTING order. A mark
    that runs past the end of the one it opens in is cut there and goes on as another fragment
    after it, so the elements are always well nested.
    """
    end_of_text = base + len(text)
    queue = sorted((max(m.start, base), -min(m.end, end_of_text), NESTING[m.layer], m.key, m)
                   for m in marks if m.start < end_of_text and base < m.end)
    root = Node(Mark("", "", base, end_of_text, text, ""), base, end_of_text)
    stack = [root]
    while queue:
        start, neg_end, rank, key, mark = queue.pop(0)
        while len(stack) > 1 and stack[-1].end <= start:
            stack.pop()
        parent, end = stack[-1], -neg_end
        if end > parent.end:
            bisect.insort(queue, (parent.end, neg_end, rank, key, mark))
            end = parent.end
        stack.append(Node(mark, start, end))
        parent.children.append(stack[-1])
    _fill(root, text, base)
    _stack_chips(root.children)
    return root.children


def _fill(node: Node, text: str, base: int) -> None:
    """Interleave the text between a node's children."""
    items, at = [], node.start
    for child in node.children:
        if child.start > at:
            items.append(text[at - base:child.start - base])
        _fill(child, text, base)
        items.append(child)
        at = child.end
    if node.end > at:
        items.append(text[at - base:node.end - base])
    node.children = items


def _stack_chips(items: list) -> None:
    """Give each chip above the text the lowest row where it overlaps no chip before it.

    A chip sits over the start of its mark and is about as wide as its label plus a character
    of the text; a chip that would overlap an earlier one (a mark starting a character or two
    after another, as a prediction that keeps a proclitic does) goes a row up.
    """
    free = [0] * CHIP_LEVELS  # per row, the first offset where a chip fits again
    todo = list(reversed(items))
    while todo:
        node = todo.pop()
        if isinstance(node, str):
            continue
        if node.first and node.mark.layer in ABOVE:
            width = len(node.mark.label) + 2 * bool(node.mark.status) + 1
            node.level = next((row for row, at in enumerate(free) if at <= node.start), CHIP_LEVELS - 1)
            free[node.level] = node.start + width
        todo += reversed(node.children)


# --- the view --------------------------------------------------------------------------------

def _blocks(records: Iterable[Record]) -> list[Block]:
    """Runs of records of one section."""
    blocks: list[Block] = []
    for r in records:
        if not blocks or blocks[-1].section != r.section:
            blocks.append(Block(r.section, SECTION_TITLES.get(r.section, r.section),
                                r.section in schema.EDITORIAL_SECTIONS, []))
        blocks[-1].records.append(r)
    return blocks


def _descendants(quotes: list[Quote], root: int) -> set[int]:
    found, todo = set(), [root]
    while todo:
        found.add(todo[-1])
        todo = todo[:-1] + quotes[todo[-1]].children
    return found


def build(rows: Mapping[str, list[dict]], *, kind: str = "document", doc_id: str | None = None,
          focus: str | None = None, layers: Iterable[str] = LAYERS, predicted_entities=None,
          predicted_quotes=None, scope: Iterable[str] | None = None, label: str | None = None) -> View:
    """The view of a document, of one record (focus: its id) or of one attribution (focus: its
    id; shown with the attributions nested in it). With a prediction, the records of scope
    (default: those shown) are compared."""
    layers = tuple(layers)
    if set(layers) - set(LAYERS):
        raise ViewError(f"unknown layers {sorted(set(layers) - set(LAYERS))}; choose from {', '.join(LAYERS)}")
    layers = tuple(layer for layer in LAYERS if layer in layers)
    for given, layer in ((predicted_entities, "entities"), (predicted_quotes, "attributions")):
        if given is not None and layer not in layers:
            raise ViewError(f"a prediction of {layer} needs the {layer} layer")
    docs = {d["doc_id"]: d for d in rows["documents"]}
    if doc_id is None and focus and ":" in focus:
        doc_id = focus.split(":", 1)[0]
    if doc_id is None and len(docs) != 1:
        raise ViewError(f"the rows hold {len(docs)} documents; name one of: {', '.join(sorted(docs)[:5])}")
    document = docs[resolve(doc_id, docs, "document") if doc_id else next(iter(docs))]
    own = {name: [r for r in rows[name] if r["doc_id"] == document["doc_id"]]
           for name in ("sentences", "quotes", "entities")}
    text = document["text"]
    entity_index = {e["entity_id"]: i for i, e in enumerate(own["entities"])}
    entities = [Entity(i, e["entity_id"], e["type"], e["name"], e["name_en"], len(e["mentions"]))
                for i, e in enumerate(own["entities"])]
    quotes = _quotes(own["quotes"], entity_index)
    records = _records(own["sentences"], entity_index, text)

    ordered = sorted(records.values(), key=lambda r: r.start)
    shown, kept = list(records), set(range(len(quotes)))
    if kind == "sentence":
        shown = [resolve(focus, records, "record")]
        kept = {q.index for q in quotes if q.record in shown}
    elif kind == "attribution":
        root = [q.id for q in quotes].index(resolve(focus, [q.id for q in quotes], "attribution"))
        kept = _descendants(quotes, root)
        # the cue's record, and the later ones its content continues into (`continues`)
        held = {quotes[root].record} | {r.id for i in kept for span in quotes[i].content
                                        if (r := _record_at(ordered, span["start"]))}
        shown = [r.id for r in ordered if r.id in held]
    elif kind != "document":
        raise ViewError(f"unknown view kind {kind!r}; choose from document, sentence, attribution")
    scope = set(shown) if scope is None else {resolve(r, records, "scoped record") for r in scope}

    def scoped(offset: int) -> bool:
        r = _record_at(ordered, offset)
        return r is not None and r.id in scope

    marks = []
    if "entities" in layers:
        marks += _mention_marks(own["entities"], entity_index)
        if predicted_entities is not None:
            marks = _compare_entities(marks, records, predicted_entities, scope)
    if "attributions" in layers:
        found = _quote_marks(quotes)
        if predicted_quotes is not None:  # against every gold part in scope, shown or not
            found = _compare_quotes(found, quotes, predicted_quotes, text, scoped)
        marks += [m for m in found if m.quote in kept or m.quote is None]

    shown_records = [records[rid] for rid in shown]
    for r in shown_records:
        r.content = nest(r.text, r.start, [m for m in marks if m.start < r.end and r.start < m.end])
    visible = [m for m in marks if any(r.start <= m.start < r.end for r in shown_records)]
    scores = {layer: Counter(m.status for m in visible if m.status in ("hit", "miss", "false-alarm")
                             and (m.layer == "entity") == (layer == "entities"))
              for layer, given in (("entities", predicted_entities), ("attributions", predicted_quotes))
              if given is not None}  # what the view shows
    listed = sorted({i for m in visible for i in m.entities}
                    | {h for r in shown_records for h in r.holders if h != schema.AUTHOR})
    uid = "aqv-" + hashlib.sha256(json.dumps(
        [kind, document["doc_id"], focus, layers, label,
         [(m.key, m.start, m.end, m.label, m.status) for m in visible]],
        ensure_ascii=False).encode()).hexdigest()[:10]  # the same view gets the same ids
    return View(
        kind, uid, document, layers, _blocks(shown_records), entities, quotes,
        sorted(i for i in kept if quotes[i].parent not in kept) if "attributions" in layers else [], listed,
        sorted((m for m in visible if m.status == "false-alarm"), key=lambda m: (m.start, m.end, m.layer)),
        scores, label,
        [t for t in schema.ENTITY_TYPES if any(m.layer == "entity" and m.label == t for m in visible)],
        [k for k in schema.MENTION_KINDS if any(m.kind == k for m in visible)],
        [s for s in STATUSES if any(m.status == s for m in visible)])
