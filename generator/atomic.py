"""Write output files whole or not at all, and hash them: one mechanism for the whole tree.

Every file vanban writes goes to a hidden temporary name in the same folder and is renamed onto
its target only when complete, so a failure, a full disk or Ctrl-C never leaves half a file.
The temporary file is created with the ordinary umask mode (not mkstemp's 0600), so a clerk's
colleagues can open what was written.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

TMP_SUFFIX = ".tmp"


def temporary_name(target: Path) -> Path:
    """Return a unique hidden temporary path beside `target` (same folder, so rename is atomic)."""
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}{TMP_SUFFIX}")


@contextlib.contextmanager
def atomic_target(target: Path) -> Iterator[Path]:
    """Yield a temporary path to write; rename it onto `target` on success, delete it otherwise."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_name(target)
    try:
        yield tmp
        with contextlib.suppress(FileNotFoundError):
            _fsync(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(target: Path, data: bytes) -> None:
    """Write `data` to `target` through a temporary file and a rename."""
    with atomic_target(target) as tmp:
        tmp.write_bytes(data)


def sha256_file(path: Path) -> str:
    """Return the hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()
