"""`aqwal.check("ex3", notebook="01_exploring")`: the students' self-check.

It runs the public test cases of one exercise in the student's own kernel and prints, case by
case, passed, failed (with what came back) or not answered yet. It never raises, so "Run All"
reaches the end of a student notebook. It is help, not the grade: the teacher's grader also
runs the hidden cases, in a sandbox, against values computed from the answer key.

The public cases and their expected values (public by definition) are in
`checks/<notebook>.json` next to the student notebooks, written by `aqwal exercises` from the
stored outputs of the answer notebooks.
"""
from __future__ import annotations

import contextlib
import json
import os
import sys
from fractions import Fraction
from pathlib import Path

from aqwal.bidi import isolate_runs
from aqwal.exercises import probe, testcase
from aqwal.exercises.judge import NOT_ANSWERED, Value, judge, outcome_of
from aqwal.safetext import clean

CHECKS_DIR = "checks"


def checks_file(notebook: str, start: Path | None = None) -> Path | None:
    """checks/<notebook>.json in the current folder or the nearest parent that has it."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for candidate in (folder / CHECKS_DIR / f"{notebook}.json",
                          folder / "notebooks" / CHECKS_DIR / f"{notebook}.json"):
            if candidate.is_file():
                return candidate
    return None


def _session_notebook() -> str | None:
    """The running notebook's name, where the front end tells the kernel (JupyterLab, VS Code)."""
    main = sys.modules.get("__main__")
    for name in (getattr(main, "__session__", None), getattr(main, "__vsc_ipynb_file__", None),
                 os.environ.get("JPY_SESSION_NAME")):
        if isinstance(name, str) and name.endswith(".ipynb"):
            return Path(name).stem
    return None


def _namespace() -> dict:
    try:
        from IPython import get_ipython
        shell = get_ipython()
    except ImportError:
        shell = None
    return shell.user_ns if shell is not None else sys.modules["__main__"].__dict__


def _case(exercise: str, index: int, spec: dict) -> testcase.Case:
    comparison = testcase.Comparison(**spec["comparison"])
    return testcase.Case(exercise, index, spec["name"], spec["expr"], comparison,
                         Fraction(str(spec.get("points", 0))), False, 0)


def run(exercise: str, spec: dict, namespace: dict) -> list[tuple[str, bool, str]]:
    """(case name, passed, message) for each public case of one exercise."""
    verdicts = []
    index = 0
    for statement in spec["statements"]:
        if "given" in statement:
            with contextlib.suppress(Exception):   # a case that needs it says what is missing
                exec(compile(statement["given"], "<check>", "exec"), namespace)
            continue
        case = _case(exercise, index, statement["case"])
        index += 1
        actual = outcome_of(probe.outcome(case.expr, namespace))
        expected = Value(None)
        if statement["case"].get("expected") is not None:
            expected = outcome_of({"value": json.dumps(statement["case"]["expected"])})
        verdict = judge(case, expected, actual)
        verdicts.append((case.name, verdict.passed, verdict.message))
    return verdicts


def report(exercise: str, verdicts: list[tuple[str, bool, str]]) -> str:
    title = f"Exercise {exercise.removeprefix('ex')}"
    if verdicts and all(message == NOT_ANSWERED for _, _, message in verdicts):
        return f"{title}: not answered yet"
    passed = sum(ok for _, ok, _ in verdicts)
    lines = [f"{title}: {passed} of {len(verdicts)} public test cases passed"
             + (" (the grade also counts hidden ones)" if verdicts else "")]
    for name, ok, message in verdicts:
        shown = isolate_runs(name)
        lines.append(f"  ✓ {shown}" if ok else f"  ✗ {shown}: {isolate_runs(clean(message, 300))}")
    return "\n".join(lines)


def check(exercise: str, notebook: str | None = None) -> None:
    """Run the public test cases of `exercise` on your answer and print what passed."""
    try:
        notebook = notebook or _session_notebook()
        path = checks_file(notebook) if notebook else None
        if path is None:
            print(f"The self-check of {exercise} cannot run: no {CHECKS_DIR}/{notebook or '<notebook>'}.json "
                  "next to this notebook (it comes with the student notebooks).")
            return
        spec = json.loads(path.read_text(encoding="utf-8"))["exercises"].get(exercise)
        if spec is None:
            print(f"The self-check has no exercise {exercise!r} for {notebook}.")
            return
        print(report(exercise, run(exercise, spec, _namespace())))
    except Exception as error:   # help, never an obstacle: "Run All" goes on
        print(f"The self-check of {exercise} could not run ({type(error).__name__}: {clean(error, 200)}).")
