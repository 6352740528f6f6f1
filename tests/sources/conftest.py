"""Shared helpers of the source tests: the mini dataset as a YAML copy and as a workbook."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from generator.errors import DataError
from generator.sources import load_dataset
from generator.sources.xlsx_writer import write_workbook

MINI = Path(__file__).resolve().parents[1] / "cases" / "sources" / "mini"


@pytest.fixture
def mini_yaml(tmp_path: Path) -> Path:
    """Return a copy of the mini YAML dataset that a test may edit."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture
def mini_xlsx(tmp_path: Path) -> Path:
    """Return the mini dataset written as a workbook (du-lieu.xlsx) that a test may edit."""
    target = tmp_path / "du-lieu.xlsx"
    write_workbook(load_dataset(MINI), target)
    return target


def edit(path: Path, change: Callable[[openpyxl.Workbook], Any]) -> None:
    """Open the workbook, apply `change`, save it in place."""
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)


def set_cells(path: Path, sheet: str, **cells: Any) -> None:
    """Set cells of one sheet, e.g. set_cells(p, "CanBo", B3=None)."""

    def change(book: openpyxl.Workbook) -> None:
        for ref, value in cells.items():
            book[sheet][ref] = value

    edit(path, change)


def problems(path: Path, label: str) -> list[str]:
    """Return the problem lines of loading `path` shown as `label` (fails if it loads)."""
    with pytest.raises(DataError) as caught:
        load_dataset(path, label)
    return [str(p) for p in caught.value.problems]


def cell_of(sheet_name: str, dotted: str, index: int = 0) -> str:
    """Return the cell holding field `dotted` of record `index` in a sheet (form or table)."""
    from openpyxl.utils import get_column_letter

    from generator.sources.workbook_spec import sheet

    spec = sheet(sheet_name)
    position = next(i for i, c in enumerate(spec.cols) if c.path == tuple(dotted.split(".")))
    if spec.layout in ("form", "columns"):
        return f"{get_column_letter(index + 2)}{position + 2}"
    return f"{get_column_letter(position + 1 + (spec.link is not None))}{index + 2}"
