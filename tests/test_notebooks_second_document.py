"""The notebooks select the seed document by its id, so in a teacher's copy of data/ with a second
article they run exactly as they do on the published data (issue 15); that they grade the same is
in test_notebooks_second_document_grading.py (a file of its own, so the two run in parallel)."""
import os
import subprocess
import sys

from conftest import ROOT, TEST_PAGE_ID

ANSWERS = sorted((ROOT / "answers").glob("*.ipynb"))


def test_the_copy_has_both_documents(two_documents):
    from aqwal.dataset.load import load
    documents = load("documents", two_documents, two_documents.parent / "cache")
    assert len(documents) == 2 and TEST_PAGE_ID in documents["doc_id"]


def test_every_solved_notebook_gives_its_stored_outputs(two_documents):
    """nbval on the answer notebooks, reading the two-document data: every output as stored."""
    env = {**os.environ, "AQWAL_DATA": str(two_documents), "PYTHONHASHSEED": "0",
           "IPYKERNEL_CELL_NAME": "<IPY-INPUT>", "HF_DATASETS_CACHE": str(two_documents.parent / "hf-cache")}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
                          "--nbval", "--nbval-current-env", "--nbval-sanitize-with", "nbval-sanitize.cfg",
                          *map(str, ANSWERS)], cwd=ROOT, env=env, capture_output=True, text=True)
    failed = [line for line in run.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    assert run.returncode == 0 and not failed, "\n".join(failed) or run.stdout[-4000:]
