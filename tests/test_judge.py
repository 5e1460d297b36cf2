"""Judging in the grader: type-strict, with a stated tolerance, and messages that teach."""
from fractions import Fraction

import pytest

from aqwal.exercises.judge import NOT_ANSWERED, Problem, Raised, Value, describe, judge, outcome_of
from aqwal.exercises.plaindata import Frame, encode
from aqwal.exercises.testcase import Case, Comparison


def case(kind="equal", hidden=False, **options):
    return Case("ex1", 0, "a property", "f()", Comparison(kind, **options), Fraction(1), hidden, 1)


def verdict(expected, actual, **options):
    return judge(case(**options), Value(expected), Value(actual))


@pytest.mark.parametrize("expected, actual", [(1, True), (1, 1.0), (1.0, 1), (True, 1), ((1, 2), [1, 2]),
                                              ([(0, 1)], [[0, 1]]), ({"a": 1}, {"a": 1.0}), ("1", 1), (None, 0),
                                              (frozenset({1}), frozenset({True}))])
def test_types_are_compared_strictly(expected, actual):
    assert not verdict(expected, actual).passed


def test_floats_within_the_stated_tolerance():
    assert verdict(0.1 + 0.2, 0.3).passed
    assert not verdict(1.0, 1.0 + 1e-6).passed
    assert verdict(1.0, 1.0 + 1e-6, kind="close", tol=1e-5).passed
    assert verdict(float("nan"), float("nan")).passed and not verdict(float("nan"), 0.0).passed
    assert verdict(1e12, 1e12 + 1).passed   # relative for large values: |a - b| <= tol * max(1, |a|, |b|)


def test_dicts_ignore_order_lists_do_not():
    assert verdict({"a": 1, "b": 2}, {"b": 2, "a": 1}).passed
    assert not verdict([1, 2], [2, 1]).passed
    assert verdict([1, 2], (2, 1), kind="same_set").passed
    assert not verdict([1, 2], [1, 2, 3], kind="same_set").passed


def frame(rows, dtypes=("int", "str")):
    return Frame(("n", "t"), tuple(range(len(rows))), dtypes, tuple(rows))


def test_frames_compare_columns_index_dtypes_and_cells():
    assert verdict(frame([(1, "a")]), frame([(1, "a")])).passed
    assert verdict(frame([(1, "a")]), frame([(1, "a")], ("int", "object"))).passed   # text is text
    wrong_dtype = verdict(frame([(1, "a")]), frame([(1.0, "a")], ("float", "str")))
    assert not wrong_dtype.passed and "dtype float, expected int" in wrong_dtype.message
    assert "at ['t'] row 0" in verdict(frame([(1, "a")]), frame([(1, "b")])).message


def test_a_public_message_says_what_was_expected_and_what_came_back():
    message = verdict([(0, 4), (5, 9)], [(0, 4), (5, 8)]).message
    assert message == "at [1][1]: expected an int: 9; got an int: 8"
    assert verdict([1, 2, 3], [1, 2]).message == "expected a list of 3 items: [1, 2, 3]; got a list of 2 items: [1, 2]"


def test_a_hidden_message_never_shows_the_expected_value():
    message = verdict([(0, 4), (5, 9)], [(0, 4), (5, 8)], hidden=True).message
    assert message == "at [1][1]: wrong value: got an int: 8" and "9" not in message
    assert "3" not in verdict([1, 2, 3], [1, 2], hidden=True).message
    assert "secret" not in verdict("secret", "public", hidden=True).message


def test_not_answered_raised_and_problems():
    assert judge(case(), Value(1), Raised("NotImplementedError", ("NotImplementedError",))).message == NOT_ANSWERED
    assert judge(case(), Value(1), Raised("KeyError", ("KeyError",), "'x'")).message == "raised KeyError: 'x'"
    assert judge(case(), Value(1), Problem("no result came back")).message == "no result came back"


def test_raises_accepts_a_subclass_of_the_stated_exception():
    raises = case("raises", exception="LookupError")
    assert judge(raises, None, Raised("KeyError", ("KeyError", "LookupError", "Exception"))).passed
    assert not judge(raises, None, Raised("ValueError", ("ValueError",))).passed
    assert judge(raises, None, Value(3)).message == "expected it to raise LookupError; it returned an int: 3"


def test_between_takes_numbers_only():
    between = case("between", low=0, high=1)
    assert judge(between, None, Value(0.5)).passed and judge(between, None, Value(1)).passed
    assert not judge(between, None, Value(True)).passed and not judge(between, None, Value(float("nan"))).passed
    assert judge(between, None, Value(2.0)).message == "expected a number 0 ≤ value ≤ 1; got a float: 2.0"


def test_student_text_is_escaped_and_cut():
    message = judge(case(), Value(1), Raised("ValueError", ("ValueError",), "\x1b[2J" + "A" * 1000)).message
    assert "\x1b" not in message and "\\x1b[2J" in message and len(message) <= 200
    assert "\x1b" not in verdict("a", "\x1b[31mred").message


def test_outcomes_from_the_kernel_are_read_defensively():
    assert outcome_of({"value": encode((1, 2))}) == Value((1, 2))
    assert isinstance(outcome_of({"value": "[1,"}), Problem)
    assert isinstance(outcome_of({"value": 5}), Problem)
    assert isinstance(outcome_of({"raised": "X", "bases": "notalist", "message": ""}), Problem)
    assert isinstance(outcome_of("a string"), Problem) and isinstance(outcome_of({"a": 1, "b": 2}), Problem)
    assert "cannot read" in outcome_of({"unsupported": "m.AlwaysEqual"}).message


def test_describe():
    assert describe("abc") == "a str of 3 characters: 'abc'"
    assert describe(frame([(1, "a")])) == "a DataFrame of 1 rows × 2 columns: columns ['n', 't']"
