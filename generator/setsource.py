"""Where a set's data came from: recorded in its manifest.json when built, checked when finalising.

A build records the data it was given (a YAML folder, one of its YAML files, or a workbook), the
folder of its own templates (null for the defaults) and a SHA-256 of the data, as top-level keys
of manifest.json; paths are relative to the set folder, like the other paths of the manifest
(absolute only where no relative path exists, another drive). `vanban finalize` without
--du-lieu then renders the drafts citing a new number from that data, but only while it is still
there with the same hash: data changed since the build would give drafts the finalised
documents do not match.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.atomic import sha256_file
from generator.kinds import KINDS
from generator.sources.common import WORKBOOK_NAME
from generator.sources.yaml_folder import FILES

if TYPE_CHECKING:
    from generator.build import SetBuild

__all__ = [
    "DATA",
    "DATA_SHA256",
    "TEMPLATES",
    "RecordSource",
    "Recorded",
    "data_sha256",
    "recorded",
    "templates_folder",
]

# The manifest's top-level keys.
DATA, DATA_SHA256, TEMPLATES = "data", "data_sha256", "templates"
_MANIFEST = "manifest.json"


def _data_files(path: Path) -> list[Path]:
    """Return the files `load_dataset(path)` reads, in a stable order."""
    if path.is_dir():
        files = [path / name for name in sorted(FILES.values()) if (path / name).is_file()]
        workbook = path / WORKBOOK_NAME  # a folder with both is read only when they agree
        return files + ([workbook] if workbook.is_file() else [])
    if path.suffix.lower() in (".yaml", ".yml"):  # one YAML file: its folder's YAML files
        return [path.parent / n for n in sorted(FILES.values()) if (path.parent / n).is_file()]
    return [path]


def data_sha256(path: Path) -> str:
    """Return the SHA-256 of the data at `path`: a file's own hash (a workbook), or for a YAML
    folder the hash of each file's name and hash, one line each in name order."""
    files = _data_files(path)
    if files == [path]:
        return sha256_file(path)
    digest = hashlib.sha256()
    for file in files:
        digest.update(f"{file.name}\0{sha256_file(file)}\n".encode())
    return digest.hexdigest()


def templates_folder(templates: Mapping[str, Path] | None) -> Path | None:
    """Return the folder the templates (kind name → file, from `load_templates`) were found in;
    None for the default templates or when the files do not sit where a folder puts them."""
    folders = set()
    for kind, path in (templates or {}).items():
        parts = Path(KINDS[kind].template).parts
        if tuple(path.parts[-len(parts) :]) != parts:
            return None
        folders.add(Path(*path.parts[: -len(parts)]))
    return folders.pop() if len(folders) == 1 else None


def _relative(path: Path, folder: Path) -> str:
    """Return `path` as the manifest writes it: relative to `folder` when there is a way."""
    try:
        return Path(os.path.relpath(path, folder)).as_posix()
    except ValueError:  # another drive (Windows): no relative path exists
        return path.as_posix()


class RecordSource:
    """A build stage recording the set's data, templates and data hash for its manifest.

    The hash is taken when the stage is made, next to where the data is loaded, so it is the
    hash of the data the documents come from. The set is built in a folder beside its final
    one, so a path relative to the one is relative to the other.
    """

    def __init__(self, data: Path, templates: Mapping[str, Path] | None = None) -> None:
        self.data = data.resolve()
        self.sha256 = data_sha256(self.data)
        has_own = bool(templates)
        folder = templates_folder(templates)
        self.templates = None if folder is None else folder.resolve()
        # Own templates that are not one folder's cannot be found again: record nothing then.
        self.usable = not has_own or folder is not None

    def __call__(self, build: SetBuild) -> None:
        """Put the keys in the set's manifest."""
        if not self.usable:
            return
        here = build.folder.resolve()
        build.source = {
            DATA: _relative(self.data, here),
            DATA_SHA256: self.sha256,
            TEMPLATES: None if self.templates is None else _relative(self.templates, here),
        }


@dataclass(frozen=True)
class Recorded:
    """The data and templates a set's manifest records, or why they cannot be used (`refused`,
    a sentence for the clerk)."""

    data: Path | None = None
    templates: Path | None = None
    refused: str | None = None


def recorded(manifest: Mapping[str, Any], folder: Path) -> Recorded | None:
    """Return the data the manifest of the set in `folder` records, checked against its hash;
    None when it records none (a set built before sets recorded it)."""
    data, sha256, templates = manifest.get(DATA), manifest.get(DATA_SHA256), manifest.get(TEMPLATES)
    if data is None:
        return None
    if not isinstance(data, str) or not isinstance(sha256, str) or not (
        templates is None or isinstance(templates, str)
    ):  # fmt: skip
        return Recorded(
            refused=f"{folder / _MANIFEST}: ghi dữ liệu đã dùng để lập bộ không hợp lệ, nên không "
            "lập lại được các dự thảo; hoàn thiện lại kèm --du-lieu DỮ_LIỆU"
        )
    path = Path(os.path.normpath(folder / data))
    own = None if templates is None else Path(os.path.normpath(folder / templates))
    if not path.exists():
        return Recorded(
            refused=f"không thấy dữ liệu đã dùng để lập bộ ({path}, ghi trong {_MANIFEST}), nên "
            "không lập lại được các dự thảo; hoàn thiện lại kèm --du-lieu DỮ_LIỆU (thư mục YAML "
            "hoặc tệp .xlsx đã dùng để lập bộ)"
        )
    if own is not None and not own.is_dir():
        return Recorded(
            refused=f"không thấy thư mục mẫu riêng đã dùng để lập bộ ({own}, ghi trong "
            f"{_MANIFEST}), nên không lập lại được các dự thảo; hoàn thiện lại kèm --du-lieu "
            "DỮ_LIỆU --templates THƯ_MỤC"
        )
    try:
        now = data_sha256(path)
    except OSError as err:
        return Recorded(
            refused=f"không đọc được dữ liệu đã dùng để lập bộ ({path}: {err.strerror or err}), "
            "nên không lập lại được các dự thảo; hoàn thiện lại kèm --du-lieu DỮ_LIỆU"
        )
    if now != sha256:
        return Recorded(
            refused=f"dữ liệu đã dùng để lập bộ ({path}) đã thay đổi sau khi lập bộ, nên không "
            "được dùng để lập lại các dự thảo; nếu vẫn muốn dùng, hoàn thiện lại kèm --du-lieu "
            f"{path}" + (f" --templates {own}" if own is not None else "")
        )
    return Recorded(path, own)
