"""Dates the way ND30 writes them: "Bình Lư, ngày 05 tháng 3 năm 2026" and "05/3/2026".

ND30 Phụ lục I II.4.b: days below 10 and the months 1 and 2 take a leading zero; no other month
does ("ngày 29 tháng 6 năm 2019"). Drafts keep the blanks the clerk fills in by hand.
"""

from __future__ import annotations

from datetime import date

from generator.vi.text import BLANK, clean_text

__all__ = ["BLANK", "date_line", "ngay_thang_nam", "short_date"]


def _day(day: int) -> str:
    return f"{day:02d}"


def _month(month: int) -> str:
    # Only January and February are padded, so that "tháng 01" cannot be misread or altered
    # into "tháng 11"/"tháng 12" by hand; the other months never are.
    return f"{month:02d}" if month <= 2 else str(month)


def _check_date(d: object) -> date:
    if not isinstance(d, date):
        raise ValueError(f"cần một ngày (ví dụ 05/3/2026), nhận được {d!r}")
    return d


def ngay_thang_nam(d: date) -> str:
    """Return the date in words-and-digits form: "ngày 05 tháng 3 năm 2026"."""
    d = _check_date(d)
    return f"ngày {_day(d.day)} tháng {_month(d.month)} năm {d.year}"


def short_date(d: date) -> str:
    """Return the citation form used inside sentences: "05/3/2026", "12/02/2026"."""
    d = _check_date(d)
    return f"{_day(d.day)}/{_month(d.month)}/{d.year}"


def _check_parts(thang: int | None, nam: int | None) -> None:
    if thang is not None and (
        isinstance(thang, bool) or not isinstance(thang, int) or not 1 <= thang <= 12
    ):
        raise ValueError(f"tháng phải là số từ 1 đến 12, nhận được {thang!r}")
    if nam is not None and (
        isinstance(nam, bool) or not isinstance(nam, int) or not 1900 <= nam <= 9999
    ):
        raise ValueError(f"năm phải là số có 4 chữ số như 2026, nhận được {nam!r}")


def date_line(
    dia_danh: str,
    d: date | None,
    *,
    draft: bool = False,
    thang: int | None = None,
    nam: int | None = None,
) -> str:
    """Return the place-and-date line (ô 4): "Bình Lư, ngày 05 tháng 3 năm 2026".

    A draft (``draft=True``) or a document without a date (``d is None``) leaves the day blank,
    as the signed paper copy gets its day by hand: "Bình Lư, ngày      tháng 3 năm 2026". The
    month and year then come from `d`, else from `thang` / `nam`, and are blank when unknown.
    `thang` and `nam` must agree with `d` when both are given.
    """
    place = clean_text(dia_danh).rstrip(",").rstrip() if isinstance(dia_danh, str) else ""
    if not place:
        raise ValueError(f"cần địa danh (ví dụ 'Bình Lư'), nhận được {dia_danh!r}")
    _check_parts(thang, nam)
    if d is not None:
        d = _check_date(d)
        if thang is not None and thang != d.month:
            raise ValueError(f"tháng {thang} không khớp với ngày {short_date(d)}")
        if nam is not None and nam != d.year:
            raise ValueError(f"năm {nam} không khớp với ngày {short_date(d)}")
        if not draft:
            return f"{place}, {ngay_thang_nam(d)}"
        thang, nam = d.month, d.year
    # BLANK stands for the whole gap, separating spaces included, so the blank is exactly
    # BLANK wide: "ngày" + BLANK + "tháng".
    month = BLANK if thang is None else f" {_month(thang)} "
    year = BLANK if nam is None else f" {nam}"
    return f"{place}, ngày{BLANK}tháng{month}năm{year}"
