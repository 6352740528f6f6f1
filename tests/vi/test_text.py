"""Tests for generator.vi.text: NFC, cleaning, upper case, Roman numerals, điểm, file names."""

from __future__ import annotations

import unicodedata

import pytest

from generator.vi.text import (
    DIEM_LETTERS,
    clean_text,
    diem_letter,
    nfc,
    roman,
    slugify,
    strip_diacritics,
    upper_vi,
)

DECOMPOSED = unicodedata.normalize("NFD", "Ủy ban nhân dân xã Bình Lư")


def test_nfc_composes_decomposed_text() -> None:
    assert DECOMPOSED != "Ủy ban nhân dân xã Bình Lư"
    assert nfc(DECOMPOSED) == "Ủy ban nhân dân xã Bình Lư"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Phòng   Văn hóa\t- Xã hội  ", "Phòng Văn hóa - Xã hội"),
        ("dòng một  \n  dòng   hai", "dòng một\ndòng hai"),
        ("a\r\nb\rc", "a\nb\nc"),
        ("a\n\nb", "a\n\nb"),
        ("Bình\u00a0Lư", "Bình Lư"),
        ("\ufeffKế\u200b hoạch", "Kế hoạch"),
        (DECOMPOSED, "Ủy ban nhân dân xã Bình Lư"),
        ("\n  \n", ""),
    ],
)
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ủy ban nhân dân", "ỦY BAN NHÂN DÂN"),
        ("đ", "Đ"),
        ("Phòng Văn hóa - Xã hội", "PHÒNG VĂN HÓA - XÃ HỘI"),
        ("cộng hòa xã hội chủ nghĩa việt nam", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("quyết định", "QUYẾT ĐỊNH"),
        ("ỷ ỹ ự ữ ằ ẵ ậ ẩ", "Ỷ Ỹ Ự Ữ Ằ Ẵ Ậ Ẩ"),
        (DECOMPOSED, "ỦY BAN NHÂN DÂN XÃ BÌNH LƯ"),
    ],
)
def test_upper_vi(raw: str, expected: str) -> None:
    result = upper_vi(raw)
    assert result == expected
    assert unicodedata.is_normalized("NFC", result)


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "I"),
        (2, "II"),
        (3, "III"),
        (4, "IV"),
        (5, "V"),
        (9, "IX"),
        (10, "X"),
        (14, "XIV"),
        (40, "XL"),
        (49, "XLIX"),
        (90, "XC"),
        (400, "CD"),
        (944, "CMXLIV"),
        (2026, "MMXXVI"),
        (3999, "MMMCMXCIX"),
    ],
)
def test_roman(n: int, expected: str) -> None:
    assert roman(n) == expected


@pytest.mark.parametrize("bad", [0, -1, 4000, True, 1.0])
def test_roman_rejects_out_of_range(bad: object) -> None:
    with pytest.raises(ValueError, match="số La Mã chỉ viết được cho số nguyên từ 1 đến 3999"):
        roman(bad)  # type: ignore[arg-type]


def test_diem_letters_follow_nd30_order() -> None:
    assert "".join(DIEM_LETTERS) == "abcdđeghiklmnopqrstuvxy"
    assert [diem_letter(i) for i in range(7)] == ["a", "b", "c", "d", "đ", "e", "g"]
    assert diem_letter(22) == "y"
    assert not {"f", "j", "w", "z"} & set(DIEM_LETTERS)


@pytest.mark.parametrize("bad", [-1, 23, 100, True])
def test_diem_letter_rejects_out_of_range(bad: object) -> None:
    with pytest.raises(ValueError, match="số thứ tự điểm phải từ 0 đến 22"):
        diem_letter(bad)  # type: ignore[arg-type]


def test_strip_diacritics() -> None:
    assert strip_diacritics("Đồng Hới, đường Lê Lợi") == "Dong Hoi, duong Le Loi"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Phòng Văn hóa - Xã hội", "phong-van-hoa-xa-hoi"),
        ("../../x", "x"),
        ("Kế hoạch kiểm tra CCHC năm 2026", "ke-hoach-kiem-tra-cchc-nam-2026"),
        ("Đảng ủy xã", "dang-uy-xa"),
        ("a/b\\c", "a-b-c"),
        ("", "van-ban"),
        ("...", "van-ban"),
        ("..", "van-ban"),
        (".", "van-ban"),
        ("/", "van-ban"),
        ("漢字", "van-ban"),
        ("CON", "con-1"),
        ("nul", "nul-1"),
        ("Aux", "aux-1"),
        ("PRN", "prn-1"),
        ("COM1", "com1-1"),
        ("LPT9", "lpt9-1"),
        ("console", "console"),
        ("COM10", "com10"),
        (DECOMPOSED, "uy-ban-nhan-dan-xa-binh-lu"),
    ],
)
def test_slugify(raw: str, expected: str) -> None:
    assert slugify(raw) == expected


def test_slugify_cuts_at_a_word_boundary() -> None:
    slug = slugify("Báo cáo kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2026")
    assert len(slug) <= 60
    assert slug == "bao-cao-ket-qua-thuc-hien-cong-tac-cai-cach-hanh-chinh-6"
    assert not slug.endswith("-")


def test_slugify_cuts_a_single_long_word() -> None:
    assert slugify("a" * 100, max_len=10) == "a" * 10


def test_slugify_rejects_tiny_max_len() -> None:
    with pytest.raises(ValueError, match="độ dài tối đa của tên tệp"):
        slugify("x", max_len=3)
