"""How good are `aqwal new`'s proposals? Precision, recall and F1 per layer against hand gold.

Run: .venv/bin/python benchmarks/drafts.py  (prints the tables of BENCHMARKS.md, "Drafts")

Two pages: the seed article, whose own gold is kept out of the gazetteer (the rules were still
written with it in view), and the test page tests/pages (written after the rules were frozen),
drafted as `aqwal new` would draft it in this project (the seed's gold in the gazetteer).

Every span is compared in document offsets. Exact: same offsets (and type, for entities);
overlap: characters in common (Citron's measure, over the union of spans). Speakers are
compared per attribution found with the gold cue, after mapping each proposed entity to the
gold entity most of its mentions coincide with. "Accepted unchanged" is the share of gold labels
the draft holds exactly, every field equal (what a reviewer accepts by deleting one line).
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from aqwal.draft.document import Draft, propose  # noqa: E402
from aqwal.draft.gazetteer import project_gazetteer  # noqa: E402
from aqwal.gold.model import Document  # noqa: E402
from aqwal.gold.validate import validate_file  # noqa: E402

PAGES = [  # (label, gold file, seeds folder, gold folder for the gazetteer, doc to exclude)
    ("seed article (own gold kept out)", ROOT / "gold" / "000_5e3c12ae8d8c7ed7.yaml", ROOT / "seeds",
     ROOT / "gold", "000_5e3c12ae8d8c7ed7"),
    ("test page (tests/pages)", ROOT / "tests" / "pages" / "gold" / "t01_tunis_rome_cable.yaml",
     ROOT / "tests" / "pages" / "seeds", ROOT / "gold", None),
]


def prf(gold: set, predicted: set) -> tuple[float, float, float]:
    hits = len(gold & predicted)
    p = hits / len(predicted) if predicted else 0.0
    r = hits / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def chars(spans) -> set[int]:
    return {i for a, b in spans for i in range(a, b)}


def _empty() -> dict:
    """Labels by layer, as sets of comparable tuples (attributions: cue -> the other fields)."""
    return {**{layer: set() for layer in ("ends", "sections", "names", "mentions", "cues", "sources", "contents",
                                          "marks")}, "quotes": {}}


def gold_layers(doc: Document) -> dict:
    out = _empty()
    for s in doc.sentences:
        o = s.start
        out["ends"].add(s.end)
        out["sections"].add((s.start, s.end, s.section))
        for m in s.mentions:
            types = {e.id: e.type for e in doc.entities}
            if m.kind == "name":
                out["names"].add((o + m.span.start, o + m.span.end, types[m.entity_ids[0]]))
            out["mentions"].add((o + m.span.start, o + m.span.end, m.kind, frozenset(m.entity_ids)))
        for q in s.quotes:
            cue = (o + q.cue.start, o + q.cue.end)
            out["cues"].add(cue)
            if q.source:
                out["sources"].add((o + q.source.start, o + q.source.end))
            content = tuple((o + c.start, o + c.end) for c in q.content)
            out["contents"].update(content)
            out["quotes"][cue] = (q.type, (o + q.source.start, o + q.source.end) if q.source else None,
                                  content, frozenset(q.speakers))
        for span, use in s.marks:
            out["marks"].add((o + span.start, o + span.end, use))
    return out


def draft_layers(draft: Draft, to_gold: dict[str, str]) -> dict:
    out = _empty()
    for r in draft.records:
        o = r.start
        out["ends"].add(r.end)
        out["sections"].add((r.start, r.end, r.section))
        for m in r.mentions:
            if m.kind == "name":
                out["names"].add((o + m.start, o + m.end, m.type))
            ids = frozenset(to_gold.get(draft.entity_ids[ref.key], "?") for ref in m.refs)
            out["mentions"].add((o + m.start, o + m.end, m.kind, ids))
        for a in r.attributions:
            cue = (o + a.cue[0], o + a.cue[1])
            out["cues"].add(cue)
            if a.source:
                out["sources"].add((o + a.source[0], o + a.source[1]))
            content = tuple((o + s, o + e) for s, e in a.content)
            out["contents"].update(content)
            out["quotes"][cue] = (a.type, (o + a.source[0], o + a.source[1]) if a.source else None, content,
                                  frozenset(to_gold.get(draft.entity_ids[ref.key], "?") for ref in a.speakers))
        for s, e, use, _ in r.marks:
            out["marks"].add((o + s, o + e, use))
    return out


def entity_map(draft: Draft, doc: Document) -> dict[str, str]:
    """Proposed entity id -> the gold entity most of its mentions coincide with."""
    gold_at = {}
    for s in doc.sentences:
        for m in s.mentions:
            gold_at[(s.start + m.span.start, s.start + m.span.end)] = m.entity_ids
    votes: dict[str, Counter] = {}
    for r in draft.records:
        for m in r.mentions:
            found = gold_at.get((r.start + m.start, r.start + m.end))
            if found:
                for ref, gold_id in zip(m.refs, found, strict=False):
                    votes.setdefault(draft.entity_ids[ref.key], Counter())[gold_id] += 1
    return {eid: counter.most_common(1)[0][0] for eid, counter in votes.items()}


def scores(draft: Draft, doc: Document) -> list[tuple]:
    gold, pred = gold_layers(doc), draft_layers(draft, entity_map(draft, doc))
    rows = [("record boundaries (end offsets)", *prf(gold["ends"], pred["ends"])),
            ("sections (record span + section)", *prf(gold["sections"], pred["sections"])),
            ("entity names (span + type)", *prf(gold["names"], pred["names"])),
            ("attribution cues", *prf(gold["cues"], pred["cues"])),
            ("attribution sources", *prf(gold["sources"], pred["sources"])),
            ("attribution contents, exact", *prf(gold["contents"], pred["contents"])),
            ("attribution contents, character overlap", *prf(chars(gold["contents"]), chars(pred["contents"])))]
    speaker_gold = {(cue, s) for cue, q in gold["quotes"].items() for s in q[3]}
    speaker_pred = {(cue, s) for cue, q in pred["quotes"].items() for s in q[3] if cue in gold["quotes"]}
    rows.append(("speakers (per gold cue found)", *prf(speaker_gold, speaker_pred)))
    return rows


def accepted(draft: Draft, doc: Document) -> list[tuple[str, int, int]]:
    """(layer, gold labels, held exactly by the draft)."""
    gold, pred = gold_layers(doc), draft_layers(draft, entity_map(draft, doc))
    rows = [("records (span + section)", len(gold["sections"]), len(gold["sections"] & pred["sections"])),
            ("mentions (span, kind, entities)", len(gold["mentions"]), len(gold["mentions"] & pred["mentions"])),
            ("attributions (every field)", len(gold["quotes"]),
             sum(pred["quotes"].get(cue) == q for cue, q in gold["quotes"].items())),
            ("marks (span + use)", len(gold["marks"]), len(gold["marks"] & pred["marks"]))]
    return [*rows, ("all", sum(r[1] for r in rows), sum(r[2] for r in rows))]


def main() -> None:
    for label, gold_path, seeds_dir, gold_dir, exclude in PAGES:
        findings, doc = validate_file(gold_path, seeds_dir)
        assert doc is not None, findings.report()
        draft = propose(doc.text, project_gazetteer(gold_dir, exclude=exclude))
        print(f"\n**{label}**\n")
        print("| layer | precision | recall | F1 |\n|---|---:|---:|---:|")
        for name, p, r, f in scores(draft, doc):
            print(f"| {name} | {p:.2f} | {r:.2f} | {f:.2f} |")
        print("\n| gold labels | total | accepted unchanged | share |\n|---|---:|---:|---:|")
        for name, total, kept in accepted(draft, doc):
            print(f"| {name} | {total} | {kept} | {kept / total if total else 0:.0%} |")


if __name__ == "__main__":
    main()
