"""Who made a temporary folder, and whether that run is still alive.

A run that is killed (SIGKILL, power cut) cannot remove what it was writing. So every temporary
folder vanban makes (a set being built, a LibreOffice profile root) holds a small owner record:
the host, the process id and the process's start time. A later run removes the folder only when
its owner is gone:

- same host: the pid no longer exists, or it now belongs to another process (its start time
  differs, read from /proc on Linux);
- another host (an output folder on a network share written from two machines): the pid cannot
  be checked, so only when nothing in the folder changed for `FOREIGN_SECONDS`;
- no record (a folder of a version before this one, or one caught in the instant between its
  creation and its record): when nothing in it changed for `GRACE_SECONDS`.

On Windows a pid is not checked either (signal 0 would terminate the process there): the age
rule of another host applies.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path

OWNER_NAME = ".vanban-owner.json"
GRACE_SECONDS = 300.0
FOREIGN_SECONDS = 24 * 3600.0


@dataclass(frozen=True)
class Owner:
    """The run a temporary folder belongs to."""

    host: str
    pid: int
    started: int | None  # clock ticks after boot (/proc/<pid>/stat field 22), None elsewhere


def _stat_fields(pid: int) -> list[str] | None:
    """Return the fields of /proc/<pid>/stat after the command name (field 3 on), or None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    # The command name (field 2) may hold spaces and ")": split after its last ")".
    return stat.rsplit(")", 1)[-1].split()


def process_started(pid: int) -> int | None:
    """Return when process `pid` started (clock ticks after boot), or None when unknown."""
    fields = _stat_fields(pid)
    try:
        return int(fields[19]) if fields else None
    except (IndexError, ValueError):
        return None


def is_zombie(pid: int) -> bool:
    """Return whether process `pid` has ended and only waits to be reaped (state Z or X).

    A killed run's children stay zombies while nobody reaps them (a container whose first
    process does not reap orphans): they are gone for every purpose of an owner record.
    """
    fields = _stat_fields(pid)
    return fields is not None and bool(fields) and fields[0] in {"Z", "X"}


def this_run() -> Owner:
    """Return the owner record of the current process."""
    return Owner(socket.gethostname(), os.getpid(), process_started(os.getpid()))


def write_owner(folder: Path) -> None:
    """Record the current process as the owner of `folder`."""
    owner = this_run()
    record = {"host": owner.host, "pid": owner.pid, "started": owner.started}
    (folder / OWNER_NAME).write_text(json.dumps(record), encoding="utf-8")


def release(folder: Path) -> None:
    """Remove the owner record of `folder` (before it becomes a visible result)."""
    (folder / OWNER_NAME).unlink(missing_ok=True)


def read_owner(folder: Path) -> Owner | None:
    """Return the owner recorded in `folder`, or None when there is no readable record."""
    try:
        raw = json.loads((folder / OWNER_NAME).read_text(encoding="utf-8"))
        started = raw.get("started")
        return Owner(str(raw["host"]), int(raw["pid"]), None if started is None else int(started))
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def is_alive(owner: Owner) -> bool:
    """Return whether the process `owner` names still runs on this host (True when unsure)."""
    if owner.host != socket.gethostname() or os.name != "posix":
        return True
    try:
        os.kill(owner.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process: it exists
    if is_zombie(owner.pid):
        return False
    if owner.started is not None:
        now = process_started(owner.pid)
        if now is not None and now != owner.started:
            return False  # the pid was reused by a later process
    return True


def unclaimed(folder: Path) -> bool:
    """Return whether `folder` holds nothing but an owner record that cannot be read: its run
    was killed between making the folder and finishing the record (a live run is in that
    state for microseconds only)."""
    try:
        names = [entry.name for entry in os.scandir(folder)]
    except OSError:
        return False
    return names in ([], [OWNER_NAME]) and read_owner(folder) is None


def _last_change(folder: Path) -> float:
    """Return the newest modification time of `folder` and its direct entries."""
    newest = 0.0
    with contextlib.suppress(OSError):
        newest = folder.stat().st_mtime
        for entry in os.scandir(folder):
            with contextlib.suppress(OSError):
                newest = max(newest, entry.stat(follow_symlinks=False).st_mtime)
    return newest


def is_stale(folder: Path, now: float | None = None) -> bool:
    """Return whether `folder` was left by a run that is gone (see the module docstring)."""
    now = time.time() if now is None else now
    owner = read_owner(folder)
    if owner is None:
        return now - _last_change(folder) > GRACE_SECONDS
    if owner.host == socket.gethostname() and os.name == "posix":
        return not is_alive(owner)
    return now - _last_change(folder) > FOREIGN_SECONDS
