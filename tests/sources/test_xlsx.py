"""Tests for the workbook loader: every bad input named with its sheet, cell, field and fix."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from generator.errors import SourceError
from generator.sources import load_dataset
from tests.sources.conftest import cell_of, edit, problems, set_cells

F = "du-lieu.xlsx"
TTHC = cell_of("BaoCao", "tthc.tiep_nhan_truc_tuyen")


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "expected"),
    [
        (
            "LichKiemTra",
            "B2",
            "mùng 5",
            f"{F} › LichKiemTra!B2 (Ngày kiểm tra): cần một ngày dạng 05/03/2026, nhận được "
            "'mùng 5'",
        ),
        (
            "ChiTieu",
            "E2",
            "chín lăm",
            f"{F} › ChiTieu!E2 (Mục tiêu): cần một số phần trăm như 95 hoặc 95%, nhận được "
            "'chín lăm'",
        ),
        (
            "ChiTieu",
            "G2",
            "Phòng Văn hóa - Xã hội",
            f"{F} › ChiTieu!G2 (Đơn vị chủ trì): ghi mã đơn vị 'vhxh' thay cho tên 'Phòng Văn "
            "hóa - Xã hội': mọi chỗ nhắc đến một đơn vị đều dùng mã đơn vị, nên đổi tên đơn vị "
            "không làm hỏng dữ liệu",
        ),
        (
            "NhiemVu",
            "G2",
            "vhxh, khong-co",
            f"{F} › NhiemVu!G2 (Chủ trì): không có đơn vị nào mang mã 'khong-co' (các mã đơn vị: "
            "vp, vhxh, tram-y-te)",
        ),
        (
            "DoanKiemTra",
            "B3",
            "Trưởng đoàn",
            f"{F} › trang tính DoanKiemTra: Đoàn kiểm tra cần đúng một Trưởng "
            "đoàn, có 2 (pho-chu-tich, truong-vhxh)",
        ),
        (
            "QuyetDinhDoan",
            "B8",
            "khong-co",
            f"{F} › QuyetDinhDoan!B8 (Người ký): không có người ký nào mang mã 'khong-co' (các "
            "mã người ký: ct, kt-pct)",
        ),
        (
            "QuyetDinhDoan",
            "B8",
            None,
            f"{F} › QuyetDinhDoan!B8 (Người ký): thiếu giá trị bắt buộc",
        ),
        ("CanBo", "B3", None, f"{F} › CanBo!B3 (Họ và tên): thiếu giá trị bắt buộc"),
        ("CanBo", "B3", "   ", f"{F} › CanBo!B3 (Họ và tên): thiếu giá trị bắt buộc"),
        (
            "CanBo",
            "C2",
            "Anh",
            f"{F} › CanBo!C2 (Danh xưng): cần một trong các giá trị 'Ông', 'Bà', nhận được 'Anh'",
        ),
        (
            "BaoCao",
            TTHC,
            "một nghìn",
            f"{F} › BaoCao!{TTHC} (TTHC kỳ này: tiếp nhận trực tuyến): cần một số nguyên không "
            "âm như 1.234, nhận được 'một nghìn'",
        ),
        (
            "MucKeHoach",
            "B4",
            3,
            f"{F} › MucKeHoach!B4 (Cấp): cần cấp của tiêu đề mục từ 1 đến 2 (mục cấp 2 nằm dưới "
            "một mục cấp 1 …), nhận được '3'",
        ),
    ],
)
def test_bad_cell_is_named_with_sheet_cell_field_and_what_was_found(
    mini_xlsx: Path, sheet: str, cell: str, value: object, expected: str
) -> None:
    set_cells(mini_xlsx, sheet, **{cell: value})
    assert problems(mini_xlsx, F) == [expected]


def test_child_row_of_unknown_parent_is_reported_with_what_follows(mini_xlsx: Path) -> None:
    set_cells(mini_xlsx, "TonTai", A2="khong-co")
    assert problems(mini_xlsx, F) == [
        f"{F} › TonTai!A2 (Mã đơn vị): cần mã đơn vị của một dòng trong trang KetLuan (có: "
        "tram-y-te), nhận được 'khong-co'",
        f"{F} › KienNghi!C2 (Tồn tại liên quan): không có tồn tại mang mã 'tt1' trong thông báo "
        "này",
    ]


def test_required_child_rows_missing_point_at_the_child_sheet(mini_xlsx: Path) -> None:
    edit(mini_xlsx, lambda book: book["KetQuaKiemTra"].delete_rows(2))
    assert problems(mini_xlsx, F) == [
        f"{F} › trang tính KetQuaKiemTra: cần ít nhất 1 mục, nhận được 0",
    ]


def test_all_problems_are_reported_in_one_pass(mini_xlsx: Path) -> None:
    set_cells(mini_xlsx, "CanBo", B3=None, C2="Anh")
    set_cells(mini_xlsx, "LichKiemTra", B2="mùng 5")
    assert problems(mini_xlsx, F) == [
        f"{F} › CanBo!C2 (Danh xưng): cần một trong các giá trị 'Ông', 'Bà', nhận được 'Anh'",
        f"{F} › CanBo!B3 (Họ và tên): thiếu giá trị bắt buộc",
        f"{F} › LichKiemTra!B2 (Ngày kiểm tra): cần một ngày dạng 05/03/2026, nhận được 'mùng 5'",
    ]


def _sheet_list(names: list[str]) -> str:
    return ", ".join(names)


def test_renamed_sheet_names_the_expected_sheet_and_the_sheets_found(mini_xlsx: Path) -> None:
    edit(mini_xlsx, lambda book: setattr(book["CanBo"], "title", "Cán bộ"))
    found = openpyxl.load_workbook(mini_xlsx, read_only=True).sheetnames
    assert problems(mini_xlsx, F) == [
        f"{F} › trang tính CanBo: không tìm thấy trang tính này (Cán bộ); sổ có các trang "
        f"{_sheet_list(found)}. Đừng đổi tên hay xóa trang tính; lệnh 'vanban init' tạo sổ mẫu "
        "đủ các trang"
    ]
    assert "Cán bộ" in found


def test_missing_sheet_is_reported(mini_xlsx: Path) -> None:
    edit(mini_xlsx, lambda book: book.remove(book["TonTai"]))
    found = openpyxl.load_workbook(mini_xlsx, read_only=True).sheetnames
    assert problems(mini_xlsx, F) == [
        f"{F} › trang tính TonTai: không tìm thấy trang tính này (Tồn tại, hạn chế của từng đơn "
        f"vị); sổ có các trang {_sheet_list(found)}. Đừng đổi tên hay xóa trang tính; lệnh "
        "'vanban init' tạo sổ mẫu đủ các trang"
    ]


def test_sheet_names_ignore_case_and_spaces(mini_xlsx: Path) -> None:
    edit(mini_xlsx, lambda book: setattr(book["CanBo"], "title", "can bo"))
    assert load_dataset(mini_xlsx).to_chuc.can_bo[0].ho_ten == "Nguyễn Văn An"


def test_renamed_column_is_reported_once_with_the_name_it_had(mini_xlsx: Path) -> None:
    set_cells(mini_xlsx, "CanBo", B1="Họ tên")
    assert problems(mini_xlsx, F) == [
        f"{F} › CanBo!B1: cột 'Họ tên' không có trong mẫu; có phải 'Họ và tên'? Sửa lại đúng "
        "tên như trong sổ mẫu",
    ]


def test_a_foreign_column_lists_the_columns_of_the_sheet(mini_xlsx: Path) -> None:
    set_cells(mini_xlsx, "CanBo", F1="Ghi chú riêng")
    assert problems(mini_xlsx, F) == [
        f"{F} › CanBo!F1: cột 'Ghi chú riêng' không có trong mẫu; các cột của trang này: Mã cán "
        "bộ, Họ và tên, Danh xưng, Chức vụ, Đơn vị",
    ]


def test_a_removed_column_is_missing(mini_xlsx: Path) -> None:
    edit(mini_xlsx, lambda book: book["CanBo"].delete_cols(2))
    assert problems(mini_xlsx, F) == [
        f"{F} › trang tính CanBo: thiếu cột 'Họ và tên'; thêm lại cột này (đúng tên như trong "
        "sổ mẫu)",
    ]


@pytest.mark.parametrize(
    ("sheet_name", "ref", "header"),
    [
        ("MucKeHoach", "C1", "Tiêu đề mục"),  # issue 18: a KeyError traceback before
        ("CanBo", "B1", "Họ và tên"),
        ("KetLuan", "A1", "Mã đơn vị"),
        ("ChotSoLieu", "A1", "Loại kỳ"),
    ],
)
def test_a_blank_header_above_data_names_the_header_that_belongs_there(
    mini_xlsx: Path, sheet_name: str, ref: str, header: str
) -> None:
    set_cells(mini_xlsx, sheet_name, **{ref: None})
    assert problems(mini_xlsx, F) == [
        f"{F} › {sheet_name}!{ref}: ô tên cột đang trống nhưng cột có dữ liệu; ghi lại tên "
        f"'{header}' như trong sổ mẫu"
    ]


def test_a_blank_form_label_names_the_row_that_belongs_there(mini_xlsx: Path) -> None:
    set_cells(mini_xlsx, "ToChuc", A3=None)
    assert problems(mini_xlsx, F) == [
        f"{F} › ToChuc!A3: ô tên dòng đang trống nhưng dòng có dữ liệu; ghi lại tên 'Tên đầy "
        "đủ' như trong sổ mẫu"
    ]


def test_a_header_given_twice_is_named_with_both_cells(mini_xlsx: Path) -> None:
    set_cells(mini_xlsx, "CanBo", F1="Chức vụ")
    assert problems(mini_xlsx, F) == [
        f"{F} › CanBo!F1: cột 'Chức vụ' có hai lần (lần đầu ở ô D1); xóa hoặc đổi tên một cột"
    ]


def test_a_huge_cell_is_refused_once_and_echoed_short(mini_xlsx: Path) -> None:
    set_cells(mini_xlsx, "CanBo", D3="x" * 30_000)
    assert problems(mini_xlsx, F) == [
        f"{F} › CanBo!D3 (Chức vụ): ô quá dài (30.000 ký tự, giới hạn 20.000); rút gọn nội dung"
    ]


def test_a_long_wrong_value_is_echoed_cut(mini_xlsx: Path) -> None:
    set_cells(mini_xlsx, "CanBo", C2="Ô" * 5000)
    found = problems(mini_xlsx, F)
    assert found == [
        f"{F} › CanBo!C2 (Danh xưng): cần một trong các giá trị 'Ông', 'Bà', nhận được "
        f"'{'Ô' * 40}…' (5.000 ký tự)"
    ]


def test_header_matching_ignores_star_case_spaces_and_nfd(mini_xlsx: Path) -> None:
    set_cells(mini_xlsx, "CanBo", B1=unicodedata.normalize("NFD", "  họ VÀ   tên "))
    assert load_dataset(mini_xlsx).to_chuc.can_bo[1].ho_ten == "Trần Thị Bình"


def test_not_an_xlsx_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / F
    path.write_text("Họ và tên;Chức vụ\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_dataset(path, F)
    assert str(caught.value) == (
        f"{F}: không phải tệp Excel .xlsx hợp lệ; mở bằng Excel và lưu lại dạng Sổ làm việc "
        "Excel (.xlsx)"
    )


def test_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / F
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(SourceError) as caught:
        load_dataset(path, F)
    assert str(caught.value) == (
        f"{F}: không phải tệp Excel .xlsx hợp lệ; mở bằng Excel và lưu lại dạng Sổ làm việc "
        "Excel (.xlsx)"
    )


def test_accepts_what_clerks_type(mini_xlsx: Path) -> None:
    nfd = unicodedata.normalize("NFD", "Trần   Thị Bình ")
    set_cells(mini_xlsx, "CanBo", B3=nfd, D2="  Chủ tịch   UBND xã  ")
    set_cells(mini_xlsx, "LichKiemTra", B2="16/10/2026")
    set_cells(mini_xlsx, "KetLuan", **{cell_of("KetLuan", "ngay_kiem_tra"): datetime(2026, 10, 16)})
    set_cells(mini_xlsx, "BaoCao", **{TTHC: "2.345"})
    data = load_dataset(mini_xlsx)
    assert data.to_chuc.can_bo[1].ho_ten == unicodedata.normalize("NFC", "Trần Thị Bình")
    assert data.to_chuc.can_bo[0].chuc_vu == "Chủ tịch UBND xã"
    assert data.kiem_tra is not None
    assert data.kiem_tra.ke_hoach.lich[0].ngay == date(2026, 10, 16)
    assert data.kiem_tra.ket_luan[0].ngay_kiem_tra == date(2026, 10, 16)
    assert data.bao_cao[0].tthc is not None
    assert data.bao_cao[0].tthc.tiep_nhan_truc_tuyen == 2345


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [
        ("95%", "General", 95.0),
        (95, "General", 95.0),
        ("0,95", "General", 95.0),
        ("95,5", "General", 95.5),
        (0.95, "0%", 95.0),
        (0.955, "0.0%", 95.5),
        (" 95 % ", "General", 95.0),
    ],
)
def test_percentages_in_every_form(
    mini_xlsx: Path, value: object, number_format: str, expected: float
) -> None:
    def change(book: openpyxl.Workbook) -> None:
        book["ChiTieu"]["E2"] = value
        book["ChiTieu"]["E2"].number_format = number_format

    edit(mini_xlsx, change)
    data = load_dataset(mini_xlsx)
    assert data.ke_hoach is not None
    assert data.ke_hoach.chi_tieu[0].muc_tieu == expected


def test_lists_in_one_cell_are_split_by_lines(mini_xlsx: Path) -> None:
    set_cells(mini_xlsx, "DonVi", D2="Văn phòng xã\n\n  VP UBND  \n")
    set_cells(mini_xlsx, "KienNghi", C2="tt1; tt1 ,")
    data = load_dataset(mini_xlsx)
    assert data.to_chuc.don_vi[0].ten_goi_khac == ["Văn phòng xã", "VP UBND"]
    assert data.kiem_tra is not None
    assert data.kiem_tra.ket_luan[0].kien_nghi[0].ton_tai == ["tt1", "tt1"]


def test_choice_cells_accept_labels_and_codes(mini_xlsx: Path) -> None:
    set_cells(mini_xlsx, "DonVi", E2="trung_tam_pvhcc", E3="trường học", F2="Độc lập (đề nghị)")
    set_cells(mini_xlsx, "TonTai", D2="có")
    data = load_dataset(mini_xlsx)
    assert [u.loai for u in data.to_chuc.don_vi[:2]] == ["trung_tam_pvhcc", "truong_hoc"]
    assert data.to_chuc.don_vi[0].quan_he == "doc_lap"
    assert data.kiem_tra is not None
    assert data.kiem_tra.ket_luan[0].ton_tai[0].da_khac_phuc is True


def test_day_month_cells_turned_into_dates_by_excel_are_read_back(mini_xlsx: Path) -> None:
    set_cells(mini_xlsx, "ChotSoLieu", B2=datetime(2026, 12, 15), C2="14/3")
    assert load_dataset(mini_xlsx).to_chuc.chot_so_lieu == {"quy_I": ("15/12", "14/3")}


def test_blank_rows_and_extra_sheets_are_ignored(mini_xlsx: Path) -> None:
    def change(book: openpyxl.Workbook) -> None:
        book["CanBo"].insert_rows(3, 2)
        book.create_sheet("Nháp")["A1"] = "ghi chú riêng"

    edit(mini_xlsx, change)
    assert len(load_dataset(mini_xlsx).to_chuc.can_bo) == 4
