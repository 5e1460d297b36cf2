"""Judging one test case in the grader's process: the expected outcome against what came back.

Both sides are decoded plain data (`plaindata`), so every comparison here runs on the grader's
own types and none of a student's code. Comparisons are type-strict (True, 1 and 1.0 differ; a
tuple is not a list), floats match within a stated tolerance, and a failure message says what
was expected in words and what came back (type, length, a short repr). For a hidden case it
never shows the expected value.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from aqwal.exercises import plaindata
from aqwal.exercises.plaindata import Array, Frame, Missing, Series
from aqwal.safetext import clean

REPR_LIMIT = 70
NOT_ANSWERED = "not answered yet"


@dataclass(frozen=True)
class Value:
    value: object


@dataclass(frozen=True)
class Raised:
    name: str                 # the exception's type name
    bases: tuple = ()         # names of the built-in exception types it is an instance of
    message: str = ""


@dataclass(frozen=True)
class Problem:
    """No readable value came back: unsupported, malformed, oversized, missing, stopped."""
    message: str


@dataclass(frozen=True)
class Verdict:
    passed: bool
    message: str


# --- words for values -----------------------------------------------------------------------

TYPE_WORDS = {type(None): "None", bool: "a bool", int: "an int", float: "a float", str: "a str",
              list: "a list", tuple: "a tuple", dict: "a dict", frozenset: "a set", Frame: "a DataFrame",
              Series: "a Series", Array: "a numpy array", Missing: "a missing value"}


def type_word(value) -> str:
    return TYPE_WORDS.get(type(value), "a value")


def short(value, limit: int = REPR_LIMIT) -> str:
    if isinstance(value, Frame):
        return f"columns {list(value.columns)!r}"
    if isinstance(value, Series):
        return repr(dict(zip(value.index, value.values, strict=True)))
    if isinstance(value, Array):
        return repr(value.values)
    if isinstance(value, frozenset):
        return "{" + repr(sorted(value, key=repr))[1:-1] + "}" if value else "set()"
    return repr(value)


def describe(value, with_value: bool = True) -> str:
    """'a list of 3 items: [...]', 'a float: 0.5', 'a DataFrame of 2 rows × 3 columns'."""
    word = type_word(value)
    if value is None:
        return "None"
    if isinstance(value, Frame):
        size = f"{word} of {len(value.rows)} rows × {len(value.columns)} columns"
    elif isinstance(value, Series | Array):
        size = f"{word} of {len(value.values)} items"
    elif isinstance(value, str):
        size = f"{word} of {len(value)} character{'s' if len(value) != 1 else ''}"
    elif isinstance(value, list | tuple | dict | frozenset):
        size = f"{word} of {len(value)} item{'s' if len(value) != 1 else ''}"
    else:
        size = word
    return f"{size}: {clean(short(value), REPR_LIMIT)}" if with_value else size


# --- comparing ------------------------------------------------------------------------------

def floats_match(a: float, b: float, tol: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


def canonical(value):
    """A hashable form that keeps types apart (True, 1 and 1.0 are three different items)."""
    if isinstance(value, list | tuple):
        return (type(value).__name__, tuple(canonical(v) for v in value))
    if isinstance(value, frozenset):
        return ("set", frozenset(canonical(v) for v in value))
    if isinstance(value, dict):
        return ("dict", frozenset((canonical(k), canonical(v)) for k, v in value.items()))
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    if isinstance(value, Frame | Series | Array):
        return (type(value).__name__, repr(value))
    return (type(value).__name__, value)


@dataclass(frozen=True)
class Difference:
    path: str
    expected: object
    actual: object
    reason: str = ""          # when the difference is not a plain value, what differs


NUMERIC_DTYPES = ("bool", "int", "float")


def _dtype_kind(dtype: str) -> str:
    return dtype if dtype in NUMERIC_DTYPES else "other"


def difference(expected, actual, tol: float, path: str = "") -> Difference | None:
    """The first place where actual differs from expected, or None."""
    if type(expected) is not type(actual):
        return Difference(path, expected, actual, "type")
    if isinstance(expected, float):
        return None if floats_match(expected, actual, tol) else Difference(path, expected, actual)
    if isinstance(expected, list | tuple):
        if len(expected) != len(actual):
            return Difference(path, expected, actual, "length")
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            found = difference(e, a, tol, f"{path}[{i}]")
            if found:
                return found
        return None
    if isinstance(expected, dict):
        keys_e, keys_a = {canonical(k): k for k in expected}, {canonical(k): k for k in actual}
        if keys_e.keys() != keys_a.keys():
            return Difference(path, expected, actual, "keys")
        for ck, k in keys_e.items():
            found = difference(expected[k], actual[keys_a[ck]], tol, f"{path}[{k!r}]")
            if found:
                return found
        return None
    if isinstance(expected, frozenset):
        return None if canonical(expected) == canonical(actual) else Difference(path, expected, actual)
    if isinstance(expected, Frame):
        return _frame_difference(expected, actual, tol, path)
    if isinstance(expected, Series):
        if _dtype_kind(expected.dtype) != _dtype_kind(actual.dtype):
            return Difference(path, expected, actual, f"dtype {actual.dtype}, expected {expected.dtype}")
        return (difference(list(expected.index), list(actual.index), 0.0, f"{path}.index")
                or difference(list(expected.values), list(actual.values), tol, path))
    if isinstance(expected, Array):
        if expected.shape != actual.shape or _dtype_kind(expected.dtype) != _dtype_kind(actual.dtype):
            return Difference(path, expected, actual, f"shape {actual.shape} of {actual.dtype}")
        return difference(expected.values, actual.values, tol, path)
    return None if expected == actual else Difference(path, expected, actual)


def _frame_difference(expected: Frame, actual: Frame, tol: float, path: str) -> Difference | None:
    if expected.columns != actual.columns or [type(c) for c in expected.columns] != [type(c) for c in actual.columns]:
        return Difference(f"{path}.columns", list(expected.columns), list(actual.columns))
    found = difference(list(expected.index), list(actual.index), 0.0, f"{path}.index")
    if found:
        return found
    for column, e, a in zip(expected.columns, expected.dtypes, actual.dtypes, strict=True):
        if _dtype_kind(e) != _dtype_kind(a):
            return Difference(f"{path}[{column!r}]", e, a, f"dtype {a}, expected {e}")
    for row, (e_row, a_row) in enumerate(zip(expected.rows, actual.rows, strict=True)):
        for column, e, a in zip(expected.columns, e_row, a_row, strict=True):
            found = difference(e, a, tol, f"{path}[{column!r}] row {expected.index[row]!r}")
            if found:
                return found
    return None


def _explain(found: Difference, hidden: bool) -> str:
    at = f"at {found.path.lstrip('.')}: " if found.path else ""
    if found.reason == "type":
        expected = type_word(found.expected) if hidden else describe(found.expected)
        return f"{at}expected {expected}; got {describe(found.actual)}"
    if found.reason and found.reason not in ("length", "keys"):
        return f"{at}{found.reason}"
    if hidden:
        return f"{at}wrong value: got {describe(found.actual)}"
    return f"{at}expected {describe(found.expected)}; got {describe(found.actual)}"


# --- outcomes from the kernel ---------------------------------------------------------------

def outcome_of(raw) -> Value | Raised | Problem:
    """A payload's outcome in the grader's own types (never trusting its shape)."""
    if not isinstance(raw, dict) or len(raw) not in (1, 3):
        return Problem("the result that came back was malformed")
    if "value" in raw:
        try:
            return Value(plaindata.decode(raw["value"]))
        except plaindata.Oversized:
            return Problem(f"the value that came back is larger than the limit ({plaindata.MAX_BYTES:,} bytes)")
        except plaindata.Malformed as error:
            return Problem(f"the value that came back was malformed ({error})")
    if "raised" in raw:
        bases = raw.get("bases")
        if not (isinstance(raw["raised"], str) and isinstance(raw.get("message"), str)
                and isinstance(bases, list) and all(isinstance(b, str) for b in bases)):
            return Problem("the result that came back was malformed")
        return Raised(raw["raised"][:100], tuple(b[:100] for b in bases[:20]), raw["message"][:300])
    if isinstance(raw.get("unsupported"), str):
        return Problem(f"returned an object of type {clean(raw['unsupported'], 80)}, which the grader cannot "
                       "read: return plain values (numbers, strings, lists, tuples, dicts, sets) or a "
                       "pandas / numpy object")
    if isinstance(raw.get("oversized"), str):
        return Problem(f"returned a value larger than the limit ({clean(raw['oversized'], 80)})")
    if isinstance(raw.get("unreadable"), dict):
        inner = outcome_of(raw["unreadable"])
        name = inner.name if isinstance(inner, Raised) else "an error"
        return Problem(f"returned a value that could not be read (reading it raised {clean(name, 60)})")
    return Problem("the result that came back was malformed")



# --- judging --------------------------------------------------------------------------------

def raised_words(raised: Raised) -> str:
    if raised.name == "NotImplementedError":
        return NOT_ANSWERED
    if raised.name == "KeyboardInterrupt":
        return "interrupted: it ran longer than the time limit"
    text = f"raised {clean(raised.name, 60)}"
    return f"{text}: {clean(raised.message, 120)}" if raised.message else text


def judge(case, expected, actual) -> Verdict:
    """Whether actual passes case, with a message a student can learn from."""
    comparison = case.comparison
    if isinstance(actual, Problem):
        return Verdict(False, actual.message)
    if comparison.kind == "raises":
        if isinstance(actual, Raised) and comparison.exception in actual.bases:
            return Verdict(True, "passed")
        if isinstance(actual, Raised) and actual.name == "NotImplementedError":
            return Verdict(False, NOT_ANSWERED)
        got = raised_words(actual) if isinstance(actual, Raised) else f"returned {describe(actual.value)}"
        return Verdict(False, f"expected it to raise {comparison.exception}; it {got}")
    if isinstance(actual, Raised):
        return Verdict(False, raised_words(actual))
    if comparison.kind == "between":
        value = actual.value
        inside = (type(value) in (int, float) and not (isinstance(value, float) and math.isnan(value))
                  and (comparison.low is None or value >= comparison.low)
                  and (comparison.high is None or value <= comparison.high))
        return Verdict(True, "passed") if inside else Verdict(
            False, f"expected {comparison.words()}; got {describe(value)}")
    if not isinstance(expected, Value):
        return Verdict(False, "the answer key has no value for this case (the grader's key run failed)")
    if comparison.kind == "same_set":
        return _same_items(expected.value, actual.value, case.hidden)
    found = difference(expected.value, actual.value, comparison.tol)
    return Verdict(True, "passed") if found is None else Verdict(False, _explain(found, case.hidden))


def _same_items(expected, actual, hidden: bool) -> Verdict:
    containers = list | tuple | frozenset
    if not isinstance(actual, containers):
        return Verdict(False, f"expected a collection of items; got {describe(actual)}")
    want, got = {canonical(v) for v in expected}, {canonical(v) for v in actual}
    if want == got:
        return Verdict(True, "passed")
    extra = [v for v in actual if canonical(v) not in want]
    if hidden:
        return Verdict(False, f"wrong items: got {describe(actual)}")
    missing = [v for v in expected if canonical(v) not in got]
    parts = [f"missing {clean(short(missing), REPR_LIMIT)}" if missing else "",
             f"unexpected {clean(short(extra), REPR_LIMIT)}" if extra else ""]
    return Verdict(False, "; ".join(p for p in parts if p) or "wrong items")
