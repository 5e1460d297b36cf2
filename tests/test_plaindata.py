"""Values cross from a kernel to the grader only as plain data that keeps types apart."""
import math

import numpy as np
import pandas as pd
import pytest

from aqwal.exercises.plaindata import (
    Array,
    Frame,
    Malformed,
    Missing,
    Oversized,
    Series,
    Unsupported,
    decode,
    encode,
)


def roundtrip(value):
    return decode(encode(value))


@pytest.mark.parametrize("value", [None, True, False, 0, 1, -7, 2**80, 1.0, 0.1, "", "نص", [], [1, [2, "x"]],
                                   (1, 2), (), {"a": 1, (1, 2): [3]}, {1, 2}, frozenset({"x"})])
def test_plain_values_come_back_with_their_types(value):
    back = roundtrip(value)
    assert back == value and type(back) is (frozenset if isinstance(value, set) else type(value))


def test_true_one_and_one_point_zero_stay_apart():
    assert [type(roundtrip(v)) for v in (True, 1, 1.0)] == [bool, int, float]
    assert type(roundtrip((True,))[0]) is bool and type(roundtrip({1: 1.0})[1]) is float


def test_non_finite_floats():
    assert math.isnan(roundtrip(float("nan"))) and roundtrip(float("-inf")) == float("-inf")


def test_numpy_and_pandas_become_plain_values():
    assert type(roundtrip(np.int64(3))) is int and type(roundtrip(np.float32(0.5))) is float
    assert roundtrip(np.bool_(True)) is True and type(roundtrip(np.str_("a"))) is str
    assert roundtrip(np.array([[1, 2], [3, 4]])) == Array("int", (2, 2), [[1, 2], [3, 4]])
    frame = roundtrip(pd.DataFrame({"n": [1, 2], "t": ["a", "b"], "f": [0.5, None]}, index=["x", "y"]))
    assert frame.columns == ("n", "t", "f") and frame.index == ("x", "y") and frame.dtypes == ("int", "str", "float")
    assert frame.rows[0] == (1, "a", 0.5) and math.isnan(frame.rows[1][2])
    assert roundtrip(pd.Series([1.5], index=["a"], name="s")) == Series("float", ("a",), (1.5,), "s")
    assert roundtrip(pd.NA) == Missing("NA")
    assert isinstance(roundtrip(pd.DataFrame()), Frame)


class AlwaysEqual:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


class Yes(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


class Many(list):
    pass


@pytest.mark.parametrize("value", [AlwaysEqual(), Yes("x"), Many([1]), [AlwaysEqual()], {"k": Yes("v")},
                                   np.complex128(1), lambda: 1, type("Int", (int,), {})(3)])
def test_objects_without_a_plain_form_are_refused(value):
    with pytest.raises(Unsupported):
        encode(value)


def test_oversized_and_too_deep_values_are_refused():
    with pytest.raises(Oversized):
        encode("x" * 3_000_000)
    deep = []
    for _ in range(100):
        deep = [deep]
    with pytest.raises(Oversized):
        encode(deep)
    with pytest.raises(Oversized):
        encode(10 ** 400)


@pytest.mark.parametrize("text", [
    '{"a": 1}', "[1,", "NaN", "[Infinity]", '{"set": [[1]]}', '{"dict": [[1, 2], [1, 3]]}', '{"dict": [[[1], 2]]}',
    '{"float": "1e5"}', '{"tuple": [1], "set": []}', '{"tuple": 5}', '{"missing": "None"}',
    '{"frame": {"columns": ["a"], "index": [0], "dtypes": [], "rows": [[1]]}}',
    '{"series": {"index": [1, 2], "values": [1], "dtype": "int", "name": null}}',
    "[" * 5000 + "]" * 5000, '{"tuple":[1],"tuple":[2]}'])
def test_malformed_text_is_refused(text):
    with pytest.raises(Malformed):
        decode(text)


def test_decoding_refuses_text_over_the_limit():
    with pytest.raises(Oversized):
        decode('"' + "x" * 100 + '"', max_bytes=50)
