"""One kernel for one notebook: start it (sandboxed), run cells with time limits, stop it for good.

The grader talks to the kernel over IPC sockets only. Of everything the kernel publishes it
keeps the reply to each request and the probe's result messages (`probe.RESULT_MIME`) that
answer that request; prints, figures and anything written to the process's own stdout (which
goes nowhere) never reach the grader's output. A cell that runs past its time limit is
interrupted; a kernel that does not stop within a grace period, or a notebook past its
deadline, is killed with its whole sandbox.
"""
from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import zmq
from jupyter_client import BlockingKernelClient
from jupyter_client.connect import write_connection_file

from aqwal.exercises import sandbox
from aqwal.exercises.probe import RESULT_MIME

MESSAGE_LIMIT = 32 * 1024 * 1024    # bytes of one message from the kernel; a larger one drops the link
RESULT_LIMIT = 4 * 1024 * 1024      # characters of one probe result
GRACE = 5.0                         # seconds a kernel gets to stop after an interrupt
STARTUP = 60.0


class KernelGone(RuntimeError):
    """The kernel died, was killed, or its deadline passed; nothing more can run in it."""


class _Client(BlockingKernelClient):
    """A client whose sockets refuse oversized messages instead of buffering them."""

    def _create_connected_socket(self, channel, identity=None):
        sock = self.context.socket(zmq.SUB if channel == "iopub" else zmq.DEALER)
        sock.linger = 0
        sock.setsockopt(zmq.MAXMSGSIZE, MESSAGE_LIMIT)
        if identity:
            sock.identity = identity
        sock.connect(self._make_url(channel))
        return sock


@dataclass
class CellRun:
    status: str                   # ok, error, timeout (interrupted), killed, dead
    ename: str = ""
    evalue: str = ""
    results: list = field(default_factory=list)   # probe payloads (JSON text), in arrival order
    extra: int = 0                # results that came after `expect` of them (dropped)
    seconds: float = 0.0
    progressed: bool = False      # a result arrived since the last interrupt


