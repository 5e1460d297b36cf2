"""YAML loading that remembers line numbers, so findings can point at the exact line."""
from __future__ import annotations

from pathlib import Path

import yaml


class Mapping(dict):
    """A dict that knows the 1-based line it started on."""

    line: int | None = None


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's parser when PyYAML has it: about 20 times faster than the pure-Python one."""


def _construct_mapping(loader, node):
    data = Mapping()
    data.line = node.start_mark.line + 1
    yield data
    data.update(loader.construct_mapping(node))


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def load(path: Path):
    """Parse a UTF-8 YAML file; raises UnicodeDecodeError or yaml.YAMLError on bad input."""
    return yaml.load(Path(path).read_bytes().decode("utf-8"), Loader=_LineLoader)


def line_of(node, default: int | None = None) -> int | None:
    return getattr(node, "line", None) or default
