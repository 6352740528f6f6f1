"""The province's workbook: every commune's indicator table for one period, side by side.

Sheet "Tổng hợp" has the rows of the report's indicator table (the same `bang_chi_so` rows as
each commune's phụ lục) and one column per commune with its "kỳ này" value; sheet "Tình hình
báo cáo" lists each commune's collection status.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from generator.atomic import atomic_target
from generator.model import DuLieu
from generator.report.bang import DongChiSo, bang_chi_so
from generator.report.so_lieu import so_lieu_bao_cao
from generator.report.xlsx_phu_luc import FONT, _number, _text
from generator.vi import KyBaoCao


@dataclass(frozen=True)
class CommuneRow:
    """One commune of the roll-up: its data for the period and its collection status."""

    data: DuLieu
    status: str
    sent: int
    units: int


def _rows(data: DuLieu, ky: KyBaoCao) -> list[DongChiSo]:
    return bang_chi_so(so_lieu_bao_cao(data, ky.code))


def write_rollup(path: Path, ky: KyBaoCao, communes: Sequence[CommuneRow], province: str) -> Path:
    """Write the province's roll-up of period `ky` to `path` and return it."""
    book = Workbook()
    ws = book.active
    ws.title = "Tổng hợp"
    title = f"TỔNG HỢP SỐ LIỆU CẢI CÁCH HÀNH CHÍNH {ky.label.upper()} CỦA CÁC XÃ, TỈNH {province}"
    ws.cell(1, 1, title.upper()).font = Font(name=FONT, size=13, bold=True)
    tables = [_rows(c.data, ky) for c in communes]
    headers = ["Mã", "Chỉ tiêu", "Đơn vị tính", *(c.data.to_chuc.ten_day_du for c in communes)]
    for j, text in enumerate(headers, start=1):
        cell = ws.cell(3, j, text)
        cell.font = Font(name=FONT, size=12, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(j)].width = (8, 50, 14)[j - 1] if j <= 3 else 18
    template = tables[0] if tables else []
    for i, row in enumerate(template):
        r = 4 + i
        if row.nhom:
            ws.cell(r, 1, row.tieu_de).font = Font(name=FONT, size=12, bold=True)
            continue
        _text(ws, r, 1, row.ma, center=True)
        _text(ws, r, 2, row.ten)
        _text(ws, r, 3, row.don_vi_tinh, center=True)
        for j, table in enumerate(tables, start=4):
            _number(ws.cell(r, j), table[i].ky_nay_so, table[i].la_ty_le)
    ws.freeze_panes = "D4"
    status = book.create_sheet("Tình hình báo cáo")
    for j, text in enumerate(("Xã", "Tình trạng", "Đơn vị đã gửi", "Số đơn vị"), start=1):
        status.cell(1, j, text).font = Font(name=FONT, size=12, bold=True)
    for r, commune in enumerate(communes, start=2):
        values = (commune.data.to_chuc.ten_day_du, commune.status, commune.sent, commune.units)
        for j, value in enumerate(values, start=1):
            status.cell(r, j, value)
    for letter, width in zip("ABCD", (40, 20, 16, 12), strict=True):
        status.column_dimensions[letter].width = width
    book.properties.creator = "vanban"
    with atomic_target(path) as tmp:
        book.save(str(tmp))
    return path
