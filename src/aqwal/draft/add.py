"""Adding a page to the project: its seed, its manifest row and its draft gold, all or nothing.

The files are written beside their targets and moved in by rename, the seed and the draft with
a hard link that fails if the name was taken meanwhile; the manifest is rewritten by replacing
it, its old bytes kept and one row appended. If any step fails, the steps before it are undone.
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from aqwal.draft.source import PageError
from aqwal.gold import seeds

DOC_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
HEADER = "doc_id\tfile\tsha256\n"


def check_doc_id(doc_id: str) -> None:
    """doc_ids become file names, record ids (`<doc_id>:p1s1`) and YAML scalars."""
    if not DOC_ID.fullmatch(doc_id or ""):
        raise PageError(f"doc id {doc_id!r} is not valid: use 1 to 64 lower-case letters, digits, `_` "
                        "or `-`, starting with a letter or a digit (e.g. 001_el_khabar_2024_05_18)")


def check_free(doc_id: str, data: bytes, gold_dir: Path, seeds_dir: Path) -> None:
    """Refuse a doc_id, a seed or a gold file that exists, and a page that is already a seed."""
    manifest_path = seeds_dir / seeds.MANIFEST
    manifest = seeds.read_manifest(seeds_dir) if manifest_path.is_file() else {}
    taken = [str(p) for p in (seeds_dir / f"{doc_id}.txt", gold_dir / f"{doc_id}.yaml") if p.exists()]
    if doc_id in manifest:
        taken.append(f"{manifest_path} (row {doc_id})")
    if taken:
        raise PageError(f"doc id {doc_id!r} is taken: {', '.join(taken)}; choose another id "
                        "(nothing was written)")
    sha = _sha256(data)
    same = [row["doc_id"] for row in manifest.values() if row["sha256"] == sha]
    if same:
        raise PageError(f"this page is already the seed of {same[0]!r} (same SHA-256); "
                        "nothing was written")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _staged(folder: Path, data: bytes, suffix: str) -> Path:
    fd, name = tempfile.mkstemp(prefix=".aqwal-new-", suffix=suffix, dir=folder)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return Path(name)


def add_document(doc_id: str, data: bytes, gold_text: str, gold_dir: Path, seeds_dir: Path) -> list[Path]:
    """Write seeds/<doc_id>.txt (data, byte for byte), its manifest row and gold/<doc_id>.yaml;
    returns the paths written. Raises PageError, having written nothing, when one exists."""
    gold_dir, seeds_dir = Path(gold_dir), Path(seeds_dir)
    check_doc_id(doc_id)
    check_free(doc_id, data, gold_dir, seeds_dir)
    gold_dir.mkdir(parents=True, exist_ok=True)
    seeds_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = seeds_dir / seeds.MANIFEST
    old = manifest_path.read_bytes() if manifest_path.is_file() else HEADER.encode()
    if old and not old.endswith(b"\n"):
        old += b"\n"
    row = f"{doc_id}\t{doc_id}.txt\t{_sha256(data)}\n".encode()
    targets = [(seeds_dir / f"{doc_id}.txt", data), (gold_dir / f"{doc_id}.yaml", gold_text.encode("utf-8"))]
    staged = [_staged(path.parent, content, path.suffix) for path, content in targets]
    manifest_new = _staged(seeds_dir, old + row, ".tsv")
    done: list[Path] = []
    try:
        for (path, _), tmp in zip(targets, staged, strict=True):
            try:
                os.link(tmp, path)  # fails if the name was taken since the check
            except FileExistsError:
                raise PageError(f"{path} appeared while writing; nothing was kept") from None
            done.append(path)
        os.replace(manifest_new, manifest_path)
    except BaseException:
        for path in done:
            path.unlink(missing_ok=True)
        raise
    finally:
        for tmp in [*staged, manifest_new]:
            tmp.unlink(missing_ok=True)
    return [path for path, _ in targets] + [manifest_path]
