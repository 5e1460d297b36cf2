"""Addressed, levelled findings in the style of the UD validator.

Every problem names its file, line, record and field, so a reviewer can go straight to it.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass

LEVELS = ("format", "reference", "guideline")


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


class Findings(list):
    """A list of findings that knows how to report itself."""

    def add(self, level, rule, file, line, record, field, message):
        assert level in LEVELS, level
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
