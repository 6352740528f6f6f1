"""Warm LibreOffice workers over UNO: one `uno_worker.py` (system Python) per slot, kept running.

The same interface as `process.ProcessPool` (run/clean/stop/close, `root`, `cpu_seconds`), so
`LibreOfficeConverter` drives either. Each worker runs in a session of its own, with its
`soffice` in the same process group: a per-document timeout, a stop request (Ctrl-C) or
`close()` kills exactly that group, and a killed worker is replaced by a fresh one (new profile)
at its slot's next document. A guardian process (`guard.py`) kills the groups when vanban
itself is killed, and removes the profiles.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import select
import shutil
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.pdf.guard import Guard, new_root
from generator.pdf.process import OnOutput, RunOutcome, remove_call_folders

# Asked for one more (index, docx) when a worker is about to run dry; None: nothing waits.
More = Callable[[], tuple[int, Path] | None]

SYSTEM_PYTHON = "/usr/bin/python3"
WORKER = Path(__file__).with_name("uno_worker.py")
START_SECONDS = 90.0
POLL_SECONDS = 0.05
TIMED_OUT, STOPPED, DIED = "timed_out", "stopped", "died"


@functools.cache
def uno_available(python: str = SYSTEM_PYTHON) -> bool:
    """Return True when `python` can import LibreOffice's `uno` (Debian package python3-uno)."""
    # A UNO type import needs the bridge to the installed LibreOffice, not just the module.
    probe = "import uno; from com.sun.star.beans import PropertyValue"
    try:
        done = subprocess.run(
            [python, "-I", "-c", probe], check=False, capture_output=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


@dataclass
class _Worker:
    proc: subprocess.Popen[bytes]
    profile: Path
    pending: bytes = b""
    ready: bool = False
    cpu: float = 0.0
    bridge_cpu: float = 0.0
    pids: list[int] = field(default_factory=list)


class UnoPool:
    """One warm worker per slot, started at once so LibreOffice warms up while rendering runs."""

    def __init__(
        self, soffice: str, slots: int, *, pdfa: bool = True, python: str = SYSTEM_PYTHON
    ) -> None:
        self.soffice, self.pdfa, self.python = soffice, pdfa, python
        self.root = new_root("vanban-uno-")
        self._guard = Guard(self.root)
        self.pids: set[int] = set()  # every worker, oosplash and soffice.bin pid ever started
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._calls = 0
        self._cpu_done = 0.0
        self._bridge_done = 0.0
        self._active = 0
        self._workers: list[_Worker | None] = [self._spawn(slot) for slot in range(slots)]

    @property
    def stopped(self) -> bool:
        """Return True once a stop was requested."""
        return self._stop.is_set()

    @property
    def cpu_seconds(self) -> float:
        """Return LibreOffice's CPU so far (as last reported by each worker)."""
        with self._lock:
            live = sum(w.cpu for w in self._workers if w is not None)
            return self._cpu_done + live

    @property
    def bridge_cpu_seconds(self) -> float:
        """Return the CPU the worker scripts themselves used (JSON, UNO bridge), not LibreOffice."""
        with self._lock:
            live = sum(w.bridge_cpu for w in self._workers if w is not None)
            return self._bridge_done + live

    def run(
        self,
        slot: int,
        inputs: list[tuple[int, Path]],
        filter_name: str,
        timeout: float,
        on_output: OnOutput | None = None,
        *,
        more: More | None = None,
    ) -> RunOutcome:
        """Convert `inputs` one by one on the slot's worker; `filter_name` is unused (see pdfa).

        A document taking longer than `timeout` s kills the worker and ends the run; so does a
        worker that dies. Outputs go to `on_output` as soon as they are stored, else to the
        outcome, like `ProcessPool.run`. `more()` (when given) is asked for one more document
        whenever the last input has been sent, so the worker never waits between chunks; what
        it returns is appended to `inputs`.
        """
        with self._lock:
            self._calls += 1
            self._active += 1
            work = self.root / f"call-{slot}-{self._calls}"
        try:
            work.mkdir(parents=True)
            return self._run(slot, work, inputs, timeout, on_output, more=more)
        finally:
            with self._lock:
                self._active -= 1

    def _run(
        self,
        slot: int,
        work: Path,
        inputs: list[tuple[int, Path]],
        timeout: float,
        on_output: OnOutput | None,
        *,
        more: More | None,
    ) -> RunOutcome:
        # The next document is written to the worker before the current one's reply is handled
        # (checks, moving the PDF, the caller's callbacks), so LibreOffice never waits for us.
        # Its timeout starts when the reply before it arrives, that is when the worker starts it.
        outcome = RunOutcome()
        worker: _Worker | None = None
        sent = 0
        for position, (index, _docx) in enumerate(inputs):
            if self.stopped:
                outcome.stopped = True
                break
            if worker is None:

                def queue_first(fresh: _Worker, position: int = position) -> None:
                    # The first documents wait in the pipe while LibreOffice starts: it reads
                    # them the moment it is connected, without waiting for our reply to "ready".
                    nonlocal sent
                    while sent <= min(position + 1, len(inputs) - 1):
                        if not self._send(fresh, work, *inputs[sent]):
                            return
                        sent += 1

                worker, problem = self._ready(slot, queue_first)
                if worker is None:
                    outcome.stderr_tail = problem
                    outcome.stopped = self.stopped
                    break
            deadline = time.monotonic() + timeout
            while True:
                if more is not None and sent == len(inputs) <= position + 1 and not self.stopped:
                    following = more()  # queued behind this one: no gap before the next chunk
                    if following is not None:
                        inputs.append(following)
                if sent > min(position + 1, len(inputs) - 1):
                    break
                if not self._send(worker, work, *inputs[sent]):
                    break
                sent += 1
            reply = self._read(worker, deadline) if sent > position else DIED
            if isinstance(reply, str):
                self._kill(slot, worker, fresh_profile=True)
                outcome.timed_out, outcome.stopped = reply == TIMED_OUT, reply == STOPPED
                if reply == DIED:
                    outcome.stderr_tail = "LibreOffice dừng đột ngột."
                break
            worker.cpu = float(reply.get("cpu", worker.cpu))
            worker.bridge_cpu = float(reply.get("bridge_cpu", worker.bridge_cpu))
            target = work / f"{index}.pdf"
            if reply.get("ok") and target.is_file() and target.stat().st_size > 0:
                if on_output is not None:
                    on_output(index, target)
                else:
                    outcome.outputs[index] = target
            else:
                outcome.stderr_tail = str(reply.get("error", ""))[-300:]
        return outcome

    def _send(self, worker: _Worker, work: Path, index: int, docx: Path) -> bool:
        """Write one job to the worker; False when its stdin is gone (it died or was stopped)."""
        job = {"docx": str(docx.resolve()), "pdf": str(work / f"{index}.pdf"), "pdfa": self.pdfa}
        try:
            if worker.proc.stdin is None:
                return False
            worker.proc.stdin.write(json.dumps(job, ensure_ascii=False).encode() + b"\n")
            worker.proc.stdin.flush()
        except (OSError, ValueError):  # ValueError: stdin closed by a concurrent stop()
            return False
        return True

    def clean(self, slot: int) -> None:
        """Remove the call folders of `slot` (outputs not handed over)."""
        remove_call_folders(self.root, slot)

    def stop(self) -> None:
        """Stop every worker now: running documents end within a poll interval."""
        self._stop.set()
        deadline = time.monotonic() + 5
        while self._active and time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)  # each running document kills its own worker first
        for slot, worker in enumerate(list(self._workers)):
            if worker is not None:
                self._kill(slot, worker)

    def close(self) -> None:
        """Kill every worker group and remove the profiles; safe to call twice.

        No polite quit: the profiles are thrown away and no document is open for writing, and
        LibreOffice's own quit costs about 0.5 s of wall time at the end of every run. A worker
        whose parent dies without closing still quits its LibreOffice on stdin's EOF.
        """
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
        self._guard.close()

    def _spawn(self, slot: int) -> _Worker:
        profile = self.root / f"profile-{slot}"
        pipe = f"vanban-{os.getpid()}-{slot}-{uuid.uuid4().hex[:12]}"
        # -I: the script's folder (generator/pdf, with its own inspect.py) stays off sys.path.
        command = [self.python, "-I", str(WORKER), self.soffice, profile.as_uri(), pipe]
        with (self.root / f"worker-{slot}.log").open("ab") as log:
            proc = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                env=dict(os.environ, HOME=str(self.root)),
                start_new_session=True,
            )
        self._guard.watch(proc.pid)
        with self._lock:
            self.pids.add(proc.pid)
        return _Worker(proc, profile)

    def _ready(
        self, slot: int, queue: Callable[[_Worker], None] | None = None
    ) -> tuple[_Worker | None, str]:
        """Return the slot's worker once connected (starting one if needed), or why not.

        `queue(worker)` is called before waiting for a worker that is not connected yet.
        """
        with self._lock:
            worker = self._workers[slot]
        if worker is None or _exited(worker.proc):
            if worker is not None:
                self._kill(slot, worker)
            if self.stopped:
                return None, ""
            worker = self._spawn(slot)
            with self._lock:
                self._workers[slot] = worker
        if worker.ready:
            return worker, ""
        if queue is not None:
            queue(worker)
        message = self._read(worker, time.monotonic() + START_SECONDS)
        if isinstance(message, dict) and message.get("ready"):
            worker.ready, worker.pids = True, [int(pid) for pid in message.get("pids", [])]
            with self._lock:
                self.pids.update(worker.pids)
            return worker, ""
        self._kill(slot, worker, fresh_profile=True)
        if isinstance(message, dict):
            detail = str(message.get("error", ""))
        elif message == TIMED_OUT:
            detail = f"chưa sẵn sàng sau {START_SECONDS:g} giây"
        else:
            detail = "tiến trình đã dừng"
        return None, f"không khởi động được LibreOffice qua UNO ({detail})."

    def _read(self, worker: _Worker, deadline: float) -> dict[str, Any] | str:
        """Return the worker's next JSON line, or TIMED_OUT, STOPPED or DIED."""
        while b"\n" not in worker.pending:
            if self.stopped:
                return STOPPED
            left = deadline - time.monotonic()
            if left <= 0:
                return TIMED_OUT
            try:
                descriptor = worker.proc.stdout.fileno() if worker.proc.stdout else -1
                readable, _, _ = select.select([descriptor], [], [], min(left, POLL_SECONDS))
                chunk = os.read(descriptor, 65536) if readable else None
            except (OSError, ValueError):  # closed under us by stop()
                return DIED
            if chunk == b"":
                return DIED
            worker.pending += chunk or b""
        line, worker.pending = worker.pending.split(b"\n", 1)
        try:
            message = json.loads(line)
        except ValueError:
            return DIED
        return message if isinstance(message, dict) else DIED

    def _kill(self, slot: int, worker: _Worker, *, fresh_profile: bool = False) -> None:
        """Kill the worker's process group (all of it is ours) and free its slot."""
        with self._lock:
            if self._workers[slot] is worker:
                self._workers[slot] = None
                self._cpu_done += worker.cpu
                self._bridge_done += worker.bridge_cpu
        if worker.proc.returncode is None:  # not reaped yet, so the group id is still ours
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(worker.proc.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                worker.proc.wait(timeout=10)
        if worker.proc.returncode is not None:
            self._guard.release(worker.proc.pid)
        for stream in (worker.proc.stdin, worker.proc.stdout):
            with contextlib.suppress(OSError):
                if stream is not None:
                    stream.close()
        if fresh_profile:
            # A killed LibreOffice may leave a locked or half-written profile: start afresh.
            shutil.rmtree(worker.profile, ignore_errors=True)


def _exited(proc: subprocess.Popen[bytes]) -> bool:
    """Return True when `proc` ended, without reaping it (its group id stays ours to kill)."""
    if proc.returncode is not None:
        return True
    try:
        return os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True
