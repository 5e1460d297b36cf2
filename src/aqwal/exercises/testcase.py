"""Test cases: how a check cell of `answers/` is written, read and run on the answer key.

A check cell is Python. Each test case is one top-level call, a name that states the property
and a lambda whose body is the expression to evaluate in the student's kernel:

    equal("nothing predicted gives (0, 0, 0)", lambda: span_prf(gold_cues, []))
    close("agrees with scikit-learn", lambda: boundary_prf(p, g), tol=1e-12)
    same_set("every gold speaker, in any order", lambda: resolve_speaker(source, MENTIONS))
    raises("an unknown mode raises ValueError", ValueError, lambda: span_prf([], [], "partial"))
    between("a score between 0 and 1", 0, 1, lambda: semeval_f(gold, pred))

Every other top-level statement prepares inputs (`_toy = pd.DataFrame(...)`) and must not call
the exercise's code. Cases between `### BEGIN HIDDEN TESTS` and `### END HIDDEN TESTS` are
hidden. The expected value of equal, close and same_set is the value of the same expression in
the answer key's kernel; it is never written in the cell, so it never reaches a student's
kernel. What only an optional `reference=lambda: ...` needs (a helper around scikit-learn,
values from the gold) goes between `### BEGIN REFERENCE` and `### END REFERENCE`: it runs when
the key runs as a notebook and is never sent to a grading kernel. `points=` splits an
exercise's points unevenly (default: evenly).

The grader reads a check cell statically (`parse`), never by running it. Run in a notebook (the
answer key, under nbval), the same calls check the key against its own cases (an optional
`reference=lambda: ...` is compared with the key's value there, and only there) and print one
line per case; a public case also stores its value, which `aqwal exercises` copies into the
students' self-check file.
"""
from __future__ import annotations

import ast
import builtins
import json
import linecache
import re
from dataclasses import dataclass, field
from fractions import Fraction

from aqwal.bidi import isolate_runs
from aqwal.exercises import plaindata

DEFAULT_TOL = 1e-9   # floats in equal: |a - b| <= tol * max(1, |a|, |b|)
CASE_MIME = "application/vnd.aqwal.case"   # compact JSON text: {"name", "value"}
HIDDEN_BEGIN = "### BEGIN HIDDEN TESTS"
HIDDEN_END = "### END HIDDEN TESTS"
HIDDEN_REGION = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS[ \t]*$(.*?)^[ \t]*### END HIDDEN TESTS[ \t]*$",
                           re.M | re.S)
# Statements that serve only `reference=` expressions: run on the key, never sent to a kernel.
REFERENCE_REGION = re.compile(r"^[ \t]*### BEGIN REFERENCE[ \t]*$(.*?)^[ \t]*### END REFERENCE[ \t]*$", re.M | re.S)
MODULE = "aqwal.exercises.testcase"
MAX_NAME = 120


class CheckError(ValueError):
    """A check cell that does not follow the test-case format (an author's mistake)."""


@dataclass(frozen=True)
class Comparison:
    kind: str                     # equal, close, same_set, raises, between
    tol: float = DEFAULT_TOL
    exception: str = ""           # raises: the exception's name
    low: float | None = None      # between
    high: float | None = None

    def words(self) -> str:
        """The comparison as a student reads it."""
        if self.kind == "raises":
            return f"raises {self.exception}"
        if self.kind == "between":
            low = "" if self.low is None else f"{self.low:g} ≤ "
            high = "" if self.high is None else f" ≤ {self.high:g}"
            return f"a number {low}x{high}".replace("x", "value", 1)
        words = {"equal": "equal to the answer key's value", "close": "equal to the answer key's value",
                 "same_set": "the same items as the answer key's, in any order"}[self.kind]
        return f"{words} (floats within {self.tol:g})" if self.kind in ("equal", "close") else words

    def as_dict(self) -> dict:
        return {k: v for k, v in vars(self).items() if v not in ("", None)}


