"""Values as plain data: what a kernel may send to the grader, and what the grader reads back.

A value computed in a student's kernel reaches the grader only as JSON text of plain data:
None, bool, int, float, str and lists as themselves; tuples, sets, dicts, non-finite floats,
numpy arrays and pandas frames and series as objects with one tag. Nothing else crosses: an
object whose `__eq__` is always true has no encoding, and the grader compares only values it
decoded itself, with types that keep True, 1 and 1.0 apart.

`encode` runs in the kernel (stdlib only; numpy and pandas are used only if already imported);
`decode` runs in the grader and refuses anything malformed, too deep or too large.
"""
from __future__ import annotations

import json
import math
import sys
from dataclasses import dataclass

MAX_BYTES = 2_000_000    # of one encoded value
MAX_DEPTH = 40           # nesting of lists, tuples, dicts, ...
TAGS = ("tuple", "set", "dict", "float", "array", "frame", "series", "missing")


class Unsupported(TypeError):
    """A value of a type that has no plain-data form."""

    def __init__(self, type_name: str):
        super().__init__(type_name)
        self.type_name = type_name


class Malformed(ValueError):
    """Text from a kernel that is not a well-formed encoded value."""


class Oversized(ValueError):
    """An encoded value over MAX_BYTES."""


# --- decoded forms of numpy and pandas objects (the grader never imports the originals) --------

@dataclass(frozen=True)
class Array:
    dtype: str            # bool, int, float, str or object
    shape: tuple
    values: object        # nested lists of decoded values


@dataclass(frozen=True)
class Series:
    dtype: str
    index: tuple
    values: tuple
    name: object = None


@dataclass(frozen=True)
class Frame:
    columns: tuple
    index: tuple
    dtypes: tuple
    rows: tuple           # one tuple of cells per row
    index_name: object = None
    columns_name: object = None


@dataclass(frozen=True)
class Missing:
    """pandas' NA or NaT."""
    name: str


# --- encoding, in the kernel ----------------------------------------------------------------

def _dtype_class(dtype) -> str:
    kind = getattr(dtype, "kind", "O")
    name = str(dtype)
    if kind == "b" or name == "boolean":
        return "bool"
    if kind in "iu" or name.startswith(("Int", "UInt")):
        return "int"
    if kind == "f" or name.startswith("Float"):
        return "float"
    if kind in "US" or name in ("str", "string"):
        return "str"
    return "object"


def _numpy_scalar(value):
    """The Python value of an exact numpy scalar type, or None when value is not one."""
    numpy = sys.modules.get("numpy")
    if numpy is None or type(value) not in _numpy_types(numpy):
        return None
    if isinstance(value, numpy.bool_):
        return (bool(value),)
    if isinstance(value, numpy.integer):
        return (int(value),)
    if isinstance(value, numpy.floating):
        return (float(value),)
    if isinstance(value, numpy.str_):
        return (str(value),)
    return None


_NUMPY_TYPES: dict[int, frozenset] = {}


def _numpy_types(numpy) -> frozenset:
    key = id(numpy)
    if key not in _NUMPY_TYPES:
        _NUMPY_TYPES[key] = frozenset(t for t in numpy.sctypeDict.values()
                                      if issubclass(t, numpy.bool_ | numpy.integer | numpy.floating | numpy.str_))
    return _NUMPY_TYPES[key]


class _Encoder:
    def __init__(self, max_bytes: int):
        self.budget = max_bytes

    def spend(self, n: int) -> None:
        self.budget -= n
        if self.budget < 0:
            raise Oversized("the value is larger than the limit")

    def __call__(self, value, depth: int = 0):
        if depth > MAX_DEPTH:
            raise Oversized(f"the value is nested more than {MAX_DEPTH} levels deep")
        self.spend(8)
        kind = type(value)
        if value is None or kind is bool or kind is int:
            if kind is int and abs(value) >= 10 ** 300:
                raise Oversized("an integer with more than 300 digits")
            return value
        if kind is float:
            return value if math.isfinite(value) else {"float": repr(value)}
        if kind is str:
            self.spend(len(value))
            return value
        if kind is list:
            return [self(v, depth + 1) for v in value]
        if kind is tuple:
            return {"tuple": [self(v, depth + 1) for v in value]}
        if kind is dict:
            return {"dict": [[self(k, depth + 1), self(v, depth + 1)] for k, v in value.items()]}
        if kind in (set, frozenset):
            items = [self(v, depth + 1) for v in value]
            return {"set": sorted(items, key=lambda v: json.dumps(v, sort_keys=True))}
        scalar = _numpy_scalar(value)
        if scalar is not None:
            return self(scalar[0], depth)
        return self._library(value, kind, depth)

    def _library(self, value, kind, depth):
        numpy, pandas = sys.modules.get("numpy"), sys.modules.get("pandas")
        if numpy is not None and kind is numpy.ndarray:
            return {"array": {"dtype": _dtype_class(value.dtype), "shape": list(value.shape),
                              "values": self(value.tolist(), depth + 1)}}
        if pandas is not None:
            if kind is pandas.DataFrame:
                return {"frame": {
                    "columns": self(list(value.columns), depth + 1),
                    "index": self(list(value.index), depth + 1),
                    "dtypes": [_dtype_class(d) for d in value.dtypes],
                    "rows": [self(list(row), depth + 1) for row in value.itertuples(index=False, name=None)],
                    "index_name": self(value.index.name, depth + 1),
                    "columns_name": self(value.columns.name, depth + 1)}}
            if kind is pandas.Series:
                return {"series": {"dtype": _dtype_class(value.dtype),
                                   "index": self(list(value.index), depth + 1),
                                   "values": self(list(value), depth + 1),
                                   "name": self(value.name, depth + 1)}}
            if value is pandas.NA or value is pandas.NaT:
                return {"missing": "NA" if value is pandas.NA else "NaT"}
        raise Unsupported(f"{getattr(kind, '__module__', '?')}.{getattr(kind, '__qualname__', '?')}")


