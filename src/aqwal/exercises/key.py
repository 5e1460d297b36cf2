"""The answer key: what runs in a kernel for a notebook, and the expected value of every case.

`plan` reads an answer notebook without running it: its code cells in order, which of them are
solution cells (the ones a submission replaces) and, for every check cell, its test cases
(`testcase.parse`). `run_plan` runs such a plan in a kernel with a given set of solution
sources and collects each case's outcome, decoded; it serves the key and the submissions alike,
so both are computed the same way. `expected` runs the key once in a trusted kernel and keeps
its outcomes in a cache, keyed by everything they depend on (the key's cells, the data, the
installed packages), so a class of 50 runs each key once.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from aqwal.exercises import testcase
from aqwal.exercises.generate import exercise_of, grading, is_check, is_solution, student_source
from aqwal.exercises.judge import Problem, Value, judge, outcome_of
from aqwal.exercises.kernel import RESULT_LIMIT, CellRun, Kernel, KernelGone
from aqwal.safetext import clean

PROTOCOL = "aqwal-key-1"   # change when the outcomes' form changes: old cache entries then miss
DEADLINE = 1800           # seconds for one run of a key (its cells have the per-cell timeout too)


class KeyBroken(RuntimeError):
    """An answer key that cannot be used for grading; the message says what to fix."""


@dataclass
class Step:
    kind: str              # code, solution or check
    cell_id: str
    source: str            # the key's source (a solution cell's is replaced for a submission)
    exercise: str = ""


@dataclass
class Exercise:
    id: str
    points: float
    check: testcase.Check
    solution_ids: list[str] = field(default_factory=list)
    check_id: str = ""


@dataclass
class Plan:
    name: str              # the notebook's file name
    steps: list[Step]
    exercises: list[Exercise]
    source_digest: str

    def exercise(self, ex_id: str) -> Exercise:
        return next(e for e in self.exercises if e.id == ex_id)


def plan(answer, name: str) -> Plan:
    """The plan of an answer notebook; KeyBroken for a check cell or points that cannot work."""
    steps, found, order = [], {}, []
    digest = hashlib.sha256()
    for cell in answer.cells:
        if cell.get("cell_type") != "code":
            continue
        digest.update(json.dumps([cell.get("id"), cell.source, grading(cell)], sort_keys=True).encode())
        if is_check(cell):
            ex_id = exercise_of(cell)
            if ex_id in found:
                raise KeyBroken(f"{name}: exercise {ex_id} has two check cells; give each exercise one")
            where = f"{name}, check cell {cell.get('id')}"
            try:
                check = testcase.parse(cell.source, ex_id, grading(cell).get("points", 0), where)
            except testcase.CheckError as error:
                raise KeyBroken(str(error)) from None
            found[ex_id] = Exercise(ex_id, float(check.points), check, check_id=cell.get("id"))
            order.append(ex_id)
            steps.append(Step("check", cell.get("id"), cell.source, ex_id))
        elif is_solution(cell):
            steps.append(Step("solution", cell.get("id"), cell.source, exercise_of(cell)))
        else:
            steps.append(Step("code", cell.get("id"), cell.source))
    for step in steps:
        if step.kind == "solution" and step.exercise in found:
            found[step.exercise].solution_ids.append(step.cell_id)
    for ex_id in order:
        if not found[ex_id].solution_ids:
            raise KeyBroken(f"{name}: exercise {ex_id} has a check cell but no solution cell")
    return Plan(name, steps, [found[e] for e in order], digest.hexdigest())


def read_plan(path: Path) -> Plan:
    try:
        answer = nbformat.read(path, as_version=4)
    except Exception as error:
        raise KeyBroken(f"{path}: not a readable answer notebook ({type(error).__name__}: {error})") from None
    return plan(answer, Path(path).name)


def stubs(plan_: Plan) -> dict[str, str]:
    """Every solution cell as the student copy has it."""
    return {s.cell_id: student_source(s.source) for s in plan_.steps if s.kind == "solution"}


def probe_code(check: testcase.Check) -> str:
    """The cell that evaluates a check's statements in the kernel (no expected value in it)."""
    statements = [["case", s.index, s.expr] if isinstance(s, testcase.Case) else ["given", i, s.source]
                  for i, s in enumerate(check.statements) if isinstance(s, testcase.Case) or not s.reference]
    return (f"import aqwal.exercises.probe as __aqwal_probe__\n"
            f"__aqwal_probe__.run({check.exercise!r}, {statements!r})")


def run_probe(kernel: Kernel, check: testcase.Check, timeout: float) -> CellRun:
    """Run a check's probe; the kernel keeps at most one result per statement (the most the
    probe sends), so results forged beyond that are counted in the CellRun's `extra`."""
    return kernel.run(probe_code(check), timeout, expect=len(check.statements))


# --- running a plan -------------------------------------------------------------------------

@dataclass
class Run:
    """What came back from one notebook's kernel."""
    outcomes: dict = field(default_factory=dict)        # exercise -> {case index: outcome}
    raw: dict = field(default_factory=dict)             # exercise -> {case index: payload dict}
    given_errors: dict = field(default_factory=dict)    # exercise -> [Raised]
    cell_errors: dict = field(default_factory=dict)     # solution cell id -> "ename: evalue"
    stopped: str = ""                                   # why the kernel stopped early


