"""The shape of a gold file: every mapping's closed set of keys and the type of each value.

`SHAPE` is the format as data (docs/annotation-format.md prints the same table): a mapping kind
names its keys, each with a value type and whether it is required. Types: a mapping kind
(`span`, `quote`, ...), `[T]` a list of T (`[T]+`: at least one), `T?` T or null, and the
scalar types of `_SCALARS`. `check` walks a file's data and returns a finding for every key
that is unknown (with the nearest known key), missing, or of the wrong type or value. Only a
file whose shape is right goes on to be anchored and cross-checked, so the later levels can
trust every type.
"""
from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable

from aqwal import schema
from aqwal.gold.findings import Problem, character, quoted
from aqwal.gold.seeds import ID, id_problem
from aqwal.gold.yamlfile import line_of

REQUIRED, OPTIONAL = True, False
PROPOSED = ("text", OPTIONAL)  # the rule that proposed a draft label (pre-annotation)

SHAPE: dict[str, dict[str, tuple[str, bool]]] = {
    "file": {"doc_id": ("id", REQUIRED), "document": ("document", REQUIRED),
             "entities": ("[entity]", REQUIRED), "sentences": ("[sentence]", REQUIRED)},
    "document": {"language": ("language", REQUIRED), "publisher": ("text?", REQUIRED),
                 "publisher_en": ("text?", REQUIRED), "page_date": ("date?", REQUIRED),
                 "url": ("url?", REQUIRED), "url_note": ("text?", REQUIRED),
                 "publication_date": ("date?", REQUIRED),
                 "publication_date_note": ("text?", REQUIRED)},
    "entity": {"id": ("id", REQUIRED), "type": ("entity-type", REQUIRED),
               "name": ("text", REQUIRED), "name_en": ("text", REQUIRED), "proposed": PROPOSED},
    "sentence": {"section": ("section", REQUIRED), "text": ("record-text", REQUIRED),
                 "text_en": ("text", REQUIRED), "mentions": ("[mention]", OPTIONAL),
                 "quotes": ("[quote]", OPTIONAL), "continues": ("[continuation]", OPTIONAL),
                 "marks": ("[mark]", OPTIONAL),
                 "stance": ("stance", REQUIRED), "stance_holder": ("[id]", OPTIONAL),
                 "stance_rationale": ("text?", OPTIONAL), "proposed": PROPOSED},
    "mention": {"text": ("span-text", REQUIRED), "n": ("count", OPTIONAL),
                "entity": ("ids", REQUIRED), "kind": ("mention-kind", REQUIRED),
                "proposed": PROPOSED},
    "quote": {"id": ("id", REQUIRED), "type": ("quote-type", REQUIRED),
              "cue": ("span", REQUIRED), "source": ("span?", OPTIONAL),
              "speakers": ("ids-or-empty", REQUIRED), "content": ("[span]+", REQUIRED),
              "parent": ("id?", OPTIONAL), "stance": ("stance", REQUIRED),
              "stance_rationale": ("text?", OPTIONAL), "proposed": PROPOSED},
    # content, in a later record, of an attribution whose cue is in an earlier one
    "continuation": {"quote": ("id", REQUIRED), "content": ("[span]+", REQUIRED)},
    "mark": {"text": ("span-text", REQUIRED), "n": ("count", OPTIONAL),
             "use": ("mark-use", REQUIRED), "proposed": PROPOSED},
    "span": {"text": ("span-text", REQUIRED), "n": ("count", OPTIONAL)},
}
# An independent annotation pass (gold/passes/) need not translate: its text_en may be empty.
UNTRANSLATED = {**SHAPE, "sentence": {**SHAPE["sentence"], "text_en": ("record-text", REQUIRED)}}
# A record that is still a proposal (pre-annotation) keeps its translation empty until a person
# writes it: accepting the record (deleting its `proposed` line) makes a blank text_en a finding.
PROPOSED_KINDS = {"sentence": "proposed sentence"}
_DRAFTS = {"proposed sentence": {**SHAPE["sentence"], "text_en": ("record-text", REQUIRED)}}
LABELS = {"entity-type": schema.ENTITY_TYPES, "section": schema.SECTIONS,
          "stance": schema.STANCES, "mention-kind": schema.MENTION_KINDS,
          "quote-type": schema.QUOTE_TYPES, "mark-use": schema.MARK_USES}
