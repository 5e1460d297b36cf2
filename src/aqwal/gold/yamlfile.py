"""Reading gold YAML: fast when no finding needs a line number, PyYAML's meaning always.

PyYAML (through libyaml) is the reference reader: its data and its line numbers are what the
format means. It costs about 25 ms for a 46 kB gold file, which dominates a build of many
documents, so `load` first reads with rapidyaml (about 2 ms) and keeps the result only where it
must equal PyYAML's. Anything the two could read differently sends the file to PyYAML: a string
that PyYAML would take for another type had it been unquoted (`yes`, `2024-05-18`, `1_000`, an
alias `*x`) unless it is quoted everywhere it appears, a float, a merge key, a tag, a reserved
indicator, a directive, a second document, a byte-order mark, a character PyYAML refuses, and
any error. `load_with_lines` is PyYAML alone, with each mapping's line, to address findings.
"""
from __future__ import annotations

import json
import os
import re
import sys
from contextlib import contextmanager
from pathlib import Path

import ryml
import yaml
from yaml.reader import Reader
from yaml.resolver import Resolver

from aqwal.gold.anchor import occurrences


class Mapping(dict):
    """A dict that knows the 1-based line it started on."""

    line: int | None = None


# libyaml's parser when PyYAML has it: about 20 times faster than the pure-Python one.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):
    pass


def _construct_mapping(loader, node):
    data = Mapping()
    data.line = node.start_mark.line + 1
    yield data
    data.update(loader.construct_mapping(node))


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def load(path: Path):
    """Parse a UTF-8 YAML file as PyYAML's safe loader would; raises UnicodeDecodeError or
    yaml.YAMLError on bad input."""
    text = Path(path).read_bytes().decode("utf-8")
    data = _fast(text)
    return yaml.load(text, Loader=_SafeLoader) if data is _FALLBACK else data


def load_with_lines(path: Path):
    """Like `load`, with every mapping a `Mapping` that knows its line."""
    return yaml.load(Path(path).read_bytes().decode("utf-8"), Loader=_LineLoader)


def line_of(node, default: int | None = None) -> int | None:
    return getattr(node, "line", None) or default


_FALLBACK = object()
# Tags and reserved indicators, where a plain scalar or a node starts (after a space, a flow
# indicator or nothing).
_INDICATORS = "!@`"
_INDICATOR_AFTER = frozenset(" \t\r\n[{,")
_DOCUMENT_SYNTAX = ("\ufeff", "\n%", "\n---", "\n...")
# A JSON string that PyYAML would read as another type had it been a plain scalar: one that
# starts with a character PyYAML dispatches on and matches that resolver's pattern (all of
# them, unanchored, between quotes), or an alias `*x`. An empty string is not one: rapidyaml
# writes an empty plain scalar as null. The patterns hold no character JSON escapes except a
# tab, so a tab anywhere sends the file to PyYAML.
_STARTS = "".join(sorted(set(Resolver.yaml_implicit_resolvers) - {""} | {"*"}))
_RESOLVER_PATTERNS = sorted(
    regexp.pattern.strip().removeprefix("^").removesuffix("$")
    for regexp in {regexp for resolvers in Resolver.yaml_implicit_resolvers.values()
                   for _, regexp in resolvers})
_NOT_STR_JSON = re.compile(f'"(?=[{re.escape(_STARTS)}])(' + "|".join([r"\*[^\"]*", *_RESOLVER_PATTERNS])
                           + ')"', re.VERBOSE)
_PLAIN_BEFORE = frozenset(" \t\r\n[{,:?-")


def _fast(text: str):
    """rapidyaml's reading of text, or _FALLBACK when it might differ from PyYAML's."""
    if (any(s in text for s in _DOCUMENT_SYNTAX) or text.startswith(("%", "---", "..."))
            or any(_found_after(text, c, _INDICATOR_AFTER) for c in _INDICATORS)
            or Reader.NON_PRINTABLE.search(text)):
        return _FALLBACK
    try:
        with _quiet_stderr():
            tree = ryml.parse_in_arena(text.encode("utf-8"))
        as_json = ryml.emit_json_malloc(tree, tree.root_id())
        data = json.loads(as_json, parse_float=_refuse)
    except (ryml.ExceptionBasic, ValueError):  # PyYAML will name the error and its line
        return _FALLBACK
    if "\\t" in as_json or any(not _always_quoted(m.group(1), text)
                                for m in _NOT_STR_JSON.finditer(as_json)):
        return _FALLBACK
    return data


def _refuse(token: str):
    """JSON and YAML 1.1 disagree on floats such as 1e3; the format has none."""
    raise ValueError(f"{token}: a float")


def _found_after(text: str, needle: str, before: frozenset[str]) -> bool:
    """Whether needle occurs at the start of text or right after one of `before` (str.find,
    unlike a regular expression, skips the text at C speed)."""
    return any(at == 0 or text[at - 1] in before for at in occurrences(text, needle))


def _always_quoted(value: str, text: str) -> bool:
    """A one-line plain scalar appears verbatim, not right after a quote; a folded one could
    not be found, hence no spaces."""
    return not any(c.isspace() for c in value) and not _found_after(text, value, _PLAIN_BEFORE)


@contextmanager
def _quiet_stderr():
    """rapidyaml prints its parse errors to the C stderr before raising; PyYAML reports them."""
    sys.stderr.flush()
    saved, devnull = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)