@dataclass(frozen=True)
class Given:
    source: str
    hidden: bool
    line: int
    reference: bool = False   # inside a reference region: for the key's references only


@dataclass(frozen=True)
class Case:
    exercise: str
    index: int
    name: str
    expr: str
    comparison: Comparison
    points: Fraction
    hidden: bool
    line: int
    reference: str | None = None   # evaluated in trusted kernels only

    @property
    def needs_key(self) -> bool:
        """Whether the expected value comes from the answer key."""
        return self.comparison.kind in ("equal", "close", "same_set")


@dataclass
class Check:
    exercise: str
    points: Fraction
    statements: list = field(default_factory=list)   # Given and Case, in cell order

    @property
    def cases(self) -> list[Case]:
        return [s for s in self.statements if isinstance(s, Case)]


# --- reading a check cell -------------------------------------------------------------------

def hidden_lines(source: str, region: re.Pattern = HIDDEN_REGION) -> set[int]:
    """1-based numbers of the lines inside hidden-test regions (or another region)."""
    lines = set()
    for match in region.finditer(source):
        first = source.count("\n", 0, match.start()) + 1
        last = source.count("\n", 0, match.end()) + 1
        lines.update(range(first, last + 1))
    return lines


def _literal(node, what: str, where: str):
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        raise CheckError(f"{where}: {what} must be a literal") from None


def _number(node, what: str, where: str):
    value = _literal(node, what, where)
    if value is not None and (type(value) not in (int, float) or value != value):
        raise CheckError(f"{where}: {what} must be a number or None")
    return value


def _lambda_body(source: str, node, where: str) -> str:
    if not isinstance(node, ast.Lambda) or node.args.args or node.args.vararg or node.args.kwarg:
        raise CheckError(f"{where}: the expression must be a lambda without arguments, `lambda: f(x)`")
    return ast.get_source_segment(source, node.body)


POSITIONAL = {"equal": 2, "close": 2, "same_set": 2, "raises": 3, "between": 4}
KEYWORDS = {"equal": {"points", "reference"}, "close": {"points", "reference", "tol"},
            "same_set": {"points", "reference"}, "raises": {"points"}, "between": {"points"}}


def _is_case_call(node) -> bool:
    return (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name) and node.value.func.id in POSITIONAL)


def _case(source: str, node: ast.Call, exercise: str, index: int, hidden: bool, where: str) -> dict:
    kind = node.func.id
    if len(node.args) != POSITIONAL[kind]:
        raise CheckError(f"{where}: {kind}() takes {POSITIONAL[kind]} positional arguments")
    name = _literal(node.args[0], "the case's name", where)
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
        raise CheckError(f"{where}: the name must be a non-empty string of at most {MAX_NAME} characters")
    keywords = {k.arg: k.value for k in node.keywords}
    unknown = set(keywords) - KEYWORDS[kind]
    if unknown:
        raise CheckError(f"{where}: {kind}() does not take {', '.join(sorted(map(str, unknown)))}")
    comparison = Comparison(kind)
    if kind == "close":
        if "tol" not in keywords:
            raise CheckError(f"{where}: close() needs its tolerance, tol=...")
        tol = _number(keywords["tol"], "tol", where)
        if tol is None or not 0 <= tol < 1:
            raise CheckError(f"{where}: tol must be a number from 0 to 1")
        comparison = Comparison(kind, tol=float(tol))
    elif kind == "raises":
        exception = getattr(builtins, getattr(node.args[1], "id", ""), None)
        if not (isinstance(exception, type) and issubclass(exception, Exception)):
            raise CheckError(f"{where}: raises() takes a built-in exception type, such as ValueError")
        comparison = Comparison(kind, exception=node.args[1].id)
    elif kind == "between":
        low, high = (_number(a, "a bound", where) for a in node.args[1:3])
        comparison = Comparison(kind, low=low, high=high)
    points = None
    if "points" in keywords:
        value = _literal(keywords["points"], "points", where)
        if type(value) not in (int, float) or not 0 <= value < float("inf"):
            raise CheckError(f"{where}: points must be a finite number ≥ 0")
        points = Fraction(str(value))
    reference = _lambda_body(source, keywords["reference"], where) if "reference" in keywords else None
    return dict(exercise=exercise, index=index, name=name.strip(),
                expr=_lambda_body(source, node.args[-1], where), comparison=comparison, points=points,
                hidden=hidden, line=node.lineno, reference=reference)


