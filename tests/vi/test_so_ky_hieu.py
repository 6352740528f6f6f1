"""Tests for generator.vi.so_ky_hieu: the ND30 code table and the "Số: 05/QĐ-UBND" line."""

from __future__ import annotations

import pytest

from generator.vi.so_ky_hieu import (
    LOAI_VAN_BAN,
    SO_KY_HIEU_RE,
    TEN_LOAI,
    is_valid_so_ky_hieu,
    normalize_loai,
    so_ky_hieu,
    so_ky_hieu_cong_van,
)
from generator.vi.text import BLANK


def test_table_has_the_27_types_and_3_copies() -> None:
    assert len(LOAI_VAN_BAN) == 30
    assert len(TEN_LOAI) == 30
    assert "Công văn" not in LOAI_VAN_BAN


@pytest.mark.parametrize(
    ("ten", "code"),
    [
        ("Nghị quyết", "NQ"),
        ("Quyết định", "QĐ"),
        ("Chỉ thị", "CT"),
        ("Quy chế", "QC"),
        ("Quy định", "QyĐ"),
        ("Thông cáo", "TC"),
        ("Thông báo", "TB"),
        ("Hướng dẫn", "HD"),
        ("Chương trình", "CTr"),
        ("Kế hoạch", "KH"),
        ("Phương án", "PA"),
        ("Đề án", "ĐA"),
        ("Dự án", "DA"),
        ("Báo cáo", "BC"),
        ("Biên bản", "BB"),
        ("Tờ trình", "TTr"),
        ("Hợp đồng", "HĐ"),
        ("Công điện", "CĐ"),
        ("Bản ghi nhớ", "BGN"),
        ("Bản thỏa thuận", "BTT"),
        ("Giấy ủy quyền", "GUQ"),
        ("Giấy mời", "GM"),
        ("Giấy giới thiệu", "GGT"),
        ("Giấy nghỉ phép", "GNP"),
        ("Phiếu gửi", "PG"),
        ("Phiếu chuyển", "PC"),
        ("Phiếu báo", "PB"),
        ("Bản sao y", "SY"),
        ("Bản trích sao", "TrS"),
        ("Bản sao lục", "SL"),
    ],
)
def test_code_table_matches_nd30(ten: str, code: str) -> None:
    assert LOAI_VAN_BAN[ten] == code


@pytest.mark.parametrize(
    ("code", "ten"),
    [
        ("QĐ", "QUYẾT ĐỊNH"),
        ("KH", "KẾ HOẠCH"),
        ("TB", "THÔNG BÁO"),
        ("BC", "BÁO CÁO"),
        ("QyĐ", "QUY ĐỊNH"),
        ("HĐ", "HỢP ĐỒNG"),
        ("HD", "HƯỚNG DẪN"),
        ("GUQ", "GIẤY ỦY QUYỀN"),
        ("SY", "SAO Y"),
        ("TrS", "TRÍCH SAO"),
        ("SL", "SAO LỤC"),
    ],
)
def test_ten_loai(code: str, ten: str) -> None:
    assert TEN_LOAI[code] == ten


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("QĐ", "QĐ"),
        ("qđ", "QĐ"),
        ("QYĐ", "QyĐ"),
        ("ctr", "CTr"),
        ("TTR", "TTr"),
        ("Kế hoạch", "KH"),
        ("kế hoạch", "KH"),
        (" Báo cáo ", "BC"),
        ("HD", "HD"),
        ("HĐ", "HĐ"),
    ],
)
def test_normalize_loai(typed: str, code: str) -> None:
    assert normalize_loai(typed) == code


@pytest.mark.parametrize(
    ("so", "loai", "co_quan", "expected"),
    [
        (5, "QĐ", "UBND", "05/QĐ-UBND"),
        (12, "KH", "UBND", "12/KH-UBND"),
        (125, "BC", "UBND", "125/BC-UBND"),
        (1, "TB", "UBND", "01/TB-UBND"),
        (9, "TTr", "UBND", "09/TTr-UBND"),
        (10, "QyĐ", "UBND", "10/QyĐ-UBND"),
        (15, "QĐ", "BNV", "15/QĐ-BNV"),
        (12, "QĐ", "BCĐCCHC", "12/QĐ-BCĐCCHC"),
        (3, "qđ", "ubnd", "03/QĐ-UBND"),
        (8, "SY", "UBND", "08/SY-UBND"),
        (None, "KH", "UBND", BLANK + "/KH-UBND"),
        (None, "Kế hoạch", "UBND", "      /KH-UBND"),
    ],
)
def test_so_ky_hieu(so: int | None, loai: str, co_quan: str, expected: str) -> None:
    assert so_ky_hieu(so, loai, co_quan) == expected


