"""The annex of an aggregated report: which unit reported what (an .xlsx next to the phụ lục).

Sheet "Đơn vị báo cáo" lists each unit with its status, when and by whom it reported; sheet
"Số liệu theo đơn vị" has one row per item and one column per unit, then the commune's value
and how it was made (sum, mean, the unit in charge's), with conflicts spelt out.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from generator.atomic import atomic_target
from generator.build import SetBuild
from generator.model import DonVi
from generator.service.periods.catalogue import RULE_LABELS
from generator.service.periods.collect import STATUS_LABELS, Combined, UnitStatus
from generator.service.periods.figures import TRANG_THAI, Task
from generator.service.periods.store import VIETNAM
from generator.vi import KyBaoCao, format_number

FONT = "Times New Roman"
SUFFIX = "-don-vi-bao-cao.xlsx"
_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_STATES = {code: shown for shown, code in TRANG_THAI}


def shown(value: float | Task | None) -> str:
    """Return a reported value as printed: "1.245", "95,5", "Đã hoàn thành (28/05/2026)"."""
    if value is None:
        return "-"
    if isinstance(value, Task):
        day = value.ngay_hoan_thanh
        return _STATES[value.trang_thai] + (f" ({day.strftime('%d/%m/%Y')})" if day else "")
    return format_number(value) if float(value).is_integer() else format_number(value, 2)


def _row(ws: Any, row: int, values: Sequence[Any], *, bold: bool = False) -> None:
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col, value=value)
        cell.font = Font(name=FONT, size=12, bold=bold)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        cell.border = _BOX


def _title(ws: Any, text: str) -> None:
    ws.cell(row=1, column=1, value=text).font = Font(name=FONT, size=13, bold=True)


def write_annex(
    path: Path, ky: KyBaoCao, units: Sequence[DonVi], statuses: Sequence[UnitStatus],
    combined: Sequence[Combined],
) -> Path:  # fmt: skip
    """Write the annex workbook to `path` and return it."""
    book = Workbook()
    ws = book.active
    ws.title = "Đơn vị báo cáo"
    _title(ws, f"TÌNH HÌNH GỬI BÁO CÁO {ky.label.upper()} CỦA CÁC CƠ QUAN, ĐƠN VỊ")
    _row(ws, 3, ("TT", "Cơ quan, đơn vị", "Tình trạng", "Thời gian gửi", "Người gửi"), bold=True)
    for i, status in enumerate(statuses, start=1):
        at = status.submitted_at.astimezone(VIETNAM) if status.submitted_at else None
        state = STATUS_LABELS[status.status]
        if at is not None and status.late:
            state += " (gửi chậm)"
        _row(ws, 3 + i, (i, status.ten, state, at.strftime("%H:%M %d/%m/%Y") if at else "-",
                         status.by or "-"))  # fmt: skip
    for letter, width in zip("ABCDE", (6, 40, 22, 20, 20), strict=True):
        ws.column_dimensions[letter].width = width
    names = {u.ma: u.ten for u in units}
    order = [u.ma for u in units]
    sheet = book.create_sheet("Số liệu theo đơn vị")
    _title(sheet, f"SỐ LIỆU {ky.label.upper()} DO CÁC CƠ QUAN, ĐƠN VỊ BÁO CÁO")
    headers = ["Mã mục", "Nội dung", "Đơn vị tính", *(names[m] for m in order), "Số của xã",
               "Cách tổng hợp", "Ghi chú"]  # fmt: skip
    _row(sheet, 3, headers, bold=True)
    for r, each in enumerate(combined, start=4):
        by_unit = dict(each.reported)
        cells = [
            shown(by_unit[m]) if m in by_unit else ("chưa báo cáo" if m in each.item.don_vi
                                                     else "")
            for m in order
        ]  # fmt: skip
        note = ""
        if each.conflict:
            parts = ", ".join(f"{names[u]}: {shown(v)}" for u, v in each.reported)
            note = f"Xung đột: các đơn vị báo cáo khác nhau ({parts}); dùng số của đơn vị chủ trì"
        elif not each.reported:
            note = "Chưa có đơn vị nào báo cáo; giữ số liệu hiện có"
        _row(sheet, r, (each.item.key, each.item.label, each.item.don_vi_tinh, *cells,
                        shown(each.value), RULE_LABELS[each.item.rule], note))  # fmt: skip
    widths = (24, 50, 12, *(16 for _ in order), 16, 20, 40)
    for j, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(j)].width = width
    sheet.freeze_panes = "D4"
    book.properties.creator = "vanban"
    with atomic_target(path) as tmp:
        book.save(str(tmp))
    return path


class AnnexStage:
    """A build stage that writes the annex next to the report's phụ lục (listed in extras)."""

    def __init__(
        self, ky: KyBaoCao, units: Sequence[DonVi], statuses: Sequence[UnitStatus],
        combined: Sequence[Combined],
    ) -> None:  # fmt: skip
        self.ky, self.units, self.statuses, self.combined = ky, units, statuses, combined

    def __call__(self, build: SetBuild) -> None:
        """Write the annex into the set's folder and add it to the set's extras."""
        stem = build.documents[0].docx.stem if build.documents else "bao-cao"
        path = write_annex(
            build.folder / f"{stem}{SUFFIX}", self.ky, self.units, self.statuses, self.combined
        )
        build.extras.append(path)
