"""What a kernel in the grading sandbox can see and do, observed from inside one sandbox."""
import json
import os
import resource
import tempfile
from pathlib import Path

import pytest
from conftest import ROOT

from aqwal.exercises import sandbox
from aqwal.exercises.grade import copy_data, grade_many, remove_workspace
from aqwal.exercises.judge import Value, outcome_of
from aqwal.exercises.kernel import RESULT_LIMIT, Kernel
from aqwal.exercises.sandbox import Limits

LIMITS = Limits(memory=1536 * 2**20, processes=48, file_size=8 * 2**20, cpu_seconds=120)

OBSERVE = r'''
import glob, os, resource, socket, subprocess

def _fails(action):
    try:
        action()
    except BaseException as error:
        return type(error).__name__
    return "allowed"

def _fork_bomb():
    children = []
    try:
        for _ in range(200):
            children.append(subprocess.Popen(["sleep", "30"]))
    except OSError:   # BlockingIOError: no more processes for this uid
        pass
    finally:
        for child in children:
            child.kill()
            child.wait()
    return len(children)

def _write(path, size=10):
    with open(path, "wb") as out:
        out.write(b"x" * size)

def _cmdlines():
    found = []
    for p in glob.glob("/proc/[0-9]*/cmdline"):
        try:
            found.append(open(p, "rb").read().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:
            pass
    return found

observed = {
    "uid": os.getuid(),
    "capabilities": [l.split()[1] for l in open("/proc/self/status") if l.startswith("CapEff")],
    "home": os.environ["HOME"],
    "home files": sorted(os.listdir(os.environ["HOME"])),
    "startup files": sorted(glob.glob(os.path.expanduser("~/.ipython/profile_default/startup/*.py"))),
    "cwd": os.getcwd(), "cwd files": sorted(os.listdir(".")),
    "project": [os.path.exists(os.path.join(PROJECT, p)) for p in ("answers", "gold", "notebooks", ".git")],
    "project src": os.path.exists(os.path.join(PROJECT, "src", "aqwal", "__init__.py")),
    "secret": os.environ.get("AQWAL_TEST_SECRET"), "hash seed": os.environ.get("PYTHONHASHSEED"),
    "data": os.environ.get("AQWAL_DATA"), "data files": sorted(os.listdir(os.environ["AQWAL_DATA"])),
    "write data": _fails(lambda: _write(os.path.join(os.environ["AQWAL_DATA"], "README.md"))),
    "new file in data": _fails(lambda: _write(os.path.join(os.environ["AQWAL_DATA"], "x"))),
    "write system": _fails(lambda: _write("/usr/lib/x")),
    "write home": _fails(lambda: _write(os.path.expanduser("~/x"))),
    "network": _fails(lambda: socket.create_connection(("127.0.0.1", 22), timeout=2)),
    "dns": _fails(lambda: socket.getaddrinfo("pypi.org", 443)),
    "processes seen": len(glob.glob("/proc/[0-9]*")),
    "pytest seen": any("pytest" in c for c in _cmdlines()),
    "memory": _fails(lambda: bytearray(3 * 2**30)),
    "big file": _fails(lambda: _write("big", 16 * 2**20)),
    "children": _fork_bomb(),
    "limits": {name: resource.getrlimit(getattr(resource, name))[0]
               for name in ("RLIMIT_AS", "RLIMIT_NPROC", "RLIMIT_FSIZE", "RLIMIT_CPU")},
    "oom score": open("/proc/self/oom_score_adj").read().strip(),
    "child oom score": subprocess.run(["cat", "/proc/self/oom_score_adj"], capture_output=True,
                                      text=True).stdout.strip(),
}
'''


@pytest.fixture(scope="module")
def observed():
    """One sandbox, given data/ as the grader gives it (a read-only copy, whatever data/'s mode,
    in a workspace named as the grader names it: bwrap's own command line shows its path)."""
    workspace = Path(tempfile.mkdtemp(prefix="aqwal-grade-"))
    data = copy_data(ROOT / "data", workspace)
    os.environ["AQWAL_TEST_SECRET"] = "the grader's own environment"
    try:
        with Kernel(data, sandboxed=True, limits=LIMITS, deadline=120) as kernel:
            assert kernel.run(f"PROJECT = {str(ROOT)!r}\n" + OBSERVE, 60).status == "ok"
            run = kernel.run("import aqwal.exercises.probe as p\np.run('x', [['case', 0, 'observed']])", 60, expect=1)
    finally:
        del os.environ["AQWAL_TEST_SECRET"]
        remove_workspace(workspace)
    [payload] = run.results
    outcome = outcome_of(json.loads(payload)["outcome"])
    assert isinstance(outcome, Value), outcome
    return outcome.value


def test_the_kernel_runs_as_nobody_in_particular_without_capabilities(observed):
    assert observed["uid"] != 0 and observed["uid"] != os.getuid()
    assert observed["capabilities"] == ["0000000000000000"]


def test_home_and_working_folder_are_fresh(observed):
    assert observed["home"] == sandbox.SANDBOX_HOME and observed["cwd"] == sandbox.SANDBOX_WORK
    assert observed["startup files"] == [] and observed["cwd files"] == []
    assert observed["write home"] == "allowed"


