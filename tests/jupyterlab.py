"""JupyterLab started the way a teacher or student starts it: `make lab`, on a folder of notebooks
with the project's data/ beside it, in a scratch Jupyter configuration."""
from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from conftest import ROOT

# Settings for a test: every cell in the page (no windowing, so all can be checked and
# photographed), and no news or update prompts over the notebook.
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                         "checkForUpdates": False},
}
TOKEN = "aqwal-test-token"
# What `make lab` prints: JupyterLab shows a token it was given as `token=...`.
URL = re.compile(r"http://127\.0\.0\.1:\d+/lab")


@dataclass
class Lab:
    url: str  # http://127.0.0.1:PORT/lab
    folder: Path  # the notebooks served
    log: Path  # what `make lab` printed

    @property
    def api(self) -> str:
        return self.url.removesuffix("/lab") + "/api"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scratch(work: Path, notebooks: Path) -> Path:
    """work/notebooks, a copy of notebooks (a test may run and change it), work/data pointing at
    the project's data, and JupyterLab's settings; returns the copy."""
    shutil.copytree(notebooks, work / "notebooks")
    (work / "data").symlink_to(ROOT / "data")
    for name, values in SETTINGS.items():
        (work / "settings" / name).parent.mkdir(parents=True, exist_ok=True)
        (work / "settings" / name).write_text(json.dumps(values))
    return work / "notebooks"


def _printed_url(log: Path, process: subprocess.Popen, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = URL.search(log.read_text(errors="replace"))
        if found:
            return found.group(0)
        if process.poll() is not None:
            break
        time.sleep(0.2)
    raise AssertionError(f"`make lab` printed no URL:\n{log.read_text(errors='replace')[-3000:]}")


@contextlib.contextmanager
def make_lab(work: Path, notebooks: Path, user: list[str] | None = None, timeout: float = 120) -> Iterator[Lab]:
    """`make lab` serving a scratch copy of notebooks under work, with a known token; user is a
    command prefix that runs it as someone else (setpriv ...). Stopped, kernels included, on exit."""
    folder = scratch(work, notebooks)
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(work / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(work / "workspaces"), "JUPYTER_CONFIG_DIR": str(work / "config"),
           "JUPYTER_DATA_DIR": str(work / "jupyter-data"), "JUPYTER_RUNTIME_DIR": str(work / "runtime")}
    if user:  # someone else's home may not be ours to write (the caches stay ours otherwise)
        env["HOME"] = str(work)
    args = f"--no-browser --port={free_port()} --IdentityProvider.token={TOKEN}"
    log = work / "lab.log"
    with log.open("w") as out:
        # -o: never reinstall .venv from here, even when pyproject.toml is newer than its stamp
        process = subprocess.Popen(
            [*(user or []), "make", "--no-print-directory", "-o", ".venv/.installed", "lab",
             f"LAB_DIR={folder}", f"LAB_ARGS={args}"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield Lab(_printed_url(log, process, timeout), folder, log)
    finally:
        with contextlib.suppress(ProcessLookupError):  # make and JupyterLab, which stops its kernels
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
