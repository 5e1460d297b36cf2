"""The command that starts a kernel for a submission: inside bubblewrap, with limits.

The sandbox sees a read-only system (/usr, /etc and the Python installation, nothing else of
the host: not the project, not answers/, not other submissions, not the key cache), a read-only
copy of data/, a fresh tmpfs for /tmp with an empty home (so a fresh IPython profile) and an
empty working folder, and the folder of IPC sockets it shares with the grader (as root, the
grader takes that folder back once the kernel has made its sockets). It has no
network, its own PID namespace (nothing it starts outlives it), no capabilities, and limits on
address space, processes, file size, CPU time and tmpfs size (and, as the address-space limit is
per process, the out-of-memory killer takes its processes first). When the grader runs as root the
kernel runs as an otherwise unused uid, so that the process limit counts only its processes.

Without bubblewrap (`--no-sandbox`, or no bwrap on the machine) the kernel still gets a fresh
home and working folder, a clean environment and the same limits, but sees the host's files.
"""
from __future__ import annotations

import functools
import itertools
import json
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

BWRAP = "bwrap"
SANDBOX_TMP = "/tmp"
SANDBOX_HOME = "/tmp/home"
SANDBOX_WORK = "/tmp/work"
SANDBOX_DATA = "/tmp/data"    # the read-only copy of data/, at the same place for every kernel
MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    memory: int = 3072 * MiB        # address space of each process
    processes: int = 96             # processes and threads of the sandbox's uid
    file_size: int = 64 * MiB       # largest file a process may write
    cpu_seconds: int = 600          # CPU time of each process
    tmp_size: int = 256 * MiB       # the sandbox's /tmp (home and working folder)
    open_files: int = 1024


class SandboxUnavailable(RuntimeError):
    """No bubblewrap sandbox can be started here; the message says why."""


# --- is there a sandbox? ------------------------------------------------------------------

@functools.cache
def unavailable_reason() -> str | None:
    """None when a bubblewrap sandbox works on this machine, else why not."""
    if not sys.platform.startswith("linux"):
        return f"bubblewrap sandboxes need Linux (this is {sys.platform})"
    if shutil.which(BWRAP) is None:
        return "bubblewrap (bwrap) is not installed: `sudo apt-get install bubblewrap` (or `make system`)"
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        return "setpriv (util-linux) is not installed: as root it switches a sandbox to an unused uid"
    uid = 0 if os.geteuid() == 0 else None   # as the real runs: without a user namespace as root
    trial = [*_bwrap_args(Path("/nonexistent-ipc"), None, Limits(), uid=uid, shared=False), "--", "/bin/true"]
    run = subprocess.run(trial, capture_output=True, text=True, timeout=30)
    if run.returncode != 0:
        return f"bubblewrap cannot start a sandbox here: {run.stderr.strip()[:200] or run.returncode}"
    return None


def require() -> None:
    reason = unavailable_reason()
    if reason:
        raise SandboxUnavailable(reason)


# --- uids for root --------------------------------------------------------------------------

UID_BASE = 2_000_000_000
_uid_lock = threading.Lock()
_uids_in_use: set[int] = set()
_uid_counter = itertools.count()


def take_uid() -> int | None:
    """A uid no other sandbox of this machine uses now (root only; else the caller's own)."""
    if os.geteuid() != 0:
        return None
    with _uid_lock:
        while True:
            uid = UID_BASE + (os.getpid() % 100_000) * 64 + next(_uid_counter) % 64
            if uid not in _uids_in_use:
                _uids_in_use.add(uid)
                return uid


def release_uid(uid: int | None) -> None:
    with _uid_lock:
        _uids_in_use.discard(uid)


# --- the command ----------------------------------------------------------------------------

@functools.cache
def python_paths() -> tuple[Path, ...]:
    """What a kernel needs of the host's Python: its prefixes and import paths, as a fresh
    interpreter sees them (this process's own sys.path may hold the folder it started in)."""
    listed = subprocess.run([sys.executable, "-I", "-c", "import json, sys\n"
                             "print(json.dumps([sys.prefix, sys.base_prefix, *sys.path]))"],
                            capture_output=True, text=True, cwd="/", check=True).stdout
    paths = {Path(p).resolve() for p in json.loads(listed) if p and Path(p).exists()}
    system = (Path("/usr"), Path("/etc"))
    kept = sorted(p for p in paths if not any(p == s or s in p.parents for s in system))
    return tuple(p for p in kept if not any(q in p.parents for q in kept))   # outermost only


def exposed(protected: list[Path]) -> list[Path]:
    """The protected folders (answers/, the key cache, submissions) a sandbox would see."""
    shown = python_paths()
    return [p for p in map(Path.resolve, protected) if any(p == s or s in p.parents for s in shown)]


def _system_args() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]
    for name in ("/bin", "/sbin", "/lib", "/lib32", "/lib64"):
        if os.path.islink(name):
            args += ["--symlink", os.readlink(name), name]
        elif os.path.isdir(name):
            args += ["--ro-bind", name, name]
    args += ["--ro-bind-try", "/var/cache/fontconfig", "/var/cache/fontconfig"]
    return args