RECORDS = {"sentence": "sentences"}  # kinds whose items are records of their own

_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
_URL = re.compile(r"https?://[^\s/?#]+[^\s]*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _described(value) -> str:
    """What YAML made of a value, and why, for a type error."""
    if isinstance(value, bool):
        return "a boolean (YAML reads unquoted yes, no, on, off, true, false as booleans)"
    if isinstance(value, datetime.date):
        return "a date (YAML reads an unquoted 2018-01-15 as a date)"
    if value is None:
        return "null (an empty value, ~ or null)"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, dict):
        return "a mapping {...}"
    if isinstance(value, list):
        return "a list [...]"
    return f"{type(value).__name__} {quoted(value)}"


def _text(value) -> tuple[str, str] | None:
    if not isinstance(value, str):
        return "wrong-type", "text"
    if not value.strip():
        return "blank-text", "must not be empty or blank: write the text"
    if value != value.strip():
        return "untrimmed-text", f"{quoted(value)} starts or ends with whitespace: remove it"
    if not value.isprintable():
        i = next(i for i, ch in enumerate(value) if not ch.isprintable())
        return "invisible-character", (
            f"{quoted(value)} holds {character(value[i])} at position {i + 1}, a character that "
            "is invisible or not a plain space (a control, format, bidirectional or line "
            "separator character): delete it, or write a plain space")
    return None


def _string(value) -> tuple[str, str] | None:
    """Any text: the record and span rules say more about what it may hold."""
    return None if isinstance(value, str) else ("wrong-type", "text")


def _id(value) -> tuple[str, str] | None:
    if not isinstance(value, str):
        return "wrong-type", "an id"
    problem = id_problem(value)
    return ("bad-id", problem) if problem else None


def _count(value) -> tuple[str, str] | None:
    if not isinstance(value, int) or isinstance(value, bool):
        return "wrong-type", "a whole number (1, 2, ...)"
    return None if value >= 1 else ("bad-value", f"n={value}, but occurrences count from 1")


def _language(value) -> tuple[str, str] | None:
    if not isinstance(value, str):
        return "wrong-type", "a language tag such as 'ar'"
    return None if _LANGUAGE.fullmatch(value) else (
        "bad-value", f"{quoted(value)} is not a BCP-47 language tag such as 'ar' or 'ar-DZ'")


def _url(value) -> tuple[str, str] | None:
    if not isinstance(value, str):
        return "wrong-type", "a URL in quotes"
    return None if _URL.fullmatch(value) else (
        "bad-value", f"{quoted(value)} is not an http(s) URL without spaces")


def _date(value) -> tuple[str, str] | None:
    if not isinstance(value, str):
        return "wrong-type", "a date in quotes (\"YYYY-MM-DD\")"
    try:
        if _DATE.fullmatch(value):
            datetime.date.fromisoformat(value)
            return None
    except ValueError:
        pass
    return "bad-value", f"{quoted(value)} is not a date written YYYY-MM-DD"


def _label(names: list[str]) -> Callable:
    choices = frozenset(names)

    def check(value) -> tuple[str, str] | None:
        if not isinstance(value, str):
            return "wrong-type", f"one of {', '.join(names)}"
        if value in choices:
            return None
        nearest = difflib.get_close_matches(value, names, n=1)
        hint = f" (did you mean {nearest[0]!r}?)" if nearest else ""
        return "unknown-label", f"{quoted(value)} is not one of {', '.join(names)}{hint}"
    return check


_SCALARS: dict[str, Callable] = {
    "text": _text, "record-text": _string, "span-text": _string, "id": _id, "count": _count,
    "language": _language, "url": _url, "date": _date,
    **{name: _label(names) for name, names in LABELS.items()},
}


