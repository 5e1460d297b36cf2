"""Many gold files at once: the result does not depend on the workers, findings keep file order."""
import shutil

import pytest
from conftest import CASES, ROOT
from test_build import folder_bytes

from aqwal.dataset import corpus
from aqwal.dataset.build import build
from aqwal.gold.copies import write_copies
from aqwal.gold.findings import InvalidGold

DOC = "000_5e3c12ae8d8c7ed7"


def make_corpus(folder, n, broken=()):
    """n copies of the real gold; copies in `broken` get a span that is not in the text."""
    def edit(i, text):
        return text.replace('{text: "روسي", entity: russians', '{text: "روسيx", entity: russians', 1) \
            if i in broken else text
    return write_copies(folder, n, ROOT / "gold", ROOT / "seeds", DOC, edit)


def test_one_worker_and_two_write_the_same_bytes(tmp_path):
    src = make_corpus(tmp_path / "corpus", 9)
    # passes A and B feed the card's history; pass C belongs to the original document, not the copies
    for name in ("a", "b"):
        shutil.copytree(ROOT / "gold" / "passes" / name, tmp_path / "passes" / name)
    for jobs in (1, 2):
        tables = build(src / "gold", src / "seeds", tmp_path / f"data{jobs}", ROOT / "dataset_card.md",
                       tmp_path / "passes", jobs=jobs)
        assert tables["documents"].column("doc_id").to_pylist() == [f"doc{i:04d}" for i in range(9)]
    assert folder_bytes(tmp_path / "data1") == folder_bytes(tmp_path / "data2")
    assert len(corpus.compile_gold(src / "gold", src / "seeds", 2).tables["sentences"]) == 9 * 29


def test_every_files_findings_come_in_file_order_whatever_the_workers(tmp_path):
    src = make_corpus(tmp_path / "corpus", 9, broken={1, 7})
    reports = []
    for jobs in (1, 2):
        compiled = corpus.compile_gold(src / "gold", src / "seeds", jobs)
        assert compiled.tables == {}
        reports.append([(f.file, f.line, f.rule) for f in compiled.findings])
    assert reports[0] == reports[1]
    assert [(file.rsplit("/", 1)[1], rule) for file, _, rule in reports[0]] == [
        ("doc0001.yaml", "span-not-at-anchor"), ("doc0007.yaml", "span-not-at-anchor")]
    assert all(line for _, line, _ in reports[0])


def test_two_files_with_one_doc_id_are_refused(tmp_path):
    """The second one is not named after its doc_id."""
    src = make_corpus(tmp_path / "corpus", 3)
    (src / "gold" / "doc0002.yaml").write_text(
        (src / "gold" / "doc0002.yaml").read_text(encoding="utf-8").replace("doc_id: doc0002", "doc_id: doc0000"),
        encoding="utf-8")
    findings = corpus.compile_gold(src / "gold", src / "seeds", 2).findings
    assert [(f.rule, f.record, f.file.rsplit("/", 1)[1]) for f in findings] == [
        ("file-name", "doc0000", "doc0002.yaml")]
    assert "doc0000.yaml" in findings[0].message


def test_a_span_the_rows_move_is_caught_and_named(tmp_path, monkeypatch):
    """The rows are checked again after they are built, in the worker, against the text."""
    real = corpus.config_rows

    def shifted(documents):
        rows = real(documents)
        rows["quotes"][0]["cue"] = {**rows["quotes"][0]["cue"], "start": rows["quotes"][0]["cue"]["start"] + 1}
        return rows

    monkeypatch.setattr(corpus, "config_rows", shifted)
    with pytest.raises(InvalidGold) as error:
        build(ROOT / "gold", ROOT / "seeds", tmp_path / "data", ROOT / "dataset_card.md", jobs=1)
    [finding] = error.value.findings
    assert (finding.rule, finding.field) == ("offset-mismatch", "cue")
    assert finding.file == str(ROOT / "gold" / f"{DOC}.yaml") and finding.record == f"{DOC}:q01"
    assert not (tmp_path / "data").exists()


def test_no_gold_files_is_a_finding(tmp_path):
    (tmp_path / "gold").mkdir()
    findings = corpus.compile_gold(tmp_path / "gold", CASES / "seeds").findings
    assert [f.rule for f in findings] == ["no-gold-files"]
