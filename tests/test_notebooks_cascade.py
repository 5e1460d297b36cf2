"""Stubbing one exercise's solution fails that exercise alone (no cascade), in every notebook."""
import copy

import nbformat
import pytest
from nbclient import NotebookClient

from aqwal.exercises import exercises, student_source
from conftest import ROOT

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


@pytest.mark.parametrize("path", ANSWERS, ids=[p.stem for p in ANSWERS])
def test_stubbing_one_solution_fails_that_exercise_alone(path):
    """In one kernel: run the key (every check passes: full marks), then stub each solution in
    turn and rerun every check."""
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
