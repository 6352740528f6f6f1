"""Numbers in Vietnamese: "1.234.567", "95,5%", "hai nghìn không trăm hai mươi", and back.

Digits are grouped with "." and the decimal mark is "," (babel's vi_VN locale, which agrees).
Rounding is half-up, as people round by hand (81,85 → 81,9), not babel's banker's rounding.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import format_decimal

from generator.vi.text import nfc

__all__ = ["format_number", "format_percent", "number_to_words", "parse_number", "parse_percent"]

_LOCALE = "vi_VN"
# Without an explicit number of decimals, floats and Decimals show at most this many.
_DEFAULT_MAX_DECIMALS = 3

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
# Scale words for groups of three digits below a billion; "tỷ" is handled recursively so that
# 10^12 reads "một nghìn tỷ" and 10^18 "một tỷ tỷ", as Vietnamese does.
_BILLION = 10**9
_SCALES = ((10**6, "triệu"), (10**3, "nghìn"), (1, ""))


def _to_decimal(x: int | float | Decimal, what: str) -> Decimal:
    if isinstance(x, bool) or not isinstance(x, int | float | Decimal):
        raise ValueError(f"cần {what}, nhận được {x!r}")
    value = Decimal(str(x)) if isinstance(x, float) else Decimal(x)
    # repr-based conversion keeps 81.85 as 81.85 instead of 81.8499999…, so half-up works.
    if not value.is_finite() or (isinstance(x, float) and not math.isfinite(x)):
        raise ValueError(f"cần {what} hữu hạn, nhận được {x!r}")
    return value


def _round(value: Decimal, decimals: int) -> Decimal:
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    # -0,04 rounded to one decimal must print "0,0", not "-0,0".
    return rounded.copy_abs() if rounded.is_zero() else rounded


def _check_decimals(decimals: int) -> None:
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 10:
        raise ValueError(f"số chữ số thập phân phải từ 0 đến 10, nhận được {decimals!r}")


def format_number(n: int | float | Decimal, decimals: int | None = None) -> str:
    """Return `n` with Vietnamese separators: 1234567 → "1.234.567", 95.5 → "95,5".

    With `decimals`, exactly that many decimals are shown (half-up); without, integers show
    none and other numbers at most three, trailing zeros dropped.
    """
    value = _to_decimal(n, "một số")
    if decimals is None:
        if isinstance(n, int):
            return format_decimal(value, format="#,##0", locale=_LOCALE)
        value = _round(value, _DEFAULT_MAX_DECIMALS)
        pattern = "#,##0." + "#" * _DEFAULT_MAX_DECIMALS
    else:
        _check_decimals(decimals)
        value = _round(value, decimals)
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return str(format_decimal(value, format=pattern, locale=_LOCALE))


def format_percent(x: float | Decimal, decimals: int = 1) -> str:
    """Return a percentage from its percent value: 95.5 → "95,5%", 100 → "100%".

    Rounded half-up to `decimals`; trailing zeros after the comma are dropped ("100,0" → "100").
    """
    value = _to_decimal(x, "một tỷ lệ phần trăm")
    _check_decimals(decimals)
    value = _round(value, decimals)
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return f"{format_decimal(value, format=pattern, locale=_LOCALE)}%"


def _read_group(n: int, *, full: bool) -> str:
    """Return the words for 0 < n < 1000; `full` reads a zero hundred ("không trăm linh một")."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            # "linh" (Northern usage; "lẻ" in the South) only when a hundred was read before it.
            words += ["linh", _DIGITS[units]] if words else [_DIGITS[units]]
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else _DIGITS[units])
    else:
        words += [_DIGITS[tens], "mươi"]
        if units == 1:
            words.append("mốt")
        elif units == 4:
            # After "mươi" we write "tư" (hai mươi tư), the usual form on admin and bank
            # documents; everywhere else 4 is "bốn" (mười bốn, bốn trăm, linh bốn).
            words.append("tư")
        elif units == 5:
            words.append("lăm")
        elif units:
            words.append(_DIGITS[units])
    return " ".join(words)


def _below_billion(n: int, *, full: bool) -> list[str]:
    words: list[str] = []
    for scale, name in _SCALES:
        group, n = divmod(n, scale)
        if group:
            # Once something has been read, every later group is read in full (hundreds too);
            # groups that are all zeros are skipped ("một triệu không trăm linh một").
            words.append(_read_group(group, full=full or bool(words)))
            if name:
                words.append(name)
    return words


