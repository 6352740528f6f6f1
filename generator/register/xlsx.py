"""Write the sổ đăng ký văn bản đi to .xlsx in the layout of ND30 Phụ lục IV, Mục I.

Phụ lục IV asks for at least ten columns: (1) Số, ký hiệu văn bản; (2) Ngày tháng văn bản; (3) Tên
loại và trích yếu nội dung văn bản; (4) Người ký; (5) Nơi nhận văn bản; (6) Đơn vị, người nhận bản
lưu; (7) Số lượng bản; (8) Ngày chuyển; (9) Ký nhận; (10) Ghi chú. Columns 7–9 are filled by hand
when the văn thư dispatches the paper copies, so they stay empty. One sheet per series: secret
documents and advisory bodies keep their own sổ (Điều 15). A voided number keeps its line, with
the reason in Ghi chú, so the sổ shows no silent gap.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from generator.atomic import atomic_target
from generator.vi.so_ky_hieu import LOAI_VAN_BAN
from generator.vi.text import upper_vi

if TYPE_CHECKING:
    from generator.register.entries import Entry

HEADERS: tuple[str, ...] = (
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
)
WIDTHS = (16, 12, 48, 20, 34, 18, 9, 11, 11, 24)
HEADER_ROW = 7
FONT = "Times New Roman"

_TEN_LOAI = {code: ten for ten, code in LOAI_VAN_BAN.items()}
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def series_title(series: str) -> str:
    """Return the Vietnamese name of a series: "chung" → "Sổ chung", "mat" → "Văn bản mật"."""
    parts = []
    for part in series.split("/"):
        if part == "chung":
            parts.append("Sổ chung")
        elif part == "mat":
            parts.append("Văn bản mật")
        elif part.startswith("tu_van:"):
            parts.append(f"Tổ chức tư vấn {part.removeprefix('tu_van:')}")
        else:
            parts.append(_TEN_LOAI.get(part, part))
    return " - ".join(parts)


def ten_loai_trich_yeu(loai_van_ban: str, trich_yeu: str) -> str:
    """Return column (3): "Kế hoạch kiểm tra công tác CCHC năm 2026"."""
    ten = _TEN_LOAI.get(loai_van_ban, loai_van_ban)
    text = trich_yeu.strip()
    # Lower the first letter after the type name unless the word is an acronym (CCHC, UBND).
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return f"{ten} {text}".strip()


def ghi_chu(entry: Entry) -> str:
    """Return column (10): why a number is void, or that its document is still being made."""
    if entry.status == "void":
        return f"Đã hủy số: {entry.ly_do_huy or 'không ghi lý do'}"
    if entry.status == "reserved":
        return "Đã cấp số, văn bản chưa tạo xong"
    return ""


def _sheet_name(title: str, used: set[str]) -> str:
    name = "".join("-" if c in "[]:*?/\\" else c for c in title)[:31]
    base, n = name, 2
    while name in used:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name)
    return name


def write_register(path: Path, ten_to_chuc: str, year: int, entries: Sequence[Entry]) -> None:
    """Write one sheet per series to `path` (through a temporary file, then renamed)."""
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    by_series: dict[str, list[Entry]] = {}
    for entry in entries:
        by_series.setdefault(entry.series, []).append(entry)
    for series in sorted(by_series, key=lambda s: (s != "chung", s)):
        rows = sorted(by_series[series], key=lambda e: e.so)
        sheet = book.create_sheet(_sheet_name(series_title(series), used))
        _fill(sheet, ten_to_chuc, year, series, rows)
    with atomic_target(path) as tmp:
        book.save(tmp)


def _fill(ws: Any, ten_to_chuc: str, year: int, series: str, rows: list[Entry]) -> None:
    last_col = get_column_letter(len(HEADERS))
    title_rows = (
        (upper_vi(ten_to_chuc), Font(name=FONT, size=12, bold=True)),
        ("SỔ ĐĂNG KÝ VĂN BẢN ĐI", Font(name=FONT, size=14, bold=True)),
        (f"Năm {year} - {series_title(series)}", Font(name=FONT, size=12, bold=True)),
        (
            f"Từ ngày {rows[0].ngay:%d/%m/%Y} đến ngày {rows[-1].ngay:%d/%m/%Y}",
            Font(name=FONT, size=12),
        ),
        (f"Từ số {rows[0].so:02d} đến số {rows[-1].so:02d}", Font(name=FONT, size=12)),
    )
    for i, (text, font) in enumerate(title_rows, start=1):
        ws.merge_cells(f"A{i}:{last_col}{i}")
        cell = ws.cell(row=i, column=1, value=text)
        cell.font = font
        cell.alignment = _CENTER
    head = Font(name=FONT, size=11, bold=True)
    for col, (text, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
        for row, value in ((HEADER_ROW, text), (HEADER_ROW + 1, f"({col})")):
            cell = ws.cell(row=row, column=col, value=value)
            cell.font = head if row == HEADER_ROW else Font(name=FONT, size=11, italic=True)
            cell.alignment = _CENTER
            cell.border = _BOX
    body = Font(name=FONT, size=12)
    for r, entry in enumerate(rows, start=HEADER_ROW + 2):
        values: tuple[str | None, ...] = (
            entry.so_ky_hieu,
            f"{entry.ngay:%d/%m/%Y}",
            ten_loai_trich_yeu(entry.loai_van_ban, entry.trich_yeu),
            entry.nguoi_ky,
            entry.noi_nhan,
            entry.luu,
            None,
            None,
            None,
            ghi_chu(entry),
        )
        for col, shown in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col, value=shown)
            cell.font = body
            cell.alignment = _WRAP
            cell.border = _BOX
    ws.freeze_panes = f"A{HEADER_ROW + 2}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW + 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # 9 = A4 in the OOXML enumeration
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
