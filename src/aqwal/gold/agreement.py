"""Inter-annotator agreement: the independent pass C against the gold, layer by layer, and the
two early passes A and B against each other (kept for history).

Pass C is compared with the gold it was made from (`gold/passes/c/reference/`, a copy of the
gold as it stood when the handouts were made), so its figures and its list of disagreements stay
those of the independent annotation after the gold is corrected; each disagreement then also
shows what the gold holds now, and how it was settled is checked against that.

Span layers are scored as F1 (symmetric: swapping the sides swaps P and R), exact and
overlapping; labels as Cohen's kappa and as counts of equal labels. Entity ids of two
annotations are aligned one to one through the mentions they share, so differently named ids
still count as the same entity. Every disagreement is listed; pass C's also say how each was
settled (`gold/passes/c/settled.yaml`).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from aqwal import schema
from aqwal.dataset.records import continued_content
from aqwal.dataset.stats import markdown_table
from aqwal.gold import yamlfile
from aqwal.gold.findings import InvalidGold
from aqwal.gold.model import Document, Quote
from aqwal.gold.validate import validate_dir

Spans = set[tuple[int, int, str]]
PASS_C_LAYERS = ("entities", "attributions", "stance", "translation")
SETTLED = "settled.yaml"
REFERENCE = "reference"
ANNOTATORS = "annotators.yaml"
# How a settlement starts, and what the gold must then hold for the item (gold/passes/c/README.md).
OUTCOMES = {"pass C adopted:": "as pass C", "gold kept:": "unchanged", "revised:": "changed"}
VERDICTS = ("keep", "change")
REVIEW_KEYS = frozenset({"id", "section", "text", "given_en", "verdict", "text_en", "reason"})


class PassError(ValueError):
    """A pass file that cannot be compared: names the file, the record and what to do."""


def span_f1(a: Spans, b: Spans, overlap: bool = False) -> float:
    """F1 of b against a; with overlap, a span matches any same-label span it overlaps."""
    if not a and not b:
        return 1.0

    def matched(xs: Spans, ys: Spans) -> int:
        if not overlap:
            return len(xs & ys)
        return sum(any(s < ye and ys_ < e and label == yl for ys_, ye, yl in ys)
                   for s, e, label in xs)

    precision = matched(b, a) / len(b) if b else 0.0
    recall = matched(a, b) / len(a) if a else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _kappa(x: list[str], y: list[str]) -> float:
    # imported here: scikit-learn takes ~0.9 s to import, and the CLI imports this module to
    # build its parser (`aqwal handout --layer`), so every command paid it
    from sklearn.metrics import cohen_kappa_score
    return 1.0 if x == y else float(cohen_kappa_score(x, y))


def local_id(record_id: str) -> str:
    return record_id.rsplit(":", 1)[-1]


def _quotes(doc: Document) -> list[tuple[int, int, Quote, str]]:
    """(cue start, cue end, quote, record id) of every attribution, in document offsets."""
    return [(s.start + q.cue.start, s.start + q.cue.end, q, s.id)
            for s in doc.sentences for q in s.quotes]


def _content(doc: Document) -> dict[str, list[tuple[int, int]]]:
    """Every attribution's content spans in document offsets, continued records included."""
    continued = continued_content(doc)
    return {q.id: [(s.start + c.start, s.start + c.end) for c in q.content]
            + [(c.start, c.end) for c in continued.get(q.id, [])]
            for s in doc.sentences for q in s.quotes}


# -- the layers of one annotation, as comparable sets -------------------------------------
def layers(doc: Document) -> dict[str, Spans]:
    """Every scored span layer of an annotation, in document offsets."""
    types = {e.id: e.type for e in doc.entities}
    found: dict[str, Spans] = {key: set() for key in (
        "named-entity mentions (span + type)", "mentions, all kinds (span + kind)",
        "quotation cue", "quotation source", "content spans, distinct (nested duplicates merged)")}
    for s in doc.sentences:
        for m in s.mentions:
            span = m.span.shifted(s.start)
            found["mentions, all kinds (span + kind)"].add((span.start, span.end, m.kind))
            if m.kind == "name":
                found["named-entity mentions (span + type)"].add(
                    (span.start, span.end, types[m.entity_ids[0]]))
        for q in s.quotes:
            cue = q.cue.shifted(s.start)
            found["quotation cue"].add((cue.start, cue.end, "cue"))
            if q.source:
                src = q.source.shifted(s.start)
                found["quotation source"].add((src.start, src.end, "source"))
    found["content spans, distinct (nested duplicates merged)"] = {
        (start, end, "content") for spans in _content(doc).values() for start, end in spans}
    return found


