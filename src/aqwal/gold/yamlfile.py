"""Reading gold YAML exactly as PyYAML's safe loader does, with a line for every value.

PyYAML through libyaml is the reference reader: what it reads is what the format means. Its
loader takes 8-20 ms per gold file, most of it constructing Python objects node by node; the
parser's events alone take about 2 ms. So `read` takes libyaml's parse events (the very events the
loader would compose) and builds the data itself, through PyYAML's own resolver and scalar
constructors, with the same last-key-wins dicts: the result is PyYAML's by construction, not by
resemblance. Whatever the builder does not reproduce itself sends the file to PyYAML's loader,
whose data or error then stands: a tag, an anchor, a mapping or list used as a key, a scalar no
safe constructor takes (`=`), a second document.

Some things PyYAML accepts are refused, because they make a file mean something its reader does
not see, or mean different things to different YAML readers: a key written twice in one mapping
(the last one silently wins), an alias `*x` (a value copied from elsewhere, possibly from inside
itself), a merge key `<<`, and the characters YAML 1.1 alone reads as line breaks (NEL, U+2028,
U+2029). Every problem has a line.
"""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

from aqwal.gold.findings import Problem, character, position, quoted

# libyaml's parser when PyYAML has it: about 20 times faster than the pure-Python one.
REFERENCE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BYTE_OFFSETS = REFERENCE is not yaml.SafeLoader  # libyaml counts reader positions in bytes
_STR = "tag:yaml.org,2002:str"


class Mapping(dict):
    """A dict that knows the 1-based line it starts on and the line of each key."""

    __slots__ = ("key_lines", "line")


class Sequence(list):
    """A list that knows the 1-based line it starts on and the line of each item."""

    __slots__ = ("item_lines", "line")


class Reading(NamedTuple):
    data: object  # None when there are problems (or the file holds nothing)
    problems: list[Problem]


def read(path: Path) -> Reading:
    """The file's data, or the problems that stop it being read; raises only OSError."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return Reading(None, [_not_utf8(raw, error)])
    return parse(text, raw)


# YAML 1.1 reads these as line breaks, YAML 1.2 readers as characters: a file holding one means
# different things to different readers.
_LINE_BREAKS_1_1 = "\x85\u2028\u2029"


def parse(text: str, raw: bytes | None = None) -> Reading:
    """text's data, or its problems; raw: the same text as UTF-8, if at hand."""
    for ch in _LINE_BREAKS_1_1:
        at = text.find(ch)
        if at != -1:
            line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
            return Reading(None, [Problem(
                "yaml-line-break", line, "", "", f"{character(ch)} at column {column}: YAML 1.1 "
                "reads it as a line break, other YAML readers as a character; delete it (or, if "
                "a line break is meant, end the line)")])
    builder = _Builder()
    try:
        data = builder.build(text if raw is None else raw)
    except yaml.YAMLError as error:
        return Reading(None, [malformed(error, text)])
    if builder.problems:
        return Reading(None, builder.problems)
    if builder.exact:
        return Reading(data, [])
    loader = _LineLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as error:
        return Reading(None, [malformed(error, text)])
    except RecursionError:  # PyYAML's constructor recurses; libyaml allows 1,000 levels
        return Reading(None, [Problem("malformed-yaml", 1, "", "", "the file nests collections too "
                                      "deeply for PyYAML to read: the format nests 5 levels")])
    finally:
        loader.dispose()
    return Reading(None, loader.problems) if loader.problems else Reading(data, [])


def line_of(node, key=None, default: int | None = None) -> int | None:
    """The line of node[key] (a key of a Mapping, an index of a Sequence), else of node."""
    if key is not None:
        lines = getattr(node, "key_lines" if isinstance(node, dict) else "item_lines", None)
        try:
            return lines[key]
        except (TypeError, KeyError, IndexError):
            pass
    return getattr(node, "line", None) or default


# -- the builder ----------------------------------------------------------------------------

