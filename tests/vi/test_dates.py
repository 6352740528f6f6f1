"""Tests for generator.vi.dates: ND30 date padding, drafts with blanks, citation dates."""

from __future__ import annotations

from datetime import date

import pytest

from generator.vi.dates import BLANK, date_line, ngay_thang_nam, short_date
from generator.vi.text import BLANK as TEXT_BLANK


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 3, 5), "ngày 05 tháng 3 năm 2026"),
        (date(2027, 1, 15), "ngày 15 tháng 01 năm 2027"),
        (date(2020, 1, 5), "ngày 05 tháng 01 năm 2020"),  # ND30 Mục V example
        (date(2019, 6, 29), "ngày 29 tháng 6 năm 2019"),  # ND30: month 6 has no zero
        (date(2026, 2, 12), "ngày 12 tháng 02 năm 2026"),
        (date(2026, 10, 1), "ngày 01 tháng 10 năm 2026"),
        (date(2026, 11, 9), "ngày 09 tháng 11 năm 2026"),
        (date(2026, 12, 31), "ngày 31 tháng 12 năm 2026"),
        (date(2024, 12, 22), "ngày 22 tháng 12 năm 2024"),
    ],
)
def test_ngay_thang_nam(d: date, expected: str) -> None:
    assert ngay_thang_nam(d) == expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 3, 5), "05/3/2026"),
        (date(2026, 2, 12), "12/02/2026"),
        (date(2021, 7, 15), "15/7/2021"),
        (date(2025, 4, 1), "01/4/2025"),
        (date(2017, 10, 31), "31/10/2017"),
        (date(2026, 1, 1), "01/01/2026"),
    ],
)
def test_short_date(d: date, expected: str) -> None:
    assert short_date(d) == expected


def test_blank_is_one_shared_constant_of_six_spaces() -> None:
    assert BLANK == " " * 6
    assert BLANK is TEXT_BLANK


def test_date_line_final() -> None:
    assert date_line("Bình Lư", date(2026, 3, 5)) == "Bình Lư, ngày 05 tháng 3 năm 2026"


def test_date_line_cleans_place_and_tolerates_a_typed_comma() -> None:
    assert date_line("  Bình  Lư, ", date(2026, 1, 9)) == "Bình Lư, ngày 09 tháng 01 năm 2026"


@pytest.mark.parametrize(
    ("d", "thang", "nam", "expected"),
    [
        (date(2026, 3, 5), None, None, "Bình Lư, ngày      tháng 3 năm 2026"),
        (None, 3, 2026, "Bình Lư, ngày      tháng 3 năm 2026"),
        (None, 1, 2027, "Bình Lư, ngày      tháng 01 năm 2027"),
        (None, None, 2026, "Bình Lư, ngày      tháng      năm 2026"),
        (None, 12, None, "Bình Lư, ngày      tháng 12 năm      "),
        (None, None, None, "Bình Lư, ngày      tháng      năm      "),
        (date(2026, 2, 20), 2, 2026, "Bình Lư, ngày      tháng 02 năm 2026"),
    ],
)
def test_date_line_draft(d: date | None, thang: int | None, nam: int | None, expected: str) -> None:
    assert date_line("Bình Lư", d, draft=True, thang=thang, nam=nam) == expected


def test_date_line_without_date_is_a_draft() -> None:
    assert date_line("Bình Lư", None, thang=3, nam=2026) == "Bình Lư, ngày      tháng 3 năm 2026"


def test_date_line_draft_gap_is_exactly_blank() -> None:
    line = date_line("Bình Lư", None, draft=True, thang=3, nam=2026)
    assert f"ngày{BLANK}tháng 3" in line
    assert "ngày" + " " * 7 not in line


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"thang": 4}, "tháng 4 không khớp với ngày 05/3/2026"),
        ({"nam": 2025}, "năm 2025 không khớp với ngày 05/3/2026"),
    ],
)
def test_date_line_rejects_disagreeing_parts(kwargs: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        date_line("Bình Lư", date(2026, 3, 5), draft=True, **kwargs)


@pytest.mark.parametrize(
    ("thang", "nam", "message"),
    [
        (0, None, "tháng phải là số từ 1 đến 12, nhận được 0"),
        (13, None, "tháng phải là số từ 1 đến 12, nhận được 13"),
        (True, None, "tháng phải là số từ 1 đến 12"),
        (None, 26, "năm phải là số có 4 chữ số như 2026, nhận được 26"),
    ],
)
def test_date_line_rejects_bad_month_or_year(thang: object, nam: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        date_line("Bình Lư", None, thang=thang, nam=nam)  # type: ignore[arg-type]


@pytest.mark.parametrize("dia_danh", ["", "   ", ",", None])
def test_date_line_requires_place(dia_danh: object) -> None:
    with pytest.raises(ValueError, match="cần địa danh"):
        date_line(dia_danh, date(2026, 3, 5))  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["05/3/2026", None, 20260305])
def test_formatters_reject_non_dates(bad: object) -> None:
    with pytest.raises(ValueError, match="cần một ngày"):
        ngay_thang_nam(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="cần một ngày"):
        short_date(bad)  # type: ignore[arg-type]