def links(doc: Document) -> set[tuple[int, int, str]]:
    """Every (mention span, entity id) pair: a plural mention gives one link per entity."""
    return {(s.start + m.span.start, s.start + m.span.end, eid)
            for s in doc.sentences for m in s.mentions for eid in m.entity_ids}


def one_to_one(gold: Document, other: Document) -> dict[str, str]:
    """other's entity ids -> gold's, one to one: the pairs sharing most links first.

    An id of `other` that shares no link with a free gold id keeps its own name, marked `~`,
    so it never counts as a gold entity.
    """
    gold_by_span, shared = {}, Counter()
    for start, end, eid in links(gold):
        gold_by_span.setdefault((start, end), set()).add(eid)
    for start, end, eid in links(other):
        for gid in gold_by_span.get((start, end), ()):
            shared[eid, gid] += 1
    mapping, taken = {}, set()
    for (eid, gid), _ in sorted(shared.items(), key=lambda item: (-item[1], item[0])):
        if eid not in mapping and gid not in taken:
            mapping[eid] = gid
            taken.add(gid)
    return {e.id: mapping.get(e.id, f"~{e.id}") for e in other.entities}


def quote_pairs(a: Document, b: Document) -> list[tuple[Quote, Quote]]:
    """Attributions of a and b whose cues overlap, one-to-one in text order."""
    pairs, used = [], set()
    b_quotes = _quotes(b)
    for a_start, a_end, qa, _ in _quotes(a):
        for i, (b_start, b_end, qb, _) in enumerate(b_quotes):
            if i not in used and a_start < b_end and b_start < a_end:
                pairs.append((qa, qb))
                used.add(i)
                break
    return pairs


def content_per_attribution(doc: Document, label_of: dict[str, str]) -> Spans:
    """Content spans labelled by their attribution (nested duplicates stay apart)."""
    return {(start, end, label_of.get(qid, f"~{qid}"))
            for qid, spans in _content(doc).items() for start, end in spans}


# -- history: pass A against pass B, before adjudication ------------------------------------
def disagreements(a: Document, b: Document) -> list[str]:
    """Every span or label on which the passes differ, for the adjudication record."""
    text, found = a.text, []
    layers_a, layers_b = layers(a), layers(b)
    for name, la in layers_a.items():
        lb = layers_b[name]
        for who, only in (("A only", la - lb), ("B only", lb - la)):
            found += [f"{name}, {who}: `{text[s:e]}` ({label}, {s}..{e})"
                      for s, e, label in sorted(only)]
    mapping = one_to_one(a, b)
    for qa, qb in quote_pairs(a, b):
        for field, va, vb in (("type", qa.type, qb.type), ("stance", qa.stance, qb.stance),
                              ("speakers", sorted(qa.speakers),
                               sorted(mapping[e] for e in qb.speakers))):
            if va != vb:
                found.append(f"attribution {qa.id} {field}: A {va}, B {vb}")
    for sa, sb in zip(a.sentences, b.sentences, strict=False):
        if sa.stance != sb.stance:
            found.append(f"sentence {sa.id} stance: A {sa.stance}, B {sb.stance}")
    return found


def compare(a: Document, b: Document) -> dict:
    la, lb = layers(a), layers(b)
    spans = {name: {"a": len(la[name]), "b": len(lb[name]),
                    "exact": span_f1(la[name], lb[name]),
                    "overlap": span_f1(la[name], lb[name], overlap=True)} for name in la}
    pairs = quote_pairs(a, b)
    paired = {qb.id: qa.id for qa, qb in pairs}
    per_a = content_per_attribution(a, {q.id: q.id for _, _, q, _ in _quotes(a)})
    per_b = content_per_attribution(b, paired)
    spans["content spans, per attribution"] = {
        "a": len(per_a), "b": len(per_b), "exact": span_f1(per_a, per_b),
        "overlap": span_f1(per_a, per_b, overlap=True)}
    mapping = one_to_one(a, b)
    links_a = links(a)
    links_b = {(s, e, mapping[eid]) for s, e, eid in links(b)}
    spans["entity links (mention span + entity, ids aligned)"] = {
        "a": len(links_a), "b": len(links_b), "exact": span_f1(links_a, links_b),
        "overlap": span_f1(links_a, links_b, overlap=True)}
    speakers_equal = sum({mapping[e] for e in qb.speakers} == set(qa.speakers)
                         for qa, qb in pairs)
    stance_a = [s.stance for s in a.sentences]
    stance_b = [s.stance for s in b.sentences]
    return {
        "spans": spans,
        "quotes": {"a": sum(len(s.quotes) for s in a.sentences),
                   "b": sum(len(s.quotes) for s in b.sentences), "matched": len(pairs)},
        "speakers": {"equal": speakers_equal, "matched": len(pairs)},
        "quote_type_kappa": _kappa([qa.type for qa, _ in pairs], [qb.type for _, qb in pairs]),
        "quote_stance_kappa": _kappa([qa.stance for qa, _ in pairs], [qb.stance for _, qb in pairs]),
        "sentence_stance": {"kappa": _kappa(stance_a, stance_b),
                            "agree": sum(x == y for x, y in zip(stance_a, stance_b, strict=False)),
                            "n": len(stance_a)},
        "disagreements": disagreements(a, b),
    }


