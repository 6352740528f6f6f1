"""Document-type codes (ND30 Phụ lục III, Mục I) and the "Số: 05/QĐ-UBND" line built from them.

The codes are kept exactly as the table prints them, lower-case letters included (QyĐ, CTr, TTr,
TrS), and Đ is not D: HĐ is a hợp đồng, HD a hướng dẫn; ĐA an đề án, DA a dự án.
"""

from __future__ import annotations

import re

from generator.vi.text import BLANK, clean_text, nfc, upper_vi

__all__ = [
    "LOAI_VAN_BAN",
    "SO_KY_HIEU_RE",
    "TEN_LOAI",
    "is_valid_so_ky_hieu",
    "normalize_loai",
    "so_ky_hieu",
    "so_ky_hieu_cong_van",
]

# tên loại → chữ viết tắt, in the order of the table (STT 1–27, then the three kinds of copy).
# Công văn and thư công have no code: a công văn's ký hiệu is agency-unit (so_ky_hieu_cong_van).
LOAI_VAN_BAN: dict[str, str] = {
    "Nghị quyết": "NQ",
    "Quyết định": "QĐ",
    "Chỉ thị": "CT",
    "Quy chế": "QC",
    "Quy định": "QyĐ",
    "Thông cáo": "TC",
    "Thông báo": "TB",
    "Hướng dẫn": "HD",
    "Chương trình": "CTr",
    "Kế hoạch": "KH",
    "Phương án": "PA",
    "Đề án": "ĐA",
    "Dự án": "DA",
    "Báo cáo": "BC",
    "Biên bản": "BB",
    "Tờ trình": "TTr",
    "Hợp đồng": "HĐ",
    "Công điện": "CĐ",
    "Bản ghi nhớ": "BGN",
    "Bản thỏa thuận": "BTT",
    "Giấy ủy quyền": "GUQ",
    "Giấy mời": "GM",
    "Giấy giới thiệu": "GGT",
    "Giấy nghỉ phép": "GNP",
    "Phiếu gửi": "PG",
    "Phiếu chuyển": "PC",
    "Phiếu báo": "PB",
    "Bản sao y": "SY",
    "Bản trích sao": "TrS",
    "Bản sao lục": "SL",
}

# chữ viết tắt → tên loại as printed in ô 5a (IN HOA). Copies print their hình thức sao
# ("SAO Y", "TRÍCH SAO", "SAO LỤC"), which is what ND30 Phần II puts on a copy.
TEN_LOAI: dict[str, str] = {
    code: upper_vi(ten.removeprefix("Bản ") if code in {"SY", "TrS", "SL"} else ten)
    for ten, code in LOAI_VAN_BAN.items()
}

# Codes are unique even ignoring case, so a clerk's "qđ" or "QYĐ" can be mapped back safely.
_BY_FOLDED_CODE = {code.casefold(): code for code in TEN_LOAI}
_BY_FOLDED_NAME = {ten.casefold(): code for ten, code in LOAI_VAN_BAN.items()}

_AGENCY_PART = r"[A-ZĐ0-9]+"
_AGENCY = re.compile(rf"{_AGENCY_PART}(?:-{_AGENCY_PART})*")
_CODES_ALT = "|".join(sorted(map(re.escape, TEN_LOAI), key=len, reverse=True))

# The bare số/ký hiệu: a number (two digits at least, no superfluous leading zero) or a draft
# blank, "/", then either "<code>-<agency>" or, for a công văn, "<agency>-<unit>".
SO_KY_HIEU_RE = re.compile(
    rf"(?P<so>0[1-9]|[1-9][0-9]+| *|…|\.{{2,}})/"
    rf"(?P<ky_hieu>(?:(?P<loai>{_CODES_ALT})|{_AGENCY_PART})(?:-{_AGENCY_PART})+)"
)
_PREFIX = re.compile(r"^Số\s*:\s*")


def normalize_loai(loai_van_ban: str) -> str:
    """Return the official code for a code or tên loại typed any case ("qđ", "Kế hoạch" → …)."""
    key = clean_text(loai_van_ban).casefold() if isinstance(loai_van_ban, str) else ""
    code = _BY_FOLDED_CODE.get(key) or _BY_FOLDED_NAME.get(key)
    if code is None:
        hint = ""
        if key.replace("d", "đ") in _BY_FOLDED_CODE or key.replace("đ", "d") in _BY_FOLDED_CODE:
            hint = " (lưu ý: Đ và D là hai chữ khác nhau, ví dụ HĐ là hợp đồng, HD là hướng dẫn)"
        raise ValueError(
            f"loại văn bản {loai_van_ban!r} không có trong Phụ lục III Nghị định 30/2020/NĐ-CP"
            f"{hint}; các chữ viết tắt hợp lệ: {', '.join(TEN_LOAI)}"
        )
    return code


def _agency(text: str, what: str) -> str:
    value = upper_vi(clean_text(text)) if isinstance(text, str) else ""
    if not _AGENCY.fullmatch(value):
        raise ValueError(
            f"chữ viết tắt {what} phải gồm chữ in hoa và số, không dấu cách, "
            f"như 'UBND', nhận được {text!r}"
        )
    return value


def _number(so: int | None) -> str:
    if so is None:
        return BLANK
    if isinstance(so, bool) or not isinstance(so, int) or so < 1:
        raise ValueError(f"số văn bản phải là số nguyên từ 1 trở lên, nhận được {so!r}")
    # ND30 Phụ lục I II.3.c: numbers below 10 take a leading zero ("05").
    return f"{so:02d}"


def so_ky_hieu(so: int | None, loai_van_ban: str, co_quan: str) -> str:
    """Return the số/ký hiệu of a document that has a tên loại: "05/QĐ-UBND".

    `so` None (a draft, numbered by the văn thư on issue) gives BLANK: "      /KH-UBND".
    `loai_van_ban` is a code of LOAI_VAN_BAN (any case) or its tên loại.
    """
    code = normalize_loai(loai_van_ban)
    return f"{_number(so)}/{code}-{_agency(co_quan, 'cơ quan')}"


def so_ky_hieu_cong_van(so: int | None, co_quan: str, don_vi: str) -> str:
    """Return the số/ký hiệu of a công văn, which has no type code: "12/UBND-VX"."""
    return f"{_number(so)}/{_agency(co_quan, 'cơ quan')}-{_agency(don_vi, 'đơn vị soạn thảo')}"


def is_valid_so_ky_hieu(text: str) -> bool:
    """Return whether `text` is a well-formed số/ký hiệu, with or without the "Số: " label.

    Drafts with a blank number ("Số:       /KH-UBND") are accepted. Lower-case letters are
    accepted only inside the official codes that have them (QyĐ, CTr, TTr, TrS).
    """
    if not isinstance(text, str):
        return False
    body = _PREFIX.sub("", nfc(text).strip(), count=1)
    return SO_KY_HIEU_RE.fullmatch(body) is not None
