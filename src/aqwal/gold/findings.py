"""Addressed, levelled findings in the style of the UD validator.

Every problem names its file, line, record and field, so a reviewer can go straight to it.
Text from the files is quoted through `quoted`, capped, so one huge value cannot flood a report.
"""
from __future__ import annotations

import json
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass
from typing import NamedTuple

LEVELS = ("format", "reference", "guideline")
EXCERPT = 60  # characters of a quoted value shown in a message

# Every rule, by level (docs/annotation-format.md says what each means and what to do).
RULES = {
    "format": [
        # the folders and files
        "no-gold-files", "stray-file", "unreadable-file", "manifest-unreadable",
        "manifest-format", "not-utf8",
        # the YAML
        "malformed-yaml", "yaml-line-break", "empty-file", "duplicate-key", "yaml-alias",
        "yaml-merge-key",
        # the shape (shape.SHAPE)
        "unknown-key", "missing-field", "wrong-type", "blank-text", "untrimmed-text",
        "invisible-character", "unknown-label", "bad-id", "bad-value"],
    "reference": [
        "file-name", "duplicate-manifest-row", "seed-file-name", "bad-hash", "seed-missing",
        "seed-hash-changed", "seed-not-utf8",
        # sentence records tile the page
        "empty-record", "record-whitespace", "sentence-not-at-anchor", "sentence-overlap",
        "sentence-gap", "sentence-crosses-paragraph", "record-cuts-word",
        # spans inside their record
        "empty-span", "span-whitespace", "span-not-at-anchor", "ambiguous-anchor",
        "anchor-index-out-of-range", "span-cuts-word",
        # ids and links
        "duplicate-id", "repeated-id", "duplicate-mention", "undefined-entity",
        "undefined-record", "continuation-before-cue", "continuation-gap", "entity-unmentioned", "offset-mismatch"],
    "guideline": [
        "span-has-quote-mark", "name-links-many", "pronoun-not-source", "overlapping-names",
        "crossing-mentions",
        "missing-rationale", "rationale-without-stance", "holder-mismatch",
        "holder-not-speaker", "holder-missing-speaker",
        "quote-outside-editorial", "stance-outside-editorial", "type-disagrees-with-marks",
        "content-order", "content-overlaps-cue", "source-not-mention", "source-not-speaker",
        "speaker-not-mentioned",
        "generic-source-missing", "parent-does-not-contain", "parent-missing", "mark-unexplained",
        "untranslated"],
}
LEVEL_OF = {rule: level for level, rules in RULES.items() for rule in rules}


@dataclass(frozen=True)
class Finding:
    level: str
    rule: str
    file: str
    line: int | None
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where} {self.record or '-'} {self.field or '-'} [{self.rule}] {self.message}"


class Problem(NamedTuple):
    """A finding before it knows its file and level (the reader's and the shape's)."""

    rule: str
    line: int | None
    record: str
    field: str  # the path of the value in the file, e.g. quotes[0].cue.text
    message: str


class Findings(list):
    """A list of findings that knows how to report itself."""

    def add(self, level, rule, file, line, record, field, message):
        assert LEVEL_OF.get(rule) == level, (level, rule)
        self.append(Finding(level, rule, str(file), line, record, field, message))

    @property
    def ok(self) -> bool:
        return not self

    def report(self, as_json: bool = False) -> str:
        if as_json:
            return json.dumps([asdict(f) for f in self], ensure_ascii=False, indent=1)
        lines = [str(f) for f in self]
        for level in LEVELS:
            counts = Counter(f.rule for f in self if f.level == level)
            if counts:
                lines.append(f"{level}: " + ", ".join(f"{r} {n}" for r, n in sorted(counts.items())))
        lines.append("PASSED" if self.ok else f"FAILED: {len(self)} finding(s)")
        return "\n".join(lines)


class InvalidGold(Exception):
    """Raised by the build when validation fails; carries the findings."""

    def __init__(self, findings: Findings):
        super().__init__(findings.report())
        self.findings = findings


def quoted(value, limit: int = EXCERPT) -> str:
    """A value as Python writes it (invisible characters escaped), cut to `limit` characters."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}… ({len(value):,} characters)"
    text = repr(value)
    return text if len(text) <= limit + 2 else f"{text[:limit]}… ({len(text):,} characters)"


def position(raw: bytes, index: int) -> tuple[int, int]:
    """The 1-based line and column (in characters) of byte `index` of UTF-8-ish bytes."""
    line_start = raw.rfind(b"\n", 0, index) + 1
    return raw.count(b"\n", 0, index) + 1, len(raw[line_start:index].decode("utf-8", "replace")) + 1


def character(ch: str) -> str:
    """`U+064A ARABIC LETTER YEH`: a character as a reader can look it up."""
    name = unicodedata.name(ch, "") or {"\n": "LINE FEED", "\t": "CHARACTER TABULATION",
                                        "\r": "CARRIAGE RETURN", "\x85": "NEXT LINE"}.get(ch)
    kinds = {"Cc": "a control character", "Cn": "an unassigned code point",
             "Co": "a private-use character", "Cs": "a lone surrogate"}
    return f"U+{ord(ch):04X} {name or '(' + kinds.get(unicodedata.category(ch), 'unnamed') + ')'}"