def _words(n: int, *, full: bool) -> list[str]:
    if n >= _BILLION:
        high, low = divmod(n, _BILLION)
        words = [*_words(high, full=full), "tỷ"]
        if low:
            words += _below_billion(low, full=True)
        return words
    return _below_billion(n, full=full)


def number_to_words(n: int) -> str:
    """Return `n` read out in Vietnamese: 2020 → "hai nghìn không trăm hai mươi".

    Conventions: "nghìn" (not "ngàn"), "linh" (not "lẻ"), "tư" after "mươi" (24 → "hai mươi
    tư"), "tỷ" for 10^9, "âm …" for negatives. All lower case; the caller capitalises.
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise ValueError(f"chỉ đọc thành chữ được số nguyên, nhận được {n!r}")
    if n == 0:
        return "không"
    if n < 0:
        return "âm " + number_to_words(-n)
    return " ".join(_words(n, full=False))


_GARBAGE_MESSAGE = "cần một số như 1.234 hoặc 95,5, nhận được {text!r}"
_SPACES = re.compile(r"[ \u00a0\u2007\u202f]")
_PLAIN = re.compile(r"\d+")
_DOT_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+")
_COMMA_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")


def _parse_unsigned(body: str) -> Decimal | None:
    """Return the value of an unsigned number as clerks type it, or None if it is not one."""
    if "," in body and "." in body:
        # Both marks: the rightmost is the decimal mark ("1.234,5"; pasted English "1,234.5").
        decimal_mark = "," if body.rfind(",") > body.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        whole, _, frac = body.rpartition(decimal_mark)
        grouped = _DOT_GROUPED if group_mark == "." else _COMMA_GROUPED
        if not (grouped.fullmatch(whole) and _PLAIN.fullmatch(frac)):
            return None
        return Decimal(whole.replace(group_mark, "") + "." + frac)
    if "," in body:
        whole, _, frac = body.partition(",")
        if not (_PLAIN.fullmatch(whole) and _PLAIN.fullmatch(frac)):
            return None
        return Decimal(f"{whole}.{frac}")
    if "." in body:
        # "1.234" and "1.234.567" group thousands (Vietnamese); a single dot that does not
        # split off three digits ("95.5") is a decimal point typed on an English keyboard.
        if _DOT_GROUPED.fullmatch(body):
            return Decimal(body.replace(".", ""))
        whole, _, frac = body.partition(".")
        if _PLAIN.fullmatch(whole) and _PLAIN.fullmatch(frac):
            return Decimal(f"{whole}.{frac}")
        return None
    return Decimal(body) if _PLAIN.fullmatch(body) else None


def parse_number(text: str) -> Decimal:
    """Return the number a clerk typed: "1.234" → 1234, "95,5" → 95.5, "1 234" → 1234.

    Accepted: digits with "." or spaces grouping thousands, "," as the decimal mark, a leading
    "-" or "+". A lone "." followed by other than three digits is read as a decimal point.
    """
    if not isinstance(text, str):
        raise ValueError(_GARBAGE_MESSAGE.format(text=text))
    stripped = nfc(text).strip()
    body = stripped.replace("\u2212", "-")  # the minus sign Word substitutes for "-"
    negative = body[:1] == "-"
    if body[:1] in "+-" and body:
        body = body[1:].lstrip()
    # Spaces group thousands only between digits ("1 234"), never split other things.
    if re.search(r"\D[ \u00a0\u2007\u202f]|[ \u00a0\u2007\u202f]\D", body):
        raise ValueError(_GARBAGE_MESSAGE.format(text=stripped))
    if _SPACES.search(body):
        if not re.fullmatch(r"\d{1,3}(?:[ \u00a0\u2007\u202f]\d{3})+(?:,\d+)?", body):
            raise ValueError(_GARBAGE_MESSAGE.format(text=stripped))
        body = _SPACES.sub("", body)
    try:
        value = _parse_unsigned(body)
    except InvalidOperation:  # pragma: no cover - the patterns above only let digits through
        value = None
    if value is None:
        raise ValueError(_GARBAGE_MESSAGE.format(text=stripped))
    return -value if negative and not value.is_zero() else value


def parse_percent(text: str) -> Decimal:
    """Return the percent value a clerk typed: "95" and "95%" → 95, "95,5 %" → 95.5."""
    if not isinstance(text, str):
        raise ValueError(f"cần một số phần trăm như 95 hoặc 95%, nhận được {text!r}")
    body = nfc(text).strip()
    body = body.removesuffix("%").rstrip()
    try:
        return parse_number(body)
    except ValueError:
        raise ValueError(
            f"cần một số phần trăm như 95 hoặc 95%, nhận được {text.strip()!r}"
        ) from None
