"""Field types that accept what clerks really type, with Vietnamese messages when they cannot.

Each parser raises ValueError with a message of the form "cần …, nhận được '…'"; the loaders turn
it into a Problem that names the file, sheet and cell.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator

from generator.limits import (
    MAX_AMOUNT,
    MAX_COUNT,
    MAX_NUMBER_DIGITS,
    MAX_SO,
    MAX_STT,
    MAX_YEAR,
    MIN_YEAR,
    shown,
)
from generator.vi.numbers import format_number, parse_number
from generator.vi.text import slugify

MAX_CODE_CHARS = 60

_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
# One dot before three digits: 1.250 is one thousand two hundred and fifty in Vietnamese, 1.25
# in English. A count has no fraction, so it is read as thousands; elsewhere it is refused.
_ONE_GROUP = re.compile(r"^[+-]?[1-9]\d{0,2}\.\d{3}$")
_LEADING_ZERO = re.compile(r"^[+-]?0\.\d+$")


def parse_ngay(value: Any) -> date:
    """Return a date from a date, an Excel serial number, `05/03/2026` or `2026-03-05`."""
    found_date = _date_of(value)
    if not MIN_YEAR <= found_date.year <= MAX_YEAR:
        raise ValueError(
            f"cần một ngày từ năm {MIN_YEAR} đến năm {MAX_YEAR}, nhận được {shown(value)}"
        )
    return found_date


def _date_of(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 20000 < value < 80000:
        return _EXCEL_EPOCH + timedelta(days=int(value))
    text = str(value).strip() if isinstance(value, str) else ""
    found = _DATE_DMY.match(text)
    try:
        if found:
            return date(int(found[3]), int(found[2]), int(found[1]))
        found = _DATE_ISO.match(text)
        if found:
            return date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        raise ValueError(f"ngày không có thật, nhận được {shown(value)}") from None
    raise ValueError(f"cần một ngày dạng 05/03/2026, nhận được {shown(value)}")


class _AmbiguousError(ValueError):
    """A number that reads two ways (1.250: 1250 or 1,25)."""


class _TooLongError(ValueError):
    """A number with more digits than any real figure."""


def _to_decimal(value: Any, *, whole: bool = False) -> Decimal:
    """Return a Decimal from a number or Vietnamese-style text (1.234 / 95,5 / 1.234,5 / 1 234).

    Raise ValueError (its subclasses for an ambiguous or too long number).
    """
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        if value.bit_length() > 4 * MAX_NUMBER_DIGITS:
            raise _TooLongError
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError
        return Decimal(str(value))
    if not isinstance(value, str):
        raise ValueError
    text = value.strip().replace("\u00a0", " ")
    if sum(c.isdigit() for c in text) > MAX_NUMBER_DIGITS:
        raise _TooLongError
    compact = text.replace(" ", "")
    if _LEADING_ZERO.match(compact):
        return Decimal(compact)
    if _ONE_GROUP.match(compact) and not whole:
        raise _AmbiguousError
    return parse_number(text)


def _number_problem(err: ValueError, value: Any, needed: str) -> ValueError:
    """Return the message of a number that could not be read."""
    if isinstance(err, _TooLongError):
        return ValueError(f"số quá lớn (hơn {MAX_NUMBER_DIGITS} chữ số), nhận được {shown(value)}")
    if isinstance(err, _AmbiguousError):
        text = str(value).strip()
        comma = text.replace(".", ",")
        plain = text.replace(".", "")
        return ValueError(
            f"{shown(value)} đọc được hai cách: {plain} hay {comma}; ghi {plain} nếu là "
            f"{plain}, ghi {comma} nếu là {comma}"
        )
    return ValueError(f"{needed}, nhận được {shown(value)}")


def parse_so(value: Any) -> float:
    """Return a number from `1.234`, `95,5`, `1.234,5` or a spreadsheet number."""
    try:
        number = _to_decimal(value)
    except ValueError as err:
        raise _number_problem(err, value, "cần một số như 1.234 hoặc 95,5") from None
    if abs(number) > MAX_AMOUNT:
        raise ValueError(f"số quá lớn cho một số liệu, nhận được {shown(value)}")
    return float(number)


def parse_so_luong(value: Any) -> int:
    """Return a whole count from `1.234`, `1 234`, `1234` or a spreadsheet number."""
    return _whole(value, 0, MAX_COUNT, "cần một số nguyên không âm như 1.234")


def parse_so_van_ban(value: Any) -> int:
    """Return a document number (số văn bản): a whole number from 1 to MAX_SO."""
    return _whole(value, 1, MAX_SO, "cần số văn bản là một số nguyên dương như 45")


def parse_stt(value: Any) -> int:
    """Return a row number (số thứ tự): a whole number from 1 to MAX_STT."""
    return _whole(value, 1, MAX_STT, "cần số thứ tự là một số nguyên dương như 3")


def parse_nam(value: Any) -> int:
    """Return a year from MIN_YEAR to MAX_YEAR."""
    return _whole(value, MIN_YEAR, MAX_YEAR, "cần một năm như 2026")


def _whole(value: Any, low: int, high: int, needed: str) -> int:
    if isinstance(value, float) and math.isfinite(value) and not value.is_integer():
        # A spreadsheet number 1.234 is what an English-locale Excel makes of a typed 1.234;
        # a count has no fraction, so the clerk meant the thousands separator.
        thousands = round(value * 1000)
        if abs(value * 1000 - thousands) < 1e-6:
            value = thousands
    try:
        number = _to_decimal(value, whole=True)
    except ValueError as err:
        raise _number_problem(err, value, needed) from None
    if number != number.to_integral_value():
        raise ValueError(f"{needed}, nhận được {shown(value)}")
    if number < 0 and low == 0:
        raise ValueError(f"{needed}, nhận được {shown(value)}")
    if not low <= number <= high:
        limit = format_number(high) if high >= 10_000 else str(high)
        raise ValueError(f"{needed} (từ {low} đến {limit}), nhận được {shown(value)}")
    return int(number)


def parse_ty_le(value: Any) -> float:
    """Return a percentage value (95.5 for 95,5%) from `95%`, `95 %`, `95`, `0,95` or `95,5`.

    The one parser of every percentage cell; a spreadsheet percentage arrives as "95,5%".
    """
    text = value.strip() if isinstance(value, str) else None
    has_percent = text is not None and text.endswith("%")
    try:
        number = _to_decimal(text[:-1].rstrip() if text is not None and has_percent else value)
    except ValueError as err:
        raise _number_problem(err, value, "cần một số phần trăm như 95 hoặc 95%") from None
    if not has_percent and 0 < number < 1:
        number *= 100
    if number < 0 or number > 100:
        raise ValueError(f"tỷ lệ phần trăm phải từ 0 đến 100, nhận được {shown(value)}")
    return float(number)


def parse_gia_tri(value: Any) -> float:
    """Return the value an indicator reached: a percentage (`95%`, `95 %`, a spreadsheet
    percentage) read as `parse_ty_le` does, any other number as `parse_so`."""
    if isinstance(value, str) and value.strip().endswith("%"):
        return parse_ty_le(value)
    return parse_so(value)


def parse_ma(value: Any) -> str:
    """Return an identifier (lowercase letters, digits, '-', '_'), e.g. `vp-ubnd`."""
    text = str(value).strip() if isinstance(value, str | int) else ""
    if len(text) > MAX_CODE_CHARS or not _SLUG.match(text):
        guess = slugify(text[:MAX_CODE_CHARS]) if isinstance(value, str) else ""
        hint = f"; có phải '{guess}'?" if guess and guess != text else ""
        raise ValueError(
            "cần một mã viết thường không dấu, không khoảng trắng (chữ a-z, số, dấu '-'), nhận "
            f"được {shown(value)}{hint}"
        )
    return text


def parse_text(value: Any) -> str:
    """Return text; numbers typed into a text cell become their plain string."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        raise ValueError(f"cần một đoạn văn bản, nhận được {shown(value)}")
    if isinstance(value, float) and math.isfinite(value):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, int) and value.bit_length() <= 4 * MAX_NUMBER_DIGITS:
        return str(value)
    raise ValueError(f"cần một đoạn văn bản, nhận được {shown(value)}")


Ngay = Annotated[date, BeforeValidator(parse_ngay)]
So = Annotated[float, BeforeValidator(parse_so)]
SoLuong = Annotated[int, BeforeValidator(parse_so_luong)]
TyLe = Annotated[float, BeforeValidator(parse_ty_le)]
GiaTri = Annotated[float, BeforeValidator(parse_gia_tri)]
SoVanBan = Annotated[int, BeforeValidator(parse_so_van_ban)]
Stt = Annotated[int, BeforeValidator(parse_stt)]
Nam = Annotated[int, BeforeValidator(parse_nam)]
Ma = Annotated[str, BeforeValidator(parse_ma)]
Text = Annotated[str, BeforeValidator(parse_text)]
