"""Write a dataset as the .xlsx workbook a clerk fills, laid out by `workbook_spec`.

Each header carries a note explaining the column, fixed-value and reference columns get
drop-down lists, the header row stays frozen, and a first sheet (HuongDan) explains the layout.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from generator.atomic import atomic_target
from generator.model import DuLieu
from generator.sources.workbook_layout import Col, Sheet, is_required
from generator.sources.workbook_spec import (
    CHOICES,
    GUIDE_SHEET,
    LISTS_SHEET,
    REFERENCES,
    SHEETS,
    STRICT_REFERENCES,
    record_path,
    sheet,
)

LAST_ROW = 1000  # drop-downs cover this many rows of a table
_FILL = PatternFill("solid", fgColor="DDEBF7")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_DATE_FORMAT = "DD/MM/YYYY"

_HOW = {
    "form": "Mỗi dòng một thông tin: cột A là tên thông tin, cột B là giá trị.",
    "columns": "Mỗi dòng một thông tin; mỗi cột từ cột B trở đi là một kỳ báo cáo.",
    "table": "Mỗi dòng một mục, mỗi cột một thông tin.",
    "child": "Mỗi dòng một mục; cột đầu ghi {header} của dòng tương ứng ở trang {sheet}.",
    "tree": "Mỗi dòng là một tiêu đề mục (ghi Cấp và Tiêu đề mục) hoặc một đoạn văn thuộc mục "
    "ở trên gần nhất (chỉ ghi Đoạn văn).",
    "mapping": "Mỗi dòng một loại kỳ báo cáo và hai mốc chốt số liệu.",
}

_GUIDE = (
    "Hướng dẫn điền sổ dữ liệu vanban",
    "",
    "- Giữ nguyên tên các trang tính và tên cột (dòng đầu); cột có dấu * là bắt buộc.",
    "- Di chuột vào ô tiêu đề để xem ghi chú cách điền từng cột.",
    "- Ô có danh sách thả xuống: chọn giá trị trong danh sách.",
    "- Ngày ghi dạng 05/03/2026; tỷ lệ ghi 95 hoặc 95%; số lẻ ghi 95,5.",
    "- Ô chứa nhiều mục (căn cứ, nơi nhận, các đoạn văn): mỗi mục một dòng, Alt+Enter để xuống "
    "dòng trong ô.",
    "- Kiểm tra sổ bằng lệnh: vanban check du-lieu.xlsx",
    "",
)


def write_workbook(data: DuLieu, path: Path) -> None:
    """Write `data` as a workbook at `path` (written whole to a temporary file, then renamed)."""
    book = build_workbook(data)
    with atomic_target(path) as temporary:
        book.save(temporary)


def build_workbook(data: DuLieu) -> Workbook:
    """Return the workbook holding `data`, with notes, drop-downs and the guide sheet."""
    dump = data.model_dump(mode="python")
    book = Workbook()
    guide = book.active
    guide.title = GUIDE_SHEET
    _write_guide(guide)
    lists = _write_lists(book.create_sheet(LISTS_SHEET))
    for spec in SHEETS:
        ws = book.create_sheet(spec.name)
        if spec.layout in ("form", "columns"):
            _write_form(ws, spec, dump, lists)
        else:
            _write_table(ws, spec, dump, lists)
    book.move_sheet(LISTS_SHEET, offset=len(SHEETS))
    book[LISTS_SHEET].sheet_state = "hidden"
    return book


def _write_guide(ws: Worksheet) -> None:
    for line in _GUIDE:
        ws.append([line])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["Trang", "Nội dung", "Cách điền"])
    for cell in ws[ws.max_row]:
        cell.font, cell.fill = _BOLD, _FILL
    for spec in SHEETS:
        link = spec.link
        how = _HOW[spec.layout].format(
            header=link.header if link else "", sheet=link.sheet if link else ""
        )
        ws.append([spec.name, spec.title, how])
    for letter, width in (("A", 18), ("B", 70), ("C", 80)):
        ws.column_dimensions[letter].width = width


def _write_lists(ws: Worksheet) -> dict[str, str]:
    """Write the fixed drop-down values, one list a column; return name -> range formula."""
    ranges: dict[str, str] = {}
    for j, (name, options) in enumerate(CHOICES.items(), start=1):
        letter = get_column_letter(j)
        ws.cell(1, j, name)
        for i, (shown, _) in enumerate(options, start=2):
            ws.cell(i, j, shown)
        end = len(options) + 1
        ranges[name] = f"={LISTS_SHEET}!${letter}$2:${letter}${end}"
    for name, (target, key) in REFERENCES.items():
        ranges[name] = _reference_range(sheet(target), key)
    return ranges


def _reference_range(spec: Sheet, key: str) -> str:
    """Return the range of a sheet's column (or, for a `columns` sheet, row) of field `key`."""
    position = next(i for i, c in enumerate(spec.cols) if c.path == (key,))
    name = spec.name  # sheet names are plain words, no quoting needed
    if spec.layout == "columns":
        row = position + 2
        return f"={name}!$B${row}:${get_column_letter(60)}${row}"
    letter = get_column_letter(position + (2 if spec.link else 1))
    return f"={name}!${letter}$2:${letter}${LAST_ROW}"