def take_results(run: Run, check: testcase.Check, payloads: list) -> None:
    outcomes, raw_kept = run.outcomes.setdefault(check.exercise, {}), run.raw.setdefault(check.exercise, {})
    indexes = {c.index for c in check.cases}
    seen: set[int] = set()
    for text in payloads:
        try:
            if not isinstance(text, str) or len(text) > RESULT_LIMIT:
                raise ValueError
            payload = json.loads(text)
            if not isinstance(payload, dict) or payload.get("exercise") != check.exercise:
                raise ValueError
        except (ValueError, RecursionError):
            continue   # not a result of this exercise: counted below as missing
        if "given" in payload:
            if isinstance(payload.get("outcome"), dict):
                run.given_errors.setdefault(check.exercise, []).append(outcome_of(payload["outcome"]))
            continue
        index = payload.get("case")
        if type(index) is not int or index not in indexes:
            continue
        if index in seen:
            outcomes[index] = Problem("more than one result came back for this case")
            raw_kept.pop(index, None)
            continue
        seen.add(index)
        outcomes[index] = outcome_of(payload.get("outcome"))
        raw_kept[index] = payload.get("outcome")


def run_plan(kernel: Kernel, plan_: Plan, solutions: dict[str, str], timeout: float) -> Run:
    """Run every code cell of the plan, the solution cells from `solutions`, a probe for each
    check; the run ends early (Run.stopped) when the kernel is gone."""
    run = Run()
    for step in plan_.steps:
        try:
            if step.kind == "check":
                check = plan_.exercise(step.exercise).check
                cell = run_probe(kernel, check, timeout)
                take_results(run, check, cell.results)
                if cell.extra:   # forged results: none of this check's can be told from them
                    run.outcomes[check.exercise] = dict.fromkeys(
                        (c.index for c in check.cases), Problem("more results came back than the check has cases"))
                    run.raw.pop(check.exercise, None)
            else:
                source = solutions.get(step.cell_id, step.source) if step.kind == "solution" else step.source
                cell = kernel.run(source, timeout)
                if step.kind == "solution" and cell.status != "ok":
                    what = (f"it ran longer than {timeout:g} s and was interrupted" if cell.status == "timeout"
                            else f"{clean(cell.ename, 60)}: {clean(cell.evalue, 120)}")
                    run.cell_errors[step.cell_id] = what
        except KernelGone as gone:
            run.stopped = str(gone)
            break
    return run


# --- the key's expected outcomes, computed once ----------------------------------------------

def default_cache_dir() -> Path:
    base = os.environ.get("AQWAL_CACHE") or os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "aqwal" / "keys"


def _environment_digest() -> str:
    names = sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions())
    return hashlib.sha256("\n".join(names).encode()).hexdigest()


def version(plan_: Plan, data_digest: str, sandboxed: bool) -> str:
    """What the key's outcomes depend on: its cells, the data, the packages, how it ran."""
    parts = [PROTOCOL, plan_.source_digest, data_digest, _environment_digest(), str(sandboxed)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]


@dataclass
class KeyValues:
    plan: Plan
    outcomes: dict        # exercise -> {case index: outcome}


def verify(plan_: Plan, run: Run) -> None:
    """The key must pass every one of its own cases, or grading against it means nothing."""
    if run.stopped:
        raise KeyBroken(f"{plan_.name}: the answer key did not run to the end ({run.stopped})")
    for ex in plan_.exercises:
        for case in ex.check.cases:
            got = run.outcomes.get(ex.id, {}).get(case.index, Problem("no result came back"))
            verdict = judge(case, got, got)
            if not verdict.passed or (case.needs_key and not isinstance(got, Value)):
                message = verdict.message if not verdict.passed else "it raised or returned nothing"
                raise KeyBroken(f"{plan_.name}, {ex.id}: the answer key fails its own test case "
                                f"{case.name!r}: {message}")


def expected(answer_path: Path, data_copy: Path | None, data_digest: str, sandboxed: bool,
             timeout: float, cache_dir: Path | None = None) -> KeyValues:
    """The key's outcome for every case, from the cache or from one run of the key."""
    plan_ = read_plan(answer_path)
    cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
    entry = cache_dir / f"{Path(answer_path).stem}-{version(plan_, data_digest, sandboxed)}.json"
    raw = _read_cache(entry)
    if raw is None:
        with Kernel(data_copy, sandboxed=sandboxed, deadline=DEADLINE) as kernel:
            run = run_plan(kernel, plan_, {}, timeout)
        verify(plan_, run)
        raw = run.raw
        _write_cache(entry, raw)
    outcomes = {ex: {int(i): outcome_of(o) for i, o in cases.items()} for ex, cases in raw.items()}
    return KeyValues(plan_, outcomes)


def _read_cache(entry: Path):
    try:
        return json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_cache(entry: Path, raw: dict) -> None:
    entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(raw, out, ensure_ascii=False)
    os.replace(tmp, entry)