def validated_documents(folder: Path, seeds_dir: Path, *, translated: bool = True) -> list[Document]:
    """The documents of a folder of annotation files, in doc_id order; raises InvalidGold.

    translated=False for an annotation pass, which need not translate (docs/annotation-format.md).
    """
    findings, docs = validate_dir(folder, seeds_dir, translated=translated)
    if not findings.ok:
        raise InvalidGold(findings)
    return sorted(docs, key=lambda d: d.doc_id)


def load_passes(passes_dir: Path, seeds_dir: Path) -> tuple[list[Document], list[Document]]:
    """The documents of passes a/ and b/, validated like gold except that their translations
    may be empty (pass B has none)."""
    return (validated_documents(Path(passes_dir) / "a", seeds_dir, translated=False),
            validated_documents(Path(passes_dir) / "b", seeds_dir, translated=False))


def markdown(results: dict[str, dict]) -> str:
    """The card's history block: pass A against pass B, one table per document."""
    parts = []
    for doc_id, r in results.items():
        rows = [(name, v["a"], v["b"], f"{v['exact']:.3f}", f"{v['overlap']:.3f}")
                for name, v in r["spans"].items()]
        parts.append(f"Document `{doc_id}`, pass A vs pass B, before adjudication. Each row "
                     "counts what its name says: mentions, entity links (one per mention and "
                     "entity it links to), cues, sources, or content spans.\n\n"
                     + markdown_table(("layer (what is counted)", "A", "B", "F1 exact",
                                       "F1 overlap"), rows))
        q, sp, st = r["quotes"], r["speakers"], r["sentence_stance"]
        parts.append(markdown_table(("measure", "value"), [
            ("attributions (A / B / matched by overlapping cue)", f"{q['a']} / {q['b']} / {q['matched']}"),
            ("same speakers, of matched attributions", f"{sp['equal']} / {sp['matched']}"),
            ("attribution type, Cohen's kappa (matched)", f"{r['quote_type_kappa']:.3f}"),
            ("attribution stance, Cohen's kappa (matched)", f"{r['quote_stance_kappa']:.3f}"),
            ("sentence stance, Cohen's kappa (all records)", f"{st['kappa']:.3f}"),
            ("sentence stance, same label (all records)", f"{st['agree']} / {st['n']}"),
        ]))
        listed = "\n".join(f"- {line}" for line in r["disagreements"]) or "- none"
        parts.append(f"Disagreements ({len(r['disagreements'])}):\n\n{listed}")
    return "\n\n".join(parts)


def agreement(passes_dir: Path, seeds_dir: Path) -> dict[str, dict]:
    docs_a, docs_b = load_passes(passes_dir, seeds_dir)
    if [d.doc_id for d in docs_a] != [d.doc_id for d in docs_b]:
        raise ValueError(f"passes a and b in {passes_dir} do not hold the same documents")
    return {a.doc_id: compare(a, b) for a, b in zip(docs_a, docs_b, strict=True)}


# -- pass C: one layer at a time, against the gold ------------------------------------------
@dataclass(frozen=True)
class Disagreement:
    layer: str
    record: str   # the local record id (p13s3)
    item: str     # what differs, with its text
    gold: str
    pass_c: str

    @property
    def key(self) -> tuple[str, str, str]:
        return self.layer, self.record, self.item


def _measure(name: str, gold, pass_c, value: str) -> tuple[str, str, str, str]:
    return name, str(gold), str(pass_c), value


def _span_rows(name: str, gold: Spans, other: Spans) -> tuple:
    return _measure(name, len(gold), len(other),
                    f"F1 {span_f1(gold, other):.3f} exact, {span_f1(gold, other, overlap=True):.3f} overlap")


