"""The notebooks select the seed document by its id, so in a teacher's copy of data/ with a second
article they run and grade exactly as they do on the published data (issue 15)."""
import json
import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

from aqwal.dataset.build import build
from aqwal.draft.new import create
from aqwal.exercises.grade import grade_many

ANSWERS = sorted((ROOT / "answers").glob("*.ipynb"))
PAGE = ROOT / "tests" / "pages"
PAGE_ID = "t01_tunis_rome_cable"


@pytest.fixture(scope="module")
def two_documents(tmp_path_factory):
    """data/ built from the seed and the hand-annotated test page (never published)."""
    project = tmp_path_factory.mktemp("two-documents")
    for name in ("seeds", "gold"):
        shutil.copytree(ROOT / name, project / name)
    create(PAGE / "seeds" / f"{PAGE_ID}.txt", PAGE_ID, project / "gold", project / "seeds")  # as `aqwal new` does
    shutil.copy(PAGE / "gold" / f"{PAGE_ID}.yaml", project / "gold")  # and the reviewer's work
    out = project / "data"
    build(project / "gold", project / "seeds", out, ROOT / "dataset_card.md", project / "gold" / "passes")
    assert (out / "documents").exists()
    return out


def test_the_copy_has_both_documents(two_documents):
    from aqwal.dataset.load import load
    documents = load("documents", two_documents, two_documents.parent / "cache")
    assert len(documents) == 2 and PAGE_ID in documents["doc_id"]


def test_every_solved_notebook_gives_its_stored_outputs(two_documents):
    """nbval on the answer notebooks, reading the two-document data: every output as stored."""
    env = {**os.environ, "AQWAL_DATA": str(two_documents), "PYTHONHASHSEED": "0",
           "IPYKERNEL_CELL_NAME": "<IPY-INPUT>", "HF_DATASETS_CACHE": str(two_documents.parent / "hf-cache")}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
                          "--nbval", "--nbval-current-env", "--nbval-sanitize-with", "nbval-sanitize.cfg",
                          *map(str, ANSWERS)], cwd=ROOT, env=env, capture_output=True, text=True)
    failed = [line for line in run.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    assert run.returncode == 0 and not failed, "\n".join(failed) or run.stdout[-4000:]


def test_every_answer_key_gives_the_same_values_and_grades_full(two_documents, tmp_path):
    """The key's value for every test case is the same on the published data and on the
    two-document copy (the grader caches one entry per key and data), and each solved notebook
    still scores full on the copy."""
    cache = tmp_path / "keys"
    for data in (ROOT / "data", two_documents):
        reports = grade_many(ANSWERS, ROOT / "answers", data_dir=data, jobs=2, cache_dir=cache)
        short = {r.notebook: [(e.id, e.message) for e in r.exercises if e.points != e.max_points] for r in reports}
        assert all(r.total == r.max_total > 0 for r in reports), short
    differ = {}
    for path in ANSWERS:
        entries = sorted(cache.glob(f"{path.stem}-*.json"))
        assert len(entries) == 2, entries
        one, two = (json.loads(e.read_text(encoding="utf-8")) for e in entries)
        cases = [f"{ex} case {i}" for ex in one for i in one[ex] if one[ex][i] != two.get(ex, {}).get(i)]
        if cases:
            differ[path.name] = cases
    assert not differ, f"the keys give other values with a second document: {differ}"
