"""Tests for the .xlsx export of the sổ đăng ký văn bản đi (ND30 Phụ lục IV, Mục I)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.errors import RegisterError
from generator.register import Register

from .test_store import ORG, req


def test_export_has_phu_luc_iv_columns_and_one_sheet_per_series(tmp_path: Path) -> None:
    with Register(tmp_path / "so.sqlite") as reg:
        issued = reg.issue(
            [
                req("kh", "KH"),
                req("qd", "QĐ", date(2026, 3, 10)),
                req("m", "BC", date(2026, 3, 11), mat=True),
            ]
        )
        reg.record_hashes(issued[0], "a" * 64, "b" * 64)
        reg.void(ORG, 2026, "02/QĐ-UBND", "ký nhầm thẩm quyền")
        out = reg.export_xlsx(tmp_path / "so.xlsx", ORG, 2026)
    book = load_workbook(out)
    assert book.sheetnames == ["Sổ chung", "Văn bản mật"]
    ws = book["Sổ chung"]
    titles = [ws.cell(row=r, column=1).value for r in range(1, 6)]
    assert titles == [
        "ỦY BAN NHÂN DÂN XÃ BÌNH LƯ",
        "SỔ ĐĂNG KÝ VĂN BẢN ĐI",
        "Năm 2026 - Sổ chung",
        "Từ ngày 05/03/2026 đến ngày 10/03/2026",
        "Từ số 01 đến số 02",
    ]
    assert [c.value for c in ws[7]] == [
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
    ]
    assert [c.value for c in ws[8]] == [f"({i})" for i in range(1, 11)]
    assert [c.value for c in ws[9]] == [
        "01/KH-UBND",
        "05/03/2026",
        "Kế hoạch văn bản kh",
        "Nguyễn Văn An",
        "UBND tỉnh Lai Châu; Các phòng chuyên môn",
        "VT, VP",
        None,
        None,
        None,
        None,
    ]
    assert ws["J10"].value == "Đã hủy số: ký nhầm thẩm quyền"
    assert ws.freeze_panes == "A9"
    secret = book["Văn bản mật"]
    assert secret["A9"].value == "01/BC-UBND"
    assert secret["J9"].value == "Đã cấp số, văn bản chưa tạo xong"
    assert not list(tmp_path.glob(".*.tmp"))


def test_export_of_an_empty_year_is_refused(tmp_path: Path) -> None:
    with Register(tmp_path / "so.sqlite") as reg, pytest.raises(RegisterError) as err:
        reg.export_xlsx(tmp_path / "so.xlsx", ORG, 2030)
    assert str(err.value) == "binh-lu chưa có văn bản nào được cấp số trong năm 2030"