def _ratio(equal: int, n: int) -> str:
    return f"{equal} / {n} equal"


def _diff_spans(layer: str, gold: Document, gold_items: dict, other_items: dict, what: str,
                describe) -> list[Disagreement]:
    """Disagreements of two {(start, end): label} maps: missing, extra, or labelled otherwise."""
    record_of = _record_of(gold)
    found = []
    for key in sorted(set(gold_items) | set(other_items)):
        g, o = gold_items.get(key), other_items.get(key)
        if g == o:
            continue
        start, end = key
        item = f"{what} `{gold.text[start:end]}` ({start}..{end})"
        found.append(Disagreement(layer, record_of(start), item,
                                  describe(g) if g is not None else "—",
                                  describe(o) if o is not None else "—"))
    return found


def _record_of(doc: Document):
    def record(offset: int) -> str:
        return next((local_id(s.id) for s in doc.sentences if s.start <= offset < s.end), "-")
    return record


def compare_entities(gold: Document, c: Document) -> tuple[list, list[Disagreement]]:
    """Mentions, named entities, and entity links (ids aligned one to one)."""
    lg, lc = layers(gold), layers(c)
    mapping = one_to_one(gold, c)
    links_g = links(gold)
    links_c = {(s, e, mapping[eid]) for s, e, eid in links(c)}
    types_g = {e.id: e.type for e in gold.entities}
    types_c = {mapping[e.id]: e.type for e in c.entities}

    def mention_map(doc, ids):
        found = {}
        for s in doc.sentences:
            for m in s.mentions:
                found[(s.start + m.span.start, s.start + m.span.end)] = (
                    m.kind, tuple(sorted(ids(e) for e in m.entity_ids)))
        return found

    gm = mention_map(gold, lambda e: e)
    cm = mention_map(c, lambda e: mapping[e])
    both = set(gm) & set(cm)
    same_link = sum(gm[k][1] == cm[k][1] for k in both)
    same_type = sum(types_g.get(g) == types_c.get(g) for g in set(types_g) & set(types_c))
    rows = [
        _span_rows("mentions, all kinds (span + kind)", lg["mentions, all kinds (span + kind)"],
                   lc["mentions, all kinds (span + kind)"]),
        _span_rows("named-entity mentions (span + type)", lg["named-entity mentions (span + type)"],
                   lc["named-entity mentions (span + type)"]),
        _span_rows("entity links (mention span + entity, ids aligned)", links_g, links_c),
        _measure("mentions both mark: same entity (or entities)", len(both), len(both),
                 _ratio(same_link, len(both))),
        _measure("entities (canonical); matched ones of the same type", len(types_g), len(c.entities),
                 _ratio(same_type, len(set(types_g) & set(types_c)))),
    ]

    def describe(value):
        kind, ids = value
        return f"{kind} → {', '.join(ids)}"

    return rows, _diff_spans("entities", gold, gm, cm, "mention", describe)