_NO_KEY = object()
_resolving = REFERENCE("")  # PyYAML's own resolver and constructors, for plain scalars
_resolving.dispose()
_plain_cache: dict[str, tuple[bool, object]] = {}


def _plain(value: str) -> tuple[bool, object]:
    """(exact, value) of an untagged plain scalar, as PyYAML resolves and constructs it."""
    try:
        return _plain_cache[value]
    except KeyError:
        pass
    tag = _resolving.resolve(ScalarNode, value, (True, False))
    construct = REFERENCE.yaml_constructors.get(tag)
    if tag == _STR:
        result = (True, value)
    elif construct is None or tag == "tag:yaml.org,2002:merge":
        result = (False, value)
    else:
        result = (True, construct(_resolving, ScalarNode(tag, value)))
    if len(_plain_cache) > 100_000:
        _plain_cache.clear()
    _plain_cache[value] = result
    return result


class _Builder:
    """Data from libyaml's events; `exact` turns False where PyYAML must construct it."""

    def __init__(self):
        self.problems: list[Problem] = []
        self.exact = True

    def build(self, text: str | bytes):
        """UTF-8 bytes parse a little faster than text (libyaml reads bytes)."""
        loader = REFERENCE(text.encode("utf-8") if isinstance(text, str) else text)
        try:
            return self._events(loader.get_event)
        finally:
            loader.dispose()

    def _events(self, next_event):  # one flat loop over every event: it runs 2,000 times a file
        stack: list[list] = []  # [container, key awaiting its value, last key] from the root
        top = None  # stack[-1]
        root, documents, cache = None, 0, _plain_cache
        while True:
            event = next_event()
            cls = type(event)
            if cls is ScalarEvent:
                node = event.value
                if event.tag is not None or event.anchor is not None:
                    self.exact = False
                elif event.implicit[0]:
                    exact, node = cache.get(node) or _plain(node)
                    if not exact:
                        self.exact = False
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                if event.tag is not None or event.anchor is not None:
                    self.exact = False
                if cls is MappingStartEvent:
                    node = Mapping()
                    node.key_lines = {}
                else:
                    node = Sequence()
                    node.item_lines = []
                node.line = event.start_mark.line + 1
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                stack.pop()
                top = stack[-1] if stack else None
                continue
            elif cls is AliasEvent:
                self.problems.append(Problem(
                    "yaml-alias", event.start_mark.line + 1, "", _path(stack, inside=True),
                    f"the alias *{event.anchor} copies a value from elsewhere in the file; "
                    "aliases are not part of the format: write the value out"))
                node = None
            elif cls is DocumentStartEvent:
                documents += 1
                self.exact = self.exact and documents == 1  # PyYAML refuses a second one
                continue
            elif cls is StreamEndEvent:
                return root
            else:
                continue
            if top is not None:
                container, key = top[0], top[1]
                if type(container) is Sequence:
                    container.append(node)
                    container.item_lines.append(event.start_mark.line + 1)
                elif key is not _NO_KEY:
                    container[key] = node
                    top[1], top[2] = _NO_KEY, key
                elif type(node) is str and node != "<<" and node not in container:  # most keys
                    container.key_lines[node] = event.start_mark.line + 1
                    top[1] = node
                else:
                    self._key(node, event, stack, top)
            elif documents == 1:
                root = node
            if cls is MappingStartEvent or cls is SequenceStartEvent:
                top = [node, _NO_KEY, _NO_KEY]
                stack.append(top)

    def _key(self, node, event, stack: list[list], top: list):
        """node is the key of the mapping at the top: remember it, its line, and trouble."""
        container, line, key = top[0], event.start_mark.line + 1, node
        if type(node) is Mapping or type(node) is Sequence:
            self.exact, key = False, object()  # a key PyYAML must construct
        elif node == "<<" and type(event) is ScalarEvent and event.implicit[0]:
            self.problems.append(Problem(
                "yaml-merge-key", line, "", _joined(_path(stack, inside=False), "<<"),
                "a merge key << copies keys from another mapping (YAML 1.1 only): write the "
                "keys out"))
        elif self.exact and key in container:
            self.problems.append(Problem(
                "duplicate-key", line, "", _joined(_path(stack, inside=False), key),
                f"the key {quoted(key)} is written twice in this mapping (first on line "
                f"{container.key_lines[key]}); YAML would keep only the last value: remove one"))
        container.key_lines[key] = line
        top[1] = key


