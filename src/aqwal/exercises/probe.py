"""The kernel's end of the channel to the grader: evaluate an exercise's test cases and send
each outcome as plain data.

The grader sends a cell that calls `run` with the check's preparing statements and case
expressions (never an expected value). Each outcome goes out at once as one display message of
RESULT_MIME, so a case that hangs still leaves the earlier ones, and the grader reads only those
messages of that one request. Whatever a student's code does to this process can only change
which plain values come back, and those are judged in the grader.
"""
from __future__ import annotations

import builtins
import json
import sys

from aqwal.exercises import plaindata

RESULT_MIME = "application/vnd.aqwal.result"
MESSAGE_LIMIT = 300


def _namespace() -> dict:
    from IPython import get_ipython
    shell = get_ipython()
    return shell.user_ns if shell is not None else sys.modules["__main__"].__dict__


def _raised(error: BaseException) -> dict:
    bases = [t.__name__ for t in type(error).__mro__ if getattr(builtins, t.__name__, None) is t]
    try:
        message = str(error)[:MESSAGE_LIMIT]
    except Exception:  # a student's exception whose __str__ fails
        message = ""
    return {"raised": type(error).__name__[:100], "bases": bases, "message": message}


def outcome(expr: str, namespace: dict) -> dict:
    """{"value": json text} or {"raised": ...} or {"unsupported": type} or {"oversized": ...}."""
    try:
        value = eval(compile(expr, "<test case>", "eval"), namespace)
    except BaseException as error:  # KeyboardInterrupt too: the grader interrupted a case that hung
        return _raised(error)
    try:
        return {"value": plaindata.encode(value)}
    except plaindata.Unsupported as error:
        return {"unsupported": error.type_name[:200]}
    except plaindata.Oversized as error:
        return {"oversized": str(error)}
    except BaseException as error:  # a value whose methods fail while being read
        return {"unreadable": _raised(error)}


def _send(payload: dict) -> None:
    from IPython.display import publish_display_data
    publish_display_data({RESULT_MIME: json.dumps(payload)})


def run(exercise: str, statements: list) -> None:
    """statements: ["given", index, source] and ["case", index, expression], in cell order."""
    namespace = _namespace()
    for kind, index, source in statements:
        if kind == "given":
            try:
                exec(compile(source, "<check>", "exec"), namespace)
            except BaseException as error:
                _send({"exercise": exercise, "given": index, "outcome": _raised(error)})
        else:
            _send({"exercise": exercise, "case": index, "outcome": outcome(source, namespace)})