def compare_attributions(gold: Document, c: Document) -> tuple[list, list[Disagreement]]:
    """Cues, sources, content (per attribution and distinct), speakers, type, nesting, marks."""
    lg, lc = layers(gold), layers(c)
    pairs = quote_pairs(gold, c)
    paired = {qc.id: qg.id for qg, qc in pairs}
    per_g = content_per_attribution(gold, {q.id: q.id for _, _, q, _ in _quotes(gold)})
    per_c = content_per_attribution(c, paired)
    marks_g, marks_c = _marks(gold), _marks(c)
    n_gold, n_c = len(_quotes(gold)), len(_quotes(c))
    rows = [
        _measure("attributions (matched by overlapping cue)", n_gold, n_c, f"{len(pairs)} matched"),
        _span_rows("quotation cue", lg["quotation cue"], lc["quotation cue"]),
        _span_rows("quotation source", lg["quotation source"], lc["quotation source"]),
        _span_rows("content spans, per attribution", per_g, per_c),
        _span_rows("content spans, distinct (nested duplicates merged)",
                   lg["content spans, distinct (nested duplicates merged)"],
                   lc["content spans, distinct (nested duplicates merged)"]),
        _measure("speakers, of matched attributions", len(pairs), len(pairs),
                 _ratio(sum(sorted(g.speakers) == sorted(o.speakers) for g, o in pairs), len(pairs))),
        _measure("type, of matched attributions", len(pairs), len(pairs),
                 f"{_ratio(sum(g.type == o.type for g, o in pairs), len(pairs))}, kappa "
                 f"{_kappa([g.type for g, _ in pairs], [o.type for _, o in pairs]):.3f}"),
        _measure("parent, of matched attributions", len(pairs), len(pairs),
                 _ratio(sum(g.parent == paired.get(o.parent, o.parent) for g, o in pairs), len(pairs))),
        _span_rows("quotation marks that are not quotations (span + use)",
                   {(s, e, u) for (s, e), u in marks_g.items()},
                   {(s, e, u) for (s, e), u in marks_c.items()}),
    ]
    found = []
    content_g, content_c = _content(gold), _content(c)
    record_g = {q.id: local_id(rid) for _, _, q, rid in _quotes(gold)}
    matched_g, matched_c = {g.id for g, _ in pairs}, {o.id for _, o in pairs}
    for _, _, q, rid in _quotes(gold):
        if q.id not in matched_g:
            found.append(Disagreement("attributions", local_id(rid), f"attribution {q.id} (cue `{q.cue.text}`)",
                                      "present", "—"))
    for start, end, q, rid in _quotes(c):
        if q.id not in matched_c:
            found.append(Disagreement("attributions", local_id(rid), f"cue `{q.cue.text}` ({start}..{end})",
                                      "—", f"attribution {q.id}"))

    def show_spans(spans):
        return " + ".join(f"`{gold.text[s:e]}`" for s, e in spans) or "—"

    for g, o in pairs:
        rid = record_g[g.id]
        fields = [("cue", f"`{g.cue.text}`", f"`{o.cue.text}`"),
                  ("source", f"`{g.source.text}`" if g.source else "null",
                   f"`{o.source.text}`" if o.source else "null"),
                  ("content", show_spans(content_g[g.id]), show_spans(content_c[o.id])),
                  ("speakers", ", ".join(g.speakers) or "[] (not an entity)",
                   ", ".join(o.speakers) or "[] (not an entity)"),
                  ("type", g.type, o.type),
                  ("parent", g.parent or "null", paired.get(o.parent, o.parent) or "null")]
        for field, vg, vc in fields:
            if vg != vc:
                found.append(Disagreement("attributions", rid, f"{g.id} {field}", vg, vc))
    found += _diff_spans("attributions", gold, marks_g, marks_c, "mark", str)
    return rows, found


def _marks(doc: Document) -> dict[tuple[int, int], str]:
    return {(s.start + span.start, s.start + span.end): use for s in doc.sentences for span, use in s.marks}


def compare_stance(gold: Document, c: Document) -> tuple[list, list[Disagreement]]:
    """Record stance and holders (editorial records), attribution stance (same attributions)."""
    editorial = [(g, o) for g, o in zip(gold.sentences, c.sentences, strict=True)
                 if g.section in schema.EDITORIAL_SECTIONS]
    quotes_c = {q.id: q for s in c.sentences for q in s.quotes}
    quotes = [(q, quotes_c[q.id], s) for s in gold.sentences for q in s.quotes if q.id in quotes_c]
    with_stance = [(g, o) for g, o in editorial if g.stance != "none" or o.stance != "none"]
    rows = [
        _measure("record stance (editorial records)", len(editorial), len(editorial),
                 f"{_ratio(sum(g.stance == o.stance for g, o in editorial), len(editorial))}, kappa "
                 f"{_kappa([g.stance for g, _ in editorial], [o.stance for _, o in editorial]):.3f}"),
        _measure("stance holders, of records where either side has a stance", len(with_stance),
                 len(with_stance),
                 _ratio(sum(sorted(g.stance_holder) == sorted(o.stance_holder) for g, o in with_stance),
                        len(with_stance))),
        _measure("attribution stance (the gold attributions)", len(quotes), len(quotes),
                 f"{_ratio(sum(g.stance == o.stance for g, o, _ in quotes), len(quotes))}, kappa "
                 f"{_kappa([g.stance for g, _, _ in quotes], [o.stance for _, o, _ in quotes]):.3f}"),
    ]
    found = []
    for g, o in editorial:
        if (g.stance, sorted(g.stance_holder)) != (o.stance, sorted(o.stance_holder)):
            found.append(Disagreement("stance", local_id(g.id), "record stance",
                                      f"{g.stance} [{', '.join(g.stance_holder)}]",
                                      _with_rationale(f"{o.stance} [{', '.join(o.stance_holder)}]",
                                                      o.stance_rationale)))
    for g, o, s in quotes:
        if g.stance != o.stance:
            found.append(Disagreement("stance", local_id(s.id), f"{g.id} stance", g.stance,
                                      _with_rationale(o.stance, o.stance_rationale)))
    return rows, found


