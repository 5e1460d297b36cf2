"""Many gold files at once: the result does not depend on the workers, findings keep file order."""
import shutil

import pytest

from aqwal import corpus
from aqwal.build import build
from aqwal.findings import InvalidGold
from conftest import CASES, ROOT
from test_build import folder_bytes

DOC = "000_5e3c12ae8d8c7ed7"


def make_corpus(folder, n, broken=()):
    """n copies of the real gold, each its own document; copies in `broken` get a span that
    is not in the text."""
    (folder / "seeds").mkdir(parents=True)
    (folder / "gold").mkdir()
    gold = (ROOT / "gold" / f"{DOC}.yaml").read_text(encoding="utf-8")
    sha = (ROOT / "seeds" / "manifest.tsv").read_text(encoding="utf-8").split("\n")[1].split("\t")[2]
    shutil.copy(ROOT / "seeds" / f"{DOC}.txt", folder / "seeds")  # for the passes' agreement
    rows = ["doc_id\tfile\tsha256", f"{DOC}\t{DOC}.txt\t{sha}"]
    for i in range(n):
        doc_id = f"doc{i:02d}"
        shutil.copy(ROOT / "seeds" / f"{DOC}.txt", folder / "seeds" / f"{doc_id}.txt")
        text = gold.replace(f"doc_id: {DOC}", f"doc_id: {doc_id}", 1)
        if i in broken:
            text = text.replace('{text: "روسي", entity: russians', '{text: "روسيx", entity: russians', 1)
        (folder / "gold" / f"{doc_id}.yaml").write_text(text, encoding="utf-8")
        rows.append(f"{doc_id}\t{doc_id}.txt\t{sha}")
    (folder / "seeds" / "manifest.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def test_one_worker_and_two_write_the_same_bytes(tmp_path):
    src = make_corpus(tmp_path / "corpus", 9)
    for jobs in (1, 2):
        tables = build(src / "gold", src / "seeds", tmp_path / f"data{jobs}", ROOT / "dataset_card.md",
                       ROOT / "gold" / "passes", jobs=jobs)
        assert tables["documents"].column("doc_id").to_pylist() == [f"doc{i:02d}" for i in range(9)]
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
        ("doc01.yaml", "span-not-at-anchor"), ("doc07.yaml", "span-not-at-anchor")]
    assert all(line for _, line, _ in reports[0])


def test_two_files_with_one_doc_id_are_refused(tmp_path):
    src = make_corpus(tmp_path / "corpus", 3)
    (src / "gold" / "doc02.yaml").write_text(
        (src / "gold" / "doc02.yaml").read_text(encoding="utf-8").replace("doc_id: doc02", "doc_id: doc00"),
        encoding="utf-8")
    findings = corpus.compile_gold(src / "gold", src / "seeds", 2).findings
    assert [(f.rule, f.record, f.file.rsplit("/", 1)[1]) for f in findings] == [
        ("duplicate-doc-id", "doc00", "doc02.yaml")]
    assert "doc00.yaml" in findings[0].message


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
