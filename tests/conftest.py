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
    from aqwal.dataset.build import build
    out = tmp_path_factory.mktemp("built") / "data"
    build(ROOT / "gold", ROOT / "seeds", out, ROOT / "dataset_card.md", ROOT / "gold" / "passes")
    return out


# Files that run notebooks, longest first (about 30, 30, 20, 16 and 5 to 8 s each).
SLOW_FIRST = ("test_notebooks_cascade_1.py", "test_notebooks_cascade_2.py", "test_grade.py",
              "test_notebooks_grading.py", ".ipynb")


def _rank(item) -> int:
    return next((i for i, end in enumerate(SLOW_FIRST) if item.path.name.endswith(end)),
                len(SLOW_FIRST))


def pytest_collection_modifyitems(items):
    """With `--dist loadfile --no-loadscope-reorder`, files are handed out in this order, one
    at a time as workers free up: the long ones first, the short ones to fill the gaps."""
    items.sort(key=_rank)
