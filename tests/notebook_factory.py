"""A tiny answer key written in the tests, so grader behaviour is checked in seconds."""
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook


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
    return _cell(f"{ex}-check", body, {"grade": True, "solution": False, "grade_id": ex,
                                       "locked": True, "points": points})


def toy_answers() -> nbformat.NotebookNode:
    cells = [
        new_markdown_cell("# Toy"),
        _cell("setup", "BASE = 10"),
        solution("ex1", "def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION"),
        check("ex1", 2, "assert double(BASE) == 20\n### BEGIN HIDDEN TESTS\nassert double(3) == 6\n"
                        "### END HIDDEN TESTS\nprint('Exercise 1: passed')"),
        solution("ex2", "def shout(s):\n    ### BEGIN SOLUTION\n    return s.upper() + '!'\n    ### END SOLUTION"),
        check("ex2", 3, "assert shout('a') == 'A!'\nprint('Exercise 2: passed')"),
        solution("ex3", "def total(xs):\n    ### BEGIN SOLUTION\n    return sum(xs)\n    ### END SOLUTION"),
        check("ex3", 1, "assert total([1, 2]) == 3\nprint('Exercise 3: passed')"),
    ]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb
