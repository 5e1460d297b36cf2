"""Writing the publishable `data/` folder: validate, write into a temporary folder, then swap.

A failed build leaves the previous `data/` exactly as it was; two builds give identical bytes.
"""
from __future__ import annotations

import gc
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import datasets

from aqwal import agreement, card, schema
from aqwal.croissant import write_croissant
from aqwal.encode import to_dataset
from aqwal.findings import Findings, InvalidGold
from aqwal.records import config_rows
from aqwal.validate import validate_dir
from aqwal.verify import span_mismatches


datasets.disable_progress_bars()


def write_folder(rows: dict[str, list[dict]], folder: Path, card_source: str,
                 extra_blocks: dict[str, str] | None) -> None:
    num_bytes = {}
    for name in schema.CONFIGS:
        path = folder / name / f"{schema.SPLIT}.parquet"
        path.parent.mkdir(parents=True)
        dataset = to_dataset(rows[name], schema.FEATURES[name])
        dataset.to_parquet(str(path))
        num_bytes[name] = dataset.data.nbytes
    card_text = card.render(card_source, rows, num_bytes, extra_blocks)
    (folder / "README.md").write_text(card_text, encoding="utf-8")
    write_croissant(folder, card.split_front_matter(card_text)[0])


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


@contextmanager
def paused_gc():
    """The build makes millions of small acyclic objects; the collector's repeated full passes
    over them made build time grow faster than the number of documents."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build(gold_dir: Path, seeds_dir: Path, out_dir: Path, card_path: Path,
          passes_dir: Path | None = None) -> dict[str, list[dict]]:
    """Validate the gold, then write out_dir; raises InvalidGold and leaves out_dir untouched.

    With passes_dir (holding the independent passes a/ and b/), the card gets their agreement.
    """
    with paused_gc():
        findings, documents = validate_dir(gold_dir, seeds_dir)
        if not findings.ok:
            raise InvalidGold(findings)
        rows = config_rows(documents)
    mismatches = span_mismatches(rows)
    if mismatches:
        raise InvalidGold(_as_findings(mismatches, gold_dir))
    card_source = Path(card_path).read_text(encoding="utf-8")
    extra_blocks = {}
    if passes_dir is not None:
        extra_blocks["agreement"] = agreement.markdown(agreement.agreement(passes_dir, seeds_dir))
    out_dir = Path(out_dir).resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        with paused_gc():
            write_folder(rows, temporary, card_source, extra_blocks)
        swap_in(temporary, out_dir)
    finally:
        if temporary.exists():
            shutil.rmtree(temporary)
    return rows


def _as_findings(messages: list[str], where: Path) -> Findings:
    findings = Findings()
    for message in messages:
        findings.add("reference", "offset-mismatch", where, None, "", "", message)
    return findings
