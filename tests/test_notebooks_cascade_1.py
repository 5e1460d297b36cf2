import pytest
from no_cascade import ANSWERS, stubbing_one_solution_fails_that_exercise_alone

HALF = ANSWERS[0::2]  # the other half is in test_notebooks_cascade_2.py


@pytest.mark.parametrize("path", HALF, ids=[p.stem for p in HALF])
def test_stubbing_one_solution_fails_that_exercise_alone(path):
    stubbing_one_solution_fails_that_exercise_alone(path)