def _with_rationale(label: str, rationale: str | None) -> str:
    return f"{label}: {rationale}" if rationale else label


def compare_translation(gold: Document, review: dict) -> tuple[list, list[Disagreement]]:
    """Which records a bilingual reviewer would change, and how: a record disagrees when the
    gold's text_en is not the one the reviewer wants (their new text, or the one they kept)."""
    verdicts = review["records"]
    changed = [r for r in verdicts if r["verdict"] == "change"]
    english = {local_id(s.id): s.text_en for s in gold.sentences}
    rows = [_measure("records the reviewer would keep as they are", len(verdicts), len(verdicts),
                     _ratio(len(verdicts) - len(changed), len(verdicts)))]
    found = []
    for r in verdicts:
        wanted = r["text_en"] if r["verdict"] == "change" else r["given_en"]
        if english[r["id"]] != wanted:
            shown = f"{wanted} (reason: {r['reason']})" if r["verdict"] == "change" else f"{wanted} (kept)"
            found.append(Disagreement("translation", r["id"], "text_en", english[r["id"]], shown))
    return rows, found


COMPARE = {"entities": compare_entities, "attributions": compare_attributions,
           "stance": compare_stance, "translation": compare_translation}


def _read(path: Path):
    """A pass C file's data, read as a gold file is (`yamlfile.read`: PyYAML's reading, with no
    duplicate keys, aliases or merge keys, and a line for every value)."""
    try:
        reading = yamlfile.read(path)
    except OSError as error:
        raise PassError(f"{path}: cannot be read: {error.strerror}") from None
    if reading.problems:
        problem = reading.problems[0]
        raise PassError(f"{path}:{problem.line or 1}: [{problem.rule}] {problem.message}")
    return reading.data


def load_review(path: Path, gold: dict[str, Document]) -> dict:
    """A translation review file, checked: one verdict per record of its gold document."""
    def fail(node, where: str, message: str, key=None):
        raise PassError(f"{path}:{yamlfile.line_of(node, key, default=1)}: {where}: {message}")

    review = _read(path)
    if not isinstance(review, dict) or not isinstance(review.get("records"), list):
        fail(review, "-", "expected a mapping with doc_id and records (see gold/passes/c/README.md)")
    doc_id = review.get("doc_id")
    doc = gold.get(doc_id) if isinstance(doc_id, str) else None
    if doc is None:
        fail(review, "doc_id", f"{doc_id!r} is not a gold document", "doc_id")
    if path.stem != doc_id:  # as a gold file: one file per document
        fail(review, "doc_id", f"the review of {doc_id!r} must be named {doc_id}.yaml", "doc_id")
    expected = [local_id(s.id) for s in doc.sentences]
    records = review["records"]
    ids = [r.get("id") if isinstance(r, dict) else None for r in records]
    if ids != expected:
        first = next(i for i, (x, y) in enumerate(zip([*ids, None], [*expected, None], strict=False))
                     if x != y)
        fail(records, f"records[{first}]", "list every record of the document once, in order, with "
             f"the ids the handout gives (expected "
             f"{expected[first] if first < len(expected) else 'no more records'!r})",
             min(first, len(records) - 1) if records else None)
    english = {local_id(s.id): s.text_en for s in doc.sentences}
    for r in records:
        verdict, text, reason = r.get("verdict"), r.get("text_en"), r.get("reason")
        unknown = sorted(str(key) for key in set(r) - REVIEW_KEYS)
        if unknown:
            fail(r, r["id"], f"unknown key(s) {unknown}; a record takes {', '.join(sorted(REVIEW_KEYS))}")
        if r.get("given_en") != english[r["id"]]:
            fail(r, r["id"], "given_en is not the gold translation any more: review a fresh handout",
                 "given_en")
        if verdict not in VERDICTS:
            fail(r, r["id"], f"verdict must be one of {', '.join(VERDICTS)}, not {verdict!r}", "verdict")
        if verdict == "change" and not (isinstance(text, str) and text.strip() and text != english[r["id"]]
                                        and isinstance(reason, str) and reason.strip()):
            fail(r, r["id"], "a change needs a new text_en (different from the given one) and a reason",
                 "verdict")
        if verdict == "keep" and (text is not None or reason is not None):
            fail(r, r["id"], "a kept record takes no text_en or reason", "verdict")
    return review


