"""Stubbing one exercise's solution fails that exercise alone (no cascade), and stubbing them
all (the student notebook) fails every exercise, in every notebook.

The test is run from two files, half the notebooks each, so that the two workers of
`pytest -n 2 --dist loadfile` share its minute.
"""
import copy

import nbformat
from conftest import ROOT
from nbclient import NotebookClient

from aqwal.exercises.execute import BRIEF_ERRORS
from aqwal.exercises.generate import exercises, student_source

ANSWERS = sorted((ROOT / "answers").glob("*.ipynb"))


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


def _stub(client, key, index, solution_ids):
    for sid in solution_ids:
        stub = copy.deepcopy(key[index[sid]])
        stub.source = student_source(stub.source)
        client.execute_cell(stub, index[sid])


def _restore(client, key, index, solution_ids):
    for sid in solution_ids:
        client.execute_cell(copy.deepcopy(key[index[sid]]), index[sid])


def stubbing_one_solution_fails_that_exercise_alone(path):
    """In one kernel: run the key (every check passes: full marks), stub each solution in turn
    and rerun every check, then stub every solution as `aqwal exercises` does for students.
    Tracebacks are one line here: formatting them in full was most of this test's time."""
    nb = nbformat.read(path, as_version=4)
    found = exercises(nb)
    index = {cell.id: i for i, cell in enumerate(nb.cells)}
    key = copy.deepcopy(nb.cells)  # execute_cell stores each run cell back into nb
    client = NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                            shutdown_kernel="immediate", extra_arguments=BRIEF_ERRORS,
                            resources={"metadata": {"path": str(path.parent)}})
    with client.setup_kernel():
        for i, cell in enumerate(nb.cells):
            client.execute_cell(cell, i)
        assert all(_check_results(client, key, found, index).values())
        for ex in found:
            _stub(client, key, index, ex.solution_ids)
            assert _check_results(client, key, found, index) == {e.id: e.id != ex.id for e in found}
            _restore(client, key, index, ex.solution_ids)
        _stub(client, key, index, [sid for ex in found for sid in ex.solution_ids])
        assert not any(_check_results(client, key, found, index).values())
