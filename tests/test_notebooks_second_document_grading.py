"""The answer keys give the same value for every test case on the published data and on a copy
with a second article (the `two_documents` fixture, tests/conftest.py), so the notebooks grade
the same in a teacher's copy (issue 15)."""
import json

from conftest import ROOT

from aqwal.exercises.grade import grade_many
from aqwal.exercises.judge import NOT_ANSWERED

ANSWERS = sorted((ROOT / "answers").glob("*.ipynb"))
STUDENTS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_every_key_gives_the_same_values_on_both_data_folders(two_documents, tmp_path):
    """The grader caches one entry per key and data folder: on the published data, the six
    student copies are graded (each exercise "not answered yet"); on the two-document copy, the
    six solved notebooks (full marks). Both runs compute every key, and every test case's value
    must be the same in both."""
    cache = tmp_path / "keys"
    students = grade_many(STUDENTS, ROOT / "answers", data_dir=ROOT / "data", jobs=2, cache_dir=cache)
    assert all(e.points == 0 and e.message == NOT_ANSWERED for r in students for e in r.exercises)
    answers = grade_many(ANSWERS, ROOT / "answers", data_dir=two_documents, jobs=2, cache_dir=cache)
    short = {r.notebook: [(e.id, e.message) for e in r.exercises if e.points != e.max_points] for r in answers}
    assert all(r.total == r.max_total > 0 for r in answers), short
    differ = {}
    for path in ANSWERS:
        entries = sorted(cache.glob(f"{path.stem}-*.json"))
        assert len(entries) == 2, entries
        one, two = (json.loads(e.read_text(encoding="utf-8")) for e in entries)
        cases = [f"{ex} case {i}" for ex in one for i in one[ex] if one[ex][i] != two.get(ex, {}).get(i)]
        if cases:
            differ[path.name] = cases
    assert not differ, f"the keys give other values with a second document: {differ}"
