"""Tests for the clerk-input parsers of generator.model.fields (accepted forms and messages)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from generator.model.fields import (
    parse_ma,
    parse_ngay,
    parse_so,
    parse_so_luong,
    parse_text,
    parse_ty_le,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("05/03/2026", date(2026, 3, 5)),
        ("5/3/2026", date(2026, 3, 5)),
        ("05.03.2026", date(2026, 3, 5)),
        ("05-03-2026", date(2026, 3, 5)),
        (" 2026-03-05 ", date(2026, 3, 5)),
        (datetime(2026, 3, 5, 0, 0), date(2026, 3, 5)),
        (date(2026, 3, 5), date(2026, 3, 5)),
        (46086, date(2026, 3, 5)),  # Excel serial number
    ],
)
def test_parse_ngay_accepts(value: Any, expected: date) -> None:
    assert parse_ngay(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("mùng 5", "cần một ngày dạng 05/03/2026, nhận được 'mùng 5'"),
        ("03/05", "cần một ngày dạng 05/03/2026, nhận được '03/05'"),
        ("31/02/2026", "ngày không có thật, nhận được '31/02/2026'"),
        (5, "cần một ngày dạng 05/03/2026, nhận được '5'"),
    ],
)
def test_parse_ngay_refuses(value: Any, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_ngay(value)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.234.567", 1234567.0),
        ("1234", 1234.0),
        ("95,5", 95.5),
        ("1.234,5", 1234.5),
        (" 1 234 ", 1234.0),
        (12.5, 12.5),
        (7, 7.0),
    ],
)
def test_parse_so_accepts(value: Any, expected: float) -> None:
    assert parse_so(value) == expected


@pytest.mark.parametrize("value", ["một nghìn", "", True, "12a"])
def test_parse_so_refuses(value: Any) -> None:
    with pytest.raises(ValueError) as caught:
        parse_so(value)
    assert str(caught.value) == f"cần một số như 1.234 hoặc 95,5, nhận được '{value}'"


@pytest.mark.parametrize(
    ("value", "expected"), [("1.234", 1234), (1234, 1234), (12.0, 12), (1.234, 1234), (1.5, 1500)]
)
def test_parse_so_luong_accepts(value: Any, expected: int) -> None:
    assert parse_so_luong(value) == expected


@pytest.mark.parametrize("value", ["12,5", -3, "mười", 1.2345])
def test_parse_so_luong_refuses(value: Any) -> None:
    with pytest.raises(ValueError) as caught:
        parse_so_luong(value)
    assert str(caught.value) == f"cần một số nguyên không âm như 1.234, nhận được '{value}'"


def test_parse_so_luong_names_its_range() -> None:
    with pytest.raises(ValueError) as caught:
        parse_so_luong(10**12)
    assert str(caught.value) == (
        "cần một số nguyên không âm như 1.234 (từ 0 đến 1.000.000.000), nhận được '1000000000000'"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("95%", 95.0),
        (95, 95.0),
        ("0,95", 95.0),
        (0.95, 95.0),
        ("95,5", 95.5),
        ("95,5%", 95.5),
        ("100", 100.0),
        (0, 0.0),
    ],
)
def test_parse_ty_le_accepts(value: Any, expected: float) -> None:
    assert parse_ty_le(value) == pytest.approx(expected)


def test_parse_ty_le_refuses_words_and_out_of_range() -> None:
    with pytest.raises(ValueError) as caught:
        parse_ty_le("chín lăm")
    assert str(caught.value) == "cần một số phần trăm như 95 hoặc 95%, nhận được 'chín lăm'"
    with pytest.raises(ValueError) as caught:
        parse_ty_le(-5)
    assert str(caught.value) == "tỷ lệ phần trăm phải từ 0 đến 100, nhận được '-5'"


def test_parse_ma() -> None:
    assert parse_ma(" vp-hdnd_ubnd ") == "vp-hdnd_ubnd"
    for bad, guess in (("Phòng VHXH", "phong-vhxh"), ("vhxh!", "vhxh"), ("-vhxh", "vhxh")):
        with pytest.raises(ValueError) as caught:
            parse_ma(bad)
        assert str(caught.value) == (
            "cần một mã viết thường không dấu, không khoảng trắng (chữ a-z, số, dấu '-'), nhận "
            f"được '{bad}'; có phải '{guess}'?"
        )


def test_parse_text() -> None:
    assert parse_text("Phòng Văn hóa") == "Phòng Văn hóa"
    assert parse_text(2026.0) == "2026"
    assert parse_text(12.5) == "12.5"
    with pytest.raises(ValueError) as caught:
        parse_text(None)
    assert str(caught.value) == "cần một đoạn văn bản, nhận được giá trị trống"
