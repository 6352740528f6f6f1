"""Load one .xlsx workbook (sheets laid out by `workbook_spec`) into the raw dataset.

The workbook is checked as a zip before openpyxl sees it, so a zip bomb or a sheet with a
million rows is refused with a message instead of filling the memory.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from generator.errors import DataError, Place, Problem, SourceError
from generator.limits import (
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_XLSX_BYTES,
    MAX_XLSX_ENTRIES,
    MAX_XLSX_RATIO,
    MAX_XLSX_UNPACKED,
    XLSX_RATIO_FLOOR,
)
from generator.sources.common import Provenance
from generator.sources.workbook_spec import SHEETS
from generator.sources.xlsx_read import Grid, read_sheets, sheet_key

# The limits live in generator.limits (shared with the web upload); these names stay for callers.
MAX_FILE_BYTES = MAX_XLSX_BYTES
MAX_UNCOMPRESSED = MAX_XLSX_UNPACKED
MAX_RATIO = MAX_XLSX_RATIO
RATIO_FLOOR = XLSX_RATIO_FLOOR
MAX_ENTRIES = MAX_XLSX_ENTRIES

_HOW_TO_FIX = "mở bằng Excel và lưu lại dạng Sổ làm việc Excel (.xlsx)"


def load_workbook_data(path: Path, label: str) -> tuple[dict[str, Any], Provenance, list[Problem]]:
    """Return the raw dataset of the workbook at `path`, the sheet and cell of each value, and
    the problems of single cells (left out of the raw dataset).

    Raise SourceError when the file is not a readable or plausible .xlsx, DataError listing
    every problem of the workbook's shape (missing or renamed sheets and columns).
    """
    check_zip(path, label)
    grids = _read_grids(path, label)
    raw, prov, structural, cells = read_sheets(grids, label)
    if structural:
        raise DataError(problems=structural)
    return raw, prov, cells


def check_zip(path: Path, label: str) -> None:
    """Raise SourceError unless `path` is a zip of plausible size for a workbook a clerk fills."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise SourceError(
            f"{label}: tệp quá lớn ({_mb(size)}) cho một sổ dữ liệu; giới hạn là "
            f"{_mb(MAX_FILE_BYTES)}"
        )
    if not zipfile.is_zipfile(path):
        raise SourceError(f"{label}: không phải tệp Excel .xlsx hợp lệ; {_HOW_TO_FIX}")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SourceError(f"{label}: không phải tệp Excel .xlsx hợp lệ; {_HOW_TO_FIX}") from None
    if len(entries) > MAX_ENTRIES:
        raise SourceError(
            f"{label}: sổ có {len(entries)} phần bên trong, quá nhiều cho một sổ dữ liệu "
            f"(giới hạn {MAX_ENTRIES}); không đọc"
        )
    unpacked = sum(e.file_size for e in entries)
    packed = max(1, sum(e.compress_size for e in entries))
    if unpacked > MAX_UNCOMPRESSED:
        raise SourceError(
            f"{label}: sổ giải nén ra {_mb(unpacked)}, quá lớn cho một sổ dữ liệu (giới hạn "
            f"{_mb(MAX_UNCOMPRESSED)}); không đọc"
        )
    if unpacked > RATIO_FLOOR and unpacked / packed > MAX_RATIO:
        raise SourceError(
            f"{label}: sổ nén {unpacked // packed} lần (giải nén ra {_mb(unpacked)}), không "
            "giống một sổ dữ liệu thật (có thể là tệp độc hại); không đọc"
        )
    if "xl/workbook.xml" not in {e.filename for e in entries}:
        raise SourceError(f"{label}: không phải tệp Excel .xlsx hợp lệ; {_HOW_TO_FIX}")


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def _read_grids(path: Path, label: str) -> dict[str, Grid]:
    """Return each sheet's cells as rows of (value, number format), refusing huge sheets."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    wanted = {sheet_key(spec.name) for spec in SHEETS}
    unreadable = SourceError(f"{label}: không phải tệp Excel .xlsx hợp lệ; {_HOW_TO_FIX}")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError):
        raise unreadable from None
    except Exception:  # a damaged part (zlib.error, odd XML) deep inside openpyxl: same answer
        raise unreadable from None
    try:
        # Sheets the spec does not name (the guide, the clerk's own notes) are listed, not read.
        # Read-only sheets unpack lazily, so a damaged part shows up only while reading rows.
        return {
            name: _read_grid(book[name], name, label) if sheet_key(name) in wanted else []
            for name in book.sheetnames
        }
    except SourceError:
        raise
    except Exception:  # the same damaged parts, met while reading the rows
        raise unreadable from None
    finally:
        book.close()


def _read_grid(sheet: Any, name: str, label: str) -> Grid:
    rows, columns = sheet.max_row or 0, sheet.max_column or 0
    if rows > MAX_ROWS or columns > MAX_COLUMNS:
        raise _too_large(label, name, rows, columns)
    grid: Grid = []
    widest = 0
    for row in sheet.iter_rows():
        widest = max(widest, len(row))
        if len(grid) >= MAX_ROWS or widest > MAX_COLUMNS:
            raise _too_large(label, name, len(grid) + 1, widest)
        grid.append([(c.value, getattr(c, "number_format", None)) for c in row])
    return grid


def _too_large(label: str, name: str, rows: int, columns: int) -> SourceError:
    return SourceError(
        f"{Place(label, sheet=name)}: trang tính có {rows} dòng, {columns} cột, vượt giới hạn "
        f"{MAX_ROWS} dòng, {MAX_COLUMNS} cột của một sổ dữ liệu; xóa các dòng, cột thừa rồi "
        "lưu lại"
    )
