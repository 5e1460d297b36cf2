"""Real notebooks through the sandboxed grader: an answer key scores full, a student copy zero
("not answered yet" on every exercise), a half-solved notebook exactly the points of the test
cases it passes. Every notebook's key and stubbed copy also run, case by case, in
test_notebooks_cascade; and Run All on a real student copy reaches the end.
"""
import nbformat
from conftest import ROOT

from aqwal.exercises import execute
from aqwal.exercises.generate import is_check, write
from aqwal.exercises.grade import grade_many
from aqwal.exercises.judge import NOT_ANSWERED

ANSWERS = sorted((ROOT / "answers").glob("*.ipynb"))
STUDENTS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _half_solved(tmp_path):
    """02_sentences with exercises 1 and 4 solved, 2 answered wrongly, 3 and 5 left as stubs."""
    key = {c.id: c for c in nbformat.read(ANSWERS[1], as_version=4).cells}
    nb = nbformat.read(STUDENTS[1], as_version=4)
    for cell in nb.cells:
        if cell.id in ("ex1-solution", "ex4-solution"):
            cell.source = key[cell.id].source
        if cell.id == "ex2-solution":
            cell.source = ("def split_sentences(text):\n"
                           "    return [tuple(m.span()) for m in re.finditer(r'[^\\n]+', text)]")
    path = tmp_path / "student" / STUDENTS[1].name
    path.parent.mkdir()
    write(nb, path)
    return path


def test_key_full_student_copy_zero_half_solved_exactly_its_cases(tmp_path, key_cache):
    """One key (computed once), three submissions of it."""
    key, student, half = grade_many([ANSWERS[1], STUDENTS[1], _half_solved(tmp_path)], ROOT / "answers",
                                    data_dir=ROOT / "data", jobs=2, cache_dir=key_cache)
    assert key.total == key.max_total > 0, [(e.id, e.message) for e in key.exercises if e.points != e.max_points]
    assert student.notebook == str(STUDENTS[1]) and student.max_total == key.max_total
    assert all(e.points == 0 and e.message == NOT_ANSWERED for e in student.exercises)
    points = {e.id: e.points for e in half.exercises}
    assert points["ex1"] == 2 and points["ex4"] == 2 and points["ex3"] == points["ex5"] == 0
    assert 0 < points["ex2"] < 3, "a wrong splitter still passes some cases (an empty text has no sentence)"
    assert half.total == round(sum(c.points for e in half.exercises for c in e.cases if c.passed), 2)
    assert all(c.max_points == round(c.max_points, 2) for e in half.exercises for c in e.cases)
    failing = [c for e in half.exercises for c in e.cases if not c.passed]
    assert failing and all(c.message and "AssertionError" not in c.message for c in failing)
    assert {c.message for e in half.exercises if e.id in ("ex3", "ex5") for c in e.cases} == {NOT_ANSWERED}


def test_run_all_on_a_student_notebook_reaches_the_end_and_every_check_says_not_answered():
    nb = nbformat.read(STUDENTS[0], as_version=4)
    execute.run(nb, ROOT / "notebooks", 300, allow_errors=False)
    said = ["".join(o.get("text", "") for o in c.outputs) for c in nb.cells if is_check(c)]
    assert said == [f"Exercise {n}: {NOT_ANSWERED}\n" for n in range(1, len(said) + 1)]
