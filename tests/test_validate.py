"""One fixture per rule (tests/cases/<rule>[--variant].yaml, first line says why it is invalid)."""
import shutil
from pathlib import Path

import pytest
from conftest import CASES, ROOT

from aqwal.dataset.records import quote_rows
from aqwal.gold.validate import validate_dir, validate_file

INVALID = sorted(p for p in CASES.glob("*.yaml") if p.name != "valid.yaml")


def rule_of(case: Path) -> str:
    first = case.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# "), f"{case.name}: the first line must say why it is invalid"
    return first[2:].split(":")[0]


def test_the_valid_case_fires_nothing():
    findings, document = validate_file(CASES / "valid.yaml", CASES / "seeds")
    assert [] == [str(f) for f in findings]
    assert document is not None


@pytest.mark.parametrize("case", INVALID, ids=[p.stem for p in INVALID])
def test_each_case_fires_exactly_its_rule(case):
    findings, document = validate_file(case, CASES / "seeds")
    assert {rule_of(case)} == {f.rule for f in findings}
    assert document is None


@pytest.mark.parametrize("case", INVALID, ids=[p.stem for p in INVALID])
def test_each_finding_names_file_record_and_field(case):
    findings, _ = validate_file(case, CASES / "seeds")
    for finding in findings:
        text = str(finding)
        assert text.startswith(f"{case}:") or text.startswith(f"{case} ")
        if finding.rule != "malformed-yaml":
            assert finding.record and finding.field, text
        assert finding.line, text


def test_the_cases_cover_every_rule_the_issue_names():
    named = {"span-not-at-anchor", "ambiguous-anchor", "anchor-index-out-of-range",
             "unknown-label", "sentence-overlap", "sentence-gap", "duplicate-id",
             "undefined-entity", "undefined-record", "malformed-yaml", "seed-hash-changed"}
    assert named <= {rule_of(p) for p in INVALID}


def test_the_real_gold_is_clean():
    findings, documents = validate_dir(ROOT / "gold", ROOT / "seeds")
    assert [] == [str(f) for f in findings]
    assert [d.doc_id for d in documents] == ["000_5e3c12ae8d8c7ed7"]


def test_both_independent_passes_are_clean():
    for name in ("a", "b"):
        findings, _ = validate_dir(ROOT / "gold" / "passes" / name, ROOT / "seeds")
        assert [] == [str(f) for f in findings]


def test_an_edited_seed_is_refused(tmp_path):
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    seed = tmp_path / "seeds" / "000_5e3c12ae8d8c7ed7.txt"
    seed.write_bytes(seed.read_bytes().replace("مساهل".encode(), "مساهيل".encode(), 1))
    findings, document = validate_dir(ROOT / "gold", tmp_path / "seeds")
    assert ["seed-hash-changed"] == [f.rule for f in findings]
    assert document == []


def test_findings_report_counts_and_verdict():
    findings, _ = validate_file(CASES / "duplicate-id.yaml", CASES / "seeds")
    report = findings.report().splitlines()
    assert report[-1] == "FAILED: 1 finding(s)"
    assert "reference: duplicate-id 1" in report


def test_findings_point_at_their_own_record_after_a_record_that_could_not_be_placed(tmp_path):
    text = (CASES / "duplicate-id.yaml").read_text(encoding="utf-8").replace(
        'text: "الأحد 1 يناير 2023"', 'text: "الأحد 1 يناير 2024"')
    path = tmp_path / "shifted.yaml"
    path.write_text(text, encoding="utf-8")
    findings, _ = validate_file(path, CASES / "seeds")
    third_record = [i for i, line in enumerate(text.splitlines(), 1) if line.startswith("  - section:")][2]
    duplicate = next(f for f in findings if f.rule == "duplicate-id")
    assert duplicate.line == third_record


def test_validate_dir_refuses_two_files_with_one_doc_id(tmp_path):
    for name in ("a.yaml", "b.yaml"):
        shutil.copy(CASES / "valid.yaml", tmp_path / name)
    findings, _ = validate_dir(tmp_path, CASES / "seeds")
    assert [(f.rule, f.file) for f in findings] == [("duplicate-doc-id", str(tmp_path / "b.yaml"))]


def test_generic_sources_early_closing_and_continued_content_are_published():
    findings, document = validate_file(CASES / "more" / "valid.yaml", CASES / "seeds")
    assert [] == [str(f) for f in findings]
    rows = {row["id"]: row for row in quote_rows(document)}
    continued = rows["more:q1"]["content"][-1]
    assert continued["text"] == "ناقش البلدان كذلك الوضع في الساحل"
    assert document.text[continued["start"]:continued["end"]] == continued["text"]
    assert rows["more:q1"]["sentence_id"] == "more:p1s1" and len(rows["more:q1"]["content"]) == 3
    assert rows["more:q2"]["marked"] and rows["more:q4"]["marked"]
    assert rows["more:q4"]["speaker_ids"] == [] and rows["more:q4"]["source"]["text"] == "التقارير"