@pytest.mark.parametrize("loai", ["XX", "CV", "", "Công văn", "GN", "Quyết"])
def test_so_ky_hieu_rejects_unknown_code(loai: str) -> None:
    with pytest.raises(ValueError, match="không có trong Phụ lục III Nghị định 30/2020/NĐ-CP"):
        so_ky_hieu(1, loai, "UBND")


def test_unknown_code_message_hints_at_d_and_dj() -> None:
    with pytest.raises(ValueError) as info:
        so_ky_hieu(1, "QD", "UBND")
    message = str(info.value)
    assert message.startswith(
        "loại văn bản 'QD' không có trong Phụ lục III Nghị định 30/2020/NĐ-CP (lưu ý: Đ và D"
    )
    assert "các chữ viết tắt hợp lệ: NQ, QĐ, CT, QC, QyĐ" in message


@pytest.mark.parametrize("so", [0, -3, True, 1.0, "05"])
def test_so_ky_hieu_rejects_bad_number(so: object) -> None:
    with pytest.raises(ValueError, match="số văn bản phải là số nguyên từ 1 trở lên"):
        so_ky_hieu(so, "KH", "UBND")  # type: ignore[arg-type]


@pytest.mark.parametrize("co_quan", ["", "UB ND", "UBND/X", "-UBND", "UBND-", None])
def test_so_ky_hieu_rejects_bad_agency(co_quan: object) -> None:
    with pytest.raises(ValueError, match="chữ viết tắt cơ quan phải gồm chữ in hoa và số"):
        so_ky_hieu(1, "KH", co_quan)  # type: ignore[arg-type]


def test_so_ky_hieu_cong_van() -> None:
    assert so_ky_hieu_cong_van(12, "UBND", "VX") == "12/UBND-VX"
    assert so_ky_hieu_cong_van(5, "BNV", "VP") == "05/BNV-VP"
    assert so_ky_hieu_cong_van(None, "UBND", "VP") == BLANK + "/UBND-VP"
    with pytest.raises(ValueError, match="chữ viết tắt đơn vị soạn thảo"):
        so_ky_hieu_cong_van(1, "UBND", "Văn phòng")


@pytest.mark.parametrize(
    "text",
    [
        "05/QĐ-UBND",
        "12/KH-UBND",
        "125/BC-UBND",
        "Số: 05/QĐ-UBND",
        "Số:05/QĐ-UBND",
        "Số: " + BLANK + "/KH-UBND",
        "Số: /KH-UBND",  # the seed's draft
        "…/KH-UBND",
        ".../KH-UBND",
        "10/QyĐ-UBND",
        "01/CTr-UBND",
        "12/UBND-VX",
        "08/SY-UBND",
        "12/QĐ-BCĐCCHC",
    ],
)
def test_valid_so_ky_hieu(text: str) -> None:
    assert is_valid_so_ky_hieu(text)


@pytest.mark.parametrize(
    "text",
    [
        "5/QĐ-UBND",  # below 10 needs a leading zero
        "00/QĐ-UBND",
        "010/KH-UBND",
        "05/QĐ",
        "05 / QĐ-UBND",
        "05/QĐ - UBND",
        "05/qđ-UBND",
        "05/Qyđ-UBND",
        "05/KH-ubnd",
        "05/KH-UBND/",
        "Số: 05/QĐ-UBND.",
        "05-QĐ-UBND",
        "",
    ],
)
def test_invalid_so_ky_hieu(text: str) -> None:
    assert not is_valid_so_ky_hieu(text)


def test_regex_names_its_parts() -> None:
    match = SO_KY_HIEU_RE.fullmatch("05/QyĐ-UBND")
    assert match is not None
    assert (match["so"], match["ky_hieu"], match["loai"]) == ("05", "QyĐ-UBND", "QyĐ")
    cong_van = SO_KY_HIEU_RE.fullmatch("12/UBND-VX")
    assert cong_van is not None
    assert cong_van["loai"] is None


def test_every_generated_so_ky_hieu_is_valid() -> None:
    for code in TEN_LOAI:
        for so in (None, 1, 9, 10, 99, 1234):
            assert is_valid_so_ky_hieu(so_ky_hieu(so, code, "UBND")), (so, code)
