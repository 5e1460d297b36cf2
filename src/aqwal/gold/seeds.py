"""The immutable source texts and their manifest of SHA-256 hashes."""
from __future__ import annotations

import csv
import hashlib
from pathlib import Path

MANIFEST = "manifest.tsv"


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_manifest(seeds_dir: Path) -> dict[str, dict]:
    """doc_id -> {file, sha256}, from the tab-separated manifest."""
    with open(Path(seeds_dir) / MANIFEST, encoding="utf-8", newline="") as handle:
        return {row["doc_id"]: row for row in csv.DictReader(handle, delimiter="\t")}


def read_text(path: Path) -> str:
    """The verbatim text: decoded, never normalised (no newline translation either)."""
    return Path(path).read_bytes().decode("utf-8")