def _is_own_import(node) -> bool:
    return isinstance(node, ast.ImportFrom) and node.module == MODULE


def parse(source: str, exercise: str, points, where: str = "") -> Check:
    """The test cases and preparing statements of a check cell, without running it."""
    where = where or f"check cell of {exercise}"
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        raise CheckError(f"{where}, line {error.lineno}: {error.msg}") from None
    hidden, reference = hidden_lines(source), hidden_lines(source, REFERENCE_REGION)
    check = Check(exercise, _exercise_points(points, where))
    pending = []
    for node in tree.body:
        here = f"{where}, line {node.lineno}"
        if _is_own_import(node):
            continue
        if node.lineno in reference:
            if _is_case_call(node):
                raise CheckError(f"{here}: a test case cannot be inside a reference region")
            pending.append(Given(ast.get_source_segment(source, node), node.lineno in hidden, node.lineno, True))
            continue
        if _is_case_call(node):
            index = sum(isinstance(p, dict) for p in pending)
            pending.append(_case(source, node.value, exercise, index, node.lineno in hidden, here))
            continue
        nested = [n for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
                  and n.func.id in POSITIONAL]
        if nested:
            raise CheckError(f"{here}: a test case must be a statement of its own, not inside another")
        pending.append(Given(ast.get_source_segment(source, node), node.lineno in hidden, node.lineno))
    if not any(isinstance(p, dict) for p in pending):
        raise CheckError(f"{where}: no test case")
    _no_reference_in_grading(pending, where)
    names = [p["name"] for p in pending if isinstance(p, dict)]
    if len(set(names)) != len(names):
        raise CheckError(f"{where}: two test cases have the same name")
    shares = _shares([p["points"] for p in pending if isinstance(p, dict)], check.points, where)
    share = iter(shares)
    for item in pending:
        check.statements.append(Case(**{**item, "points": next(share)}) if isinstance(item, dict) else item)
    return check


SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.ListComp, ast.SetComp,
          ast.DictComp, ast.GeneratorExp)


def _defined(source: str) -> set[str]:
    """The names a statement binds in the cell's namespace (not inside a function or a
    comprehension): assigned, loop targets, defined or imported."""
    names, todo = set(), list(ast.parse(source).body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        if not isinstance(node, SCOPES):
            todo += ast.iter_child_nodes(node)
    return names


def _used(source: str) -> set[str]:
    """The names an expression or statement reads, less those its own lambdas and
    comprehensions bind."""
    tree = ast.parse(source)
    loaded = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    bound = {n.id for scope in ast.walk(tree) if isinstance(scope, SCOPES) for n in ast.walk(scope)
             if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    bound |= {a.arg for n in ast.walk(tree) if isinstance(n, ast.Lambda | ast.FunctionDef) for a in n.args.args}
    return loaded - bound


def _no_reference_in_grading(pending: list, where: str) -> None:
    """What a kernel evaluates must not need a name that only a reference region defines."""
    only_reference = set().union(*(_defined(p.source) for p in pending if isinstance(p, Given) and p.reference))
    only_reference -= set().union(*(_defined(p.source) for p in pending if isinstance(p, Given) and not p.reference))
    for item in pending:
        used = _used(item["expr"]) if isinstance(item, dict) else set() if item.reference else _used(item.source)
        if used & only_reference:
            raise CheckError(f"{where}, line {item['line'] if isinstance(item, dict) else item.line}: "
                             f"{', '.join(sorted(used & only_reference))} is defined in a reference region, "
                             "which grading never runs; use it only in reference=")


def _exercise_points(points, where: str) -> Fraction:
    if type(points) not in (int, float) or not 0 <= points < float("inf"):
        raise CheckError(f"{where}: the exercise's points ({points!r}) must be a finite number ≥ 0")
    return Fraction(str(points))


def _shares(given: list, total: Fraction, where: str) -> list[Fraction]:
    """Points stated per case, or the exercise's points split evenly in hundredths (the first
    cases get the odd hundredths), so that every case's points print exactly."""
    if all(p is None for p in given):
        cents, n = total * 100, len(given)
        if cents.denominator != 1:
            return [total / n] * n
        base, extra = divmod(int(cents), n)
        return [Fraction(base + (i < extra), 100) for i in range(n)]
    if any(p is None for p in given) or sum(given) != total:
        raise CheckError(f"{where}: when test cases state points, every case does and they add up to "
                         f"the exercise's {total}")
    return given


# --- running on the answer key (nbval, `aqwal exercises --execute`) -------------------------

class KeyFailsItsCase(AssertionError):
    """The answer key does not pass one of its own test cases."""


def _is_hidden(expression) -> bool:
    """Whether the lambda was written inside a hidden-test region of the running cell."""
    code = getattr(expression, "__code__", None)
    lines = linecache.getlines(code.co_filename) if code else []
    return code is not None and code.co_firstlineno in hidden_lines("".join(lines))


def _show(name: str, value, hidden: bool) -> None:
    line = f"✓ {isolate_runs(name)}" + (" (hidden)" if hidden else "")
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        get_ipython = None
    if get_ipython is None or get_ipython() is None:
        print(line)
        return
    bundle = {"text/plain": line}
    if not hidden:
        bundle[CASE_MIME] = json.dumps({"name": name, "value": json.loads(plaindata.encode(value))},
                                       ensure_ascii=False, separators=(",", ":"))
    display(bundle, raw=True)


def _outcome(expression):
    try:
        return expression(), None
    except Exception as error:
        return None, error


def _run(kind: str, name: str, expression, comparison: Comparison, reference=None) -> None:
    from aqwal.exercises.judge import Value, judge
    value, error = _outcome(expression)
    if kind == "raises":
        if error is None or not isinstance(error, getattr(builtins, comparison.exception)):
            got = f"raised {type(error).__name__}" if error else f"returned {value!r:.80}"
            raise KeyFailsItsCase(f"the answer key fails its own case {name!r}: it {got}")
        _show(name, {"raised": comparison.exception}, _is_hidden(expression))
        return
    if error is not None:
        raise KeyFailsItsCase(f"the answer key fails its own case {name!r}: it raised "
                              f"{type(error).__name__}: {error}") from error
    try:
        decoded = plaindata.decode(plaindata.encode(value))
    except (plaindata.Unsupported, plaindata.Oversized) as problem:
        raise KeyFailsItsCase(f"case {name!r}: the key's value has no plain-data form ({problem})") from None
    expected = Value(decoded)
    if reference is not None:
        expected = Value(plaindata.decode(plaindata.encode(reference())))
    case = Case("", 0, name, "", comparison, Fraction(0), False, 0)
    verdict = judge(case, expected, Value(decoded))
    if not verdict.passed:
        raise KeyFailsItsCase(f"the answer key fails its own case {name!r}: {verdict.message}")
    _show(name, value, _is_hidden(expression))


def equal(name: str, expression, *, points=None, reference=None) -> None:
    _run("equal", name, expression, Comparison("equal"), reference)


def close(name: str, expression, *, tol: float, points=None, reference=None) -> None:
    _run("close", name, expression, Comparison("close", tol=tol), reference)


def same_set(name: str, expression, *, points=None, reference=None) -> None:
    _run("same_set", name, expression, Comparison("same_set"), reference)


def raises(name: str, exception: type, expression, *, points=None) -> None:
    _run("raises", name, expression, Comparison("raises", exception=exception.__name__))


def between(name: str, low, high, expression, *, points=None) -> None:
    _run("between", name, expression, Comparison("between", low=low, high=high))