def load_layer(passes_dir: Path, layer: str, gold: dict[str, Document],
               seeds_dir: Path) -> dict | None:
    """Pass C's files of one layer by doc_id (validated), or None when the layer is absent."""
    folder = Path(passes_dir) / "c" / layer
    if not sorted(folder.glob("*.yaml")):
        return None
    if layer == "translation":
        reviews = [load_review(path, gold) for path in sorted(folder.glob("*.yaml"))]
        return {r["doc_id"]: r for r in reviews}
    # an annotation pass: its text_en holds a placeholder, and could be left empty
    docs = {d.doc_id: d for d in validated_documents(folder, seeds_dir, translated=False)}
    unknown = sorted(set(docs) - set(gold))
    if unknown:
        raise PassError(f"{folder}: {unknown} are not in the gold pass C was made from "
                        f"({Path(passes_dir) / 'c' / REFERENCE})")
    for doc_id, doc in docs.items():
        if [(s.id, s.section) for s in doc.sentences] != [(s.id, s.section) for s in gold[doc_id].sentences]:
            raise PassError(f"{doc.path}: its records differ from the gold's; keep the records "
                            "of the handout exactly")
    return docs


def _entries(path: Path, keys: tuple[str, ...]) -> list[tuple[int, dict]]:
    """The numbered entries of a bookkeeping list of pass C, each a mapping with exactly keys and
    string values (none when the file is absent)."""
    if not path.is_file():
        return []
    entries = _read(path) or []
    for i, e in enumerate(entries if isinstance(entries, list) else [entries], 1):
        if not isinstance(e, dict) or set(e) != set(keys) or not all(isinstance(e[k], str) for k in keys):
            line = yamlfile.line_of(entries, i - 1, default=1)
            raise PassError(f"{path}:{line}: entry {i}: expected the keys {', '.join(keys)} (strings)")
    return list(enumerate(entries, 1))


def settlements(passes_dir: Path) -> dict[tuple[str, str, str], str]:
    """How each pass-C disagreement was settled, from gold/passes/c/settled.yaml."""
    path = Path(passes_dir) / "c" / SETTLED
    found = {}
    for i, e in _entries(path, ("layer", "record", "item", "settled")):
        if not e["settled"].startswith(tuple(OUTCOMES)):
            raise PassError(f"{path}: entry {i} ({e['record']}, {e['item']}): `settled` starts "
                            f"with one of {', '.join(repr(o) for o in OUTCOMES)}")
        found[e["layer"], e["record"], e["item"]] = e["settled"]
    return found


def annotators(passes_dir: Path) -> dict[str, dict]:
    """Who made each layer of pass C and when, from gold/passes/c/annotators.yaml."""
    path = Path(passes_dir) / "c" / ANNOTATORS
    found = {}
    for i, e in _entries(path, ("layer", "annotator", "date")):
        if e["layer"] not in PASS_C_LAYERS:
            raise PassError(f"{path}: entry {i}: the layer is one of {', '.join(PASS_C_LAYERS)}")
        found[e["layer"]] = {"annotator": e["annotator"], "date": e["date"]}
    return found


def reference_documents(passes_dir: Path, gold: dict[str, Document],
                        seeds_dir: Path) -> dict[str, Document]:
    """The gold pass C was made from (gold/passes/c/reference/); the records of each of its
    documents must be the gold's, so that the gold of now can be set beside it."""
    folder = Path(passes_dir) / "c" / REFERENCE
    if not sorted(folder.glob("*.yaml")):
        raise PassError(f"{folder}: no copy of the gold; put there the gold files the handouts "
                        "were made from (gold/passes/c/README.md, step 1)")
    docs = {d.doc_id: d for d in validated_documents(folder, seeds_dir)}
    for doc_id, doc in docs.items():
        if doc_id not in gold or [(s.id, s.section) for s in doc.sentences] != [
                (s.id, s.section) for s in gold[doc_id].sentences]:
            raise PassError(f"{doc.path}: its records differ from the gold's "
                            f"(or {doc_id} is no longer a gold document)")
    return docs


def _outcome(d: Disagreement, now: dict[tuple[str, str, str], Disagreement]) -> str:
    """What the gold holds now for a disagreement: pass C's value, its own, or a third one."""
    if d.key not in now:
        return "as pass C"
    return "unchanged" if now[d.key].gold == d.gold else "changed"


