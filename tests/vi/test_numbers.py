"""Tests for generator.vi.numbers: separators, percentages, numbers in words, parsing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.vi.numbers import (
    format_number,
    format_percent,
    number_to_words,
    parse_number,
    parse_percent,
)


@pytest.mark.parametrize(
    ("n", "decimals", "expected"),
    [
        (0, None, "0"),
        (7, None, "7"),
        (999, None, "999"),
        (1000, None, "1.000"),
        (1234567, None, "1.234.567"),
        (-1234, None, "-1.234"),
        (95.5, None, "95,5"),
        (0.95, None, "0,95"),
        (Decimal("95.50"), None, "95,5"),
        (Decimal("1234.5"), None, "1.234,5"),
        (1 / 3, None, "0,333"),
        (2.0, None, "2"),
        (95, 1, "95,0"),
        (95.55, 1, "95,6"),  # half-up, and 95.55 is not read as 95.5499…
        (81.85, 1, "81,9"),
        (0.125, 2, "0,13"),
        (1234567.891, 2, "1.234.567,89"),
        (2.5, 0, "3"),
        (3.5, 0, "4"),
        (-0.04, 1, "0,0"),  # never "-0,0"
        (Decimal("-1234.56"), 1, "-1.234,6"),
    ],
)
def test_format_number(n: int | float | Decimal, decimals: int | None, expected: str) -> None:
    assert format_number(n, decimals) == expected


@pytest.mark.parametrize("bad", [True, "1.234", None, float("nan"), float("inf"), Decimal("NaN")])
def test_format_number_rejects_non_numbers(bad: object) -> None:
    with pytest.raises(ValueError, match="cần một số"):
        format_number(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("decimals", [-1, 11, True])
def test_format_number_rejects_bad_decimals(decimals: int) -> None:
    with pytest.raises(ValueError, match="số chữ số thập phân phải từ 0 đến 10"):
        format_number(1.5, decimals)


@pytest.mark.parametrize(
    ("x", "decimals", "expected"),
    [
        (95.5, 1, "95,5%"),
        (100, 1, "100%"),
        (100.0, 1, "100%"),
        (81.9, 1, "81,9%"),
        (81.85, 1, "81,9%"),
        (99.96, 1, "100%"),
        (0, 1, "0%"),
        (0.04, 1, "0%"),
        (12.345, 2, "12,35%"),
        (95.50, 2, "95,5%"),
        (95.5, 0, "96%"),
        (Decimal("66.666"), 1, "66,7%"),
        (1234.5, 1, "1.234,5%"),
    ],
)
def test_format_percent(x: float | Decimal, decimals: int, expected: str) -> None:
    assert format_percent(x, decimals) == expected


def test_format_percent_rejects_text() -> None:
    with pytest.raises(ValueError, match="cần một tỷ lệ phần trăm"):
        format_percent("95%")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "không"),
        (1, "một"),
        (4, "bốn"),
        (5, "năm"),
        (9, "chín"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (19, "mười chín"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (30, "ba mươi"),
        (55, "năm mươi lăm"),
        (91, "chín mươi mốt"),
        (99, "chín mươi chín"),
        (100, "một trăm"),
        (101, "một trăm linh một"),
        (104, "một trăm linh bốn"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (111, "một trăm mười một"),
        (115, "một trăm mười lăm"),
        (121, "một trăm hai mươi mốt"),
        (405, "bốn trăm linh năm"),
        (999, "chín trăm chín mươi chín"),
        (1000, "một nghìn"),
        (1001, "một nghìn không trăm linh một"),
        (1010, "một nghìn không trăm mười"),
        (1100, "một nghìn một trăm"),
        (2020, "hai nghìn không trăm hai mươi"),
        (2026, "hai nghìn không trăm hai mươi sáu"),
        (2030, "hai nghìn không trăm ba mươi"),
        (10000, "mười nghìn"),
        (15000, "mười lăm nghìn"),
        (21000, "hai mươi mốt nghìn"),
        (50005, "năm mươi nghìn không trăm linh năm"),
        (100000, "một trăm nghìn"),
        (105000, "một trăm linh năm nghìn"),
        (1000000, "một triệu"),
        (1000001, "một triệu không trăm linh một"),
        (1001000, "một triệu không trăm linh một nghìn"),
        (2000500, "hai triệu năm trăm"),
        (15500000, "mười lăm triệu năm trăm nghìn"),
        (1000000000, "một tỷ"),
        (1000000001, "một tỷ không trăm linh một"),
        (
            1234567891,
            "một tỷ hai trăm ba mươi tư triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi mốt",
        ),
        (10**12, "một nghìn tỷ"),
        (10**18, "một tỷ tỷ"),
        (-5, "âm năm"),
        (-2020, "âm hai nghìn không trăm hai mươi"),
    ],
)
def test_number_to_words(n: int, expected: str) -> None:
    assert number_to_words(n) == expected


@pytest.mark.parametrize("bad", [1.5, "12", True, None, Decimal(3)])
def test_number_to_words_rejects_non_integers(bad: object) -> None:
    with pytest.raises(ValueError, match="chỉ đọc thành chữ được số nguyên"):
        number_to_words(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234", Decimal(1234)),
        ("1.234.567", Decimal(1234567)),
        ("95,5", Decimal("95.5")),
        ("1.234,5", Decimal("1234.5")),
        ("1 234", Decimal(1234)),
        ("1\u00a0234,75", Decimal("1234.75")),
        ("0,95", Decimal("0.95")),
        ("  42  ", Decimal(42)),
        ("007", Decimal(7)),
        ("95.5", Decimal("95.5")),  # a lone dot not followed by three digits: decimal point
        ("12.34", Decimal("12.34")),
        ("1,234.5", Decimal("1234.5")),  # pasted English format: rightmost mark is decimal
        ("-3", Decimal(-3)),
        ("\u22123,5", Decimal("-3.5")),
        ("+ 4", Decimal(4)),
        ("-0", Decimal(0)),
    ],
)
def test_parse_number(text: str, expected: Decimal) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "xyz",
        "",
        "   ",
        "-",
        "1.23.4",
        "1,2,3",
        "1.234,5.6",
        "12 34",
        "1 234.567",
        "95%",
        "chín lăm",
        ",5",
        "1e3",
        "1..2",
        "1 a",
    ],
)
def test_parse_number_rejects_garbage(text: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_number(text)
    assert str(info.value) == f"cần một số như 1.234 hoặc 95,5, nhận được {text.strip()!r}"


def test_parse_number_message_matches_the_brief() -> None:
    with pytest.raises(ValueError) as info:
        parse_number("xyz")
    assert str(info.value) == "cần một số như 1.234 hoặc 95,5, nhận được 'xyz'"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("95", Decimal(95)), ("95%", Decimal(95)), ("95,5 %", Decimal("95.5")), ("100%", 100)],
)
def test_parse_percent(text: str, expected: Decimal) -> None:
    assert parse_percent(text) == expected


def test_parse_percent_rejects_words() -> None:
    with pytest.raises(ValueError) as info:
        parse_percent("chín lăm")
    assert str(info.value) == "cần một số phần trăm như 95 hoặc 95%, nhận được 'chín lăm'"
