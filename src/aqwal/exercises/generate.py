"""Student notebooks generated from the solved ones in `answers/`, nbgrader-style.

Only the answers are written by hand. Between `### BEGIN SOLUTION` and `### END SOLUTION` the
code becomes a stub that raises NotImplementedError; `### BEGIN HIDDEN TESTS` regions vanish;
outputs and execution counts are cleared; cell ids and metadata are kept, so the grader can put
each student cell back next to its check.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from aqwal.exercises import execute

SOLUTION = re.compile(r"^([ \t]*)### BEGIN SOLUTION[ \t]*\n.*?^[ \t]*### END SOLUTION[ \t]*(\n|$)",
                      re.M | re.S)
HIDDEN = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS[ \t]*\n.*?^[ \t]*### END HIDDEN TESTS[ \t]*(\n|$)",
                    re.M | re.S)
MARKDOWN_ANSWER = "YOUR ANSWER HERE"


def _stub(match: re.Match) -> str:
    indent = match.group(1)
    return f"{indent}# YOUR CODE HERE\n{indent}raise NotImplementedError(){match.group(2)}"


def student_source(source: str, cell_type: str = "code") -> str:
    if cell_type == "markdown":
        return SOLUTION.sub(MARKDOWN_ANSWER + r"\2", source)
    return SOLUTION.sub(_stub, HIDDEN.sub("", source))


def grading(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def is_check(cell) -> bool:
    return bool(grading(cell).get("grade"))


def is_solution(cell) -> bool:
    return bool(grading(cell).get("solution"))


def exercise_of(cell) -> str:
    """The exercise a solution or check cell belongs to: its grade_id up to `-solution`."""
    return grading(cell)["grade_id"].removesuffix("-solution")


@dataclass
class Exercise:
    id: str
    points: float
    check_ids: list[str] = field(default_factory=list)
    solution_ids: list[str] = field(default_factory=list)


def exercises(nb) -> list[Exercise]:
    """The graded exercises of an answer notebook, in notebook order."""
    found: dict[str, Exercise] = {}
    for cell in nb.cells:
        if is_check(cell):
            ex = found.setdefault(exercise_of(cell), Exercise(exercise_of(cell), 0.0))
            ex.points += float(grading(cell).get("points", 0))
            ex.check_ids.append(cell.id)
    for cell in nb.cells:
        if is_solution(cell) and exercise_of(cell) in found:
            found[exercise_of(cell)].solution_ids.append(cell.id)
    return list(found.values())


def student_notebook(answer) -> nbformat.NotebookNode:
    nb = copy.deepcopy(answer)
    for cell in nb.cells:
        cell.source = student_source(cell.source, cell.cell_type)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nb


def write(nb, path: Path) -> None:
    Path(path).write_text(nbformat.writes(nb) + "\n", encoding="utf-8")


def execute_answers(answers_dir: Path, timeout: int = 300) -> list[Path]:
    """Re-run every answer notebook in place, so its stored outputs are today's."""
    paths = sorted(Path(answers_dir).glob("*.ipynb"))
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        execute.run(nb, path.parent, timeout, allow_errors=False)
        write(nb, path)
    return paths


def generate(answers_dir: Path, out_dir: Path) -> list[Path]:
    """Write notebooks/<name> for every answers/<name>; returns the written paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for answer_path in sorted(Path(answers_dir).glob("*.ipynb")):
        target = out_dir / answer_path.name
        write(student_notebook(nbformat.read(answer_path, as_version=4)), target)
        written.append(target)
    stale = {p.name for p in out_dir.glob("*.ipynb")} - {p.name for p in written}
    for name in sorted(stale):
        (out_dir / name).unlink()
    return written
