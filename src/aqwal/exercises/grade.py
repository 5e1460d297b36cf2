"""Grading submissions: each in its own sandboxed kernel, judged in this process against the key.

For a submission, the answer key's notebook runs with only its solution cells taken from the
submission (matched by cell id, or by nbgrader grade_id). Each check cell is replaced by a probe
that evaluates the check's test cases in the student's kernel and sends back plain data; the
grader decodes it and compares it with the key's outcomes (`key.expected`, computed once per
key version). So nothing in the student's kernel can see an expected value, silence an error
into a pass, or make a wrong value compare equal. A bad submission (unreadable, crashing,
hanging, hostile) gets zero with a message and never stops the batch.
"""
from __future__ import annotations

import json
import math
import os
import shutil
import stat
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from pathlib import Path

from aqwal.exercises import key as keys
from aqwal.exercises import sandbox
from aqwal.exercises.judge import NOT_ANSWERED, Problem, Raised, judge
from aqwal.exercises.kernel import Kernel, KernelGone
from aqwal.safetext import clean

DEFAULT_TIMEOUT = 60        # seconds per cell, and per test case
DEFAULT_DEADLINE = 900      # seconds per notebook, after which its sandbox is killed
MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024
MAX_CELL_CHARS = 1_000_000


def _sum(points) -> float:
    """A sum of points as exact as their decimals (0.1 + 0.2 is 0.3)."""
    return float(sum(Fraction(p).limit_denominator(10**6) for p in points))


@dataclass
class CaseResult:
    name: str
    hidden: bool
    points: float
    max_points: float
    passed: bool
    message: str


@dataclass
class ExerciseResult:
    id: str
    points: float
    max_points: float
    message: str
    cases: list[CaseResult] = field(default_factory=list)


@dataclass
class NotebookResult:
    notebook: str
    student: str = ""
    exercises: list[ExerciseResult] = field(default_factory=list)

    @property
    def total(self) -> float:
        return _sum(e.points for e in self.exercises)

    @property
    def max_total(self) -> float:
        return _sum(e.max_points for e in self.exercises)

    def as_dict(self) -> dict:
        return {"notebook": self.notebook, "student": self.student,
                "exercises": [asdict(e) for e in self.exercises], "total": self.total,
                "max_total": self.max_total}


def student_of(path: Path) -> str:
    """The student a submission belongs to: the folder it was collected in (one per student)."""
    return Path(path).resolve().parent.name


def answer_for(path: Path, answers_dir: Path) -> Path:
    return Path(answers_dir) / Path(path).name


# --- reading a submission -------------------------------------------------------------------

class Unreadable(ValueError):
    """A submission that is not a notebook the grader can read."""


def _source(cell) -> str:
    source = cell.get("source", "")
    if isinstance(source, list) and all(isinstance(s, str) for s in source):
        source = "".join(source)
    if not isinstance(source, str):
        raise Unreadable("a cell's source is not text")
    if len(source) > MAX_CELL_CHARS:
        raise Unreadable(f"a cell is longer than {MAX_CELL_CHARS:,} characters")
    return source


