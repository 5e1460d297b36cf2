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


@pytest.fixture(scope="session")
def key_cache(tmp_path_factory) -> Path:
    """Where the grader keeps answer keys' values: shared by the session's workers, so each
    key runs once (entries are written atomically under a name that is the key's version)."""
    return tmp_path_factory.getbasetemp().parent / "key-cache"


# The hand-annotated test page (issue 15): never published, used as a second document.
TEST_PAGE = ROOT / "tests" / "pages"
TEST_PAGE_ID = "t01_tunis_rome_cable"


@pytest.fixture(scope="session")
def two_documents(tmp_path_factory):
    """data/ built from the seed and the hand-annotated test page (never published)."""
    from aqwal.dataset.build import build
    from aqwal.draft.new import create

    project = tmp_path_factory.mktemp("two-documents")
    for name in ("seeds", "gold"):
        shutil.copytree(ROOT / name, project / name)
    # as `aqwal new` adds the page, then the reviewer's work
    create(TEST_PAGE / "seeds" / f"{TEST_PAGE_ID}.txt", TEST_PAGE_ID, project / "gold", project / "seeds")
    shutil.copy(TEST_PAGE / "gold" / f"{TEST_PAGE_ID}.yaml", project / "gold")
    out = project / "data"
    build(project / "gold", project / "seeds", out, ROOT / "dataset_card.md", project / "gold" / "passes")
    assert (out / "documents").exists()
    return out


# Files that run notebooks, kernels or a browser, longest first: JupyterLab running all six
# notebooks takes one worker while the other runs the rest.
SLOW_FIRST = ("test_notebooks_second_document_grading.py", "test_browser_notebooks.py",
              "test_notebooks_second_document.py", "test_notebooks_cascade_1.py", "test_notebooks_cascade_2.py",
              "test_grade.py", "test_view_browser.py", "test_notebooks_grading.py",
              "test_notebook_tables.py", ".ipynb", "test_selfcheck.py", "test_sandbox.py")


def _rank(item) -> int:
    return next((i for i, end in enumerate(SLOW_FIRST) if item.path.name.endswith(end)),
                len(SLOW_FIRST))


def pytest_collection_modifyitems(items):
    """With `--dist loadfile --no-loadscope-reorder`, files are handed out in this order, one
    at a time as workers free up: the long ones first, the short ones to fill the gaps."""
    items.sort(key=_rank)


# Debian's Chromium (`make system` installs it), driven by Playwright; no browser is downloaded.
CHROMIUM = Path("/usr/bin/chromium")
# Root needs --no-sandbox; the rest keeps Chromium off the network this machine does not have.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# Screenshots the browser tests save, to be looked at (not compared): build/ is not committed.
SCREENSHOTS = ROOT / "build" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium for the tests that look at pages as people see them."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make system` installs Debian's chromium")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