def encode(value, max_bytes: int = MAX_BYTES) -> str:
    """JSON text of value's plain-data form; Unsupported or Oversized otherwise."""
    text = json.dumps(_Encoder(max_bytes)(value), ensure_ascii=False, allow_nan=False)
    if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        raise Oversized("the value is larger than the limit")
    return text


# --- decoding, in the grader ----------------------------------------------------------------

def _refuse_constant(name):
    raise Malformed(f"{name} is not plain data")


def _object(pairs):
    built = dict(pairs)
    if len(built) != len(pairs):
        raise Malformed("an object with a repeated key")
    return built


def _hashable(value, where: str):
    try:
        hash(value)
    except TypeError:
        raise Malformed(f"an unhashable {where}") from None
    return value


def _list(raw, what: str) -> list:
    if type(raw) is not list:
        raise Malformed(f"{what} is not a list")
    return raw


def _build(raw, depth: int = 0):
    if depth > MAX_DEPTH + 2:
        raise Malformed("nested too deep")
    kind = type(raw)
    if raw is None or kind in (bool, int, float, str):
        return raw
    if kind is list:
        return [_build(v, depth + 1) for v in raw]
    if len(raw) != 1 or next(iter(raw)) not in TAGS:
        raise Malformed("an object that is not one tagged value")
    (tag, body), = raw.items()
    if tag == "tuple":
        return tuple(_build(v, depth + 1) for v in _list(body, "a tuple"))
    if tag == "set":
        return frozenset(_hashable(_build(v, depth + 1), "set item") for v in _list(body, "a set"))
    if tag == "dict":
        pairs = _list(body, "a dict")
        if not all(type(p) is list and len(p) == 2 for p in pairs):
            raise Malformed("a dict item that is not a pair")
        built = {_hashable(_build(k, depth + 1), "dict key"): _build(v, depth + 1) for k, v in pairs}
        if len(built) != len(pairs):
            raise Malformed("a dict with a repeated key")
        return built
    if tag == "float":
        if body not in ("nan", "inf", "-inf"):
            raise Malformed("a float tag that is not nan, inf or -inf")
        return float(body)
    if tag == "missing":
        if body not in ("NA", "NaT"):
            raise Malformed("a missing value that is not NA or NaT")
        return Missing(body)
    if type(body) is not dict:
        raise Malformed(f"a {tag} without fields")
    return _build_library(tag, body, depth)


def _field(body: dict, name: str, depth: int):
    if name not in body:
        raise Malformed(f"a field {name!r} is missing")
    return _build(body[name], depth + 1)


def _dtypes(raw) -> tuple:
    if type(raw) is not list or not all(type(d) is str for d in raw):
        raise Malformed("dtypes that are not strings")
    return tuple(raw)


def _build_library(tag: str, body: dict, depth: int):
    if tag == "array":
        shape = _field(body, "shape", depth)
        if type(shape) is not list or not all(type(n) is int and n >= 0 for n in shape):
            raise Malformed("an array shape that is not a list of sizes")
        return Array(str(_dtypes([body.get("dtype")])[0]), tuple(shape), _field(body, "values", depth))
    if tag == "series":
        index, values = _field(body, "index", depth), _field(body, "values", depth)
        if type(index) is not list or type(values) is not list or len(index) != len(values):
            raise Malformed("a series whose index and values differ in length")
        return Series(_dtypes([body.get("dtype")])[0], tuple(index), tuple(values), _field(body, "name", depth))
    if tag == "frame":
        columns, index, rows = (_field(body, k, depth) for k in ("columns", "index", "rows"))
        dtypes = _dtypes(body.get("dtypes"))
        if not all(type(x) is list for x in (columns, index, rows)) or len(dtypes) != len(columns) \
                or len(rows) != len(index) or not all(type(r) is list and len(r) == len(columns) for r in rows):
            raise Malformed("a frame whose columns, index and rows do not fit together")
        return Frame(tuple(columns), tuple(index), dtypes, tuple(tuple(r) for r in rows),
                     _field(body, "index_name", depth), _field(body, "columns_name", depth))
    raise Malformed(f"an unknown tag {tag!r}")


def decode(text: str, max_bytes: int = MAX_BYTES):
    """The value encoded in text, in the grader's own types; Malformed or Oversized otherwise."""
    if not isinstance(text, str):
        raise Malformed("not text")
    if len(text) > max_bytes:
        raise Oversized("the value is larger than the limit")
    try:
        raw = json.loads(text, object_pairs_hook=_object, parse_constant=_refuse_constant)
        return _build(raw)
    except (Malformed, Oversized):
        raise
    except (ValueError, RecursionError, TypeError) as error:
        raise Malformed(f"not valid JSON ({type(error).__name__})") from None
