"""Running a notebook with nbclient the same way everywhere: in its own folder, with the
environment that makes outputs reproducible (fixed hash seed, stable cell names)."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from nbclient import NotebookClient

REPRODUCIBLE_ENV = {"PYTHONHASHSEED": "0", "IPYKERNEL_CELL_NAME": "<IPY-INPUT>"}


def run(nb, cwd: Path, timeout: int, allow_errors: bool) -> None:
    """Execute nb in place; the kernel (and only the kernel) gets REPRODUCIBLE_ENV."""
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=allow_errors,
                            interrupt_on_timeout=allow_errors, record_timing=False,
                            shutdown_kernel="immediate",  # its outputs are in; a polite stop waits 1.5 s
                            resources={"metadata": {"path": str(Path(cwd).resolve())}})
    # The kernel's own log (a warning about TCP transport at every start) is noise to a teacher.
    client.execute(stderr=subprocess.DEVNULL, env={**os.environ, **REPRODUCIBLE_ENV})
