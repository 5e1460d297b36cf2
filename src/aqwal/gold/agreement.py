"""Inter-annotator agreement between two independent passes, before adjudication.

Span layers are scored as F1 between the passes (symmetric: swapping them swaps P and R), exact
and overlapping; labels as Cohen's kappa. Entity ids of the two passes are aligned through the
mentions they share, so differently named ids still count as the same speaker.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

from aqwal.dataset.stats import markdown_table
from aqwal.gold.findings import InvalidGold
from aqwal.gold.model import Document
from aqwal.gold.validate import validate_dir

Spans = set[tuple[int, int, str]]


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


def layers(doc: Document) -> dict[str, Spans]:
    """Every scored span layer of a pass, in document offsets."""
    types = {e.id: e.type for e in doc.entities}
    found: dict[str, Spans] = {key: set() for key in (
        "named entities (span + type)", "all mentions (span + kind)",
        "quotation cue", "quotation source", "quotation content")}
    for s in doc.sentences:
        for m in s.mentions:
            span = m.span.shifted(s.start)
            found["all mentions (span + kind)"].add((span.start, span.end, m.kind))
            if m.kind == "name":
                found["named entities (span + type)"].add(
                    (span.start, span.end, types[m.entity_ids[0]]))
        for q in s.quotes:
            cue = q.cue.shifted(s.start)
            found["quotation cue"].add((cue.start, cue.end, "cue"))
            if q.source:
                src = q.source.shifted(s.start)
                found["quotation source"].add((src.start, src.end, "source"))
            for c in q.content:
                c = c.shifted(s.start)
                found["quotation content"].add((c.start, c.end, "content"))
    return found


def entity_alignment(a: Document, b: Document) -> dict[str, str]:
    """b's entity ids -> a's, by the mention spans they share most."""
    def owners(doc):
        return {(s.start + m.span.start, s.start + m.span.end): m.entity_ids
                for s in doc.sentences for m in s.mentions}
    a_owner, votes = owners(a), {}
    for span, b_ids in owners(b).items():
        for b_id, a_id in zip(b_ids, a_owner.get(span, []), strict=False):
            votes.setdefault(b_id, Counter())[a_id] += 1
    return {b_id: counts.most_common(1)[0][0] for b_id, counts in votes.items()}


def quote_pairs(a: Document, b: Document):
    """Quotations of a and b whose cues overlap, one-to-one in text order."""
    def quotes(doc):
        return [(s.start + q.cue.start, s.start + q.cue.end, q) for s in doc.sentences
                for q in s.quotes]
    pairs, used = [], set()
    for a_start, a_end, qa in quotes(a):
        for i, (b_start, b_end, qb) in enumerate(quotes(b)):
            if i not in used and a_start < b_end and b_start < a_end:
                pairs.append((qa, qb))
                used.add(i)
                break
    return pairs


def disagreements(a: Document, b: Document) -> list[str]:
    """Every span or label on which the passes differ, for the adjudication record."""
    text, found = a.text, []
    layers_a, layers_b = layers(a), layers(b)
    for name, la in layers_a.items():
        lb = layers_b[name]
        for who, only in (("A only", la - lb), ("B only", lb - la)):
            found += [f"{name}, {who}: `{text[s:e]}` ({label}, {s}..{e})"
                      for s, e, label in sorted(only)]
    align = entity_alignment(a, b)
    for qa, qb in quote_pairs(a, b):
        for field, va, vb in (("type", qa.type, qb.type), ("stance", qa.stance, qb.stance),
                              ("speakers", sorted(qa.speakers),
                               sorted(align.get(e, e) for e in qb.speakers))):
            if va != vb:
                found.append(f"attribution {qa.id} {field}: A {va}, B {vb}")
    for sa, sb in zip(a.sentences, b.sentences, strict=False):
        if sa.stance != sb.stance:
            found.append(f"sentence {sa.id} stance: A {sa.stance}, B {sb.stance}")
    return found


def _kappa(x: list[str], y: list[str]) -> float:
    return 1.0 if x == y else float(cohen_kappa_score(x, y))


def compare(a: Document, b: Document) -> dict:
    la, lb = layers(a), layers(b)
    spans = {name: {"a": len(la[name]), "b": len(lb[name]),
                    "exact": span_f1(la[name], lb[name]),
                    "overlap": span_f1(la[name], lb[name], overlap=True)} for name in la}
    align = entity_alignment(a, b)
    pairs = quote_pairs(a, b)
    speakers_equal = sum({align.get(e, e) for e in qb.speakers} == set(qa.speakers)
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


def load_passes(passes_dir: Path, seeds_dir: Path) -> tuple[list[Document], list[Document]]:
    """The documents of passes a/ and b/, validated like gold (they must be clean too)."""
    result = []
    for name in ("a", "b"):
        findings, docs = validate_dir(Path(passes_dir) / name, seeds_dir, translated=False)
        if not findings.ok:
            raise InvalidGold(findings)
        result.append(sorted(docs, key=lambda d: d.doc_id))
    return result[0], result[1]


def markdown(results: dict[str, dict]) -> str:
    """The card's agreement block: one table per document pair."""
    parts = []
    for doc_id, r in results.items():
        rows = [(name, v["a"], v["b"], f"{v['exact']:.3f}", f"{v['overlap']:.3f}")
                for name, v in r["spans"].items()]
        parts.append(f"Document `{doc_id}`, pass A vs pass B, before adjudication.\n\n"
                     + markdown_table(("layer", "spans A", "spans B", "F1 exact", "F1 overlap"), rows))
        q, sp, st = r["quotes"], r["speakers"], r["sentence_stance"]
        parts.append(markdown_table(("measure", "value"), [
            ("attributions (A / B / matched by overlapping cue)", f"{q['a']} / {q['b']} / {q['matched']}"),
            ("same speakers, of matched attributions", f"{sp['equal']} / {sp['matched']}"),
            ("attribution type, Cohen's kappa (matched)", f"{r['quote_type_kappa']:.3f}"),
            ("attribution stance, Cohen's kappa (matched)", f"{r['quote_stance_kappa']:.3f}"),
            ("sentence stance, Cohen's kappa", f"{st['kappa']:.3f}"),
            ("sentence stance, same label", f"{st['agree']} / {st['n']}"),
        ]))
        listed = "\n".join(f"- {line}" for line in r["disagreements"]) or "- none"
        parts.append(f"Disagreements ({len(r['disagreements'])}):\n\n{listed}")
    return "\n\n".join(parts)


def agreement(passes_dir: Path, seeds_dir: Path) -> dict[str, dict]:
    docs_a, docs_b = load_passes(passes_dir, seeds_dir)
    if [d.doc_id for d in docs_a] != [d.doc_id for d in docs_b]:
        raise ValueError(f"passes a and b in {passes_dir} do not hold the same documents")
    return {a.doc_id: compare(a, b) for a, b in zip(docs_a, docs_b, strict=True)}
