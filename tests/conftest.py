import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")


@pytest.fixture
def project(tmp_path) -> Path:
    """A scratch copy of the project's inputs (seeds, gold, card), to build or break."""
    for name in ("seeds", "gold"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "dataset_card.md", tmp_path / "dataset_card.md")
    return tmp_path


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """A fresh build of the real gold, made once per test session."""
    from aqwal.build import build
    out = tmp_path_factory.mktemp("built") / "data"
    build(ROOT / "gold", ROOT / "seeds", out, ROOT / "dataset_card.md", ROOT / "gold" / "passes")
    return out
