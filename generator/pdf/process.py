"""Run `soffice` calls we own: one profile per worker slot, a watchdog, and no survivors.

Each call starts in its own session, so its process group is ours alone; a timeout, a stop
request (Ctrl-C) or `close()` kills exactly those groups and never anything we did not start.
A guardian process (`guard.py`) kills them too when vanban itself is killed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.pdf.guard import Guard, new_root

POLL_SECONDS = 0.05
OnOutput = Callable[[int, Path], None]


@dataclass
class RunOutcome:
    """What one `soffice` call produced: outputs by job index, and why it ended."""

    outputs: dict[int, Path] = field(default_factory=dict)
    timed_out: bool = False
    stopped: bool = False
    stderr_tail: str = ""


def move_atomically(source: Path, target: Path) -> None:
    """Move `source` to `target` through a temporary name in the target's folder."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        shutil.move(source, temporary)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill the process group this call created (its id is the leader's pid)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)


class ProcessPool:
    """Worker slots, each with its own LibreOffice profile under one temporary root."""

    def __init__(self, soffice: str, slots: int) -> None:
        self.soffice = soffice
        self.root = new_root("vanban-lo-")
        self._guard = Guard(self.root)
        self._live: set[subprocess.Popen[bytes]] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._profiles = [self.root / f"profile-{slot}" for slot in range(slots)]
        self._calls = 0
        self.cpu_seconds = 0.0

    @property
    def stopped(self) -> bool:
        """Return True once a stop was requested."""
        return self._stop.is_set()

    def run(
        self,
        slot: int,
        inputs: list[tuple[int, Path]],
        filter_name: str,
        timeout: float,
        on_output: OnOutput | None = None,
    ) -> RunOutcome:
        """Convert `inputs` in one call; kill it when no output appears within `timeout` s.

        `on_output(index, pdf)` hears of each output as soon as it is complete (when the next
        one appears: LibreOffice converts in order), and may move it away; the outcome then
        lists only the outputs not handed over.
        """
        outcome = RunOutcome()
        if self.stopped:
            outcome.stopped = True
            return outcome
        with self._lock:
            self._calls += 1
            work = self.root / f"call-{slot}-{self._calls}"
        indir, outdir = work / "in", work / "out"
        indir.mkdir(parents=True)
        outdir.mkdir()
        # Copies under index names: two documents may share a file name in different folders.
        names = []
        for index, docx in inputs:
            copy = indir / f"{index}.docx"
            shutil.copyfile(docx, copy)
            names.append(str(copy))
        profile = self._profiles[slot]
        command = [
            self.soffice,
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nologo",
            "--nodefault",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            filter_name,
            "--outdir",
            str(outdir),
            *names,
        ]
        env = dict(os.environ, HOME=str(self.root))
        handed: set[int] = set()
        stderr_path = work / "stderr.txt"
        with stderr_path.open("wb") as stderr:
            proc = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                env=env,
                start_new_session=True,
            )
            self._guard.watch(proc.pid)
            with self._lock:
                self._live.add(proc)
            try:
                order = [index for index, _ in inputs]
                outcome.timed_out, outcome.stopped = self._watch(
                    proc, outdir, timeout, order=order, handed=handed, on_output=on_output
                )
            finally:
                if proc.returncode is None:  # not reaped yet, so the group id is still ours
                    _kill_group(proc)
                self._guard.release(proc.pid)
                with self._lock:
                    self._live.discard(proc)
        if outcome.timed_out or outcome.stopped:
            # A killed LibreOffice may leave a locked or half-written profile: start afresh.
            shutil.rmtree(profile, ignore_errors=True)
        for index, _ in inputs:
            produced = outdir / f"{index}.pdf"
            if index in handed:
                continue
            if produced.is_file() and produced.stat().st_size > 0:
                outcome.outputs[index] = produced
        outcome.stderr_tail = _tail(stderr_path)
        return outcome

    def _watch(
        self,
        proc: subprocess.Popen[bytes],
        outdir: Path,
        timeout: float,
        *,
        order: list[int],
        handed: set[int],
        on_output: OnOutput | None,
    ) -> tuple[bool, bool]:
        """Wait for `proc`; return (timed_out, stopped). Each new output restarts the clock."""
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            # wait4 rather than proc.wait: it also reports the CPU the call used (soffice.bin
            # included, as oosplash waits for it), which is LibreOffice's share of the run.
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                proc.returncode = os.waitstatus_to_exitcode(status)
                with self._lock:
                    self.cpu_seconds += usage.ru_utime + usage.ru_stime
                return False, False
            time.sleep(POLL_SECONDS)
            if self.stopped:
                return False, True
            present = [i for i in order if i in handed or (outdir / f"{i}.pdf").is_file()]
            if len(present) > seen:
                seen = len(present)
                deadline = time.monotonic() + timeout
                for index in present[:-1]:  # the newest one may still be being written
                    if on_output is not None and index not in handed:
                        handed.add(index)
                        on_output(index, outdir / f"{index}.pdf")
            if time.monotonic() > deadline:
                return True, False

    def clean(self, slot: int) -> None:
        """Remove the call folders of `slot` (inputs copies and leftovers)."""
        remove_call_folders(self.root, slot)

    def stop(self) -> None:
        """Ask every slot to stop; each watcher kills its own call within a poll interval."""
        self._stop.set()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            with self._lock:
                if not self._live:
                    return
            time.sleep(POLL_SECONDS)
        # Watchers are gone (e.g. interpreter exit): kill what is still unreaped ourselves.
        with self._lock:
            live = [proc for proc in self._live if proc.returncode is None]
        for proc in live:
            _kill_group(proc)
            self._guard.release(proc.pid)

    def close(self) -> None:
        """Stop everything and remove the profiles; safe to call twice."""
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
        self._guard.close()


def _tail(path: Path, limit: int = 300) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    lines = [line for line in text.splitlines() if line.strip() and "javaldx" not in line]
    return " ".join(lines)[-limit:]


def remove_call_folders(root: Path, slot: int) -> None:
    """Remove the per-call folders a pool made for `slot` under `root` (both pools name them
    call-<slot>-<n>)."""
    for work in root.glob(f"call-{slot}-*"):
        shutil.rmtree(work, ignore_errors=True)
