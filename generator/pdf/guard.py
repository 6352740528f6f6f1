"""LibreOffice dies with vanban, and what a killed run left behind is removed by the next one.

Two lines of defence, both needed because a SIGKILL runs no code of ours:

1. `Guard`: each pool starts a guardian process (`guardian.py`) and tells it every process
   group it starts and reaps. The guardian holds the other end of a pipe; when vanban dies the
   kernel closes it, and the guardian kills the groups still listed and removes the pool's
   folder (its LibreOffice profiles).
2. `sweep_stale_roots`: a new pool first looks for pool folders (`vanban-uno-*`, `vanban-lo-*`
   in the temporary directory) whose owner run is gone (`generator.owner`: the guardian itself
   was killed too, or a version before this one ran), kills any process still using one of
   their profiles (its command line names the profile) and removes them.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from generator.owner import is_stale, unclaimed, write_owner

GUARDIAN = Path(__file__).with_name("guardian.py")
ROOT_PREFIXES = ("vanban-uno-", "vanban-lo-")


class Guard:
    """The parent's side of one pool's guardian process."""

    def __init__(self, root: Path) -> None:
        self._lock = threading.Lock()
        # -I -S: the guardian needs the standard library only, and starts in ≈ 10 ms.
        self._proc: subprocess.Popen[bytes] | None = subprocess.Popen(
            [sys.executable, "-I", "-S", str(GUARDIAN)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self._say(os.fsdecode(root))

    @property
    def pid(self) -> int | None:
        """Return the guardian's pid (None once closed)."""
        return self._proc.pid if self._proc is not None else None

    def _say(self, line: str) -> None:
        with self._lock:
            if self._proc is None or self._proc.stdin is None:
                return
            # A guardian that died cannot be told; the next run's sweep is the second line.
            with contextlib.suppress(OSError, ValueError):
                self._proc.stdin.write(os.fsencode(line) + b"\n")
                self._proc.stdin.flush()

    def watch(self, pgid: int) -> None:
        """Have the guardian kill process group `pgid` if vanban dies before reaping it."""
        self._say(f"+{pgid}")

    def release(self, pgid: int) -> None:
        """Tell the guardian that group `pgid` was killed or ended and its leader reaped."""
        self._say(f"-{pgid}")

    def close(self) -> None:
        """End the guardian (after the pool killed its groups itself); safe to call twice."""
        with self._lock:
            proc, self._proc = self._proc, None
        if proc is None:
            return
        with contextlib.suppress(OSError):
            if proc.stdin is not None:
                proc.stdin.close()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def new_root(prefix: str) -> Path:
    """Return a fresh pool folder in the temporary directory, owned by this run, after removing
    the pool folders of runs that are gone."""
    sweep_stale_roots()
    while True:  # as atomic.temporary_folder: the name is known before the folder exists
        root = Path(tempfile.gettempdir()) / f"{prefix}{secrets.token_hex(6)}"
        try:
            os.mkdir(root, 0o700)
            write_owner(root)
        except FileExistsError:  # from mkdir only: another name
            continue
        except BaseException:
            shutil.rmtree(root, ignore_errors=True)
            raise
        return root


def sweep_stale_roots(tmp: Path | None = None) -> list[Path]:
    """Kill the processes of pool folders whose run is gone, remove the folders; return them."""
    tmp = Path(tempfile.gettempdir()) if tmp is None else tmp
    try:
        candidates = [
            entry
            for entry in tmp.iterdir()
            if entry.name.startswith(ROOT_PREFIXES) and entry.is_dir() and not entry.is_symlink()
        ]
    except OSError:
        return []
    stale = []
    for root in candidates:
        if not _owned_by_us(root):
            continue
        if unclaimed(root) or is_stale(root):  # unclaimed: killed while writing its record
            stale.append(root)
    if stale:
        kill_users(stale)
    for root in stale:
        shutil.rmtree(root, ignore_errors=True)
    return stale


def _owned_by_us(path: Path) -> bool:
    """Return whether `path` belongs to this user (another user's pool is not ours to judge)."""
    try:
        return os.name != "posix" or path.stat().st_uid == os.getuid()
    except OSError:
        return False


def kill_users(roots: list[Path]) -> list[int]:
    """SIGKILL every process of ours whose command line names a profile under `roots`; return
    their pids (Linux: read from /proc; elsewhere nothing)."""
    marks = [f"{root.as_uri()}/profile-".encode() for root in roots]
    killed = []
    for pid in _processes_naming(marks):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)
    return killed


def _processes_naming(marks: list[bytes]) -> list[int]:
    """Return the pids (not ours) whose command line contains one of `marks`."""
    found = []
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if any(mark in command for mark in marks):
            found.append(int(entry.name))
    return found
