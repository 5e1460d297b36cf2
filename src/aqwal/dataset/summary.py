"""The main job's closing report: every config loaded through `load_dataset`, then counted."""
from __future__ import annotations

from pathlib import Path

from aqwal import schema
from aqwal.dataset import stats
from aqwal.dataset.load import load, readable_rows


def loaded_rows(data_dir: Path, cache_dir: Path | None = None) -> dict[str, list[dict]]:
    """Every config as readable rows, read back through `datasets.load_dataset`."""
    return {name: readable_rows(load(name, data_dir, cache_dir)) for name in schema.CONFIGS}


def summary(data_dir: Path, cache_dir: Path | None = None) -> str:
    rows = loaded_rows(data_dir, cache_dir)
    blocks = [stats.text_table(title, body) for title, body in stats.tables(stats.count(rows)).items()]
    return f"Loaded {Path(data_dir).resolve()} with datasets.load_dataset\n\n" + "\n\n".join(blocks)