def test_the_project_is_invisible_but_the_package(observed):
    assert observed["project"] == [False, False, False, False]
    assert observed["project src"] is True
    assert observed["secret"] is None and observed["hash seed"] == "0"


def test_data_is_a_read_only_copy(observed):
    assert observed["data"] == sandbox.SANDBOX_DATA
    assert observed["data files"] == sorted(p.name for p in (ROOT / "data").iterdir())
    assert observed["write data"] in ("OSError", "PermissionError") and observed["new file in data"] != "allowed"
    assert observed["write system"] != "allowed"


def test_no_network(observed):
    assert observed["network"] != "allowed" and observed["dns"] != "allowed"


def test_its_own_processes_only(observed):
    assert observed["processes seen"] < 10 and observed["pytest seen"] is False


def test_limits_on_memory_processes_file_size_and_cpu(observed):
    assert observed["memory"] == "MemoryError"
    assert observed["big file"] in ("OSError", "PermissionError")   # EFBIG
    assert observed["children"] < LIMITS.processes
    assert observed["limits"] == {"RLIMIT_AS": LIMITS.memory, "RLIMIT_NPROC": LIMITS.processes,
                                  "RLIMIT_FSIZE": LIMITS.file_size, "RLIMIT_CPU": LIMITS.cpu_seconds}
    assert resource.getrlimit(resource.RLIMIT_NPROC) != (LIMITS.processes, LIMITS.processes), "the grader's own"


def test_the_out_of_memory_killer_takes_a_sandbox_first(observed):
    """RLIMIT_AS limits each process: a kernel's children (up to the process limit) each get
    as much again, more than the machine has. When memory runs out, the kernel took the
    grader or the kernel of another notebook graded meanwhile down with it; now its own
    processes go first."""
    assert observed["oom score"] == observed["child oom score"] == "1000"


def test_grading_refuses_answers_that_a_sandbox_would_see(tmp_path, monkeypatch):
    """The sandbox shows the Python installation's folders: answers/ must not lie in one."""
    monkeypatch.setattr(sandbox, "python_paths", lambda: (tmp_path,))
    (tmp_path / "answers").mkdir()
    with pytest.raises(sandbox.SandboxUnavailable, match="answers lies inside a folder of the Python installation"):
        grade_many([tmp_path / "answers" / "x.ipynb"], tmp_path / "answers")


def test_the_sandbox_shows_python_not_the_folder_the_grader_started_in():
    assert ROOT not in sandbox.python_paths() and ROOT / "src" in sandbox.python_paths()


FLOOD = """
import json, time
from IPython.display import publish_display_data
def _forge(size, count, pause=0.0):
    for i in range(count):
        publish_display_data({"application/vnd.aqwal.result": json.dumps({"exercise": "x", "case": i}) + " " * size})
        time.sleep(pause)
"""


def test_a_kernel_cannot_flood_the_grader_with_results_or_stretch_a_cells_time_limit():
    """Every result message a cell published was kept in the grader's memory (30 of 3 MB here;
    a kernel can send 32 MB ones for as long as its deadline lasts), and each one restarted
    the cell's time limit, so a solution cell publishing one every second never timed out.
    A cell keeps at most the results its probe can send, each at most RESULT_LIMIT."""
    with Kernel(None, sandboxed=True, limits=LIMITS, deadline=120) as kernel:
        assert kernel.run(FLOOD, 30).status == "ok"
        flooded = kernel.run("_forge(3 * 2**20, 30)", 30)
        assert flooded.status == "ok" and flooded.results == []
        kept = kernel.run(f"_forge({RESULT_LIMIT}, 1); _forge(10, 5)", 30, expect=2)
        assert [json.loads(r)["case"] for r in kept.results] == [0, 1]
        stretched = kernel.run("_forge(10, 8, pause=0.5)", 2)
        assert stretched.status == "timeout" and stretched.seconds < 4


FILL_IPC = """
import os
_ipc = [line.split()[1] for line in open("/proc/self/mounts") if "aqwal-kernel" in line]
def _fill():
    try:
        with open(os.path.join(_ipc[0], "filler"), "wb") as out:
            out.write(b"x" * 1000)
    except OSError as error:
        return type(error).__name__
    return "allowed"
"""


def test_a_kernel_cannot_write_into_the_hosts_folder_of_sockets():
    """The folder of IPC sockets, on the host's disk, stayed writable by the sandbox after the
    kernel had made its sockets: 64 MB files without number filled the disk, and the kernels
    of other notebooks graded meanwhile could not start (zero for them)."""
    if os.geteuid() != 0:
        pytest.skip("without root the kernel runs as the grader's own uid, which owns the folder")
    with Kernel(None, sandboxed=True, limits=LIMITS, deadline=120) as kernel:
        assert kernel.run(FILL_IPC + "assert len(_ipc) == 1", 30).status == "ok"
        probe = "import aqwal.exercises.probe as p\np.run('x', [['case', 0, '_fill()']])"
        [payload] = kernel.run(probe, 30, expect=1).results
        assert outcome_of(json.loads(payload)["outcome"]) == Value("PermissionError")
        assert not (kernel.workspace / "ipc" / "filler").exists()
