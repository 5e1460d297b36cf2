"""The grader's behaviour on a tiny answer key; tests/test_notebooks_*.py cover the real ones."""
import copy
import json
import os
import subprocess
import sys

import pytest
from notebook_factory import toy_answers

from aqwal.exercises.generate import student_notebook, write
from aqwal.exercises.grade import as_json, grade_many, grade_notebook


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


def test_grading_leaves_the_graders_own_environment_alone(toy, monkeypatch):
    monkeypatch.delenv("AQWAL_DATA", raising=False)
    monkeypatch.delenv("PYTHONHASHSEED", raising=False)
    grade_notebook(toy / "answers" / "toy.ipynb", toy / "answers", data_dir=toy)
    assert "AQWAL_DATA" not in os.environ and "PYTHONHASHSEED" not in os.environ


def test_the_kernel_gets_the_data_folder_and_a_fixed_hash_seed(toy):
    nb = toy_answers()
    next(c for c in nb.cells if c.id == "ex1-solution").source = (
        "import os\n"
        "def double(x):\n"
        "    assert os.environ['AQWAL_DATA'].endswith('submitted')\n"
        "    assert os.environ['PYTHONHASHSEED'] == '0'\n"
        "    return 2 * x")
    result = grade_notebook(submit(toy, nb), toy / "answers", data_dir=toy / "submitted")
    assert points(result)["ex1"] == 2, result.exercises[0].message


def test_brief_errors_give_one_line_tracebacks_with_the_same_name_and_value(tmp_path):
    """The grader reads only an error's name and value, so it skips formatting tracebacks."""
    import nbformat

    from aqwal.exercises import execute

    outputs = {}
    for brief in (False, True):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
            "def f(x):\n    return 1 / x\n\nf(0)")])
        execute.run(nb, tmp_path, 30, allow_errors=True, brief_errors=brief)
        [outputs[brief]] = nb.cells[0].outputs
    assert [(o.ename, o.evalue) for o in outputs.values()] == [("ZeroDivisionError", "division by zero")] * 2
    assert len(outputs[True].traceback) < len(outputs[False].traceback)
    assert "return 1 / x" not in "".join(outputs[True].traceback)
