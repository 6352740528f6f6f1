"""The .xlsx phụ lục read back with openpyxl equals the figures; the chart is drawn from them."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.kinds.bc_ket_qua import phu_luc_of
from generator.report import bieu_do
from generator.report.bang import HEADERS
from generator.report.bieu_do import _drawn, chart_rows, render_chart
from generator.report.xlsx_phu_luc import HEADER_ROW, TIEN_DO_HEADERS, write_phu_luc_xlsx
from generator.sources import load_dataset
from tests.report.conftest import BINH_LU


def test_workbook_holds_the_figures(tmp_path: Path) -> None:
    parts = phu_luc_of(load_dataset(BINH_LU), "2026-H1")
    path = write_phu_luc_xlsx(
        tmp_path / "phu-luc.xlsx",
        title=[parts.tieu_de_1, parts.kem_theo],
        chi_so=parts.chi_so,
        tien_do=parts.tien_do,
        tien_do_title=[parts.tieu_de_2, parts.kem_theo],
    )
    wb = load_workbook(path)
    ws = wb["Chỉ số"]
    assert ws["A1"].value == parts.tieu_de_1
    assert [c.value for c in ws[HEADER_ROW]] == list(HEADERS)
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    rows = list(ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    assert len(rows) == len(parts.chi_so)
    for cells, item in zip(rows, parts.chi_so, strict=True):
        if item.nhom:
            assert cells[0] == item.tieu_de
            continue
        assert cells[:3] == (item.ma, item.ten, item.don_vi_tinh)
        for got, want in ((cells[4], item.ky_truoc_so), (cells[5], item.ky_nay_so)):
            if want is None:
                assert got == "-"
            elif item.la_ty_le:
                assert got == pytest.approx(float(want) / 100)
            else:
                assert got == want
        assert cells[6:] == (item.so_sanh, item.danh_gia)
    by_code = {r[0]: r for r in rows}
    assert by_code["2.2"][5] == 1245
    assert by_code["2.8"][5] == pytest.approx(1198 / 1217)
    assert by_code["2.12"][3] == pytest.approx(1.0)  # chỉ tiêu 100% as a number
    # Real number formats, shown with the reader's Vietnamese separators by Excel.
    row_of = {ws.cell(row=r, column=1).value: r for r in range(HEADER_ROW + 1, ws.max_row + 1)}
    assert ws.cell(row=row_of["2.2"], column=6).number_format == "#,##0"
    assert ws.cell(row=row_of["2.8"], column=6).number_format == "0.0%"
    progress = wb["Tiến độ hoạt động"]
    assert [c.value for c in progress[HEADER_ROW]] == list(TIEN_DO_HEADERS)
    done = [
        r for r in progress.iter_rows(min_row=HEADER_ROW + 1, values_only=True) if r[1] is not None
    ]
    assert sum(1 for r in done if str(r[4]).startswith("Đã hoàn thành")) == sum(
        1 for item in parts.tien_do if item.xong
    )


def test_chart_is_drawn_only_from_rates_with_targets() -> None:
    parts = phu_luc_of(load_dataset(BINH_LU), "2026-H1")
    drawn = chart_rows(parts.chi_so)
    assert [r.ma for r in drawn] == ["2.12", "3.3", "3.4", "3.5", "3.6"]
    png = render_chart(parts.chi_so, "6 tháng đầu năm 2026")
    assert png is not None and png.startswith(b"\x89PNG")
    no_targets = [r for r in parts.chi_so if r.ke_hoach_so is None]
    assert render_chart(no_targets, "6 tháng đầu năm 2026") is None


def test_chart_is_a_greyscale_png_the_same_on_every_run() -> None:
    from io import BytesIO

    from PIL import Image

    from generator.report.bieu_do import DPI, HEIGHT_IN, WIDTH_IN

    parts = phu_luc_of(load_dataset(BINH_LU), "2026-H1")
    png = render_chart(parts.chi_so, "6 tháng đầu năm 2026")
    assert png is not None
    _drawn.cache_clear()  # drawn again, not taken from the cache
    assert render_chart(parts.chi_so, "6 tháng đầu năm 2026") == png
    image = Image.open(BytesIO(png))
    assert image.mode == "L"  # black and white by design: one grey channel
    assert image.size == (round(WIDTH_IN * DPI), round(HEIGHT_IN * DPI))
    # Dark bars and white hatched bars are both there.
    assert image.getextrema() == (0, 255)
    assert set(image.info) <= {"dpi"}  # no software stamp or other text chunk


def test_the_same_rows_are_drawn_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # A batch builds a report's context up to three times (numbering, hash, build).
    parts = phu_luc_of(load_dataset(BINH_LU), "2026-H1")
    drawings: list[object] = []
    grey_png = bieu_do._grey_png

    def counted(fig: object) -> bytes:
        drawings.append(fig)
        return grey_png(fig)

    monkeypatch.setattr(bieu_do, "_grey_png", counted)
    _drawn.cache_clear()
    first = render_chart(list(parts.chi_so), "6 tháng đầu năm 2026")
    assert render_chart(list(parts.chi_so), "6 tháng đầu năm 2026") == first
    assert len(drawings) == 1
    render_chart(list(parts.chi_so), "quý I năm 2026")  # another period: drawn anew
    assert len(drawings) == 2
