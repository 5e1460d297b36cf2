"""A real notebook through the grader, both ends: the key scores full, the student copy zero.

Every notebook's key and student copy are also run in test_notebooks_cascade (in one kernel
each, without the grader): these two runs cover what the grader adds, on a real notebook.
Split over several files so that `pytest -n 2 --dist loadfile` runs them side by side.
"""
import subprocess
import sys

from conftest import ROOT

from aqwal.exercises.grade import grade_many

ANSWERS = sorted((ROOT / "answers").glob("*.ipynb"))
STUDENTS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_a_student_notebook_scores_zero_on_every_exercise():
    [r] = grade_many(STUDENTS[:1], ROOT / "answers", data_dir=ROOT / "data")
    assert r.notebook == str(STUDENTS[0])
    assert r.max_total > 0 and [e.points for e in r.exercises] == [0] * len(r.exercises)
    assert all("not answered yet" in e.message for e in r.exercises)


def test_the_grader_gives_an_answer_key_full_marks():
    """One real key end to end (cwd, data folder); every key's checks pass in test_notebooks_cascade."""
    [result] = grade_many(ANSWERS[:1], ROOT / "answers", data_dir=ROOT / "data")
    assert result.total == result.max_total > 0, [(e.id, e.message) for e in result.exercises]


def test_nbval_lax_fails_on_the_student_notebooks():
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
                          "--nbval-lax", "--nbval-current-env", *map(str, STUDENTS)],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1, run.stdout[-2000:]
    assert "1 failed" in run.stdout.splitlines()[-1] and "NotImplementedError" in run.stdout
