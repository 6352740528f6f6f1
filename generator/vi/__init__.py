"""Pure Vietnamese formatting: dates, numbers, text, số/ký hiệu, reporting periods, signer lines.

This package imports nothing else of vanban (only the standard library and babel) and raises
plain ValueError with a Vietnamese message; callers turn that into a project error with a place.
"""

from generator.vi.dates import date_line, ngay_thang_nam, short_date
from generator.vi.filters import FILTERS
from generator.vi.numbers import (
    format_number,
    format_percent,
    number_to_words,
    parse_number,
    parse_percent,
)
from generator.vi.periods import KyBaoCao, parse_ky, title_with_next
from generator.vi.signer import VALID_PREFIXES, signer_lines
from generator.vi.so_ky_hieu import (
    LOAI_VAN_BAN,
    SO_KY_HIEU_RE,
    TEN_LOAI,
    is_valid_so_ky_hieu,
    normalize_loai,
    so_ky_hieu,
    so_ky_hieu_cong_van,
)
from generator.vi.text import (
    BLANK,
    clean_text,
    diem_letter,
    nfc,
    roman,
    slugify,
    strip_diacritics,
    upper_vi,
)

__all__ = [
    "BLANK",
    "FILTERS",
    "LOAI_VAN_BAN",
    "SO_KY_HIEU_RE",
    "TEN_LOAI",
    "VALID_PREFIXES",
    "KyBaoCao",
    "clean_text",
    "date_line",
    "diem_letter",
    "format_number",
    "format_percent",
    "is_valid_so_ky_hieu",
    "nfc",
    "ngay_thang_nam",
    "normalize_loai",
    "number_to_words",
    "parse_ky",
    "parse_number",
    "parse_percent",
    "roman",
    "short_date",
    "signer_lines",
    "slugify",
    "so_ky_hieu",
    "so_ky_hieu_cong_van",
    "strip_diacritics",
    "title_with_next",
    "upper_vi",
]
