"""A built set folder as finalising sees it: its manifest, its lock, its unsigned PDFs, the swap.

A finalised document replaces its draft inside the set folder. The change is made in a copy of
the folder beside it (hidden name) and swapped in with two renames, like a build, so a failure
or Ctrl-C leaves the previous set whole. One finalisation of a set runs at a time, and never
while a build swaps the set in (a lock file beside the folder, `generator.setlock`); the
previous files of a document move to `versions/` and are listed in the manifest entry's
"versions".
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.atomic import clean_stale_folders, swap_into_place, temporary_folder
from generator.errors import VanbanError
from generator.owner import write_owner
from generator.setlock import set_lock

__all__ = [
    "MANIFEST",
    "VERSIONS",
    "FinalizeError",
    "SetManifest",
    "locked",
    "read_manifest",
    "staged_copy",
    "unsigned_revision",
    "write_manifest",
]

MANIFEST = "manifest.json"
VERSIONS = "versions"
# The end of a PDF's first revision: LibreOffice writes one; signature fields and signatures
# are incremental updates after it.
_FIRST_EOF = re.compile(rb"startxref\s+\d+\s+%%EOF[ \t]*(?:\r\n|\r|\n)?")


class FinalizeError(VanbanError):
    """An edited document cannot be finalised (names the file and every reason)."""


@dataclass
class SetManifest:
    """A set folder's manifest.json, read; `data` is the JSON object, changed in place."""

    folder: Path
    data: dict[str, Any]

    @property
    def documents(self) -> list[dict[str, Any]]:
        """Return the manifest's document entries, in set order."""
        docs: list[dict[str, Any]] = self.data["documents"]
        return docs

    @property
    def organisation(self) -> str:
        """Return the organisation's full name as the manifest records it."""
        return str(self.data.get("organisation", {}).get("ten", ""))

    @property
    def title(self) -> str:
        """Return how messages name the set: "inspection (Ủy ban nhân dân xã An Hòa)"."""
        return f"{self.data.get('set', '?')} ({self.organisation})"


def read_manifest(folder: Path) -> SetManifest:
    """Return the manifest of the set in `folder`; raise FinalizeError saying what is wrong."""
    path = folder / MANIFEST
    if not path.is_file():
        raise FinalizeError(
            f"{folder}: không thấy {MANIFEST}; chỉ ra thư mục bộ văn bản do vanban lập "
            "(ví dụ out/binh-lu/2026/inspection) bằng --set-dir"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise FinalizeError(f"{path}: không đọc được manifest của bộ văn bản ({err})") from None
    documents = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(documents, list) or not all(
        isinstance(d, dict) and isinstance(d.get("docx"), str) for d in documents
    ):
        raise FinalizeError(f"{path}: manifest không có danh sách văn bản (documents) hợp lệ")
    for entry in documents:
        _inside(folder, entry["docx"], path)
        if entry.get("pdf") is not None:
            _inside(folder, entry["pdf"], path)
    return SetManifest(folder, data)


def _inside(folder: Path, relative: str, manifest: Path) -> None:
    """Refuse a manifest path leaving the set folder (a tampered manifest must not write out)."""
    if Path(relative).is_absolute() or ".." in Path(relative).parts or "/" in relative:
        raise FinalizeError(
            f"{manifest}: đường dẫn '{relative}' không nằm ngay trong thư mục bộ văn bản"
        )


def write_manifest(manifest: SetManifest, folder: Path) -> None:
    """Write the manifest's data as `folder`/manifest.json."""
    text = json.dumps(manifest.data, ensure_ascii=False, indent=2) + "\n"
    (folder / MANIFEST).write_text(text, encoding="utf-8")


def unsigned_revision(data: bytes) -> bytes:
    """Return a PDF's first revision: its bytes before any incremental update (the fields)."""
    found = _FIRST_EOF.search(data)
    return data if found is None else data[: found.end()]


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the set's lock (`.<set>.lock` beside the folder) while the body runs; waits for
    another finaliser or a build swapping the set in.

    The lock file is removed when finalising ends: `set_lock` re-checks after locking that the
    file it holds is still the one at the path, so a finaliser that waited on the removed file
    retries on the new one instead of running beside the next finaliser.
    """
    with set_lock(folder.parent, folder.name):
        yield


@contextlib.contextmanager
def staged_copy(folder: Path) -> Iterator[Path]:
    """Yield a full copy of the set folder beside it; swap it in when the body succeeds.

    The copy is a temporary folder owned by this run (`generator.atomic.temporary_folder`), so
    when the run is killed the next finalize or build beside it removes the copy
    (`clean_stale_folders`, called first here, under the set's lock). It is removed on failure,
    leaving the set as it was. The swap is a build's: the old folder moves into a moved-aside
    folder owned by this run, the copy takes its place, the old one is removed afterwards; a
    run killed between the two renames leaves the old set for the next run to put back.
    """
    clean_stale_folders(folder.parent)
    temp = temporary_folder(folder)
    try:
        shutil.copytree(folder, temp, symlinks=True, dirs_exist_ok=True)
        write_owner(temp)  # ours, whatever the set folder held under that name
        yield temp
        swap_into_place(temp, folder)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
