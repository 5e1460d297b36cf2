"""Writing the publishable `data/` folder: validate, write into a temporary folder, then swap.

A failed build leaves the previous `data/` exactly as it was; two builds give identical bytes.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import datasets
import pyarrow as pa

from aqwal import schema
from aqwal.dataset.corpus import compile_gold
from aqwal.dataset.encode import as_dataset
from aqwal.draft import count
from aqwal.gold import agreement
from aqwal.gold.findings import InvalidGold
from aqwal.gold.validate import gold_paths
from aqwal.publish import card
from aqwal.publish.croissant import write_croissant
from aqwal.view import write_published

datasets.disable_progress_bars()


def write_folder(tables: dict[str, pa.Table], counts: dict[str, Counter], folder: Path,
                 card_source: str, extra_blocks: dict[str, str] | None, notice: str | None = None) -> None:
    num_bytes = {}
    for name in schema.CONFIGS:
        path = folder / name / f"{schema.SPLIT}.parquet"
        path.parent.mkdir(parents=True)
        dataset = as_dataset(tables[name], schema.FEATURES[name])
        dataset.to_parquet(str(path))
        num_bytes[name] = dataset.data.nbytes
    card_text = card.render(card_source, counts, num_bytes, extra_blocks)
    if notice:
        card_text = card.with_notice(card_text, notice)
    (folder / "README.md").write_text(card_text, encoding="utf-8")
    (folder / card.LICENCE_FILE).write_text(card.licence(card_text), encoding="utf-8")
    write_croissant(folder, card.split_front_matter(card_text)[0])
    write_published(folder, tables)  # data/view.html: look at the gold before loading it


def new_folder_mode() -> int:
    """The permissions the user's umask gives a new folder (a temporary one gets 0700, which
    would keep everyone else on a shared classroom server out of data/)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o777 & ~mask


def swap_in(new: Path, target: Path) -> None:
    """Replace target by new with renames, so readers never see a half-written folder."""
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old)


class DraftsLeft(Exception):
    """Gold files that still hold proposals or miss translations; nothing was written."""

    def __init__(self, drafts: dict):
        super().__init__(count.report(drafts))
        self.drafts = drafts


def build(gold_dir: Path, seeds_dir: Path, out_dir: Path, card_path: Path,
          passes_dir: Path | None = None, jobs: int | None = None,
          include_drafts: bool = False) -> dict[str, pa.Table]:
    """Validate the gold, then write out_dir; raises InvalidGold (or DraftsLeft, when a file
    still has proposals and include_drafts is false) and leaves out_dir untouched.

    With passes_dir (the early passes a/ and b/, and pass c/ when present), the card gets their
    agreement: pass C against this gold, and A against B for history.
    jobs: worker processes (default: every core); the output does not depend on it.
    """
    compiled = compile_gold(gold_dir, seeds_dir, jobs)
    if not compiled.findings.ok:
        raise InvalidGold(compiled.findings)
    drafts = count.corpus_proposals(gold_paths(gold_dir)[0])
    if drafts and not include_drafts:
        raise DraftsLeft(drafts)
    card_source = Path(card_path).read_text(encoding="utf-8")
    extra_blocks = {}
    if passes_dir is not None:
        extra_blocks["agreement"] = agreement.markdown(agreement.agreement(passes_dir, seeds_dir))
        extra_blocks["agreement-c"] = agreement.markdown_c(
            agreement.pass_c(passes_dir, gold_dir, seeds_dir))
    out_dir = Path(out_dir).resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        write_folder(compiled.tables, compiled.counts, temporary, card_source, extra_blocks,
                     count.card_notice(drafts) if drafts else None)
        temporary.chmod(new_folder_mode())
        swap_in(temporary, out_dir)
    finally:
        if temporary.exists():
            shutil.rmtree(temporary)
    return compiled.tables
