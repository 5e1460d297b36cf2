"""The test-case format of check cells: read statically by the grader, run on the key by nbval."""
from fractions import Fraction

import pytest

from aqwal.exercises import testcase
from aqwal.exercises.testcase import CheckError, Given, KeyFailsItsCase, parse

CELL = '''# Check exercise 1 (3 points)
from aqwal.exercises.testcase import close, equal, raises

_x = [1, 2]
equal("the sum of [1, 2] is 3", lambda: total(_x))
close("the mean", lambda: mean(_x), tol=1e-6, reference=lambda: 1.5)
### BEGIN HIDDEN TESTS
_y = []
raises("an empty list raises ValueError", ValueError, lambda: mean(_y))
### END HIDDEN TESTS
'''


def test_a_check_cell_becomes_statements_cases_and_points():
    check = parse(CELL, "ex1", 3)
    kinds = [type(s).__name__ for s in check.statements]
    assert kinds == ["Given", "Case", "Case", "Given", "Case"]
    given, total, mean, hidden_given, empty = check.statements
    assert given == Given("_x = [1, 2]", False, 4) and hidden_given.hidden
    assert (total.name, total.expr, total.comparison.kind) == ("the sum of [1, 2] is 3", "total(_x)", "equal")
    assert not total.hidden
    assert (mean.comparison.tol, mean.reference) == (1e-6, "1.5")
    assert (empty.comparison.exception, empty.hidden, empty.index) == ("ValueError", True, 2)
    assert [c.points for c in check.cases] == [Fraction(1)] * 3


def test_points_split_evenly_or_as_stated():
    hundredths = [[Fraction(n, 100) for n in split] for split in ([67, 67, 66], [17, 17, 16])]
    assert [[c.points for c in parse(CELL, "ex1", points).cases] for points in (2, 0.5)] == hundredths
    stated = CELL.replace("lambda: total(_x))", "lambda: total(_x), points=2)").replace(
        "reference=lambda: 1.5)", "reference=lambda: 1.5, points=0.5)").replace("mean(_y))", "mean(_y), points=0.5)")
    assert [c.points for c in parse(stated, "ex1", 3).cases] == [2, Fraction(1, 2), Fraction(1, 2)]
    with pytest.raises(CheckError, match="add up"):
        parse(stated, "ex1", 4)


@pytest.mark.parametrize("source, problem", [
    ("x = 1", "no test case"),
    ("equal('a', total([1]))", "lambda"),
    ("equal('a', lambda x: x)", "lambda"),
    ("equal('', lambda: 1)", "name"),
    ("equal(name, lambda: 1)", "literal"),
    ("equal('a', lambda: 1)\nequal('a', lambda: 2)", "same name"),
    ("close('a', lambda: 1.0)", "tolerance"),
    ("equal('a', lambda: 1, tol=0.1)", "does not take tol"),
    ("raises('a', NotAnError, lambda: 1)", "built-in exception"),
    ("for i in range(2):\n    equal('a', lambda: i)", "statement of its own"),
    ("equal('a', lambda: 1, points=float('nan'))", "literal"),
    ("equal('a', lambda: 1, points=-1)", "finite number"),
    ("equal('a' lambda: 1)", "line 1"),
])
def test_a_malformed_check_cell_is_refused_with_where_and_what(source, problem):
    with pytest.raises(CheckError, match=problem) as error:
        parse(source, "ex1", 1, "key.ipynb, check cell ex1-check")
    assert "key.ipynb, check cell ex1-check" in str(error.value)


REFERENCE_CELL = '''from aqwal.exercises.testcase import equal

_inputs = [[1, 2], [3]]
### BEGIN REFERENCE
_expected = [3, 3]


def _by_hand(xs):
    return sum(xs)


### END REFERENCE
equal("sums of two lists", lambda: [total(xs) for xs in _inputs], reference=lambda: [_by_hand(xs) for xs in _inputs])
'''


def test_a_reference_region_is_never_sent_to_a_kernel():
    from aqwal.exercises.key import probe_code
    check = parse(REFERENCE_CELL, "ex1", 1)
    assert [(type(s).__name__, getattr(s, "reference", None)) for s in check.statements] == [
        ("Given", False), ("Given", True), ("Given", True), ("Case", "[_by_hand(xs) for xs in _inputs]")]
    code = probe_code(check)
    assert "_inputs = [[1, 2], [3]]" in code and "_expected" not in code and "_by_hand" not in code


@pytest.mark.parametrize("case", ['equal("uses it", lambda: total(_expected))',
                                  'equal("calls it", lambda: [_by_hand(xs) for xs in _inputs])'])
def test_what_a_kernel_evaluates_cannot_need_the_reference_region(case):
    with pytest.raises(CheckError, match="defined in a reference region"):
        parse(REFERENCE_CELL + case + "\n", "ex1", 1)


def test_on_the_key_each_case_prints_a_line_and_checks_the_key(capsys):
    testcase.equal("two is two", lambda: 1 + 1)
    testcase.raises("dividing by zero raises ZeroDivisionError", ZeroDivisionError, lambda: 1 / 0)
    testcase.between("a probability", 0, 1, lambda: 0.5)
    testcase.close("a third", lambda: 1 / 3, tol=1e-9, reference=lambda: 0.3333333333)
    assert capsys.readouterr().out.splitlines() == [
        "✓ two is two", "✓ dividing by zero raises ZeroDivisionError", "✓ a probability", "✓ a third"]


@pytest.mark.parametrize("run", [
    lambda: testcase.raises("raises", ValueError, lambda: 1),
    lambda: testcase.raises("raises", ValueError, lambda: {}["x"]),
    lambda: testcase.equal("raises nothing", lambda: {}["x"]),
    lambda: testcase.between("a probability", 0, 1, lambda: 2),
    lambda: testcase.equal("agrees with the reference", lambda: 1, reference=lambda: 2),
    lambda: testcase.equal("a plain value", lambda: object()),
])
def test_the_key_failing_its_own_case_fails_the_cell(run):
    with pytest.raises(KeyFailsItsCase):
        run()

