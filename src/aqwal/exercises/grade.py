"""Grading student notebooks against the answer key, in the way nbgrader does it.

The notebook that runs is the answer notebook with only its solution cells taken from the
student (matched by cell id). Check cells, setup cells and hidden tests always come from the
key, so deleting or editing a check, or printing a verdict by hand, earns nothing. A check earns
its points when it runs without an error; its output is never read.
"""
from __future__ import annotations

import copy
import json
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat
from nbclient.exceptions import DeadKernelError

from aqwal.exercises import execute
from aqwal.exercises.generate import exercises, is_solution, student_source

DEFAULT_TIMEOUT = 60
MESSAGE_LIMIT = 200


@dataclass
class ExerciseResult:
    id: str
    points: float
    max_points: float
    message: str


@dataclass
class NotebookResult:
    notebook: str
    exercises: list[ExerciseResult] = field(default_factory=list)

    @property
    def total(self) -> float:
        return sum(e.points for e in self.exercises)

    @property
    def max_total(self) -> float:
        return sum(e.max_points for e in self.exercises)

    def as_dict(self) -> dict:
        return {"notebook": self.notebook, "exercises": [asdict(e) for e in self.exercises],
                "total": self.total, "max_total": self.max_total}


def assemble(student, answer) -> nbformat.NotebookNode:
    """The key, with each solution cell replaced by the student's cell of the same id."""
    theirs = {cell.get("id"): cell for cell in student.cells} if student is not None else {}
    nb = copy.deepcopy(answer)
    for cell in nb.cells:
        if is_solution(cell):
            mine = theirs.get(cell.id)
            cell.source = (mine.source if mine is not None and mine.cell_type == cell.cell_type
                           else student_source(cell.source, cell.cell_type))
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


# What a student reads for errors that are not about their answer being wrong.
PLAIN_WORDS = {
    "NotImplementedError": "not answered yet (the exercise still raises NotImplementedError)",
    "KeyboardInterrupt": "interrupted: a cell ran longer than the time limit",
    "NameError": "a name the check needs is not defined (did the exercise cell run?)",
}


def _error_of(cell) -> str | None:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            name, value = output.get("ename"), output.get("evalue")
            plain = PLAIN_WORDS.get(name)
            return f"{plain}: {value}" if plain and value else plain or f"{name}: {value}"
    return None


def _short(message: str) -> str:
    message = " ".join(message.split())
    return message if len(message) <= MESSAGE_LIMIT else message[: MESSAGE_LIMIT - 1] + "…"


def _read_student(path: Path):
    try:
        return nbformat.read(path, as_version=4), None
    except Exception as error:  # any unreadable file gets a message, never a crash
        return None, f"not a readable notebook ({type(error).__name__}: {_short(str(error))})"


def answer_for(path: Path, answers_dir: Path) -> Path:
    return Path(answers_dir) / Path(path).name


def grade_notebook(path: Path, answers_dir: Path, timeout: int = DEFAULT_TIMEOUT,
                   data_dir: Path | None = None) -> NotebookResult:
    """Run one submission and score each exercise of its answer key."""
    path = Path(path)
    answer_path = answer_for(path, answers_dir)
    result = NotebookResult(str(path))
    if not answer_path.is_file():
        result.exercises.append(ExerciseResult("-", 0, 0, f"no answer key {answer_path}"))
        return result
    answer = nbformat.read(answer_path, as_version=4)
    student, problem = _read_student(path)
    if problem is None:
        nb = assemble(student, answer)
        problem = _execute(nb, path.parent.resolve(), timeout, data_dir)
    else:
        nb = assemble(None, answer)
    cells = {cell.get("id"): cell for cell in nb.cells}
    for ex in exercises(answer):
        errors = [_error_of(cells[cid]) for cid in ex.check_ids]
        ran = all(cells[cid].get("execution_count") is not None for cid in ex.check_ids)
        if problem and not ran:
            message, points = problem, 0
        elif not ran:
            message, points = "the check did not run", 0
        elif any(errors):
            message, points = next(e for e in errors if e), 0
        else:
            message, points = "passed", ex.points
        result.exercises.append(ExerciseResult(ex.id, points, ex.points, _short(message)))
    return result


def _execute(nb, cwd: Path, timeout: int, data_dir: Path | None) -> str | None:
    """Run every cell; a problem that stops the run is returned as a message."""
    env = {"AQWAL_DATA": str(Path(data_dir).resolve())} if data_dir is not None else {}
    try:
        execute.run(nb, cwd, timeout, allow_errors=True, env=env, brief_errors=True)
    except DeadKernelError as error:
        return f"the kernel died ({_short(str(error))})"
    except Exception as error:  # the run must end with a verdict, whatever happened
        return f"the notebook could not be run ({type(error).__name__}: {_short(str(error))})"
    return None


def grade_many(paths: list[Path], answers_dir: Path, timeout: int = DEFAULT_TIMEOUT,
               data_dir: Path | None = None, jobs: int = 1) -> list[NotebookResult]:
    args = [(Path(p), Path(answers_dir), timeout, data_dir) for p in paths]
    if jobs <= 1:
        return [grade_notebook(*a) for a in args]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(_grade_args, args))


def _grade_args(args) -> NotebookResult:
    return grade_notebook(*args)


def report(results: list[NotebookResult]) -> str:
    lines = []
    for r in results:
        lines.append(r.notebook)
        for e in r.exercises:
            lines.append(f"  {e.id:<8} {e.points:>5g} / {e.max_points:<5g} {e.message}")
        lines.append(f"  {'total':<8} {r.total:>5g} / {r.max_total:<5g}")
    return "\n".join(lines)


def as_json(results: list[NotebookResult]) -> str:
    return json.dumps([r.as_dict() for r in results], ensure_ascii=False, indent=1)