def _header(column: Col, spec: Sheet) -> str:
    required = not column.path or is_required(record_path(spec), column.path)
    return f"{column.header} *" if required else column.header


def _note(ws: Worksheet, cell: Any, text: str) -> None:
    note = Comment(text, "vanban")
    note.width, note.height = 320, 110
    cell.comment = note


def _validation(
    ws: Worksheet, column: Col, cells: str, lists: dict[str, str]
) -> DataValidation | None:
    if column.choices is None:
        return None
    strict = column.choices in CHOICES or column.choices in STRICT_REFERENCES
    check = DataValidation(
        type="list",
        formula1=lists[column.choices],
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop" if strict else "information",
        errorTitle=column.header,
        error=f"Chọn một giá trị trong danh sách. {column.note}",
    )
    ws.add_data_validation(check)
    check.add(cells)
    return check


def _set(ws: Worksheet, row: int, column: int, spec_col: Col, value: Any) -> None:
    """Write one value in the form a clerk would type it."""
    cell = ws.cell(row, column)
    shown = _shown(spec_col, value)
    cell.value = shown
    if isinstance(shown, str) and shown.startswith("="):
        cell.data_type = "s"  # text, not a formula
    if isinstance(shown, date):
        cell.number_format = _DATE_FORMAT
    if spec_col.kind == "day_month":
        cell.number_format = "@"
    cell.alignment = _WRAP


def _shown(column: Col, value: Any) -> Any:
    if value is None:
        return None
    if column.kind == "lines":
        return "\n".join(str(v) for v in value)
    if column.kind == "codes":
        return ", ".join(str(v) for v in value)
    if column.choices in CHOICES:
        options = CHOICES[column.choices or ""]
        return next((shown for shown, v in options if v == value), value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _get(record: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        record = record.get(part) if isinstance(record, dict) else None
    return record


def _style_header(ws: Worksheet, cells: list[Any]) -> None:
    for cell in cells:
        cell.font, cell.fill, cell.alignment = _BOLD, _FILL, _WRAP


def _write_form(ws: Worksheet, spec: Sheet, dump: dict[str, Any], lists: dict[str, str]) -> None:
    value = _get(dump, spec.path)
    records = (value or []) if spec.layout == "columns" else ([value] if value else [])
    many = spec.layout == "columns"
    width = max(len(records), 1) + (4 if many else 0)
    ws.cell(1, 1, "Thông tin")
    for j in range(width):
        ws.cell(1, j + 2, f"Kỳ báo cáo {j + 1}" if many else "Giá trị")
        ws.column_dimensions[get_column_letter(j + 2)].width = 60 if many else 80
    _style_header(ws, list(ws[1]))
    ws.column_dimensions["A"].width = 30
    for r, column in enumerate(spec.cols, start=2):
        label = ws.cell(r, 1, _header(column, spec))
        label.font, label.alignment = _BOLD, _WRAP
        _note(ws, label, column.note)
        for j, record in enumerate(records, start=2):
            _set(ws, r, j, column, _get(record, column.path))
        end = get_column_letter(width + 1)
        _validation(ws, column, f"B{r}:{end}{r}", lists)
    ws.freeze_panes = "B2"


def _write_table(ws: Worksheet, spec: Sheet, dump: dict[str, Any], lists: dict[str, str]) -> None:
    link = spec.link
    columns = list(spec.cols)
    if link is not None:
        key_choice = "ky" if link.key == "ky" else "don_vi"
        columns.insert(0, Col(link.header, (), link.note, choices=key_choice, width=16))
    for j, column in enumerate(columns, start=1):
        cell = ws.cell(1, j, _header(column, spec))
        _note(ws, cell, column.note)
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = column.width
        _validation(ws, column, f"{letter}2:{letter}{LAST_ROW}", lists)
    _style_header(ws, list(ws[1]))
    ws.freeze_panes = "A2"
    for values in _table_rows(spec, dump):
        r = ws.max_row + 1
        for j, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            _set(ws, r, j, column, value)


def _table_rows(spec: Sheet, dump: dict[str, Any]) -> list[list[Any]]:
    """Return the cell values of each data row of a table-like sheet."""
    if spec.layout == "table":
        return [[_get(item, c.path) for c in spec.cols] for item in _get(dump, spec.path) or []]
    if spec.layout == "child" and spec.link is not None:
        rows = []
        for owner in _get(dump, sheet(spec.link.sheet).path) or []:
            for item in _get(owner, spec.path) or []:
                rows.append([owner[spec.link.key], *(_get(item, c.path) for c in spec.cols)])
        return rows
    if spec.layout == "mapping":
        mapping = _get(dump, spec.path) or {}
        return [[key, *values] for key, values in mapping.items()]
    rows = []
    for shown, name in spec.parts:
        for section in _get(dump, (*spec.path, name)) or []:
            rows += _tree_rows(shown, section, 1)
    return rows


def _tree_rows(part: str, section: dict[str, Any], level: int) -> list[list[Any]]:
    rows: list[list[Any]] = [[part, level, section["tieu_de"], None]]
    rows += [[part, None, None, paragraph] for paragraph in section["doan"]]
    for child in section["muc_con"]:
        rows += _tree_rows(part, child, level + 1)
    return rows
