"""`aqwal new`: a page in, its seed, manifest row and validated draft gold out.

The draft is validated against its seed in a scratch folder before anything is written to the
project: a proposal the validator would refuse (a rule's mistake) is dropped from that record,
so the draft the reviewer gets always validates.
"""
from __future__ import annotations

import bisect
import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

from aqwal import schema
from aqwal.draft.add import HEADER as HEADER_ROW
from aqwal.draft.add import add_document, check_doc_id, check_free
from aqwal.draft.count import count_proposals, describe
from aqwal.draft.document import Draft, entity_table, propose
from aqwal.draft.gazetteer import project_gazetteer
from aqwal.draft.source import PageError, read_page
from aqwal.draft.text import has_arabic
from aqwal.draft.writer import render
from aqwal.gold import seeds, yamlfile
from aqwal.gold.findings import Findings
from aqwal.gold.shape import scalar_problem
from aqwal.gold.validate import validate_file
from aqwal.safetext import clean

HEADER = """Aqwal DRAFT gold for {doc_id}, written by `aqwal new` from {source}.
Every label with a `proposed:` line is a proposal of the rule it names (aqwal.baselines, see
docs/baselines.md): check it against docs/guidelines.md, fix it if needed, and accept it by
deleting its `proposed:` line. Translate every record (text_en). `aqwal review {doc_id}` lists
what is left; `aqwal build` refuses this document until nothing is."""
OPTIONS = {"publisher": "text", "url": "url", "date": "date"}  # each option's type in the gold file


@dataclass
class Created:
    paths: list[Path]
    text: str
    summary: str
    warnings: list[str]


def _check_options(meta: dict) -> None:
    """The options that become the draft's document fields, checked as the validator will."""
    for name, value in meta.items():
        problem = None if value is None else scalar_problem(OPTIONS[name], value)
        if problem:
            raise PageError(f"--{name} {problem}")


def _metadata(args: dict, draft: Draft) -> dict:
    return {"language": "ar", "publisher": args.get("publisher"), "publisher_en": None,
            "page_date": args.get("date") or draft.page_date, "url": args.get("url"),
            "url_note": None if args.get("url") else "Not recorded when the page was added.",
            "publication_date": None, "publication_date_note": "Unknown: to be filled in by the reviewer."}


def create(source: Path, doc_id: str, gold_dir: Path, seeds_dir: Path, **meta) -> Created:
    """Add the page at `source` as document doc_id; raises PageError (nothing written) if it
    cannot be added."""
    check_doc_id(doc_id)
    _check_options(meta)
    data, text = read_page(source)
    check_free(doc_id, data, Path(gold_dir), Path(seeds_dir))
    draft = propose(text, project_gazetteer(gold_dir))
    header = HEADER.format(doc_id=doc_id, source=clean(Path(source).name))  # a comment: one line, no controls
    gold_text = _validated(draft, doc_id, data, _metadata(meta, draft), header)
    paths = add_document(doc_id, data, gold_text, gold_dir, seeds_dir)
    warnings = []
    if not text.strip():
        warnings.append("the page is empty: the draft has no records")
    elif not has_arabic(text):
        warnings.append("the page has no Arabic text: every record is proposed as `spam`")
    counts = count_proposals(yamlfile.read(paths[1]).data)
    return Created(paths, text, describe(counts) or "nothing to review", warnings)


def record_ids(draft: Draft, doc_id: str) -> list[str]:
    """The validator's ids of the draft's records (`<doc_id>:p<paragraph>s<n>`)."""
    starts, offset = [], 0
    for line in draft.text.split("\n"):
        if line.strip():
            starts.append(offset)
        offset += len(line) + 1
    ids, previous, n = [], None, 0
    for r in draft.records:
        paragraph = bisect.bisect_right(starts, r.start)
        n = n + 1 if paragraph == previous else 1
        previous = paragraph
        ids.append(f"{doc_id}:p{paragraph}s{n}")
    return ids


def _validated(draft: Draft, doc_id: str, data: bytes, meta: dict, header: str) -> str:
    """The rendered draft if it validates against the seed; else rendered again with the
    records that have findings reduced to their section (their marks listed as unpaired)."""
    gold_text = render(draft, doc_id, meta, header)
    findings = _findings(gold_text, doc_id, data)
    if findings.ok:
        return gold_text
    ids = record_ids(draft, doc_id)
    bad = {f.record for f in findings}
    flagged = [i for i, rid in enumerate(ids) if rid in bad or f"{doc_id}:sentences[{i}]" in bad]
    for i in flagged or range(len(draft.records)):
        record = draft.records[i]
        record.attributions, record.mentions = [], []
        record.marks = [(j, j + 1, "unpaired", "fallback") for j, ch in enumerate(record.text)
                        if ch in schema.QUOTATION_MARKS]
    draft.entity_ids, draft.entities = entity_table(draft.records)
    gold_text = render(draft, doc_id, meta, header)
    findings = _findings(gold_text, doc_id, data)
    if findings.ok:
        return gold_text
    raise PageError("the draft does not validate (a bug in aqwal new; please report it):\n" + findings.report())


def _findings(gold_text: str, doc_id: str, data: bytes) -> Findings:
    """The validator's findings for the draft, checked against its seed in a scratch folder."""
    with tempfile.TemporaryDirectory(prefix=".aqwal-check-") as folder:
        scratch = Path(folder)
        (scratch / "seeds").mkdir()
        (scratch / "seeds" / f"{doc_id}.txt").write_bytes(data)
        sha = hashlib.sha256(data).hexdigest()
        (scratch / "seeds" / seeds.MANIFEST).write_text(f"{HEADER_ROW}{doc_id}\t{doc_id}.txt\t{sha}\n",
                                                        encoding="utf-8")
        (scratch / f"{doc_id}.yaml").write_text(gold_text, encoding="utf-8")
        findings, _ = validate_file(scratch / f"{doc_id}.yaml", scratch / "seeds")
        return findings
