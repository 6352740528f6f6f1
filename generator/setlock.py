"""One lock per set folder, shared by all that replace a set: builds, queued tasks, finalize.

The lock is a hidden file beside the set folder (`.<set>.lock`) held with `flock`. The kernel
drops the lock of a killed process, so a crash never leaves the set locked. The file is removed
by whoever releases it; that is safe only because a waiter checks, once it holds the lock, that
the file it locked is still the one at the path (same inode) and otherwise retries on the new
file: without that check a waiter blocked on the removed file and a newcomer locking a fresh
file at the same path would both believe they hold the lock.

A process killed while holding the lock leaves its file behind (unlocked: the kernel dropped
the lock); `remove_free_locks` removes such files, each only while holding its lock, so the
waiters' inode check covers it as it covers a release.

The lock is re-entrant within a thread (a queued task holds it while its build takes it again to
swap the set in), and exclusive between threads and processes.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
from collections.abc import Iterator
from pathlib import Path

__all__ = ["remove_free_locks", "set_lock"]

_held = threading.local()


def _holding() -> dict[str, int]:
    """Return this thread's held lock paths with their nesting depth."""
    held: dict[str, int] | None = getattr(_held, "paths", None)
    if held is None:
        held = _held.paths = {}
    return held


@contextlib.contextmanager
def set_lock(folder: Path, name: str) -> Iterator[None]:
    """Hold the exclusive lock of the set `name` in `folder` while the body runs; wait for
    another holder first. The lock file is removed when the outermost holder leaves."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f".{name}.lock"
    key = os.path.abspath(path)
    held = _holding()
    if key in held:  # this thread holds it already
        held[key] += 1
        try:
            yield
        finally:
            held[key] -= 1
        return
    fd = _acquire(path)
    held[key] = 1
    try:
        yield
    finally:
        del held[key]
        with contextlib.suppress(FileNotFoundError):
            path.unlink()  # while still locked: a waiter on this file then sees it is gone
        os.close(fd)


def _acquire(path: Path) -> int:
    """Return an open descriptor of the lock file at `path`, exclusively locked."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                same = os.stat(path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
        except BaseException:
            os.close(fd)
            raise
        if same:
            return fd
        os.close(fd)


def remove_free_locks(folder: Path) -> list[Path]:
    """Remove the set lock files in `folder` that nobody holds (left by killed runs); return them.

    A lock held anywhere, this process included (another descriptor), is kept.
    """
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for path in sorted(folder.glob(".*.lock")):
        if path.is_symlink() or not path.is_file():
            continue
        try:
            fd = os.open(path, os.O_RDWR)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if os.stat(path).st_ino == os.fstat(fd).st_ino:
                path.unlink()
                removed.append(path)
        except OSError:  # held by a live run (or already gone): leave it
            pass
        finally:
            os.close(fd)
    return removed
