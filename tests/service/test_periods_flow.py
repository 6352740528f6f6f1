"""The whole collection: forms out and back, statuses, conflicts, Tổng hợp and its report."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from generator.errors import DataError, UsageError
from generator.model import DuLieu
from generator.nd30.lint import lint_errors
from generator.service.periods.store import PeriodStore
from generator.service.periods.use_cases import (
    aggregate,
    composed,
    lock_period,
    period_status,
    submit,
    write_unit_form,
)
from tests.docx_text import docx_text

from .conftest import LATE, ON_TIME

TTHC = {
    "tthc.ky_truoc_chuyen_sang": 28,
    "tthc.tiep_nhan_truc_tuyen": 1100,
    "tthc.tiep_nhan_truc_tiep": 200,
    "tthc.da_giai_quyet": 1250,
    "tthc.dung_han": 1240,
    "tthc.qua_han": 10,
    "tthc.dang_giai_quyet": 60,
    "tthc.xin_loi": 10,
    "tthc.thanh_toan_truc_tuyen": 230,
    "tthc.so_hoa": 1180,
    "tthc.pakn_tiep_nhan": 4,
    "tthc.pakn_da_xu_ly": 4,
}


def test_the_form_lists_only_the_units_items_prefilled_with_notes_and_checks(
    opened: PeriodStore, sample: DuLieu, tmp_path: Path
) -> None:
    path = write_unit_form(opened, sample, "2026-H1", "tt-pvhcc", tmp_path / "form.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["HuongDan", "ChiSo", "HoatDong", "DanhMuc", "ThongTin"]
    assert book["ThongTin"].sheet_state == "hidden"
    assert "Trung tâm Phục vụ hành chính công" in book["HuongDan"]["A2"].value
    assert "20/6/2026" in book["HuongDan"]["A4"].value
    figures = book["ChiSo"]
    assert [c.value for c in figures[1]] == [
        "Mã mục", "Nội dung", "Đơn vị tính", "Vai trò", "Cách tổng hợp", "Giá trị", "Ghi chú",
    ]  # fmt: skip
    assert all(c.comment and c.comment.text for c in figures[1])
    rows = {r[0].value: r for r in figures.iter_rows(min_row=2)}
    assert "chi_tieu.ct-06" not in rows  # Phòng Văn hóa - Xã hội's indicator
    # Prefilled from the current data's figures of 2026-H1 (bao-cao.yaml).
    assert rows["tthc.da_giai_quyet"][5].value == 1217
    assert rows["chi_tieu.ct-05"][5].value == 97.1
    assert rows["chi_tieu.ct-05"][4].value == "Trung bình các đơn vị"
    checks = {str(v.sqref): v.type for v in figures.data_validations.dataValidation}
    assert checks[f"F{rows['tthc.da_giai_quyet'][5].row}"] == "whole"
    assert checks[f"F{rows['chi_tieu.ct-05'][5].row}"] == "decimal"
    tasks = book["HoatDong"]
    assert tasks.max_row > 2
    assert {str(v.sqref): v.formula1 for v in tasks.data_validations.dataValidation}[
        "E2:E500"
    ] == "=DanhMuc!$A$1:$A$4"


def test_a_filled_form_comes_back_and_a_bad_cell_is_named(
    opened: PeriodStore, sample: DuLieu, tmp_path: Path
) -> None:
    path = write_unit_form(opened, sample, "2026-H1", "cong-an", tmp_path / "ca.xlsx")
    book = openpyxl.load_workbook(path)
    rows = {r[0].value: r for r in book["ChiSo"].iter_rows(min_row=2)}
    rows["chi_tieu.ct-05"][5].value = "chín lăm"
    rows["so_van_ban_chi_dao"][5].value = 2
    book.save(path)
    with pytest.raises(DataError) as caught:
        submit(opened, sample, "2026-H1", "cong-an", by="ca", now=ON_TIME, form=path,
               label="ca.xlsx")  # fmt: skip
    cell = f"F{rows['chi_tieu.ct-05'][5].row}"
    assert [str(p) for p in caught.value.problems] == [
        f"ca.xlsx › ChiSo!{cell} (gia_tri): cần một số phần trăm như 95 hoặc 95%, nhận được "
        "'chín lăm'"
    ]
    assert opened.history("binh-lu", "2026-H1") == []
    rows["chi_tieu.ct-05"][5].value = "96%"
    book.save(path)
    sent = submit(opened, sample, "2026-H1", "cong-an", by="ca", now=ON_TIME, form=path)
    assert sent.figures.values["chi_tieu.ct-05"] == 96.0
    assert sent.source == "xlsx"
    other = write_unit_form(opened, sample, "2026-H1", "kinh-te", tmp_path / "kt.xlsx")
    with pytest.raises(DataError, match="không phải của Công an xã Bình Lư"):
        submit(opened, sample, "2026-H1", "cong-an", by="ca", now=ON_TIME, form=other)


def test_statuses_reminders_and_lock(opened: PeriodStore, sample: DuLieu) -> None:
    submit(opened, sample, "2026-H1", "vhxh", by="thu", now=ON_TIME,
           figures={"so_van_ban_chi_dao": 2})  # fmt: skip
    submit(opened, sample, "2026-H1", "kinh-te", by="tuan", now=LATE,
           figures={"so_van_ban_chi_dao": 1})  # fmt: skip
    before_due = period_status(opened, sample, "2026-H1", now=ON_TIME)
    assert {u.unit: u.status for u in before_due.units}["tt-dvth"] == "chua_gui"
    state = period_status(opened, sample, "2026-H1", now=LATE)
    shown = {u.unit: (u.status, u.late) for u in state.units}
    assert shown["vhxh"] == ("da_gui", False)
    assert shown["kinh-te"] == ("da_gui", True)
    assert shown["tt-dvth"] == ("qua_han", True)
    assert [u.unit for u in state.reminders] == ["vp-hdnd-ubnd", "tt-pvhcc", "tt-dvth", "cong-an"]
    body = state.to_json()
    assert body["due"] == "2026-06-20" and body["locked"] is False
    assert body["units"][1] == {
        "unit": "vhxh", "ten": "Phòng Văn hóa - Xã hội", "status": "da_gui",
        "submitted_at": ON_TIME.isoformat(), "by": "thu",
    }  # fmt: skip
    lock_period(opened, sample, "2026-H1", by="vp", now=LATE)
    assert {u.status for u in period_status(opened, sample, "2026-H1", now=LATE).units} == {
        "da_khoa"
    }
    with pytest.raises(UsageError, match="đã khóa"):
        submit(opened, sample, "2026-H1", "vhxh", by="thu", now=LATE,
               figures={"so_van_ban_chi_dao": 3})  # fmt: skip


def test_two_units_reporting_one_indicator_differently_is_a_conflict_not_a_sum(
    opened: PeriodStore, sample: DuLieu
) -> None:
    submit(opened, sample, "2026-H1", "vp-hdnd-ubnd", by="vp", now=ON_TIME,
           figures={"chi_tieu.ct-03": "90"})  # fmt: skip
    submit(opened, sample, "2026-H1", "tt-pvhcc", by="tt", now=ON_TIME,
           figures={"chi_tieu.ct-03": "95,4"})  # fmt: skip
    state = period_status(opened, sample, "2026-H1", now=ON_TIME)
    assert [(c.item.key, [u for u, _ in c.reported]) for c in state.conflicts] == [
        ("chi_tieu.ct-03", ["tt-pvhcc", "vp-hdnd-ubnd"])
    ]
    data = composed(opened, sample, "2026-H1", now=ON_TIME)
    entry = next(e for e in data.bao_cao if e.ky == "2026-H1")
    value = next(v for v in entry.chi_tieu if v.chi_tieu == "ct-03")
    assert value.gia_tri == 95.4  # the unit in charge (TT PVHCC), never 185.4


def _send_all(store: PeriodStore, sample: DuLieu) -> None:
    submit(store, sample, "2026-H1", "tt-pvhcc", by="tt", now=ON_TIME,
           figures={**TTHC, "so_van_ban_chi_dao": 2, "so_tin_bai_tuyen_truyen": 5,
                    "chi_tieu.ct-05": 98, "chi_tieu.ct-03": 96})  # fmt: skip
    submit(store, sample, "2026-H1", "cong-an", by="ca", now=LATE,
           figures={"so_van_ban_chi_dao": 1, "chi_tieu.ct-05": 95})  # fmt: skip
    submit(store, sample, "2026-H1", "vhxh", by="thu", now=ON_TIME,
           figures={"so_van_ban_chi_dao": 4, "so_tin_bai_tuyen_truyen": 7,
                    "chi_tieu.ct-06": "100%",
                    "hoat_dong.I.1": {"trang_thai": "Đã hoàn thành",
                                      "ngay_hoan_thanh": "10/06/2026"}})  # fmt: skip


def test_the_commune_figures_follow_each_indicators_rule(
    opened: PeriodStore, sample: DuLieu
) -> None:
    _send_all(opened, sample)
    data = composed(opened, sample, "2026-H1", now=LATE)
    entry = next(e for e in data.bao_cao if e.ky == "2026-H1")
    assert entry.so_van_ban_chi_dao == 2 + 1 + 4  # tong
    assert entry.so_tin_bai_tuyen_truyen == 5 + 7
    values = {v.chi_tieu: v.gia_tri for v in entry.chi_tieu}
    assert values["ct-05"] == (98 + 95) / 2  # trung_binh
    assert values["ct-03"] == 96  # chu_tri
    assert values["ct-06"] == 100
    assert entry.tthc is not None and entry.tthc.da_giai_quyet == 1250
    plan = data.ke_hoach
    assert plan is not None
    first = next(t for t in plan.nhiem_vu if t.linh_vuc == "I" and t.stt == 1)
    assert (first.trang_thai, str(first.ngay_hoan_thanh)) == ("xong", "2026-06-10")
    assert entry.chi_dao_dieu_hanh[0] == (
        "Thực hiện chế độ báo cáo định kỳ, đến ngày 22/6/2026, Ủy ban nhân dân xã Bình Lư đã "
        "nhận được báo cáo 6 tháng đầu năm 2026 của 03/06 cơ quan, đơn vị được giao nhiệm vụ "
        "trong Kế hoạch cải cách hành chính; còn 03 đơn vị chưa gửi báo cáo: Văn phòng HĐND và "
        "UBND, Phòng Kinh tế và Trung tâm Dịch vụ tổng hợp; Công an xã Bình Lư gửi báo cáo chậm "
        "so với thời hạn (ngày 20/6/2026)."
    )
    assert entry.ton_tai[-1] == (
        "Một số cơ quan, đơn vị chưa thực hiện nghiêm chế độ báo cáo định kỳ: Văn phòng HĐND và "
        "UBND, Phòng Kinh tế và Trung tâm Dịch vụ tổng hợp chưa gửi báo cáo 6 tháng đầu năm "
        "2026; Công an xã Bình Lư gửi báo cáo chậm."
    )


def test_tong_hop_builds_the_report_set_with_the_annex_and_lints_clean(
    opened: PeriodStore, sample: DuLieu, tmp_path: Path
) -> None:
    _send_all(opened, sample)
    result = aggregate(opened, sample, "2026-H1", tmp_path / "out", now=LATE)
    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
    assert manifest["extras"] == [
        "01-bao-cao-ket-qua-cchc-phu-luc.xlsx",
        "01-bao-cao-ket-qua-cchc-don-vi-bao-cao.xlsx",
    ]
    docx = result.documents[0].docx
    assert lint_errors(docx) == []
    text = docx_text(docx)
    assert "còn 03 đơn vị chưa gửi báo cáo: Văn phòng HĐND và UBND, Phòng Kinh tế" in text
    annex = openpyxl.load_workbook(result.folder / manifest["extras"][1])
    units = annex["Đơn vị báo cáo"]
    rows = [[c.value for c in r] for r in units.iter_rows(min_row=4)]
    assert rows[5][1:3] == ["Công an xã Bình Lư", "Đã gửi (gửi chậm)"]
    assert rows[0][1:3] == ["Văn phòng HĐND và UBND", "Quá hạn"]
    table = annex["Số liệu theo đơn vị"]
    by_key = {r[0].value: [c.value for c in r] for r in table.iter_rows(min_row=4)}
    header = [c.value for c in table[3]]
    ct05 = dict(zip(header, by_key["chi_tieu.ct-05"], strict=True))
    assert (ct05["Trung tâm Phục vụ hành chính công"], ct05["Công an xã Bình Lư"]) == ("98", "95")
    assert (ct05["Số của xã"], ct05["Cách tổng hợp"]) == ("96,50", "Trung bình các đơn vị")
    phu_luc = openpyxl.load_workbook(result.folder / manifest["extras"][0])["Chỉ số"]
    found = {r[0].value: r[5].value for r in phu_luc.iter_rows(min_row=5)}
    assert found["1.4"] == 7


def test_the_report_prints_which_unit_reported_what(
    opened: PeriodStore, sample: DuLieu, tmp_path: Path
) -> None:
    _send_all(opened, sample)
    result = aggregate(opened, sample, "2026-H1", tmp_path / "out", now=LATE)
    docx = result.documents[0].docx
    text = docx_text(docx)
    assert "TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ" in text
    assert (
        "Công an xã Bình Lư | Gửi chậm | 22/6/2026 | văn bản chỉ đạo: 1; chỉ tiêu ct-05: 95" in text
    )
    assert "Phòng Kinh tế | Chưa gửi | - | -" in text
    assert lint_errors(docx) == []
