"""Field types that accept what clerks really type, with Vietnamese messages when they cannot.

Each parser raises ValueError with a message of the form "cần …, nhận được '…'"; the loaders turn
it into a Problem that names the file, sheet and cell.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator

_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")


def _shown(value: Any) -> str:
    return "giá trị trống" if value is None else f"'{value}'"


def parse_ngay(value: Any) -> date:
    """Return a date from a date, an Excel serial number, `05/03/2026` or `2026-03-05`."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 20000 < value < 80000:
        return _EXCEL_EPOCH + timedelta(days=int(value))
    text = str(value).strip()
    found = _DATE_DMY.match(text)
    try:
        if found:
            return date(int(found[3]), int(found[2]), int(found[1]))
        found = _DATE_ISO.match(text)
        if found:
            return date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        raise ValueError(f"ngày không có thật, nhận được {_shown(value)}") from None
    raise ValueError(f"cần một ngày dạng 05/03/2026, nhận được {_shown(value)}")


def _to_decimal(value: Any) -> Decimal:
    """Return a Decimal from a number or Vietnamese-style text (1.234 / 95,5 / 1.234,5)."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = str(value).strip().replace("\u00a0", " ").replace(" ", "")
    if not text or not re.fullmatch(r"[+-]?[\d.,]+", text):
        raise ValueError
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError from None


def parse_so(value: Any) -> float:
    """Return a number from `1.234`, `95,5`, `1.234,5` or a spreadsheet number."""
    try:
        return float(_to_decimal(value))
    except ValueError:
        raise ValueError(f"cần một số như 1.234 hoặc 95,5, nhận được {_shown(value)}") from None


def parse_so_luong(value: Any) -> int:
    """Return a whole count from `1.234`, `1234` or a spreadsheet number."""
    if isinstance(value, float) and not value.is_integer():
        # YAML reads an unquoted 1.234 as the float 1.234; a count has no fraction, so a
        # Vietnamese clerk meant the thousands separator.
        thousands = round(value * 1000)
        if abs(value * 1000 - thousands) < 1e-6:
            return parse_so_luong(thousands)
    try:
        number = _to_decimal(value)
    except ValueError:
        number = None
    if number is None or number != number.to_integral_value() or number < 0:
        raise ValueError(f"cần một số nguyên không âm như 1.234, nhận được {_shown(value)}")
    return int(number)


def parse_ty_le(value: Any) -> float:
    """Return a percentage value (95.5 for 95,5%) from `95%`, `95`, `0,95` or `95,5`."""
    text = str(value).strip() if not isinstance(value, int | float) else None
    has_percent = text is not None and text.endswith("%")
    try:
        number = _to_decimal(text[:-1] if text is not None and has_percent else value)
    except ValueError:
        raise ValueError(
            f"cần một số phần trăm như 95 hoặc 95%, nhận được {_shown(value)}"
        ) from None
    if not has_percent and 0 < number < 1:
        number *= 100
    if number < 0 or number > 100:
        raise ValueError(f"tỷ lệ phần trăm phải từ 0 đến 100, nhận được {_shown(value)}")
    return float(number)


def parse_ma(value: Any) -> str:
    """Return an identifier (lowercase letters, digits, '-', '_'), e.g. `vp-ubnd`."""
    text = str(value).strip()
    if not _SLUG.match(text):
        raise ValueError(
            f"cần một mã viết thường không dấu, không khoảng trắng (như vhxh), nhận được "
            f"{_shown(value)}"
        )
    return text


def parse_text(value: Any) -> str:
    """Return text; numbers typed into a text cell become their plain string."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        raise ValueError(f"cần một đoạn văn bản, nhận được {_shown(value)}")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    raise ValueError(f"cần một đoạn văn bản, nhận được {_shown(value)}")


Ngay = Annotated[date, BeforeValidator(parse_ngay)]
So = Annotated[float, BeforeValidator(parse_so)]
SoLuong = Annotated[int, BeforeValidator(parse_so_luong)]
TyLe = Annotated[float, BeforeValidator(parse_ty_le)]
Ma = Annotated[str, BeforeValidator(parse_ma)]
Text = Annotated[str, BeforeValidator(parse_text)]