class Kernel:
    """A kernel in its own workspace; use as a context manager."""

    def __init__(self, data_dir: Path | None, sandboxed: bool = True, limits: sandbox.Limits | None = None,
                 deadline: float | None = None, startup: float = STARTUP):
        self.data_dir, self.sandboxed = data_dir, sandboxed
        self.limits = limits or sandbox.Limits()
        self.deadline = time.monotonic() + deadline if deadline else None
        self.startup = startup
        self.process: subprocess.Popen | None = None
        self.client: _Client | None = None
        self.uid: int | None = None
        self.workspace: Path | None = None
        self.gone = ""

    # --- life ---------------------------------------------------------------------------

    def __enter__(self) -> Kernel:
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _start(self) -> None:
        if self.sandboxed:
            sandbox.require()
        self.workspace = Path(tempfile.mkdtemp(prefix="aqwal-kernel-"))
        ipc = self.workspace / "ipc"
        ipc.mkdir(mode=0o700)
        self.uid = sandbox.take_uid() if self.sandboxed else None
        if self.uid is not None:
            os.chown(ipc, self.uid, self.uid)
        connection = ipc / "kernel.json"
        write_connection_file(str(connection), transport="ipc", ip=str(ipc / "k"),
                              key=secrets.token_hex(16).encode())
        if self.uid is not None:
            os.chown(connection, self.uid, self.uid)
        argv = sandbox.kernel_command(connection, ipc, self.data_dir, self.limits, self.uid, self.sandboxed)
        env, cwd = None, None
        if not self.sandboxed:
            home, cwd = self.workspace / "home", self.workspace / "work"
            home.mkdir()
            cwd.mkdir()
            env = sandbox.kernel_env(str(home), self.data_dir)
            env["PATH"] = os.environ.get("PATH", env["PATH"])
        self.process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, env=env, cwd=cwd, start_new_session=True)
        self.client = _Client()
        self.client.load_connection_file(str(connection))
        self.client.start_channels(hb=False)
        self._wait_ready()
        if self.uid is not None:   # its sockets made, the sandbox writes nothing more on the host's disk
            os.chown(ipc, os.getuid(), os.getgid())

    def _wait_ready(self) -> None:
        limit = time.monotonic() + self.startup
        while time.monotonic() < limit:
            self._check_alive()
            msg_id = self.client.kernel_info()
            if self._reply_to(msg_id, 1.0) is None:
                continue
            try:  # iopub may connect later than shell: wait for the kernel's status messages
                while True:
                    msg = self.client.iopub_channel.get_msg(timeout=0.5)
                    if msg["parent_header"].get("msg_id") == msg_id:
                        return
            except Exception:
                continue
        raise KernelGone(f"the kernel did not start within {self.startup:g} s")

    def _reply_to(self, msg_id: str, timeout: float):
        limit = time.monotonic() + timeout
        while (left := limit - time.monotonic()) > 0:
            try:
                msg = self.client.shell_channel.get_msg(timeout=left)
            except Exception:
                return None
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg
        return None

    def _check_alive(self) -> None:
        if self.gone:
            raise KernelGone(self.gone)
        if self.process is not None and self.process.poll() is not None:
            self.gone = "the kernel died"
            raise KernelGone(self.gone)

    def stop(self, reason: str = "") -> None:
        """Kill the kernel and everything in its sandbox; idempotent."""
        if reason and not self.gone:
            self.gone = reason
        if self.client is not None:
            self.client.stop_channels()
            self.client = None
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
            self.process = None
        sandbox.release_uid(self.uid)
        self.uid = None
        if self.workspace is not None:
            shutil.rmtree(self.workspace, ignore_errors=True)
            self.workspace = None

    # --- running cells --------------------------------------------------------------------

    def left(self) -> float:
        return float("inf") if self.deadline is None else self.deadline - time.monotonic()

    def run(self, code: str, timeout: float, expect: int = 0) -> CellRun:
        """Run code; the first `expect` probe results (as many as the cell's probe can send),
        each of at most RESULT_LIMIT characters, arrive in CellRun.results; more are dropped and
        counted in CellRun.extra. KernelGone once the kernel is gone.

        The time limit restarts at each result kept (it is a limit per test case). When it
        runs out the cell is interrupted; a kernel that shows no progress within GRACE seconds
        of an interrupt is killed."""
        self._check_alive()
        if self.left() <= 0:
            self._expire()
        start = time.monotonic()
        msg_id = self.client.execute(code, silent=False, store_history=False, allow_stdin=False,
                                     stop_on_error=False)
        run = CellRun("ok")
        window = timeout
        while not self._collect(msg_id, run, window, timeout, expect):
            if self.left() <= 0:
                self._expire()
            if window == GRACE and not run.progressed:
                self.stop(f"the kernel did not stop {GRACE:g} s after an interrupt "
                          f"(a cell ran over its time limit of {timeout:g} s)")
                raise KernelGone(self.gone)
            self.client.control_channel.send(self.client.session.msg("interrupt_request", {}))
            run.status, run.progressed, window = "timeout", False, GRACE
        run.seconds = time.monotonic() - start
        return run

    def _expire(self):
        self.stop("the notebook ran past its deadline")
        raise KernelGone(self.gone)

    def _collect(self, msg_id: str, run: CellRun, window: float, timeout: float, expect: int) -> bool:
        """Read until the reply and the idle status of msg_id: True. False when `window`
        seconds pass without a probe result (each result opens a new window of `timeout`)."""
        poller = zmq.Poller()
        shell, iopub = self.client.shell_channel, self.client.iopub_channel
        poller.register(shell.socket, zmq.POLLIN)
        poller.register(iopub.socket, zmq.POLLIN)
        limit = time.monotonic() + min(window, self.left())
        replied = idle = False
        while not (replied and idle):
            left = limit - time.monotonic()
            if left <= 0:
                return False
            ready = dict(poller.poll(min(left, 0.5) * 1000))
            self._check_alive()
            if iopub.socket in ready:
                msg = iopub.get_msg(timeout=0)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                kind, content = msg["header"].get("msg_type"), msg.get("content", {})
                if kind == "status" and content.get("execution_state") == "idle":
                    idle = True
                elif kind == "display_data" and RESULT_MIME in content.get("data", {}):
                    result = content["data"][RESULT_MIME]
                    if len(run.results) >= expect:
                        run.extra += 1
                        continue
                    if not isinstance(result, str) or len(result) > RESULT_LIMIT:
                        continue
                    run.results.append(result)
                    run.progressed = True
                    limit = time.monotonic() + min(timeout, self.left())
            if shell.socket in ready:
                msg = shell.get_msg(timeout=0)
                if msg["parent_header"].get("msg_id") == msg_id:
                    replied = True
                    content = msg.get("content", {})
                    if content.get("status") != "ok":
                        run.status = "timeout" if run.status == "timeout" else "error"
                        run.ename, run.evalue = str(content.get("ename", "")), str(content.get("evalue", ""))
        return True