def _read_file(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_NOTEBOOK_BYTES; never waits on a FIFO or
    reads a device (or a file that grows) without end."""
    with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise Unreadable("it is not a regular file")
        data = file.read(MAX_NOTEBOOK_BYTES + 1)
    if len(data) > MAX_NOTEBOOK_BYTES:
        raise Unreadable(f"the file is larger than {MAX_NOTEBOOK_BYTES // 2**20} MB")
    return data


def read_solutions(path: Path, plan: keys.Plan) -> dict[str, str]:
    """The submission's source for each solution cell of the key it has (by id, else by
    grade_id); a missing or non-code cell is left out, so it runs as the unanswered stub."""
    try:
        data = json.loads(_read_file(Path(path)).decode("utf-8"))
    except Unreadable:
        raise
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        raise Unreadable(f"{type(error).__name__}: {clean(error, 120)}") from None
    cells = data.get("cells") if isinstance(data, dict) else None
    if not isinstance(cells, list):
        raise Unreadable("it has no list of cells")
    by_id, by_grade = {}, {}
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        if isinstance(cell.get("id"), str):
            by_id.setdefault(cell["id"], cell)
        meta = cell.get("metadata")
        nbgrader = meta.get("nbgrader") if isinstance(meta, dict) else None
        if isinstance(nbgrader, dict) and isinstance(nbgrader.get("grade_id"), str):
            by_grade.setdefault(nbgrader["grade_id"], cell)
    found = {}
    for step in plan.steps:
        if step.kind == "solution":
            cell = by_id.get(step.cell_id) or by_grade.get(f"{step.exercise}-solution")
            if cell is not None:
                found[step.cell_id] = _source(cell)
    return found


# --- judging one run ------------------------------------------------------------------------

def _case_message(outcome, verdict_message: str, exercise: keys.Exercise, run: keys.Run,
                  timeout: float) -> str:
    if isinstance(outcome, Raised) and outcome.name == "KeyboardInterrupt":
        return f"interrupted: it ran longer than the time limit of {timeout:g} s"
    if isinstance(outcome, Raised) and outcome.name == "NameError":
        cell_problems = [run.cell_errors[c] for c in exercise.solution_ids if c in run.cell_errors]
        if cell_problems:
            return f"{verdict_message} (the exercise cell failed: {cell_problems[0]})"
        return f"{verdict_message} (a name the check needs is not defined: did the exercise cell run?)"
    return verdict_message


def judge_exercise(exercise: keys.Exercise, expected: dict, run: keys.Run, timeout: float) -> ExerciseResult:
    got = run.outcomes.get(exercise.id, {})
    missing = Problem(f"not graded: {run.stopped}" if run.stopped else "no result came back for this case")
    cases = []
    for case in exercise.check.cases:
        outcome = got.get(case.index, missing)
        verdict = judge(case, expected.get(case.index), outcome)
        message = "passed" if verdict.passed else _case_message(outcome, verdict.message, exercise, run, timeout)
        cases.append(CaseResult(case.name, case.hidden, float(case.points) if verdict.passed else 0.0,
                                float(case.points), verdict.passed, clean(message, 300)))
    earned = sum(c.points for c in exercise.check.cases if cases[c.index].passed)
    return ExerciseResult(exercise.id, float(earned), exercise.points, _summary(cases), cases)


def _summary(cases: list[CaseResult]) -> str:
    if all(c.passed for c in cases):
        return "passed"
    if all(c.message == NOT_ANSWERED for c in cases):
        return NOT_ANSWERED
    failed = [c for c in cases if not c.passed]
    if len({c.message for c in failed}) == 1 and len(failed) == len(cases):
        return failed[0].message
    first = failed[0]
    return f"{len(cases) - len(failed)} of {len(cases)} test cases passed; {first.name}: {first.message}"


def zero(plan: keys.Plan, message: str) -> list[ExerciseResult]:
    message = clean(message, 300)
    return [ExerciseResult(ex.id, 0.0, ex.points, message,
                           [CaseResult(c.name, c.hidden, 0.0, float(c.points), False, message)
                            for c in ex.check.cases]) for ex in plan.exercises]


# --- a grading session ----------------------------------------------------------------------

@dataclass
class Settings:
    timeout: float = DEFAULT_TIMEOUT
    deadline: float = DEFAULT_DEADLINE
    sandboxed: bool = True
    limits: sandbox.Limits = field(default_factory=sandbox.Limits)
    cache_dir: Path | None = None


def copy_data(data_dir: Path, workspace: Path) -> Path:
    """A read-only copy of data/ for this run's kernels (so none can change what the next reads)."""
    target = workspace / "data"
    shutil.copytree(data_dir, target)
    for path in sorted(target.rglob("*"), reverse=True):
        path.chmod(0o444 if path.is_file() else 0o555)
    target.chmod(0o555)
    return target


def remove_workspace(folder: Path) -> None:
    """Remove a grading run's folder, its read-only data copy included."""
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
    shutil.rmtree(folder, ignore_errors=True)


def _resolve_data(data_dir: Path | None, answers_dir: Path) -> Path | None:
    if data_dir is not None:
        return Path(data_dir).resolve()
    beside = Path(answers_dir).resolve().parent / "data"
    return beside if (beside / "README.md").is_file() else None