def scalar_problem(kind: str, value) -> str | None:
    """What is wrong with a value of one of the scalar types (`text`, `url`, `date`, ...), or
    None: the check the validator makes, for a value given elsewhere (a command's option)."""
    problem = _SCALARS[kind](value)
    return problem[1] if problem else None


def _member_of(names: list[str]) -> Callable:
    choices = frozenset(names)
    return lambda v: type(v) is str and v in choices


# What passes each scalar check, tested first and cheaply (a file has thousands of values);
# anything else goes through the check above for its message.
_FITS: dict[str, Callable] = {
    "text": lambda v: (type(v) is str and v != "" and not v[0].isspace() and not v[-1].isspace()
                       and v.isprintable()),
    "record-text": lambda v: type(v) is str, "span-text": lambda v: type(v) is str,
    "id": lambda v: type(v) is str and ID.fullmatch(v) is not None,
    "count": lambda v: type(v) is int and v >= 1,
    **{name: _member_of(names) for name, names in LABELS.items()},
}


# One id or a list of them: `ids` (a mention's entities) takes at least one, `ids-or-empty` (an
# attribution's speakers) may be `[]`, for a source that is not an entity.
_IDS = {"ids": "[id]+", "ids-or-empty": "[id]"}
_RECORD = ("record", None)  # the path given to a record: its fields are named from it


def _a(kind: str) -> str:
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"


def _field(path) -> str:
    """`quotes[0].cue.text` from the path (parent path, key) chain, from the record down."""
    if path[0] is _RECORD:
        return ""  # the record itself
    parts = []
    while path is not None:
        path, key = path
        plain = isinstance(key, int) or (isinstance(key, str) and key.isidentifier())
        parts.append(f"[{key!r}]" if not plain else f"[{key}]" if isinstance(key, int) else f".{key}")
    return "".join(reversed(parts)).lstrip(".")


