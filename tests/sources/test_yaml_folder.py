"""Tests for the YAML folder loader: bad values named by file, key path and line; clerk forms."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest

from generator.errors import SourceError
from generator.sources import load_dataset
from tests.sources.conftest import problems


def _replace(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        (
            "kiem-tra.yaml",
            "      ngay: 15/10/2026",
            "      ngay: mùng 5",
            "mini/kiem-tra.yaml › ke_hoach.lich[1].ngay (dòng 21): cần một ngày dạng 05/03/2026, "
            "nhận được 'mùng 5'",
        ),
        (
            "ke-hoach.yaml",
            "    muc_tieu: 80",
            "    muc_tieu: chín lăm",
            "mini/ke-hoach.yaml › chi_tieu[1].muc_tieu (dòng 21): cần một số phần trăm như 95 "
            "hoặc 95%, nhận được 'chín lăm'",
        ),
        (
            "ke-hoach.yaml",
            "    chu_tri: vhxh",
            "    chu_tri: vhxh, khong-co",
            "mini/ke-hoach.yaml › nhiem_vu[1].chu_tri (dòng 52): không có đơn vị nào mang mã "
            "'khong-co' (các mã đơn vị: vp, vhxh, tram-y-te)",
        ),
        (
            "ke-hoach.yaml",
            "    chu_tri: vhxh",
            "    chu_tri: Phòng Văn hóa - Xã hội",
            "mini/ke-hoach.yaml › nhiem_vu[1].chu_tri (dòng 52): ghi mã đơn vị 'vhxh' thay cho "
            "tên 'Phòng Văn hóa - Xã hội': mọi chỗ nhắc đến một đơn vị đều dùng mã đơn vị, nên "
            "đổi tên đơn vị không làm hỏng dữ liệu",
        ),
        (
            "kiem-tra.yaml",
            "      vai_tro: Phó Trưởng đoàn",
            "      vai_tro: Trưởng đoàn",
            "mini/kiem-tra.yaml › quyet_dinh.thanh_vien (dòng 34): Đoàn kiểm tra cần đúng một "
            "Trưởng đoàn, có 2 (pho-chu-tich, truong-vhxh)",
        ),
        (
            "kiem-tra.yaml",
            "    nguoi_ky: ct\n  de_nghi_cua",
            "    nguoi_ky: khong-co\n  de_nghi_cua",
            "mini/kiem-tra.yaml › quyet_dinh.van_ban.nguoi_ky (dòng 31): không có người ký nào "
            "mang mã 'khong-co' (các mã người ký: ct, kt-pct)",
        ),
        (
            "kiem-tra.yaml",
            "    nguoi_ky: ct\n  de_nghi_cua",
            "  de_nghi_cua",
            "mini/kiem-tra.yaml › quyet_dinh.van_ban.nguoi_ky (dòng 29): thiếu giá trị bắt buộc",
        ),
        (
            "to-chuc.yaml",
            "    ho_ten: Trần Thị Bình",
            "    ho_ten:",
            "mini/to-chuc.yaml › can_bo[2].ho_ten (dòng 29): thiếu giá trị bắt buộc",
        ),
        (
            "kiem-tra.yaml",
            "  - don_vi: tram-y-te\n    van_ban",
            "  - don_vi: vhxh\n    van_ban",
            "mini/kiem-tra.yaml › ket_luan[1].don_vi (dòng 45): đơn vị 'vhxh' không có trong lịch "
            "kiểm tra của Kế hoạch (đơn vị được kiểm tra: tram-y-te)",
        ),
    ],
)
def test_bad_value_is_named_with_file_key_path_and_line(
    mini_yaml: Path, name: str, old: str, new: str, expected: str
) -> None:
    _replace(mini_yaml, name, old, new)
    assert problems(mini_yaml, "mini") == [expected]


def test_yaml_syntax_error_names_its_line(mini_yaml: Path) -> None:
    _replace(mini_yaml, "to-chuc.yaml", "tinh: Lai Châu", "tinh: Lai Châu: Việt Nam")
    assert problems(mini_yaml, "mini") == [
        "mini/to-chuc.yaml (dòng 9): lỗi cú pháp YAML: dấu ':' đặt sai chỗ (đoạn văn có dấu ':' "
        "cần đặt trong ngoặc kép)"
    ]


def test_folder_without_to_chuc_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as caught:
        load_dataset(tmp_path, "trong")
    assert str(caught.value) == (
        "trong: không thấy tệp to-chuc.yaml; thư mục dữ liệu cần ít nhất tệp này (chạy 'vanban "
        "init THƯ_MỤC' để có bộ dữ liệu mẫu)"
    )


def test_other_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "du-lieu.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(SourceError) as caught:
        load_dataset(path, "du-lieu.xls")
    assert str(caught.value) == (
        "du-lieu.xls: cần một thư mục dữ liệu YAML hoặc một sổ Excel .xlsx, nhận được tệp "
        "'du-lieu.xls'"
    )


def test_accepts_what_clerks_type(mini_yaml: Path) -> None:
    _replace(mini_yaml, "ke-hoach.yaml", "    muc_tieu: 80", '    muc_tieu: "0,95"')
    _replace(mini_yaml, "kiem-tra.yaml", "      ngay: 15/10/2026", "      ngay: 2026-10-16")
    _replace(
        mini_yaml,
        "to-chuc.yaml",
        "    ho_ten: Trần Thị Bình",
        "    ho_ten: '  " + unicodedata.normalize("NFD", "Trần   Thị Bình") + " '",
    )
    data = load_dataset(mini_yaml)
    assert data.ke_hoach is not None
    assert data.ke_hoach.chi_tieu[0].muc_tieu == 95.0
    assert data.kiem_tra is not None
    assert data.kiem_tra.ke_hoach.lich[0].ngay == date(2026, 10, 16)
    assert data.to_chuc.can_bo[1].ho_ten == unicodedata.normalize("NFC", "Trần Thị Bình")
    assert data.bao_cao[0].tthc is not None
    assert data.bao_cao[0].tthc.tiep_nhan_truc_tuyen == 1234
    assert data.bao_cao[0].chi_tieu[0].gia_tri == 80.4
