import pytest
from conftest import CASES, ROOT
from sklearn.metrics import cohen_kappa_score

from aqwal.gold.agreement import agreement, compare, span_f1
from aqwal.gold.validate import validate_file


def test_span_f1_exact_and_overlap():
    a = {(0, 5, "X"), (10, 15, "X")}
    b = {(0, 5, "X"), (11, 15, "X"), (20, 25, "X")}
    assert span_f1(a, b) == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))
    assert span_f1(a, b, overlap=True) == pytest.approx(2 * (2 / 3) * 1 / (2 / 3 + 1))
    assert span_f1(a, {(0, 5, "Y")}, overlap=True) == 0.0
    assert span_f1(set(), set()) == 1.0


def test_identical_passes_agree_perfectly():
    _, doc = validate_file(CASES / "valid.yaml", CASES / "seeds")
    result = compare(doc, doc)
    assert all(v["exact"] == 1.0 for v in result["spans"].values())
    assert result["disagreements"] == []


def test_a_changed_label_is_counted_and_listed(tmp_path):
    changed = tmp_path / "changed.yaml"
    changed.write_text((CASES / "valid.yaml").read_text(encoding="utf-8").replace(
        "    stance: favor\n    stance_holder: [ali]\n    stance_rationale: \"Ali calls the cooperation useful.\"\n",
        "    stance: none\n"), encoding="utf-8")
    _, a = validate_file(CASES / "valid.yaml", CASES / "seeds")
    _, b = validate_file(changed, CASES / "seeds")
    result = compare(a, b)
    expected = cohen_kappa_score([s.stance for s in a.sentences], [s.stance for s in b.sentences])
    assert result["sentence_stance"]["kappa"] == pytest.approx(expected)
    assert result["disagreements"] == ["sentence tiny:p2s1 stance: A favor, B none"]


def test_the_real_passes_cover_the_same_records():
    result = agreement(ROOT / "gold" / "passes", ROOT / "seeds")
    assert set(result) == {"000_5e3c12ae8d8c7ed7"}
    assert result["000_5e3c12ae8d8c7ed7"]["sentence_stance"]["n"] == 29
