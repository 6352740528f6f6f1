"""Vietnamese text helpers: normalisation, upper case, Roman numerals, điểm letters, file names.

Everything here is pure and imports nothing of the project, so any layer may use it.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "BLANK",
    "DIEM_LETTERS",
    "clean_text",
    "diem_letter",
    "nfc",
    "roman",
    "slugify",
    "strip_diacritics",
    "upper_vi",
]

# The blank a clerk fills in by hand on a draft ("ngày      tháng 3 năm 2026", "Số:      /KH-UBND").
# Six ordinary spaces: wide enough to write two digits in at 14 pt, and ordinary spaces (not NBSP)
# so the text matches what Word users type. Every blank in every module uses this one constant.
BLANK = " " * 6

# ND30 numbers điểm in Vietnamese alphabet order: đ follows d, and there is no f, j, w or z.
DIEM_LETTERS: tuple[str, ...] = tuple("abcdđeghiklmnopqrstuvxy")

_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)

# Zero-width characters arrive with text pasted from web pages and Word; they are never wanted.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_HSPACE_RUN = re.compile(r"[ \t\u00a0\u2007\u202f]+")

_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{i}" for i in range(1, 10)}
    | {f"lpt{i}" for i in range(1, 10)}
)
_SLUG_FALLBACK = "van-ban"


def nfc(s: str) -> str:
    """Return `s` in Unicode normal form C (precomposed Vietnamese letters)."""
    return unicodedata.normalize("NFC", s)


def clean_text(s: str) -> str:
    """Return `s` as NFC with each line stripped and runs of spaces/tabs collapsed to one space.

    Newlines are kept (CR LF and CR become LF); zero-width characters and non-breaking spaces
    pasted from Word or web pages are removed or turned into ordinary spaces.
    """
    text = nfc(s).translate(_INVISIBLE).replace("\r\n", "\n").replace("\r", "\n")
    lines = (_HSPACE_RUN.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines).strip()


def upper_vi(s: str) -> str:
    """Return `s` upper-cased with its diacritics kept, as NFC ("Ủy ban" → "ỦY BAN", "đ" → "Đ")."""
    # Python's str.upper follows Unicode case mapping, which is right for every Vietnamese
    # letter; NFC before and after guards against decomposed input (e.g. text from macOS).
    return nfc(nfc(s).upper())


def roman(n: int) -> str:
    """Return `n` (1–3999) as an upper-case Roman numeral ("I", "IV", "XIV", "MMXXVI")."""
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 3999:
        raise ValueError(f"số La Mã chỉ viết được cho số nguyên từ 1 đến 3999, nhận được {n!r}")
    parts: list[str] = []
    rest = n
    for value, symbol in _ROMAN:
        count, rest = divmod(rest, value)
        parts.append(symbol * count)
    return "".join(parts)


def diem_letter(i: int) -> str:
    """Return the letter of the điểm at 0-based index `i`: 0 → "a", 4 → "đ", 5 → "e", 6 → "g"."""
    if isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < len(DIEM_LETTERS):
        raise ValueError(
            f"số thứ tự điểm phải từ 0 đến {len(DIEM_LETTERS) - 1} (a đến y), nhận được {i!r}; "
            "hãy tách bớt điểm sang khoản khác"
        )
    return DIEM_LETTERS[i]


def strip_diacritics(s: str) -> str:
    """Return `s` with Vietnamese diacritics removed ("Đồng Hới" → "Dong Hoi")."""
    # đ/Đ are letters of their own, not d plus a mark, so NFD alone leaves them in place.
    decomposed = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify(s: str, *, max_len: int = 60) -> str:
    """Return a safe ASCII file-name stem for `s`: lower case, words joined by hyphens.

    The result is never empty (falls back to "van-ban"), never "." or "..", never contains a
    path separator, and never is a Windows reserved device name ("con" becomes "con-1").
    """
    if max_len < len(_SLUG_FALLBACK):
        raise ValueError(f"độ dài tối đa của tên tệp phải từ {len(_SLUG_FALLBACK)} trở lên")
    ascii_text = strip_diacritics(nfc(s)).encode("ascii", "ignore").decode("ascii").lower()
    # Everything that is not a letter or digit (dots and slashes included) separates words,
    # which is what makes "../../x" collapse to "x".
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > max_len:
        cut = slug[:max_len]
        # Prefer cutting at a word boundary when one is reasonably close to the limit.
        boundary = cut.rfind("-")
        slug = (cut[:boundary] if boundary >= max_len // 2 else cut).strip("-")
    if not slug:
        return _SLUG_FALLBACK
    if slug in _WINDOWS_RESERVED:
        slug = f"{slug}-1"
    return slug
