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
        return None if inner is None else (lambda values: [inner(v) for v in values])
    if isinstance(feature, dict):
        inner = {k: e for k, e in ((k, compile_encoder(f)) for k, f in feature.items()) if e}
        if not inner:
            return None
        return lambda value: None if value is None else {
            **value, **{k: encode(value[k]) for k, encode in inner.items()}}
    return None


def to_dataset(rows: list[dict], features: Features) -> Dataset:
    """The rows (with label names) as a Dataset with these features."""
    encoders = {k: e for k, e in ((k, compile_encoder(f)) for k, f in features.items()) if e}
    encoded = [{**row, **{k: encode(row[k]) for k, encode in encoders.items()}} for row in rows]
    table = pa.Table.from_pylist(encoded, schema=features.arrow_schema)
    return Dataset(InMemoryTable(table), info=DatasetInfo(features=features))