class _Walker:
    """Checks values against one shape table, each type compiled once into a function
    `check(value, parent, key, record, path)`; path is the parent's (path, key) chain."""

    def __init__(self, shape: dict):
        self.shape, self.doc_id, self.problems = shape, "?", []
        self.allowed = {kind: frozenset(keys) for kind, keys in shape.items()}
        self.required = {kind: frozenset(k for k, (_, needed) in keys.items() if needed)
                         for kind, keys in shape.items()}
        self.compiled: dict[str, Callable] = {}
        self.checks = {kind: {key: self.compile(t) for key, (t, _) in keys.items()}
                       for kind, keys in shape.items()}

    def add(self, rule, line, record, field, message):
        self.problems.append(Problem(rule, line, record, field, message))

    def compile(self, kind: str) -> Callable:
        if kind not in self.compiled:
            self.compiled[kind] = self._compile(kind)
        return self.compiled[kind]

    def _compile(self, kind: str) -> Callable:
        if kind.endswith("?"):
            inner = self.compile(kind[:-1])
            return lambda v, parent, key, record, path: None if v is None else inner(
                v, parent, key, record, path)
        if kind in self.shape:
            required = [k for k in self.shape[kind] if k in self.required[kind]]
            expected = f"{_a(kind)} mapping {{{', '.join(f'{k}: ...' for k in required)}}}"

            def mapping(v, parent, key, record, path):
                if isinstance(v, dict):
                    self.mapping(kind, v, record, None if path is _RECORD else (path, key))
                else:
                    self.wrong(v, parent, key, record, path, expected)
            return mapping
        if kind.startswith("["):
            item = self.compile(kind.rstrip("+")[1:-1])
            non_empty, records = kind.endswith("+"), RECORDS.get(kind.rstrip("+")[1:-1])
            return lambda v, parent, key, record, path: self.items(
                item, non_empty, records, v, parent, key, record, path)
        if kind in _IDS:
            one, many = self.compile("id"), self.compile(_IDS[kind])
            expected = "an id or a list of ids" + (" ([] for none)" if kind == "ids-or-empty" else "")

            def ids(v, parent, key, record, path):
                if isinstance(v, str):
                    one(v, parent, key, record, path)
                elif isinstance(v, list):
                    many(v, parent, key, record, path)
                else:
                    self.wrong(v, parent, key, record, path, expected)
            return ids
        fits, check = _FITS.get(kind, lambda v: False), _SCALARS[kind]

        def scalar(v, parent, key, record, path):
            if not fits(v):
                problem = check(v)
                if problem and problem[0] == "wrong-type":
                    self.wrong(v, parent, key, record, path, problem[1])
                elif problem:
                    self.add(problem[0], line_of(parent, key), record, _field((path, key)),
                             problem[1])
        return scalar

    def wrong(self, value, parent, key, record, path, expected):
        hint = ""
        if isinstance(value, datetime.date):
            hint = f": write it in quotes, \"{value.isoformat()}\""
        elif isinstance(value, (bool, int, float)) and ("text" in expected or "quotes" in expected):
            hint = ": write it in quotes"
        self.add("wrong-type", line_of(parent, key), record, _field((path, key)),
                 f"must be {expected}, not {_described(value)}{hint}")

    def items(self, item, non_empty, records, value, parent, key, record, path):
        if not isinstance(value, list):
            self.wrong(value, parent, key, record, path, "a list [...]")
            return
        if non_empty and not value:
            self.add("missing-field", line_of(parent, key), record, _field((path, key)),
                     "the list must not be empty")
        here = (path, key)
        for i, v in enumerate(value):
            if records:
                item(v, value, i, f"{self.doc_id}:{records}[{i}]", _RECORD)
            else:
                item(v, value, i, record, here)

    def mapping(self, kind: str, node: dict, record: str, path):
        if kind in PROPOSED_KINDS and "proposed" in node:
            kind = PROPOSED_KINDS[kind]
        keys = node.keys()
        if not keys <= self.allowed[kind]:
            for key in node:
                if key not in self.allowed[kind]:
                    self.unknown(kind, node, key, record, path)
        if not self.required[kind] <= keys:
            for key, (value_kind, required) in self.shape[kind].items():
                if required and key not in node:
                    null = " (null when unknown)" if value_kind.endswith("?") else ""
                    self.add("missing-field", line_of(node), record, _field((path, key)),
                             f"{_a(kind)} needs the key {key!r}{null}")
        checks = self.checks[kind]
        for key, value in node.items():
            check = checks.get(key) if type(key) is str else None
            if check is not None:
                check(value, node, key, record, path)

    def unknown(self, kind, node, key, record, path):
        known = list(self.shape[kind])
        nearest = difflib.get_close_matches(key, known, n=1) if isinstance(key, str) else []
        hint = f": did you mean {nearest[0]!r}?" if nearest else ""
        self.add("unknown-key", line_of(node, key), record, _field((path, key)),
                 f"{_a(kind)} has no key {quoted(key)}{hint} (its keys: {', '.join(known)})")


_WALKERS = {True: _Walker({**SHAPE, **_DRAFTS}), False: _Walker({**UNTRANSLATED, **_DRAFTS})}


def check(data, translated: bool = True) -> list[Problem]:
    """Every shape problem of a gold file's data, in file order (roughly); translated=False for
    an annotation pass, whose translations may be empty."""
    walker = _WALKERS[translated]
    doc_id = data.get("doc_id") if isinstance(data, dict) else None
    walker.doc_id = doc_id if isinstance(doc_id, str) and not id_problem(doc_id) else "?"
    walker.problems = []
    if data is None:
        walker.add("empty-file", 1, "", "", "the file holds no data (it is empty, or only "
                   f"comments): it must hold a mapping with {', '.join(SHAPE['file'])}")
    elif not isinstance(data, dict):
        walker.add("wrong-type", line_of(data, default=1), "", "",
                   f"the file must hold a mapping with {', '.join(SHAPE['file'])}, "
                   f"not {_described(data)}")
    else:
        walker.mapping("file", data, walker.doc_id, None)
    return walker.problems
