"""Student notebooks generated from the solved ones in `answers/`, nbgrader-style.

Only the answers are written by hand. Between `### BEGIN SOLUTION` and `### END SOLUTION` the
code becomes a stub that raises NotImplementedError; a check cell becomes a call of the
self-check, `aqwal.check("exN", notebook=...)`; outputs and execution counts are cleared; cell
ids and metadata are kept, so the grader can put each student cell back next to its check.

Beside the notebooks, `checks/<notebook>.json` holds each exercise's public test cases with
their expected values, taken from the stored outputs of the answer's check cells (nbval keeps
those current), so generating needs no kernel.
"""
from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from aqwal.exercises import execute, testcase

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


def self_check_source(cell, notebook: str, needs_import: bool) -> str:
    points = grading(cell).get("points", 0)
    number = exercise_of(cell).removeprefix("ex")
    return (f"# Check exercise {number} ({points:g} point{'s' if points != 1 else ''}): runs the public test "
            f"cases on your answer;\n# your grade comes from the teacher's copy, with hidden test cases too.\n"
            + ("import aqwal\n" if needs_import else "")
            + f"aqwal.check({json.dumps(exercise_of(cell))}, notebook={json.dumps(notebook)})")


IMPORTS_AQWAL = re.compile(r"^\s*import aqwal\b", re.M)


def student_notebook(answer, notebook: str = "notebook") -> nbformat.NotebookNode:
    """The student copy of an answer notebook named `notebook` (its file name without .ipynb)."""
    nb = copy.deepcopy(answer)
    imported = False
    for cell in nb.cells:
        if is_check(cell):
            cell.source = self_check_source(cell, notebook, needs_import=not imported)
        else:
            cell.source = student_source(cell.source, cell.cell_type)
        if cell.cell_type == "code":
            imported = imported or bool(IMPORTS_AQWAL.search(cell.source))
            cell.outputs = []
            cell.execution_count = None
    return nb


class StaleAnswers(ValueError):
    """An answer notebook whose stored outputs lack a public case's value."""


def stored_values(cell) -> dict:
    """{case name: encoded value} from a check cell's stored outputs (testcase.CASE_MIME)."""
    values = {}
    for output in cell.get("outputs", []):
        text = output.get("data", {}).get(testcase.CASE_MIME)
        if isinstance(text, list):
            text = "".join(text)
        if isinstance(text, str):
            data = json.loads(text)
            values[data["name"]] = data["value"]
    return values


def checks_json(checks: dict) -> str:
    """The self-check file: one line per statement, so that a change shows as a one-line diff."""
    def line(value) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    parts = [f'{{"notebook":{line(checks["notebook"])},"exercises":{{']
    for i, (ex_id, ex) in enumerate(checks["exercises"].items()):
        parts.append(f' {line(ex_id)}:{{"points":{line(ex["points"])},"statements":[')
        parts.append(",\n".join(f"  {line(s)}" for s in ex["statements"]))
        parts.append(" ]}" + ("," if i < len(checks["exercises"]) - 1 else ""))
    parts.append("}}")
    return "\n".join(parts) + "\n"


def public_checks(answer, notebook: str) -> dict:
    """The self-check file of a notebook: each exercise's public statements and cases."""
    exercises_ = {}
    for cell in answer.cells:
        if not is_check(cell):
            continue
        check = testcase.parse(cell.source, exercise_of(cell), grading(cell).get("points", 0),
                               f"{notebook}, check cell {cell.get('id')}")
        values = stored_values(cell)
        statements = []
        for statement in check.statements:
            if statement.hidden or (isinstance(statement, testcase.Given) and statement.reference):
                continue
            if isinstance(statement, testcase.Given):
                statements.append({"given": statement.source})
                continue
            if statement.needs_key and statement.name not in values:
                raise StaleAnswers(f"{notebook}: the stored outputs of {check.exercise} have no value for "
                                   f"{statement.name!r}: run `aqwal exercises --execute`")
            statements.append({"case": {"name": statement.name, "expr": statement.expr,
                                        "comparison": statement.comparison.as_dict(),
                                        "points": float(statement.points),
                                        "expected": values.get(statement.name) if statement.needs_key else None}})
        exercises_[check.exercise] = {"points": float(check.points), "statements": statements}
    return {"notebook": notebook, "exercises": exercises_}


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
    """Write notebooks/<name> and notebooks/checks/<stem>.json for every answers/<name>;
    returns the written paths."""
    out_dir = Path(out_dir)
    checks_dir = out_dir / "checks"
    checks_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for answer_path in sorted(Path(answers_dir).glob("*.ipynb")):
        answer = nbformat.read(answer_path, as_version=4)
        target = out_dir / answer_path.name
        write(student_notebook(answer, answer_path.stem), target)
        checks = checks_dir / f"{answer_path.stem}.json"
        checks.write_text(checks_json(public_checks(answer, answer_path.stem)), encoding="utf-8")
        written += [target, checks]
    for folder, pattern in ((out_dir, "*.ipynb"), (checks_dir, "*.json")):
        for stale in sorted(set(folder.glob(pattern)) - set(written)):
            stale.unlink()
    return written
