"""The Vietnamese formatters, registered once as Jinja filters (``env.filters.update(FILTERS)``).

Each filter takes the template value first; further arguments are as in the wrapped function.

- ``ngay``: date or None → "ngày 05 tháng 3 năm 2026"; None gives the blanks of a draft.
- ``ngay_thang_nam``: date → "ngày 05 tháng 3 năm 2026" (a date is required).
- ``ngay_ngan``: date → "05/3/2026", the form used when citing a document.
- ``dia_danh_ngay``: ``{{ dia_danh | dia_danh_ngay(d, draft=True) }}`` →
  "Bình Lư, ngày      tháng 3 năm 2026" (see dates.date_line).
- ``so``: ``{{ 1234567 | so }}`` → "1.234.567"; ``{{ x | so(1) }}`` → "95,5".
- ``phan_tram``: ``{{ 95.5 | phan_tram }}`` → "95,5%"; ``{{ 100.0 | phan_tram }}`` → "100%".
- ``bang_chu``: ``{{ 2020 | bang_chu }}`` → "hai nghìn không trăm hai mươi".
- ``bang_chu_hoa_dau``: ``{{ 105 | bang_chu_hoa_dau }}`` → "Một trăm linh năm".
- ``la_ma``: ``{{ 4 | la_ma }}`` → "IV" (mục, phụ lục numbers).
- ``diem``: ``{{ loop.index0 | diem }}`` → "a", "b", "c", "d", "đ", "e", "g", …
- ``hoa``: ``{{ "Ủy ban nhân dân" | hoa }}`` → "ỦY BAN NHÂN DÂN".
- ``hoa_dau``: ``{{ "hai mươi" | hoa_dau }}`` → "Hai mươi" (rest untouched).
- ``sach``: NFC, spaces collapsed, line breaks kept (text.clean_text).
- ``so_ky_hieu``: ``{{ so | so_ky_hieu("KH", "UBND") }}`` → "12/KH-UBND"; None → "      /KH-UBND".
- ``ten_loai``: ``{{ "KH" | ten_loai }}`` → "KẾ HOẠCH".
- ``ky_va_phuong_huong``: ``{{ ky | ky_va_phuong_huong }}`` → "6 tháng đầu năm 2026 và phương
  hướng, nhiệm vụ 6 tháng cuối năm 2026".
- ``slug``: ``{{ trich_yeu | slug }}`` → "ke-hoach-kiem-tra-cchc" (file names).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from generator.vi.dates import date_line, ngay_thang_nam, short_date
from generator.vi.numbers import format_number, format_percent, number_to_words
from generator.vi.periods import title_with_next
from generator.vi.so_ky_hieu import TEN_LOAI, normalize_loai, so_ky_hieu
from generator.vi.text import BLANK, clean_text, diem_letter, nfc, roman, slugify, upper_vi

__all__ = ["FILTERS", "capitalize_first", "ngay", "number_to_words_capitalized", "ten_loai"]


def capitalize_first(s: str) -> str:
    """Return `s` with only its first letter upper-cased ("hai mươi" → "Hai mươi")."""
    # str.capitalize would lower-case the rest, breaking names such as "Bình Lư".
    s = nfc(s)
    return upper_vi(s[:1]) + s[1:]


def number_to_words_capitalized(n: int) -> str:
    """Return `n` in words with a capital first letter, as after "(Bằng chữ: …)"."""
    return capitalize_first(number_to_words(n))


def ngay(d: date | None) -> str:
    """Return "ngày 05 tháng 3 năm 2026", or the blank "ngày      tháng      năm      " for None."""
    if d is None:
        return f"ngày{BLANK}tháng{BLANK}năm{BLANK}"
    return ngay_thang_nam(d)


def ten_loai(loai_van_ban: str) -> str:
    """Return the upper-case tên loại for a code or name: "KH" → "KẾ HOẠCH"."""
    return TEN_LOAI[normalize_loai(loai_van_ban)]


FILTERS: dict[str, Callable[..., str]] = {
    "ngay": ngay,
    "ngay_thang_nam": ngay_thang_nam,
    "ngay_ngan": short_date,
    "dia_danh_ngay": date_line,
    "so": format_number,
    "phan_tram": format_percent,
    "bang_chu": number_to_words,
    "bang_chu_hoa_dau": number_to_words_capitalized,
    "la_ma": roman,
    "diem": diem_letter,
    "hoa": upper_vi,
    "hoa_dau": capitalize_first,
    "sach": clean_text,
    "so_ky_hieu": so_ky_hieu,
    "ten_loai": ten_loai,
    "ky_va_phuong_huong": title_with_next,
    "slug": slugify,
}
