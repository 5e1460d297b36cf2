"""Synthetic corpora: n copies of one gold article, each its own document, so that every copy
validates; the corpus benchmark and the tests of many-file builds use them."""
from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from aqwal.gold import seeds


def write_copies(folder: Path, n: int, gold_dir: Path, seeds_dir: Path, doc_id: str,
                 edit: Callable[[int, str], str] | None = None) -> Path:
    """folder/gold/doc0000.yaml.. and folder/seeds/ with a manifest to match; edit(i, text) may
    change copy i. The original seed stays listed, so passes of the original still validate."""
    entry = seeds.read_manifest(seeds_dir)[doc_id]
    (folder / "seeds").mkdir(parents=True)
    (folder / "gold").mkdir()
    shutil.copy(Path(seeds_dir) / entry["file"], folder / "seeds" / entry["file"])
    gold = (Path(gold_dir) / f"{doc_id}.yaml").read_text(encoding="utf-8")
    rows = ["doc_id\tfile\tsha256", f"{doc_id}\t{entry['file']}\t{entry['sha256']}"]
    for i in range(n):
        copy_id = f"doc{i:04d}"
        shutil.copy(Path(seeds_dir) / entry["file"], folder / "seeds" / f"{copy_id}.txt")
        text = gold.replace(f"doc_id: {doc_id}", f"doc_id: {copy_id}", 1)
        (folder / "gold" / f"{copy_id}.yaml").write_text(edit(i, text) if edit else text,
                                                         encoding="utf-8")
        rows.append(f"{copy_id}\t{copy_id}.txt\t{entry['sha256']}")
    (folder / "seeds" / seeds.MANIFEST).write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder
