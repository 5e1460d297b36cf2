"""Running a notebook with nbclient the same way everywhere: in its own folder, with the
environment that makes outputs reproducible (fixed hash seed, stable cell names)."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from nbclient import NotebookClient

REPRODUCIBLE_ENV = {"PYTHONHASHSEED": "0", "IPYKERNEL_CELL_NAME": "<IPY-INPUT>"}
# Kernel arguments for one-line tracebacks (IPython spends 0.1-0.4 s formatting a full one).
BRIEF_ERRORS = ["--InteractiveShell.xmode=Minimal"]


def run(nb, cwd: Path, timeout: int, allow_errors: bool, env: dict[str, str] | None = None,
        brief_errors: bool = False) -> None:
    """Execute nb in place; the kernel (and only the kernel) gets REPRODUCIBLE_ENV plus env.

    brief_errors: one-line tracebacks, for a reader of the error's name and value only.
    """
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=allow_errors,
                            interrupt_on_timeout=allow_errors, record_timing=False,
                            shutdown_kernel="immediate",  # its outputs are in; a polite stop waits 1.5 s
                            extra_arguments=BRIEF_ERRORS if brief_errors else [],
                            resources={"metadata": {"path": str(Path(cwd).resolve())}})
    # The kernel's own log (a warning about TCP transport at every start) is noise to a teacher.
    client.execute(stderr=subprocess.DEVNULL, env={**os.environ, **REPRODUCIBLE_ENV, **(env or {})})
