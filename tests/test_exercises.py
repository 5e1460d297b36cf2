import ast
import re

import nbformat
import pytest
from conftest import ROOT
from notebook_factory import toy_answers

from aqwal.exercises.generate import (
    exercises,
    generate,
    is_check,
    is_solution,
    student_notebook,
    student_source,
)

ANSWERS = sorted((ROOT / "answers").glob("*.ipynb"))
VERDICT = re.compile(r"Exercise \d+: passed\n")


def read(path):
    return nbformat.read(path, as_version=4)


def test_a_solution_region_becomes_a_stub_with_its_indentation():
    source = "def f(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION\n"
    assert student_source(source) == "def f(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()\n"


def test_hidden_tests_vanish_from_the_student_copy():
    source = "assert f(1)\n### BEGIN HIDDEN TESTS\nassert f(2)\n### END HIDDEN TESTS\nprint('ok')"
    assert student_source(source) == "assert f(1)\nprint('ok')"


def test_student_copies_keep_ids_and_metadata_but_no_outputs():
    answers = toy_answers()
    answers.cells[1].outputs = [nbformat.v4.new_output("stream", text="x")]
    answers.cells[1].execution_count = 3
    student = student_notebook(answers)
    assert [c.id for c in student.cells] == [c.id for c in answers.cells]
    assert [c.metadata for c in student.cells] == [c.metadata for c in answers.cells]
    assert all(c.outputs == [] and c.execution_count is None for c in student.cells if c.cell_type == "code")
    assert answers.cells[1].execution_count == 3, "the answer key itself is untouched"


def test_the_committed_student_notebooks_equal_a_fresh_generation(tmp_path):
    generate(ROOT / "answers", tmp_path)
    fresh = {p.name: p.read_bytes() for p in sorted(tmp_path.glob("*.ipynb"))}
    committed = {p.name: p.read_bytes() for p in sorted((ROOT / "notebooks").glob("*.ipynb"))}
    assert committed == fresh, "run `make notebooks` and commit notebooks/"


def test_there_are_six_notebooks():
    assert len(ANSWERS) == 6


@pytest.mark.parametrize("path", ANSWERS, ids=[p.stem for p in ANSWERS])
def test_each_notebook_has_goals_exercises_points_and_a_figure(path):
    nb = read(path)
    assert "Learning goals" in nb.cells[0].source
    found = exercises(nb)
    assert 3 <= len(found) <= 6
    assert all(ex.points > 0 and ex.solution_ids and ex.check_ids for ex in found)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert any("image/png" in o.get("data", {}) for o in outputs), "at least one figure"


@pytest.mark.parametrize("path", ANSWERS, ids=[p.stem for p in ANSWERS])
def test_checks_call_the_students_function_and_print_only_a_verdict(path):
    nb = read(path)
    for cell in nb.cells:
        if not is_check(cell):
            continue
        ex = cell.metadata["nbgrader"]["grade_id"]
        solution = next(c for c in nb.cells if is_solution(c) and c.id == f"{ex}-solution")
        defined = {n.name for n in ast.parse(solution.source).body if isinstance(n, ast.FunctionDef)}
        called = {n.func.id for n in ast.walk(ast.parse(student_source(cell.source)))
                  if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        assert defined & called, f"{path.name} {ex}: the visible check calls no function of the solution"
        texts = [o.get("text", "") for o in cell.outputs]
        assert len(texts) == 1 and VERDICT.fullmatch(texts[0]), f"{path.name} {ex}: {texts}"


@pytest.mark.parametrize("path", ANSWERS, ids=[p.stem for p in ANSWERS])
def test_answers_have_no_warnings_or_errors_in_stored_outputs(path):
    for cell in read(path).cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"{path.name} {cell.id}"
            assert not (output.output_type == "stream" and output.name == "stderr"), f"{path.name} {cell.id}"
