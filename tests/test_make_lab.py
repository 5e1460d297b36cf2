"""`make lab` for root and for everyone else: JupyterLab refuses to run as root unless told, so
the target tells it, only as root. The browser test starts `make lab` and runs every notebook
through it; here a root test run also becomes `nobody` to see what that user gets."""
import json
import os
import shutil
import subprocess
import tempfile
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT
from jupyterlab import TOKEN, make_lab

NOBODY = 65534
SETPRIV = shutil.which("setpriv")
AS_NOBODY = [SETPRIV or "setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
needs_root = pytest.mark.skipif(os.geteuid() != 0 or SETPRIV is None,
                                reason="needs root, and setpriv, to become another user")


def lab_command(user: list[str]) -> list[str]:
    """The command `make lab` runs, as that user (make -n prints it without running it)."""
    shown = subprocess.run([*user, "make", "--no-print-directory", "-n", "-o", ".venv/.installed", "lab"],
                           cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return shown.split()


def test_make_lab_serves_the_notebooks_folder_and_says_allow_root_only_as_root():
    command = lab_command([])
    assert command[:2] == [".venv/bin/jupyter", "lab"]
    assert '--ServerApp.root_dir="notebooks"' in command
    assert ("--allow-root" in command) == (os.geteuid() == 0)


@needs_root
def test_make_lab_does_not_say_allow_root_for_a_user():
    assert "--allow-root" not in lab_command(AS_NOBODY)


def venv_runs_as_nobody() -> bool:
    """Whether that user can run .venv's tools the way make does (through a shell)."""
    probe = [*AS_NOBODY, "sh", "-c", ".venv/bin/jupyter --version"]
    return subprocess.run(probe, cwd=ROOT, capture_output=True).returncode == 0


@needs_root
def test_make_lab_serves_the_notebooks_to_a_user_who_is_not_root():
    if not venv_runs_as_nobody():
        pytest.skip(".venv's Python is not reachable by other users here (its interpreter is under /root)")
    work = Path(tempfile.mkdtemp(prefix="aqwal-lab-"))  # outside pytest's root-only tmp folders
    try:
        os.chown(work, NOBODY, NOBODY)
        with make_lab(work, ROOT / "notebooks", user=AS_NOBODY) as lab:
            request = urllib.request.Request(f"{lab.api}/contents", headers={"Authorization": f"token {TOKEN}"})
            with urllib.request.urlopen(request) as answer:
                listed = {item["name"] for item in json.load(answer)["content"]}
        assert listed == {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}
    finally:
        shutil.rmtree(work)
