import ast

import nbformat
import pytest
from conftest import ROOT
from notebook_factory import toy_answers

from aqwal.bidi import isolate_runs
from aqwal.exercises import testcase
from aqwal.exercises.generate import (
    exercise_of,
    exercises,
    generate,
    grading,
    is_check,
    is_solution,
    student_notebook,
    student_source,
)

ANSWERS = sorted((ROOT / "answers").glob("*.ipynb"))


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
    fresh = {p.relative_to(tmp_path): p.read_bytes() for p in sorted(tmp_path.rglob("*.*"))}
    committed = {p.relative_to(ROOT / "notebooks"): p.read_bytes()
                 for p in sorted((ROOT / "notebooks").rglob("*.*")) if ".ipynb_checkpoints" not in p.parts}
    assert committed == fresh, "run `make notebooks` and commit notebooks/"
    assert len([p for p in fresh if p.suffix == ".json"]) == len(ANSWERS)


def test_a_student_check_cell_runs_the_self_check():
    nb = student_notebook(toy_answers(), "toy")
    sources = [c.source for c in nb.cells if is_check(c)]
    assert sources[0].endswith('import aqwal\naqwal.check("ex1", notebook="toy")')
    assert sources[1].splitlines()[-1] == 'aqwal.check("ex2", notebook="toy")'   # imported once is enough
    assert all("BEGIN HIDDEN" not in s and "equal(" not in s for s in sources)


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


def _names(node) -> set[str]:
    """Functions called in node, outside the bodies of functions and lambdas it defines."""
    called, todo = set(), [node]
    while todo:
        here = todo.pop()
        if isinstance(here, ast.Call) and isinstance(here.func, ast.Name):
            called.add(here.func.id)
        todo += [c for c in ast.iter_child_nodes(here) if not isinstance(c, ast.FunctionDef | ast.Lambda)]
    return called


@pytest.mark.parametrize("path", ANSWERS, ids=[p.stem for p in ANSWERS])
def test_check_cells_are_test_cases_that_call_the_students_code(path):
    """A public case calls the exercise's function; preparing statements never do (so one
    failing call cannot take other cases down); no assert, so no bare AssertionError reaches
    a student; the stored output is one line per case, never a value."""
    nb = read(path)
    for cell in (c for c in nb.cells if is_check(c)):
        ex = exercise_of(cell)
        solution = next(c for c in nb.cells if is_solution(c) and exercise_of(c) == ex)
        defined = {n.name for n in ast.parse(solution.source).body if isinstance(n, ast.FunctionDef)}
        check = testcase.parse(cell.source, ex, grading(cell)["points"])
        helpers = {n.name: {c.func.id for c in ast.walk(n) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)}
                   for g in check.statements if isinstance(g, testcase.Given)
                   for n in ast.parse(g.source).body if isinstance(n, ast.FunctionDef)}

        def reaches(names, seen=frozenset(), defined=defined, helpers=helpers):
            return bool(defined & names) or any(reaches(helpers[h], seen | {h}) for h in names & set(helpers) - seen)

        public = [c for c in check.cases if not c.hidden]
        assert any(reaches(_names(ast.parse(c.expr))) for c in public), f"{path.name} {ex}: no public case calls it"
        for given in (s for s in check.statements if isinstance(s, testcase.Given)):
            assert not defined & _names(ast.parse(given.source)), f"{path.name} {ex}: {given.source[:60]}"
        assert not any(isinstance(n, ast.Assert) for n in ast.walk(ast.parse(cell.source))), f"{path.name} {ex}"
        assert all(len(c.name.split()) >= 3 for c in check.cases), f"{path.name} {ex}: say the property"
        lines = ["".join(o.get("data", {}).get("text/plain", "")) for o in cell.outputs]
        shown = [f"✓ {isolate_runs(c.name)}" + (" (hidden)" if c.hidden else "") for c in check.cases]
        assert lines == shown, f"{path.name} {ex}"


@pytest.mark.parametrize("path", ANSWERS, ids=[p.stem for p in ANSWERS])
def test_answers_have_no_warnings_or_errors_in_stored_outputs(path):
    for cell in read(path).cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"{path.name} {cell.id}"
            assert not (output.output_type == "stream" and output.name == "stderr"), f"{path.name} {cell.id}"
