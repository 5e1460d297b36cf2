"""The immutable source texts and their manifest of SHA-256 hashes.

`seeds/manifest.tsv` is read strictly, since every gold file trusts it: a header
`doc_id<TAB>file<TAB>sha256`, then one row per document with exactly three tab-separated
fields, a well-formed doc_id, the file `<doc_id>.txt` (so no row can point outside seeds/) and a
64-digit hash. Every problem is a finding on the manifest's line; rows with problems are left
out, so the gold files that need them say their seed is missing.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from aqwal.gold.findings import LEVEL_OF, Findings, position, quoted

MANIFEST = "manifest.tsv"
COLUMNS = ("doc_id", "file", "sha256")
HEADER = "\t".join(COLUMNS)
# Ids of documents, entities and quotations: they become file names and parts of published
# ids (`<doc_id>:<id>`), so lower-case ASCII letters, digits, `_` and `-`, starting with a
# letter or digit, at most 64 characters (no dots, slashes, colons, commas or spaces).
ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_SHA256 = re.compile(r"[0-9a-f]{64}")


class Manifest(dict):
    """doc_id -> {doc_id, file, sha256, line} for every well-formed row, with the findings."""

    def __init__(self, path: Path):
        super().__init__()
        self.path, self.findings = path, Findings()


def id_problem(value: str) -> str | None:
    """Why value is not a well-formed id, or None."""
    if ID.fullmatch(value):
        return None
    return (f"{quoted(value)} is not an id: use lower-case ASCII letters, digits, '_' and '-', "
            "starting with a letter or digit, at most 64 characters")


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_manifest(seeds_dir: Path) -> Manifest:
    """The manifest's well-formed rows by doc_id, and a finding for every problem."""
    path = Path(seeds_dir) / MANIFEST
    entries = Manifest(path)

    def add(rule, line, record, field, message):
        entries.findings.add(LEVEL_OF[rule], rule, path, line, record, field, message)

    try:
        raw = path.read_bytes()
    except OSError as error:
        add("manifest-unreadable", None, "", "", f"cannot read the seed manifest ({error.strerror}): it must list "
            f"every seed under the header {quoted(HEADER)}")
        return entries
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = position(raw, error.start)
        add("manifest-format", line, "", "", f"byte 0x{raw[error.start]:02x} at column {column} "
            "is not UTF-8: save the manifest as UTF-8")
        return entries
    if text.startswith("\ufeff"):
        add("manifest-format", 1, "", "", "the manifest starts with a byte-order mark: save it as "
            "UTF-8 without BOM")
        text = text[1:]
    if "\r" in text:
        add("manifest-format", text.count("\n", 0, text.index("\r")) + 1, "", "",
            "the manifest has CR (Windows) line ends: save it with LF line ends")
        text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    if not lines or lines[0] != HEADER:
        add("manifest-format", 1, "", "", f"the first line must be the header {quoted(HEADER)}, "
            f"not {quoted(lines[0] if lines else '')}")
        return entries
    first_line: dict[str, int] = {}
    for number, line in enumerate(lines[1:], 2):
        fields = line.split("\t")
        if len(fields) != len(COLUMNS):
            hint = (" (spaces instead of tabs?)" if len(line.split()) == len(COLUMNS) else "")
            add("manifest-format", number, "", "", f"a row needs exactly {len(COLUMNS)} "
                f"tab-separated fields, this one has {len(fields)}{hint}: {quoted(line)}")
            continue
        row = dict(zip(COLUMNS, fields, strict=True))
        doc_id = row["doc_id"]
        problems = [("bad-id", "doc_id", id_problem(doc_id)),
                    ("seed-file-name", "file", None if row["file"] == f"{doc_id}.txt" else
                     f"the seed of {quoted(doc_id)} must be the file {doc_id}.txt, not "
                     f"{quoted(row['file'])}"),
                    ("bad-hash", "sha256", None if _SHA256.fullmatch(row["sha256"]) else
                     f"{quoted(row['sha256'])} is not a SHA-256 (64 lower-case hex digits)")]
        if doc_id in first_line:
            problems.append(("duplicate-manifest-row", "doc_id", f"{quoted(doc_id)} is already "
                             f"listed on line {first_line[doc_id]}: keep one row per document"))
        first_line.setdefault(doc_id, number)
        for rule, field, message in problems:
            if message:
                add(rule, number, doc_id, field, message)
        if not any(message for _, _, message in problems):
            entries[doc_id] = {**row, "line": number}
    return entries


def read_text(path: Path) -> str:
    """The verbatim text: decoded, never normalised (no newline translation either); raises
    UnicodeDecodeError."""
    return Path(path).read_bytes().decode("utf-8")
