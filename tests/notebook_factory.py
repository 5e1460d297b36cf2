"""A tiny answer key written in the tests, so grader behaviour is checked in seconds."""
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

# The setup imports a module no kernel has imported yet, as a notebook imports its libraries.
SETUP = "import colorsys\nBASE = 10"
IMPORT = "from aqwal.exercises.testcase import between, close, equal, raises\n"


def _cell(cid, source, nbgrader=None):
    cell = new_code_cell(source)
    cell.id = cid
    if nbgrader:
        cell.metadata["nbgrader"] = nbgrader
    return cell


def solution(ex, body):
    return _cell(f"{ex}-solution", body, {"solution": True, "grade": False,
                                          "grade_id": f"{ex}-solution", "locked": False})


def check(ex, points, body):
    return _cell(f"{ex}-check", IMPORT + body, {"grade": True, "solution": False, "grade_id": ex,
                                                "locked": True, "points": points})


# (exercise, points, solution body, check body); the points of a case are the exercise's split evenly
EXERCISES = [
    ("ex1", 2, "def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION",
     'equal("double(BASE) is 20", lambda: double(BASE))\n'
     "### BEGIN HIDDEN TESTS\n"
     'equal("double(3) is 6", lambda: double(3))\n'
     "### END HIDDEN TESTS"),
    ("ex2", 3, "def shout(s):\n    ### BEGIN SOLUTION\n    return s.upper() + '!'\n    ### END SOLUTION",
     "WORDS = ['a', 'abc']\n"
     "equal(\"shout('a') is 'A!'\", lambda: shout(WORDS[0]))\n"
     "equal(\"shout('') is '!'\", lambda: shout(''))\n"
     "### BEGIN HIDDEN TESTS\n"
     "equal(\"shout('abc') is 'ABC!'\", lambda: shout(WORDS[1]))\n"
     "### END HIDDEN TESTS"),
    ("ex3", 1, "def total(xs):\n    ### BEGIN SOLUTION\n    return sum(xs)\n    ### END SOLUTION",
     'equal("total([1, 2]) is 3", lambda: total([1, 2]))'),
    ("ex4", 4, "def mean(xs):\n    ### BEGIN SOLUTION\n    return sum(xs) / len(xs)\n    ### END SOLUTION",
     'close("mean([1, 2]) is 1.5", lambda: mean([1, 2]), tol=1e-9)\n'
     'equal("mean([2, 2]) is the float 2.0", lambda: mean([2, 2]))\n'
     "### BEGIN HIDDEN TESTS\n"
     'raises("mean([]) raises ZeroDivisionError", ZeroDivisionError, lambda: mean([]))\n'
     'between("a mean of probabilities is a probability", 0, 1, lambda: mean([0.2, 0.4]))\n'
     "### END HIDDEN TESTS"),
]
POINTS = {ex: points for ex, points, _, _ in EXERCISES}


def toy_answers() -> nbformat.NotebookNode:
    cells = [new_markdown_cell("# Toy"), _cell("setup", SETUP)]
    for ex, points, body, checks in EXERCISES:
        cells += [solution(ex, body), check(ex, points, checks)]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb
