"""The per-unit .xlsx form: written prefilled, emailed, filled, uploaded back and read.

Like the `vanban init` workbook: a guide sheet first, Vietnamese headers with a note on each,
drop-down lists and number checks on the cells to fill, the header row frozen. Sheet ChiSo holds
the unit's figures (one row an item), sheet HoatDong its activities of the plan; a hidden sheet
ThongTin names the organisation, period and unit, so a form sent back for another unit or
period is refused with a clear message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from generator.errors import DataError, Place, Problem, SourceError
from generator.model import DonVi
from generator.service.periods.catalogue import RULE_LABELS, Catalogue, Item
from generator.service.periods.figures import TRANG_THAI, Entry, Figures
from generator.sources.xlsx import check_zip
from generator.sources.xlsx_read import _plain
from generator.vi import KyBaoCao, short_date

GUIDE, FIGURES, TASKS, INFO = "HuongDan", "ChiSo", "HoatDong", "ThongTin"
LAST_ROW = 500
_FILL = PatternFill("solid", fgColor="DDEBF7")
_INPUT = PatternFill("solid", fgColor="FFF2CC")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")

# (header, key of the value read back or None, width, note)
_FIGURE_COLS: tuple[tuple[str, str | None, int, str], ...] = (
    ("Mã mục", None, 26, "Mã của mục; giữ nguyên, không sửa."),
    ("Nội dung", None, 60, "Chỉ số hoặc chỉ tiêu của Kế hoạch mà đơn vị báo cáo."),
    ("Đơn vị tính", None, 12, "Đơn vị tính của giá trị."),
    ("Vai trò", None, 12, "Chủ trì hoặc Phối hợp theo Kế hoạch."),
    ("Cách tổng hợp", None, 20, "Cách Văn phòng tính số của xã từ số các đơn vị."),
    ("Giá trị", "gia_tri", 14, "Giá trị của kỳ báo cáo: số nguyên như 1.234; tỷ lệ như 95, 95% "
     "hoặc 95,5. Đã ghi sẵn số kỳ này (hoặc kỳ trước) nếu có; sửa cho đúng."),
    ("Ghi chú", "ghi_chu", 40, "Ghi chú, giải trình (nếu có)."),
)  # fmt: skip
_TASK_COLS: tuple[tuple[str, str | None, int, str], ...] = (
    ("Mã mục", None, 18, "Mã của hoạt động; giữ nguyên, không sửa."),
    ("Hoạt động", None, 60, "Hoạt động trong phụ lục Kế hoạch cải cách hành chính."),
    ("Vai trò", None, 12, "Chủ trì hoặc Phối hợp theo Kế hoạch."),
    ("Thời gian", None, 20, "Thời gian hoàn thành theo Kế hoạch."),
    ("Trạng thái", "trang_thai", 18, "Chọn trong danh sách: Chưa thực hiện, Đang thực hiện, Đã "
     "hoàn thành, Quá hạn."),
    ("Ngày hoàn thành", "ngay_hoan_thanh", 16, "Dạng 05/03/2026; bắt buộc khi Đã hoàn thành."),
    ("Ghi chú", "ghi_chu", 40, "Kết quả, sản phẩm hoặc lý do chậm (nếu có)."),
)  # fmt: skip


def form_name(org: str, ky: str, unit: str) -> str:
    """Return the form's file name: bao-cao-<org>-<ky>-<unit>.xlsx (all slugs)."""
    return f"bao-cao-{org}-{ky.lower()}-{unit}.xlsx"


def build_form(
    org_name: str, org: str, ky: KyBaoCao, due: Any, *, cat: Catalogue, unit: DonVi,
    prefill: Figures,
) -> Workbook:  # fmt: skip
    """Return the unit's form for the period, prefilled with `prefill`."""
    book = Workbook()
    guide = book.active
    guide.title = GUIDE
    items = cat.items_of(unit.ma)
    _guide(guide, org_name, ky, due, unit)
    figures = book.create_sheet(FIGURES)
    _table(figures, _FIGURE_COLS)
    for item in (i for i in items if i.kind != "hoat_dong"):
        value = prefill.values.get(item.key)
        shown = int(value) if value is not None and float(value).is_integer() else value
        figures.append([item.key, item.label, item.don_vi_tinh, item.role(unit.ma),
                        RULE_LABELS[item.rule], shown, prefill.notes.get(item.key)])  # fmt: skip
        _style_row(figures, 6)
        _number_check(figures, item, f"F{figures.max_row}")
    tasks = book.create_sheet(TASKS)
    _table(tasks, _TASK_COLS)
    states = {code: shown for shown, code in TRANG_THAI}
    for item in (i for i in items if i.kind == "hoat_dong"):
        task = prefill.tasks.get(item.key)
        tasks.append([item.key.removeprefix("hoat_dong."), item.label, item.role(unit.ma),
                      item.thoi_gian, states[task.trang_thai] if task else None,
                      task.ngay_hoan_thanh if task else None,
                      prefill.notes.get(item.key)])  # fmt: skip
        tasks.cell(tasks.max_row, 6).number_format = "DD/MM/YYYY"
        _style_row(tasks, 5, 6)
    _task_checks(book, tasks)
    info = book.create_sheet(INFO)
    for row in (("to_chuc", org), ("ky", ky.code), ("don_vi", unit.ma)):
        info.append(list(row))
    info.sheet_state = "hidden"
    return book


def _guide(ws: Worksheet, org_name: str, ky: KyBaoCao, due: Any, unit: DonVi) -> None:
    lines = (
        f"Báo cáo công tác cải cách hành chính {ky.label}",
        f"Đơn vị báo cáo: {unit.ten}",
        f"Gửi: {org_name} (qua Văn phòng HĐND và UBND)",
        f"Hạn gửi: {short_date(due)}",
        "",
        "- Trang ChiSo: ghi giá trị của từng chỉ số, chỉ tiêu ở cột Giá trị (ô tô vàng).",
        "- Trang HoatDong: chọn trạng thái của từng hoạt động; ghi ngày hoàn thành khi đã xong.",
        "- Số nguyên ghi như 1.234; tỷ lệ ghi 95, 95% hoặc 95,5; ngày ghi 05/03/2026.",
        "- Không đổi tên trang tính, không sửa cột Mã mục; bỏ trống mục chưa có số liệu.",
        "- Gửi lại tệp này qua trang web của xã; được gửi lại cho đến khi Văn phòng khóa kỳ.",
    )
    for line in lines:
        ws.append([line])
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 100


def _table(ws: Worksheet, cols: tuple[tuple[str, str | None, int, str], ...]) -> None:
    for j, (header, _, width, note) in enumerate(cols, start=1):
        cell = ws.cell(1, j, header)
        cell.font, cell.fill, cell.alignment = _BOLD, _FILL, _WRAP
        comment = Comment(note, "vanban")
        comment.width, comment.height = 320, 110
        cell.comment = comment
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = "A2"


def _style_row(ws: Worksheet, *inputs: int) -> None:
    for cell in ws[ws.max_row]:
        cell.alignment = _WRAP
    for column in inputs:
        ws.cell(ws.max_row, column).fill = _INPUT


def _number_check(ws: Worksheet, item: Item, cell: str) -> None:
    whole = item.kind == "so_luong"
    check = DataValidation(
        type="whole" if whole else "decimal",
        operator="between",
        formula1="0",
        formula2="100" if item.kind == "ty_le" else "1000000000",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",  # '95%' typed as text is still accepted by the reader
        errorTitle="Giá trị",
        error="Cần một số nguyên không âm như 1.234."
        if whole
        else "Cần một số phần trăm từ 0 đến 100 như 95 hoặc 95,5.",
    )
    ws.add_data_validation(check)
    check.add(cell)


def _task_checks(book: Workbook, ws: Worksheet) -> None:
    lists = book.create_sheet("DanhMuc")
    for i, (shown, _) in enumerate(TRANG_THAI, start=1):
        lists.cell(i, 1, shown)
    lists.sheet_state = "hidden"
    state = DataValidation(
        type="list", formula1=f"=DanhMuc!$A$1:$A${len(TRANG_THAI)}", allow_blank=True,
        showErrorMessage=True, errorStyle="stop", errorTitle="Trạng thái",
        error="Chọn một trạng thái trong danh sách.",
    )  # fmt: skip
    day = DataValidation(
        type="date", operator="greaterThan", formula1="36526", allow_blank=True,
        showErrorMessage=True, errorStyle="warning", errorTitle="Ngày hoàn thành",
        error="Cần một ngày dạng 05/03/2026.",
    )  # fmt: skip
    ws.add_data_validation(state)
    ws.add_data_validation(day)
    state.add(f"E2:E{LAST_ROW}")
    day.add(f"F2:F{LAST_ROW}")


def read_form(path: Path, label: str, *, org: str, ky: str, unit: DonVi) -> list[Entry]:
    """Return the entries of a filled form, or raise SourceError / DataError.

    The form must be this unit's form of this period (its hidden ThongTin sheet says so).
    """
    check_zip(path, label)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, ValueError, KeyError, SyntaxError):
        raise SourceError(f"{label}: không phải tệp Excel .xlsx hợp lệ") from None
    try:
        missing = [name for name in (FIGURES, TASKS, INFO) if name not in book.sheetnames]
        if missing:
            raise SourceError(
                f"{label}: không phải biểu mẫu báo cáo của vanban (thiếu trang "
                f"{', '.join(missing)}); tải biểu mẫu của đơn vị rồi điền vào đó"
            )
        info = {str(r[0]): str(r[1]) for r in book[INFO].iter_rows(values_only=True) if r[0]}
        wanted = {"to_chuc": org, "ky": ky, "don_vi": unit.ma}
        wrong = [f"{k} là '{info.get(k)}'" for k, v in wanted.items() if info.get(k) != v]
        if wrong:
            place = Place(label, sheet=INFO)
            message = (
                f"biểu mẫu này không phải của {unit.ten} kỳ {ky} ({'; '.join(wrong)}); tải "
                "đúng biểu mẫu của đơn vị cho kỳ này"
            )
            raise DataError(problems=[Problem(place, message)])
        return [
            *_entries(book[FIGURES], _FIGURE_COLS, label, ""),
            *_entries(book[TASKS], _TASK_COLS, label, "hoat_dong."),
        ]
    finally:
        book.close()


def _entries(
    ws: Any, cols: tuple[tuple[str, str | None, int, str], ...], label: str, prefix: str
) -> list[Entry]:
    found: list[Entry] = []
    for r, row in enumerate(ws.iter_rows(min_row=2, max_row=LAST_ROW), start=2):
        cells = list(row)
        if not cells or cells[0].value is None:
            continue
        key = prefix + str(cells[0].value).strip()
        for j, (_, field, _, _) in enumerate(cols):
            if field is None or j >= len(cells):
                continue
            value = _plain(cells[j].value, getattr(cells[j], "number_format", None))
            place = Place(label, sheet=ws.title, cell=f"{get_column_letter(j + 1)}{r}")
            found.append(Entry(key, field, value, place))
    return found
