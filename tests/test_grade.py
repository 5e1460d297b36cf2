import copy
import json
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from aqwal.exercises import exercises, student_notebook, student_source, write
from aqwal.grade import as_json, grade_many, grade_notebook
from conftest import ROOT
from notebook_factory import toy_answers

ANSWERS = sorted((ROOT / "answers").glob("*.ipynb"))
STUDENTS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture
def toy(tmp_path):
    """An answer key in answers/ and a folder for submissions of the same name."""
    (tmp_path / "answers").mkdir()
    (tmp_path / "submitted").mkdir()
    write(toy_answers(), tmp_path / "answers" / "toy.ipynb")
    return tmp_path


def submit(toy, nb_or_text):
    path = toy / "submitted" / "toy.ipynb"
    if isinstance(nb_or_text, str):
        path.write_text(nb_or_text, encoding="utf-8")
    else:
        write(nb_or_text, path)
    return path


def points(result):
    return {e.id: e.points for e in result.exercises}


def test_the_key_scores_full_marks_and_the_student_copy_zero(toy):
    full = grade_notebook(toy / "answers" / "toy.ipynb", toy / "answers")
    assert points(full) == {"ex1": 2, "ex2": 3, "ex3": 1} and full.total == full.max_total == 6
    empty = grade_notebook(submit(toy, student_notebook(toy_answers())), toy / "answers")
    assert points(empty) == {"ex1": 0, "ex2": 0, "ex3": 0}
    assert all("not answered yet" in e.message for e in empty.exercises)


def test_deleting_or_editing_a_check_earns_nothing(toy):
    nb = student_notebook(toy_answers())
    nb.cells = [c for c in nb.cells if c.id != "ex1-check"]            # deleted
    next(c for c in nb.cells if c.id == "ex2-check").source = "print('Exercise 2: passed')"  # edited
    result = grade_notebook(submit(toy, nb), toy / "answers")
    assert points(result) == {"ex1": 0, "ex2": 0, "ex3": 0}


def test_printing_a_verdict_in_the_solution_earns_nothing(toy):
    nb = student_notebook(toy_answers())
    next(c for c in nb.cells if c.id == "ex1-solution").source = "print('Exercise 1: passed')"
    assert points(grade_notebook(submit(toy, nb), toy / "answers"))["ex1"] == 0


def test_a_wrong_answer_fails_its_hidden_test(toy):
    nb = student_notebook(toy_answers())
    next(c for c in nb.cells if c.id == "ex1-solution").source = "def double(x):\n    return 20"
    result = grade_notebook(submit(toy, nb), toy / "answers")
    assert points(result)["ex1"] == 0 and "AssertionError" in result.exercises[0].message


def test_an_infinite_loop_is_interrupted_and_the_rest_still_graded(toy):
    nb = copy.deepcopy(toy_answers())
    next(c for c in nb.cells if c.id == "ex2-solution").source = "def shout(s):\n    while True:\n        pass"
    result = grade_notebook(submit(toy, nb), toy / "answers", timeout=3)
    assert points(result) == {"ex1": 2, "ex2": 0, "ex3": 1}
    assert "time limit" in result.exercises[1].message


def test_a_crashed_kernel_gives_zero_with_a_message(toy):
    nb = copy.deepcopy(toy_answers())
    next(c for c in nb.cells if c.id == "ex2-solution").source = "import os\nos._exit(1)"
    result = grade_notebook(submit(toy, nb), toy / "answers", timeout=20)
    assert points(result) == {"ex1": 2, "ex2": 0, "ex3": 0}
    assert "kernel died" in result.exercises[1].message


def test_a_file_that_is_not_a_notebook_gets_zero_with_a_message(toy):
    result = grade_notebook(submit(toy, "{ this is not json"), toy / "answers")
    assert points(result) == {"ex1": 0, "ex2": 0, "ex3": 0}
    assert "not a readable notebook" in result.exercises[0].message


def test_a_notebook_without_answer_key_is_reported(toy):
    path = toy / "submitted" / "other.ipynb"
    write(toy_answers(), path)
    result = grade_notebook(path, toy / "answers")
    assert result.total == 0 and "no answer key" in result.exercises[0].message


def test_json_output_has_the_platform_shape(toy):
    results = grade_many([toy / "answers" / "toy.ipynb"], toy / "answers")
    data = json.loads(as_json(results))
    assert list(data[0]) == ["notebook", "exercises", "total", "max_total"]
    assert list(data[0]["exercises"][0]) == ["id", "points", "max_points", "message"]
    assert data[0]["total"] == 6


def test_the_cli_grades_a_folder_in_parallel(toy):
    nb = student_notebook(toy_answers())
    paths = []
    for i in range(3):
        path = toy / "submitted" / f"s{i}"
        path.mkdir()
        write(nb if i else toy_answers(), path / "toy.ipynb")
        paths.append(str(path / "toy.ipynb"))
    out = subprocess.run([sys.executable, "-m", "aqwal", "grade", "--json", "--jobs", "2",
                          "--answers", str(toy / "answers"), *paths],
                         capture_output=True, text=True, check=True).stdout
    assert [r["total"] for r in json.loads(out)] == [6, 0, 0]


# -- the real notebooks -------------------------------------------------------------------
def test_the_answers_score_full_marks_and_the_student_notebooks_zero():
    results = grade_many(ANSWERS + STUDENTS, ROOT / "answers", data_dir=ROOT / "data", jobs=2)
    for r in results[:len(ANSWERS)]:
        assert r.total == r.max_total > 0, (r.notebook, [(e.id, e.message) for e in r.exercises])
    for r in results[len(ANSWERS):]:
        assert [e.points for e in r.exercises] == [0] * len(r.exercises), r.notebook


def _check_results(client, key, found, index):
    """Rerun every check cell of the key in the live kernel; which exercises pass."""
    passed = {}
    for ex in found:
        ok = True
        for cid in ex.check_ids:
            cell = copy.deepcopy(key[index[cid]])
            cell.outputs = []
            client.execute_cell(cell, index[cid])
            ok = ok and not any(o.output_type == "error" for o in cell.outputs)
        passed[ex.id] = ok
    return passed


@pytest.mark.parametrize("path", ANSWERS, ids=[p.stem for p in ANSWERS])
def test_stubbing_one_solution_fails_that_exercise_alone(path):
    """In one kernel: run the key, then stub each solution in turn and rerun every check."""
    nb = nbformat.read(path, as_version=4)
    found = exercises(nb)
    index = {cell.id: i for i, cell in enumerate(nb.cells)}
    key = copy.deepcopy(nb.cells)  # execute_cell stores each run cell back into nb
    client = NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}})
    with client.setup_kernel():
        for i, cell in enumerate(nb.cells):
            client.execute_cell(cell, i)
        assert all(_check_results(client, key, found, index).values())
        for ex in found:
            for sid in ex.solution_ids:
                stub = copy.deepcopy(key[index[sid]])
                stub.source = student_source(stub.source)
                client.execute_cell(stub, index[sid])
            assert _check_results(client, key, found, index) == {e.id: e.id != ex.id for e in found}
            for sid in ex.solution_ids:
                client.execute_cell(copy.deepcopy(key[index[sid]]), index[sid])


def test_nbval_lax_fails_on_every_check_of_the_student_notebooks():
    checks = sum(len(ex.check_ids) for p in ANSWERS for ex in exercises(nbformat.read(p, as_version=4)))
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          "--nbval-lax", "--nbval-current-env", *map(str, STUDENTS)],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode != 0
    assert f"{checks} failed" in run.stdout.splitlines()[-1], run.stdout[-2000:]
