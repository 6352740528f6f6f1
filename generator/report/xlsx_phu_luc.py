"""Write the report's phụ lục as a formatted .xlsx (the province also asks for the figures).

Two sheets, the same rows as the .docx tables: "Chỉ số" (Mã | Chỉ tiêu | Đơn vị tính | Chỉ tiêu
kế hoạch | Kỳ trước | Kỳ này | So sánh | Đánh giá) and "Tiến độ hoạt động". Numbers are real
numbers (counts "#,##0", rates stored as fractions with "0.0%"), so Excel shows them with the
reader's Vietnamese separators ("1.245", "81,9%"); the header row is frozen and repeated when
printed. Written to a temporary name and renamed, so no half-written file is left behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from generator.atomic import atomic_target
from generator.errors import RenderError
from generator.model.so_lieu import Value
from generator.report.bang import HEADERS, DongChiSo, DongTienDo

FONT = "Times New Roman"
COUNT_FORMAT = "#,##0"
RATE_FORMAT = "0.0%"
HEADER_ROW = 4
TIEN_DO_HEADERS = (
    "TT",
    "Nhiệm vụ, hoạt động",
    "Chủ trì",
    "Thời gian hoàn thành",
    "Tiến độ",
    "Ghi chú",
)
_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _number(cell: Any, value: Value, la_ty_le: bool) -> None:
    if value is None:
        cell.value = "-"
        cell.alignment = Alignment(horizontal="center", vertical="center")
        return
    if la_ty_le:
        cell.value = float(value) / 100
        cell.number_format = RATE_FORMAT
    else:
        cell.value = value
        cell.number_format = COUNT_FORMAT if float(value).is_integer() else "#,##0.0"
    cell.alignment = Alignment(horizontal="right", vertical="center")


def _title(ws: Any, lines: Sequence[str], width: int) -> None:
    for row, text in enumerate(lines, start=1):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        cell = ws.cell(row=row, column=1, value=text)
        cell.font = Font(name=FONT, size=13, bold=row == 1, italic=row > 1)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _header(ws: Any, headers: Sequence[str], widths: Sequence[float]) -> None:
    for col, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=text)
        cell.font = Font(name=FONT, size=12, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BOX
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _group(ws: Any, row: int, text: str, width: int) -> None:
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    cell = ws.cell(row=row, column=1, value=text)
    cell.font = Font(name=FONT, size=12, bold=True)
    cell.alignment = Alignment(vertical="center", wrap_text=True)
    for col in range(1, width + 1):
        ws.cell(row=row, column=col).border = _BOX


def _text(ws: Any, row: int, col: int, value: str, center: bool = False) -> Any:
    cell = ws.cell(row=row, column=col, value=value)
    cell.alignment = Alignment(
        horizontal="center" if center else "left", vertical="center", wrap_text=True
    )
    return cell


def _chi_so_sheet(ws: Any, title: Sequence[str], rows: Sequence[DongChiSo]) -> None:
    width = len(HEADERS)
    _title(ws, title, width)
    _header(ws, HEADERS, (7, 55, 14, 16, 12, 12, 18, 12))
    for row, item in enumerate(rows, start=HEADER_ROW + 1):
        if item.nhom:
            _group(ws, row, item.tieu_de, width)
            continue
        _text(ws, row, 1, item.ma, center=True)
        _text(ws, row, 2, item.ten)
        _text(ws, row, 3, item.don_vi_tinh, center=True)
        if item.ke_hoach_so is not None and item.la_ty_le and item.ke_hoach.endswith("%"):
            _number(ws.cell(row=row, column=4), item.ke_hoach_so, True)
        else:
            _text(ws, row, 4, item.ke_hoach, center=True)
        _number(ws.cell(row=row, column=5), item.ky_truoc_so, item.la_ty_le)
        _number(ws.cell(row=row, column=6), item.ky_nay_so, item.la_ty_le)
        _text(ws, row, 7, item.so_sanh, center=True)
        _text(ws, row, 8, item.danh_gia, center=True)
        for col in range(1, width + 1):
            cell = ws.cell(row=row, column=col)
            cell.border = _BOX
            cell.font = Font(name=FONT, size=12)


def _tien_do_sheet(ws: Any, title: Sequence[str], rows: Sequence[DongTienDo]) -> None:
    width = len(TIEN_DO_HEADERS)
    _title(ws, title, width)
    _header(ws, TIEN_DO_HEADERS, (6, 70, 28, 22, 24, 24))
    for row, item in enumerate(rows, start=HEADER_ROW + 1):
        if item.nhom:
            _group(ws, row, item.tieu_de, width)
            continue
        values = (item.tt, item.hoat_dong, item.chu_tri, item.thoi_gian, item.tien_do)
        for col, value in enumerate((*values, item.ghi_chu), start=1):
            cell = _text(ws, row, col, value, center=col in (1, 4))
            cell.border = _BOX
            cell.font = Font(name=FONT, size=12)


def write_phu_luc_xlsx(
    path: Path,
    *,
    title: Sequence[str],
    chi_so: Sequence[DongChiSo],
    tien_do: Sequence[DongTienDo] = (),
    tien_do_title: Sequence[str] = (),
) -> Path:
    """Write the indicator sheet (and the task progress sheet if any rows) to `path`.

    `title` is the lines above the table (title, "(Kèm theo …)"); return `path`.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "Chỉ số"
    _chi_so_sheet(ws, title, chi_so)
    if tien_do:
        _tien_do_sheet(wb.create_sheet("Tiến độ hoạt động"), tien_do_title or title, tien_do)
    wb.properties.creator = "vanban"
    wb.properties.language = "vi-VN"
    try:
        with atomic_target(path) as tmp:
            wb.save(str(tmp))
    except OSError as err:
        raise RenderError(f"{path}: không ghi được tệp ({err.strerror})") from None
    return path
