"""Write output files whole or not at all, and hash them: one mechanism for the whole tree.

Every file vanban writes goes to a hidden temporary name in the same folder and is renamed onto
its target only when complete, so a failure, a full disk or Ctrl-C never leaves half a file.
The temporary file is created with the ordinary umask mode (not mkstemp's 0600), so a clerk's
colleagues can open what was written.

A whole folder (a document set) is built the same way: `temporary_folder` makes a hidden
`.<name>-XXXXXXXX.tmp` beside the target with an owner record (`generator.owner`), and
`clean_stale_folders` removes the ones of runs that are gone, before a run writes beside them.
A dot does not hide a folder on a Windows share, so the cleaning does not rely on it: every
temporary folder of a killed run is removed by the next run that writes in the same place
(after a day when the owner ran on another machine), and on Windows the folder also gets the
hidden attribute.

Before a batch writes into an output folder, `clean_stale_tree` goes over all of it: the
temporary folders by their owner, the temporary files by their age. Another batch or build may
be writing there at the same time, and nothing of a live run is touched.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
import secrets
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from generator.owner import GRACE_SECONDS, is_stale, release, unclaimed, write_owner
from generator.setlock import remove_free_locks

TMP_SUFFIX = ".tmp"
OLD_SUFFIX = ".old"
_FILE_ATTRIBUTE_HIDDEN = 0x2


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


def temporary_folder(final: Path, suffix: str = TMP_SUFFIX) -> Path:
    """Return a new hidden folder `.<final name>-XXXXXXXX<suffix>` beside `final`, recorded as
    this run's."""
    final.parent.mkdir(parents=True, exist_ok=True)
    while True:
        # Not tempfile.mkdtemp: a Ctrl-C landing after its mkdir and before it returns would
        # leave a folder nobody knows of. Here the name is known before the folder exists.
        folder = final.with_name(f".{final.name}-{secrets.token_hex(4)}{suffix}")
        try:
            os.mkdir(folder, 0o700)
            write_owner(folder)
            _hide(folder)
        except FileExistsError:  # from mkdir only: another name
            continue
        except BaseException:  # Ctrl-C, SIGTERM, a full disk: the caller never got the folder
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return folder


def _hide(path: Path) -> None:
    """Give `path` the hidden attribute on Windows, where a leading dot does not hide it."""
    if os.name == "nt":  # pragma: no cover  (Linux CI)
        with contextlib.suppress(AttributeError, OSError):
            ctypes.windll.kernel32.SetFileAttributesW(str(path), _FILE_ATTRIBUTE_HIDDEN)  # type: ignore[attr-defined]


def _final_name(leftover: Path) -> str:
    """Return the name of the folder `.<name>-XXXXXXXX.tmp|.old` stood in for."""
    return leftover.name[1:].rsplit("-", 1)[0]


def clean_stale_folders(parent: Path) -> list[Path]:
    """Remove the temporary and moved-aside folders that runs now gone left in `parent`; return
    them.

    A moved-aside folder (`.<name>-XXXXXXXX.old`, holding the previous result while the new one
    is renamed in) is put back when the run died before its new result was in place. Set lock
    files that nobody holds (a run killed while holding one) go too.
    """
    if not parent.is_dir():
        return []
    removed: list[Path] = remove_free_locks(parent)
    for entry in sorted(parent.iterdir()):
        name = entry.name
        if not (name.startswith(".") and name.endswith((TMP_SUFFIX, OLD_SUFFIX))):
            continue
        if "-" not in name or not entry.is_dir() or entry.is_symlink():
            continue
        # Empty, or only a half-written owner record: made by a run killed before it finished
        # the record (or by a live one in that very instant, which then fails with a disk
        # error, never with a wrong set).
        if not (unclaimed(entry) or is_stale(entry)):
            continue
        if name.endswith(OLD_SUFFIX):
            final = parent / _final_name(entry)
            kept = entry / final.name
            if kept.is_dir() and not final.exists():
                with contextlib.suppress(OSError):
                    kept.rename(final)
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


def swap_into_place(temp: Path, final: Path) -> None:
    """Replace `final` by the temporary folder `temp`; an existing `final` is moved aside first
    and removed after.

    The folder moved aside waits inside a folder owned by this run, so a run killed between the
    two renames leaves it for the next run to put back (`clean_stale_folders`).
    """
    release(temp)
    old: Path | None = None
    if final.exists():
        old = temporary_folder(final, OLD_SUFFIX)
        final.rename(old / final.name)
    try:
        temp.rename(final)
    except BaseException:
        if old is not None:
            (old / final.name).rename(final)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _is_temporary_folder(name: str) -> bool:
    """Return whether `name` is that of a temporary or moved-aside folder (`temporary_folder`)."""
    return name.startswith(".") and name.endswith((TMP_SUFFIX, OLD_SUFFIX)) and "-" in name


def is_temporary_file(path: Path) -> bool:
    """Return whether `path` is named like one of our temporary files (`.name.1a2b3c4d.tmp`)."""
    return path.name.startswith(".") and path.name.endswith(TMP_SUFFIX)


def clean_stale_tree(root: Path, now: float | None = None) -> list[Path]:
    """Remove what runs now gone left anywhere under `root`; return it.

    A temporary or moved-aside folder goes by its owner record (`clean_stale_folders`), and
    nothing inside one is looked at: while its run lives, all of it is that run's. A temporary
    file (`atomic_target`) has no owner record; it is written in one go and renamed at once,
    and even the longest such write (a bundle PDF) takes seconds, so one that has not changed
    for `GRACE_SECONDS` (the rule of a folder without a record) belongs to no live run.
    """
    if not root.is_dir():
        return []
    now = time.time() if now is None else now
    removed: list[Path] = []
    for top, folders, files in os.walk(root):
        here = Path(top)
        if any(_is_temporary_folder(name) for name in folders):
            removed += clean_stale_folders(here)
        folders[:] = [name for name in folders if not _is_temporary_folder(name)]
        for name in sorted(files):
            path = here / name
            if not is_temporary_file(path):
                continue
            with contextlib.suppress(OSError):
                if now - path.lstat().st_mtime > GRACE_SECONDS:
                    path.unlink()
                    removed.append(path)
    return removed