def pass_c(passes_dir: Path, gold_dir: Path, seeds_dir: Path) -> dict:
    """Per layer: None when pass C has no file for it, else {doc_id: (rows, disagreements)}, pass
    C against the gold it was made from; with, per disagreement key, what the gold holds now."""
    gold = {d.doc_id: d for d in validated_documents(Path(gold_dir), seeds_dir)}
    annotated_layers = [layer for layer in PASS_C_LAYERS
                        if sorted((Path(passes_dir) / "c" / layer).glob("*.yaml"))]
    reference = reference_documents(passes_dir, gold, seeds_dir) if annotated_layers else {}
    who = annotators(passes_dir)
    results: dict[str, dict | None] = dict.fromkeys(PASS_C_LAYERS)
    now: dict[tuple[str, str, str], Disagreement] = {}
    since: list[Disagreement] = []
    for layer in annotated_layers:
        annotated = load_layer(passes_dir, layer, reference, seeds_dir)
        if layer not in who:
            raise PassError(f"{Path(passes_dir) / 'c' / ANNOTATORS}: say who annotated the {layer} "
                            "layer and when (gold/passes/c/README.md)")
        results[layer] = {doc_id: COMPARE[layer](reference[doc_id], other)
                          for doc_id, other in annotated.items()}
        then = {d.key for _, ds in results[layer].values() for d in ds}
        for doc_id, other in annotated.items():
            for d in COMPARE[layer](gold[doc_id], other)[1]:
                now[d.key] = d
                if d.key not in then:
                    since.append(d)
    settled = settlements(passes_dir)
    found = {d.key: d for r in results.values() if r for _, ds in r.values() for d in ds}
    stale = sorted(set(settled) - set(found))
    if stale:
        raise PassError(f"{Path(passes_dir) / 'c' / SETTLED}: these entries match no disagreement "
                        f"(remove or correct them): {stale}")
    outcomes = {key: _outcome(d, now) for key, d in found.items()}
    for key, text in settled.items():
        expected = next(v for k, v in OUTCOMES.items() if text.startswith(k))
        if outcomes[key] != expected:
            raise PassError(f"{Path(passes_dir) / 'c' / SETTLED}: {key} says {text.split(':')[0]!r}, "
                            f"but the gold now holds {outcomes[key]!r} for it: correct the gold or the entry")
    return {"layers": results, "settled": settled, "now": now, "outcomes": outcomes,
            "since": since, "annotators": who}


GIVEN = {
    "entities": "the record segmentation (sections and texts)",
    "attributions": "the records and the gold entities and mentions",
    "stance": "the records, the gold entities and mentions, and the gold attributions without stance",
    "translation": "the records with their gold translations and the entities' English names",
}


def _gold_now(d: Disagreement, result: dict) -> str:
    outcome = result["outcomes"][d.key]
    return f"changed: {result['now'][d.key].gold}" if outcome == "changed" else outcome


def markdown_c(result: dict) -> str:
    """The card's block for pass C: per layer who annotated it, what was compared, the figures,
    every disagreement with how it was settled and what the gold holds now."""
    parts = []
    for layer in PASS_C_LAYERS:
        per_doc = result["layers"][layer]
        if per_doc is None:
            parts.append(f"**{layer}**: pass C has no file for this layer yet "
                         f"(`gold/passes/c/{layer}/`).")
            continue
        who = result["annotators"][layer]
        for doc_id, (rows, found) in per_doc.items():
            parts.append(f"**{layer}**, document `{doc_id}`: annotated by {who['annotator']}, on "
                         f"{who['date']}; pass C was given {GIVEN[layer]}, and is compared with the "
                         "gold as it stood then (`gold/passes/c/reference/`).\n\n"
                         + markdown_table(("measure (what is counted)", "gold", "pass C", "agreement"), rows))
            table = [(d.record, d.item, d.gold, d.pass_c,
                      result["settled"].get(d.key, "not settled yet"), _gold_now(d, result)) for d in found]
            counts = Counter(result["outcomes"][d.key] for d in found)
            summary = (f" After settling, the gold takes pass C's value on {counts['as pass C']}, keeps its "
                       f"own on {counts['unchanged']} and has a third one on {counts['changed']}."
                       if found else "")
            parts.append(f"Disagreements ({len(found)}):{summary}\n\n" + (markdown_table(
                ("record", "what", "gold then", "pass C", "how it was settled", "gold now"), table)
                if table else "- none"))
    if result.get("since"):
        lines = "\n".join(f"- {d.layer}, {d.record}, {d.item}: gold now {d.gold}; pass C {d.pass_c}"
                          for d in result["since"])
        parts.append(f"Changed in the gold since pass C, where pass C had agreed ({len(result['since'])}):"
                     f"\n\n{lines}")
    return "\n\n".join(parts)
