"""Label names to ClassLabel ids, for whole configs at once.

`Dataset.from_list` encodes row by row through the generic feature machinery, which was the
build's largest cost after parsing. An encoder compiled once per feature tree does the same.
"""
from __future__ import annotations

from collections.abc import Callable

import pyarrow as pa
from datasets import ClassLabel, Dataset, DatasetInfo, Features, List
from datasets.table import InMemoryTable

Encoder = Callable[[object], object]


def compile_encoder(feature) -> Encoder | None:
    """A function that turns names into ids inside values of this feature; None if none needed."""
    if isinstance(feature, ClassLabel):
        ids = {name: i for i, name in enumerate(feature.names)}
        return ids.__getitem__
    if isinstance(feature, List):
        inner = compile_encoder(feature.feature)
        return None if inner is None else (lambda values: list(map(inner, values)))
    if isinstance(feature, dict):
        inner = {k: e for k, e in ((k, compile_encoder(f)) for k, f in feature.items()) if e}
        if not inner:
            return None
        return lambda value: None if value is None else {
            **value, **{k: encode(value[k]) for k, encode in inner.items()}}
    return None


def to_table(rows: list[dict], features: Features) -> pa.Table:
    """The rows (with label names) as an Arrow table of these features (label ids)."""
    encoders = {k: e for k, e in ((k, compile_encoder(f)) for k, f in features.items()) if e}
    encoded = [{**row, **{k: encode(row[k]) for k, encode in encoders.items()}} for row in rows]
    return pa.Table.from_pylist(encoded, schema=features.arrow_schema)


def as_dataset(table: pa.Table, features: Features) -> Dataset:
    """A fixed fingerprint: the default one pickles the whole table to hash it (0.5 s for a
    thousand documents) for a cache these in-memory datasets never use."""
    return Dataset(InMemoryTable(table), info=DatasetInfo(features=features),
                   fingerprint="aqwal-in-memory")