def _dirs_to(path: Path, made: set[Path]) -> list[str]:
    """--dir for every missing ancestor of path, readable by the sandbox's user."""
    args = []
    for parent in reversed(path.parents):
        if parent != Path("/") and parent not in made:
            made.add(parent)
            args += ["--perms", "0755", "--dir", str(parent)]
    return args


def _bwrap_args(ipc_dir: Path, data_dir: Path | None, limits: Limits, uid: int | None,
                shared: bool = True) -> list[str]:
    # The tmpfs comes first: what is bound after it stays visible even under /tmp (a venv there).
    args = [BWRAP, *_system_args(), "--dev", "/dev", "--proc", "/proc",
            "--perms", "1777", "--size", str(limits.tmp_size), "--tmpfs", SANDBOX_TMP]
    made = {Path(SANDBOX_TMP)}
    for path in python_paths():
        args += [*_dirs_to(path, made), "--ro-bind", str(path), str(path)]
    if shared:
        args += [*_dirs_to(ipc_dir, made), "--bind", str(ipc_dir), str(ipc_dir)]
    if data_dir is not None:
        args += ["--ro-bind", str(data_dir), SANDBOX_DATA]
    for folder in (SANDBOX_HOME, SANDBOX_WORK):
        args += ["--perms", "0777", "--dir", folder]
    args += ["--chdir", SANDBOX_WORK, "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
             "--unshare-cgroup-try", "--hostname", "sandbox", "--die-with-parent", "--new-session", "--clearenv"]
    # As root, setpriv (inside) drops every capability as it switches to the sandbox's uid.
    return args if uid is not None else [*args, "--unshare-user", "--cap-drop", "ALL"]


def kernel_env(home: str, data_dir: Path | str | None) -> dict[str, str]:
    """The whole environment of a grading kernel: nothing of the grader's own."""
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
        "HOME": home, "IPYTHONDIR": f"{home}/.ipython", "MPLCONFIGDIR": f"{home}/.config/matplotlib",
        "HF_HOME": f"{home}/.cache/huggingface", "TMPDIR": str(Path(home).parent),
        "LANG": "C.UTF-8", "PYTHONHASHSEED": "0", "IPYKERNEL_CELL_NAME": "<IPY-INPUT>",
        "PYTHONNOUSERSITE": "1", "PYTHONDONTWRITEBYTECODE": "1", "MPLBACKEND": "agg",
        "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
    }
    if data_dir is not None:
        env["AQWAL_DATA"] = str(data_dir)
    return env


# Sets the limits, then becomes the command: rlimits pass through exec, bwrap and setpriv. The
# memory limit is per process, so a kernel's children together can exhaust the machine: the
# out-of-memory killer's first choice (inherited by every child; Linux only) spares the grader.
LIMIT = ("import os, resource, sys\n"
         "for name, value in zip(sys.argv[1].split(','), map(int, sys.argv[2].split(','))):\n"
         "    resource.setrlimit(getattr(resource, name), (value, value))\n"
         "try:\n"
         "    with open('/proc/self/oom_score_adj', 'w') as adj:\n"
         "        adj.write('1000')\n"
         "except OSError:\n"
         "    pass\n"
         "os.execvp(sys.argv[3], sys.argv[3:])")


def _limited(limits: Limits, uid: int | None) -> list[str]:
    processes = limits.processes
    if uid is None and os.geteuid() != 0:
        # RLIMIT_NPROC counts every process of the uid: allow for the user's own.
        mine = sum(1 for p in Path("/proc").iterdir() if p.name.isdigit() and _owner(p) == os.getuid())
        processes += mine * 8
    values = {"RLIMIT_AS": limits.memory, "RLIMIT_NPROC": processes, "RLIMIT_FSIZE": limits.file_size,
              "RLIMIT_CPU": limits.cpu_seconds, "RLIMIT_NOFILE": limits.open_files}
    return [sys.executable, "-S", "-c", LIMIT, ",".join(values), ",".join(map(str, values.values()))]


def _owner(path: Path) -> int | None:
    try:
        return path.stat().st_uid
    except OSError:
        return None


KERNEL_ARGS = ["-m", "ipykernel_launcher", "--InteractiveShell.xmode=Minimal"]


def kernel_command(connection_file: Path, ipc_dir: Path, data_dir: Path | None, limits: Limits,
                   uid: int | None, sandboxed: bool, host_home: Path | None = None) -> list[str]:
    """argv that starts a kernel reading connection_file (inside a sandbox when sandboxed)."""
    python = [sys.executable, *KERNEL_ARGS, "-f", str(connection_file)]
    if not sandboxed:
        return [*_limited(limits, None), *python]
    env = kernel_env(SANDBOX_HOME, SANDBOX_DATA if data_dir is not None else None)
    setenv = [a for k, v in env.items() for a in ("--setenv", k, v)]
    drop = [] if uid is None else ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
                                   "--inh-caps=-all", "--bounding-set=-all", "--"]
    bwrap = [shutil.which(BWRAP) or BWRAP, *_bwrap_args(ipc_dir, data_dir, limits, uid)[1:]]
    return [*_limited(limits, uid), *bwrap, *setenv, "--", *drop, *python]
