"""Tests for the workbook writer: the sample round-trips, and the clerk gets notes and lists."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from generator.sources import load_dataset
from generator.sources.sample import sample_folder
from generator.sources.workbook_spec import SHEETS
from generator.sources.xlsx_writer import write_workbook
from tests.sources.conftest import MINI


@pytest.mark.parametrize("folder", [MINI, sample_folder()], ids=["mini", "binh-lu"])
def test_yaml_and_excel_forms_load_into_equal_models(folder: Path, tmp_path: Path) -> None:
    from_yaml = load_dataset(folder)
    workbook = tmp_path / "du-lieu.xlsx"
    write_workbook(from_yaml, workbook)
    from_excel = load_dataset(workbook)
    assert from_excel.model_dump() == from_yaml.model_dump()
    assert from_excel == from_yaml


def test_workbook_guides_the_clerk(mini_xlsx: Path) -> None:
    book = openpyxl.load_workbook(mini_xlsx)
    assert book.sheetnames == ["HuongDan", *(s.name for s in SHEETS), "DanhMuc"]
    assert book["DanhMuc"].sheet_state == "hidden"
    for spec in SHEETS:
        ws = book[spec.name]
        headers = [ws.cell(1, 1)] if spec.layout in ("form", "columns") else list(ws[1])
        labels = (
            [row[0] for row in ws.iter_rows(min_row=2)]
            if spec.layout in ("form", "columns")
            else headers
        )
        assert all(cell.comment and cell.comment.text for cell in labels), spec.name
        assert all(cell.font.bold for cell in headers), spec.name
        assert ws.freeze_panes == ("B2" if spec.layout in ("form", "columns") else "A2")


def test_drop_downs_cover_roles_authorities_units_signers_and_periods(mini_xlsx: Path) -> None:
    book = openpyxl.load_workbook(mini_xlsx)

    def lists(name: str) -> dict[str, str]:
        return {str(v.sqref): v.formula1 for v in book[name].data_validations.dataValidation}

    assert lists("DoanKiemTra") == {
        "A2:A1000": "=CanBo!$A$2:$A$1000",
        "B2:B1000": "=DanhMuc!$H$2:$H$5",
    }
    assert lists("NguoiKy")["D2:D1000"] == "=DanhMuc!$D$2:$D$5"
    assert lists("LichKiemTra")["A2:A1000"] == "=DonVi!$A$2:$A$1000"
    assert lists("QuyetDinhDoan")["B8"] == "=NguoiKy!$A$2:$A$1000"
    assert lists("BaoCaoChiTieu")["A2:A1000"] == "=BaoCao!$B$2:$BH$2"
    assert lists("NhiemVu")["J2:J1000"] == "=DanhMuc!$F$2:$F$5"
    # Units are chosen by code everywhere (a cell may hold several, so not strict).
    assert lists("NhiemVu")["G2:G1000"] == "=DonVi!$A$2:$A$1000"
    assert lists("ChiTieu")["G2:G1000"] == "=DonVi!$A$2:$A$1000"
    assert lists("ChiTieu")["H2:H1000"] == "=DonVi!$A$2:$A$1000"
    danh_muc = book["DanhMuc"]
    assert [c.value for c in danh_muc["H"] if c.value] == [
        "vai_tro",
        "Trưởng đoàn",
        "Phó Trưởng đoàn",
        "Thành viên",
        "Thư ký",
    ]


def test_dates_are_real_excel_dates(mini_xlsx: Path) -> None:
    ws = openpyxl.load_workbook(mini_xlsx)["LichKiemTra"]
    assert ws["B2"].is_date
    assert ws["B2"].number_format == "DD/MM/YYYY"