def _joined(path: str, key) -> str:
    return f"{path}.{key}" if path else str(key)


def _path(stack: list[list], inside: bool) -> str:
    """Where the builder is: `sentences[3].mentions[0]` (inside: the slot being filled)."""
    parts = []
    for depth, (container, pending, last) in enumerate(stack):
        final = depth == len(stack) - 1
        if type(container) is Sequence:
            if not final or inside:
                parts.append(f"[{len(container) - (not final)}]")
        elif not final or inside:
            key = pending if final else last
            if isinstance(key, (str, int)):
                parts.append(f".{key}")
    return "".join(parts).lstrip(".")


# -- the reference loader, for files the builder leaves to PyYAML ---------------------------

class _LineLoader(REFERENCE):
    """PyYAML's safe loader, with lines kept and duplicate keys found (after merge keys)."""

    def __init__(self, stream):
        super().__init__(stream)
        self.problems: list[Problem] = []


def _construct_mapping(loader, node):
    data = Mapping()
    data.line, data.key_lines = node.start_mark.line + 1, {}
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            duplicate = key in data
        except TypeError:  # PyYAML's own words for it
            raise yaml.constructor.ConstructorError("while constructing a mapping", node.start_mark,
                                                    "found unhashable key", key_node.start_mark
                                                    ) from None
        if duplicate:
            loader.problems.append(Problem(
                "duplicate-key", line, "", str(key), f"the key {quoted(key)} is written twice in the "
                f"mapping of line {data.line}; YAML would keep only the last value: remove one"))
        data.key_lines[key] = line
        data[key] = loader.construct_object(value_node, deep=True)


def _construct_sequence(loader, node):
    data = Sequence()
    data.line = node.start_mark.line + 1
    data.item_lines = [item.start_mark.line + 1 for item in node.value]
    yield data
    data.extend(loader.construct_sequence(node))


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


# -- problems -------------------------------------------------------------------------------

def _context_line(text: str, line: int) -> str:
    lines = text.split("\n")
    return quoted(lines[line - 1].strip()) if 0 < line <= len(lines) else "(end of file)"


def malformed(error: yaml.YAMLError, text: str) -> Problem:
    """A syntax error at the line the parser gave up on, with the line its construct started."""
    if isinstance(error, yaml.reader.ReaderError):
        at = (len(text.encode("utf-8")[:error.position].decode("utf-8", "replace"))
              if _BYTE_OFFSETS else error.position)
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        ch = text[at] if at < len(text) else chr(error.character)
        return Problem("malformed-yaml", line, "", "",
                       f"{character(ch)} at column {column} is not allowed in YAML "
                       f"({error.reason}): delete it or replace it by the character meant")
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = mark.line + 1 if mark else 1
    parts = [f"{getattr(error, 'problem', None) or error} at line {line}"
             + (f", column {mark.column + 1}" if mark else "") + f": {_context_line(text, line)}"]
    context, start = getattr(error, "context", None), getattr(error, "context_mark", None)
    if context and start and start.line + 1 != line:
        parts.append(f"{context} from line {start.line + 1}: "
                     f"{_context_line(text, start.line + 1)}")
    elif context:
        parts.append(context)
    return Problem("malformed-yaml", line, "", "", "; ".join(parts)
                   + " (look for an unclosed bracket or quote, or a wrong indentation)")


def _not_utf8(raw: bytes, error: UnicodeDecodeError) -> Problem:
    line, column = position(raw, error.start)
    return Problem("not-utf8", line, "", "",
                   f"byte 0x{raw[error.start]:02x} at column {column} is not UTF-8 "
                   f"({error.reason}): save the file as UTF-8")
