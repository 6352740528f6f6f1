"""Load a commune's data from a YAML folder or one .xlsx workbook into the validated model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.errors import DataError, Problem, SourceError
from generator.model import DuLieu
from generator.model.validate import build_dataset
from generator.sources.common import Provenance
from generator.sources.yaml_folder import load_yaml_folder


def load_dataset(path: Path, shown: str | None = None) -> DuLieu:
    """Return the validated dataset at `path` (a folder of YAML files or an .xlsx workbook).

    Raise SourceError when the input cannot be read at all, DataError listing every problem
    when it can be read but is wrong.
    """
    label = shown or str(path)
    if path.is_dir():
        raw, prov, values = load_yaml_folder(path, label)
    elif path.is_file():
        if path.suffix.lower() != ".xlsx":
            raise SourceError(
                f"{label}: cần một thư mục dữ liệu YAML hoặc một sổ Excel .xlsx, "
                f"nhận được tệp '{path.name}'"
            )
        from generator.sources.xlsx import load_workbook_data

        raw, prov, values = load_workbook_data(path, label)
    else:
        raise SourceError(f"{label}: không tìm thấy thư mục hoặc tệp dữ liệu này")
    return validated(raw, prov, values)


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
