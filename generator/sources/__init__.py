"""Load a commune's data from a YAML folder or one .xlsx workbook into the validated model."""

from __future__ import annotations

from pathlib import Path

from generator.errors import SourceError
from generator.model import DuLieu
from generator.model.validate import build_dataset
from generator.sources.yaml_folder import load_yaml_folder


def load_dataset(path: Path, shown: str | None = None) -> DuLieu:
    """Return the validated dataset at `path` (a folder of YAML files or an .xlsx workbook).

    Raise SourceError when the input cannot be read at all, DataError listing every problem
    when it can be read but is wrong.
    """
    label = shown or str(path)
    if path.is_dir():
        raw, prov = load_yaml_folder(path, label)
    elif path.is_file():
        if path.suffix.lower() != ".xlsx":
            raise SourceError(
                f"{label}: cần một thư mục dữ liệu YAML hoặc một sổ Excel .xlsx, "
                f"nhận được tệp '{path.name}'"
            )
        from generator.sources.xlsx import load_workbook_data

        raw, prov = load_workbook_data(path, label)
    else:
        raise SourceError(f"{label}: không tìm thấy thư mục hoặc tệp dữ liệu này")
    return build_dataset(raw, prov.locate)