def grade_one(path: Path, values: keys.KeyValues, data_copy: Path | None, settings: Settings) -> NotebookResult:
    """One submission against one key, whatever the submission does."""
    result = NotebookResult(str(path), student_of(path))
    plan = values.plan
    try:
        solutions = read_solutions(path, plan)
    except Unreadable as error:
        result.exercises = zero(plan, f"not a readable notebook ({error})")
        return result
    try:
        with Kernel(data_copy, sandboxed=settings.sandboxed, limits=settings.limits,
                    deadline=settings.deadline) as kernel:
            run = keys.run_plan(kernel, plan, {**keys.stubs(plan), **solutions}, settings.timeout)
    except KernelGone as gone:
        result.exercises = zero(plan, f"the notebook could not be run: {gone}")
        return result
    result.exercises = [judge_exercise(ex, values.outcomes.get(ex.id, {}), run, settings.timeout)
                        for ex in plan.exercises]
    return result


def grade_many(paths: list[Path], answers_dir: Path, timeout: float = DEFAULT_TIMEOUT,
               data_dir: Path | None = None, jobs: int = 1, *, deadline: float = DEFAULT_DEADLINE,
               sandboxed: bool = True, limits: sandbox.Limits | None = None,
               cache_dir: Path | None = None) -> list[NotebookResult]:
    """Grade every submission, `jobs` at a time; one result per path, in order.

    KeyBroken when an answer key cannot be used (a teacher's mistake, reported before any
    submission runs); SandboxUnavailable when sandboxed and there is no sandbox."""
    settings = Settings(timeout, deadline, sandboxed, limits or sandbox.Limits(), cache_dir)
    paths = [Path(p) for p in paths]
    if sandboxed:
        sandbox.require()
        seen = sandbox.exposed([Path(answers_dir), Path(cache_dir or keys.default_cache_dir()),
                                *{p.parent for p in paths}])
        if seen:
            raise sandbox.SandboxUnavailable(
                f"{seen[0]} lies inside a folder of the Python installation that every sandbox sees "
                f"({', '.join(map(str, sandbox.python_paths()))}); move it elsewhere")
    data_dir = _resolve_data(data_dir, answers_dir)
    workspace = Path(tempfile.mkdtemp(prefix="aqwal-grade-"))
    try:
        data_copy = copy_data(data_dir, workspace) if data_dir else None
        digest = _data_digest(data_dir)
        key_paths = sorted({answer_for(p, answers_dir) for p in paths if answer_for(p, answers_dir).is_file()})
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            computed = pool.map(lambda k: keys.expected(k, data_copy, digest, sandboxed, timeout, cache_dir), key_paths)
            values = dict(zip(key_paths, computed, strict=True))
            return list(pool.map(lambda p: _grade_safely(p, answers_dir, values, data_copy, settings), paths))
    finally:
        remove_workspace(workspace)


def _data_digest(data_dir: Path | None) -> str:
    if data_dir is None:
        return "no data"
    from aqwal.dataset.load import content_hash
    return content_hash(data_dir)


def _grade_safely(path: Path, answers_dir: Path, values: dict, data_copy: Path | None,
                  settings: Settings) -> NotebookResult:
    key_path = answer_for(path, answers_dir)
    if key_path not in values:
        return NotebookResult(str(path), student_of(path),
                              [ExerciseResult("-", 0.0, 0.0, clean(f"no answer key {key_path}", 300))])
    try:
        return grade_one(path, values[key_path], data_copy, settings)
    except Exception as error:  # a bug or a resource problem in the grader: this row only
        return NotebookResult(str(path), student_of(path), zero(
            values[key_path].plan, f"the grader failed on this notebook ({type(error).__name__}: {error})"))


def grade_notebook(path: Path, answers_dir: Path, timeout: float = DEFAULT_TIMEOUT,
                   data_dir: Path | None = None, **options) -> NotebookResult:
    [result] = grade_many([path], answers_dir, timeout, data_dir, **options)
    return result


def check_points(results: list[NotebookResult]) -> None:
    """Every score finite, non-negative and at most its maximum (a guard before any report)."""
    for r in results:
        for e in r.exercises:
            for value, top in [(e.points, e.max_points), *((c.points, c.max_points) for c in e.cases)]:
                if not (math.isfinite(value) and math.isfinite(top) and 0 <= value <= top + 1e-9):
                    raise ValueError(f"{r.notebook} {e.id}: points {value!r} of {top!r} are not a valid score")
