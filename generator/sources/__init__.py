"""Load a commune's data from a YAML folder or one .xlsx workbook into the validated model."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from generator.errors import DataError, Problem, SourceError
from generator.model import DuLieu
from generator.model.validate import build_dataset
from generator.sources.common import WORKBOOK_NAME, Provenance
from generator.sources.yaml_folder import FILES, load_yaml_folder


@dataclass
class Source:
    """One input read but not yet validated: raw data, provenance, problems of single values."""

    raw: dict[str, Any]
    prov: Provenance
    values: list[Problem]


def load_dataset(path: Path, shown: str | None = None) -> DuLieu:
    """Return the validated dataset at `path`: a folder of YAML files, a workbook (.xlsx), or
    one YAML file of a folder (to read that folder's YAML files only).

    A folder holding both YAML files and the workbook du-lieu.xlsx is read only when both give
    the same data; otherwise SourceError names both and says how to choose (never one of them
    silently). Raise SourceError when the input cannot be read at all, DataError listing every
    problem when it can be read but is wrong.
    """
    return load_with_source(path, shown)[0]


def load_with_source(path: Path, shown: str | None = None) -> tuple[DuLieu, Source]:
    """Return the validated dataset at `path` (as `load_dataset`) and the source it came from."""
    label = shown or str(path)
    if path.is_dir() and (path / WORKBOOK_NAME).is_file() and _has_yaml(path):
        return _both(path, label)
    source = read_source(path, label)
    return validated(source.raw, source.prov, source.values), source


def read_source(path: Path, label: str) -> Source:
    """Return the raw data at `path` (YAML folder or file, or workbook) without validating it."""
    if path.is_dir():
        return Source(*load_yaml_folder(path, label))
    if path.is_file() and path.suffix.lower() in (".yaml", ".yml"):
        return Source(*load_yaml_folder(path.parent, str(Path(label).parent)))
    if path.is_file():
        if path.suffix.lower() != ".xlsx":
            raise SourceError(
                f"{label}: cần một thư mục dữ liệu YAML hoặc một sổ Excel .xlsx, "
                f"nhận được tệp '{path.name}'"
            )
        from generator.sources.xlsx import load_workbook_data

        return Source(*load_workbook_data(path, label))
    raise SourceError(f"{label}: không tìm thấy thư mục hoặc tệp dữ liệu này")


def _has_yaml(folder: Path) -> bool:
    return any((folder / name).is_file() for name in FILES.values())


def _both(folder: Path, label: str) -> tuple[DuLieu, Source]:
    """Return the data of a folder with YAML files and a workbook when both say the same."""
    workbook = folder / WORKBOOK_NAME
    results: list[tuple[DuLieu, Source] | None] = []
    for path, shown in ((folder, label), (workbook, f"{label.rstrip('/')}/{WORKBOOK_NAME}")):
        try:
            source = read_source(path, shown)
            results.append((validated(source.raw, source.prov, source.values), source))
        except (DataError, SourceError):
            results.append(None)
    first, second = results
    if first is not None and second is not None and first[0] == second[0]:
        return first
    yaml_time = max((folder / n).stat().st_mtime for n in FILES.values() if (folder / n).is_file())
    newer = WORKBOOK_NAME if workbook.stat().st_mtime > yaml_time else "các tệp YAML"
    when = datetime.fromtimestamp(max(yaml_time, workbook.stat().st_mtime))
    base = label.rstrip("/")
    raise SourceError(
        f"{label}: thư mục có cả các tệp YAML và sổ Excel {WORKBOOK_NAME}, và hai bên không "
        f"giống nhau (sửa gần nhất: {newer}, lúc {when:%H:%M ngày %d/%m/%Y}); vanban không tự "
        f"chọn một bên. Chỉ rõ dữ liệu: {base}/{WORKBOOK_NAME} để dùng sổ Excel, hoặc "
        f"{base}/{FILES['to_chuc']} để dùng các tệp YAML (hoặc chuyển bên không dùng ra khỏi "
        "thư mục)"
    )


def validated(raw: dict[str, Any], prov: Provenance, values: list[Problem]) -> DuLieu:
    """Return the dataset built from `raw`, or raise DataError with `values` (the problems of
    single values, already left out of `raw`) and every problem the model finds in the rest.

    A value reported by the loader is not reported again as "missing" at the same place.
    """
    if not values:
        return build_dataset(raw, prov.locate)
    seen = {p.place for p in values}
    problems = list(values)
    try:
        build_dataset(raw, prov.locate)
    except DataError as err:
        problems += [p for p in err.problems if p.place not in seen]
    raise DataError(problems=problems)
