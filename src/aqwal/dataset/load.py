"""Loading the published folder with `datasets`, without the stale-cache trap.

With YAML configs the local cache key ignores the data files, so a rebuilt folder would load
old rows. The cache directory here is keyed by a hash of the folder's bytes instead.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import datasets
from datasets import ClassLabel, List

from aqwal import schema

datasets.disable_progress_bars()
datasets.logging.set_verbosity_error()


def find_data_dir(start: Path | None = None) -> Path:
    """The nearest `data/` folder (holding a README.md) in start or one of its parents."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "README.md").is_file():
            return folder / "data"
    raise FileNotFoundError(f"no data/README.md in {here} or its parents; run `aqwal build`")


def locate_data() -> Path:
    """$AQWAL_DATA (set by the grader for notebooks collected elsewhere), else the nearest data/."""
    return Path(os.environ.get("AQWAL_DATA") or find_data_dir()).resolve()


def content_hash(data_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(data_dir).rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(data_dir)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def load(config: str = schema.DEFAULT_CONFIG, data_dir: Path | None = None,
         cache_dir: Path | None = None) -> datasets.Dataset:
    """The train split of one config, never stale after a rebuild.

    The folder is data_dir, else the one `locate_data` finds.
    """
    data_dir = Path(data_dir).resolve() if data_dir else locate_data()
    cache = Path(cache_dir or datasets.config.HF_DATASETS_CACHE) / "aqwal" / content_hash(data_dir)
    return datasets.load_dataset(str(data_dir), config, split=schema.SPLIT, cache_dir=str(cache))


def _readable(feature, value):
    if isinstance(feature, ClassLabel):
        return feature.int2str(value)
    if isinstance(feature, List):
        return [_readable(feature.feature, v) for v in value]
    if isinstance(feature, dict) and value is not None:
        return {k: _readable(feature[k], v) for k, v in value.items()}
    return value


def readable_rows(dataset: datasets.Dataset) -> list[dict]:
    """Rows with ClassLabel ids turned back into their names, as in the gold files."""
    return [{k: _readable(dataset.features[k], v) for k, v in row.items()} for row in dataset]
