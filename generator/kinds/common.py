"""Context pieces every document kind shares: heading, Nơi nhận, signer, căn cứ and citations.

All functions are pure. The keys produced by `envelope` are the ones the shared skeleton reads
(see generator/templating/skeleton.py): co_quan_chu_quan, co_quan, so_ky_hieu, dia_danh_ngay,
trich_yeu, noi_nhan, tham_quyen, nguoi_ky; plus ten_to_chuc and ngay_ban_hanh for the body.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from generator.errors import RenderError
from generator.model import DonVi, DuLieu, ToChuc, VanBan
from generator.vi.dates import date_line, short_date
from generator.vi.signer import signer_lines
from generator.vi.so_ky_hieu import so_ky_hieu
from generator.vi.text import clean_text, upper_vi

__all__ = [
    "about",
    "citation",
    "envelope",
    "giai_doan_text",
    "lower_first",
    "ngay_trich_dan",
    "noi_nhan_lines",
    "punctuate",
    "signer",
    "so_ky_hieu_of",
    "strip_end",
    "unit",
]

_END = ".;,:"


def strip_end(text: str) -> str:
    """Return `text` cleaned, without a leading "- "/"+ " and without final punctuation or "/."."""
    value = clean_text(text)
    if value[:2] in ("- ", "+ "):
        value = value[2:].lstrip()
    while value and (value[-1] in _END or value.endswith("/")):
        value = value[:-1].rstrip()
    return value


def punctuate(items: list[str], *, last: str = ".", between: str = ";") -> list[str]:
    """Return list items each ending with `between` (";") and the last with `last` (".")."""
    cleaned = [strip_end(item) for item in items]
    cleaned = [item for item in cleaned if item]
    return [item + (last if i == len(cleaned) - 1 else between) for i, item in enumerate(cleaned)]


def lower_first(text: str) -> str:
    """Return `text` with its first letter lower-cased unless it starts an acronym ("CCHC")."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def so_ky_hieu_of(org: ToChuc, van_ban: VanBan, loai_van_ban: str) -> str:
    """Return "45/KH-UBND", or "      /KH-UBND" for a draft."""
    try:
        return so_ky_hieu(van_ban.so, loai_van_ban, org.ky_hieu)
    except ValueError as err:
        raise RenderError(f"số, ký hiệu văn bản: {err}") from None


def ngay_trich_dan(org: ToChuc, van_ban: VanBan, nam: int) -> str:
    """Return the date as cited inside a sentence: "ngày 05/3/2026", blanks for a draft."""
    if van_ban.ngay_ban_hanh is not None and not van_ban.du_thao:
        return f"ngày {short_date(van_ban.ngay_ban_hanh)}"
    line = _date_line(org, van_ban, nam)
    return line.split(", ", 1)[1]


def _date_line(org: ToChuc, van_ban: VanBan, nam: int) -> str:
    d = van_ban.ngay_ban_hanh
    try:
        return date_line(org.dia_danh, d, draft=van_ban.du_thao, nam=None if d else nam)
    except ValueError as err:
        raise RenderError(f"dòng địa danh, ngày tháng: {err}") from None


def citation(
    ten_loai: str, so: str, ngay: str, issuer: str, trich_yeu: str, *, full: bool = True
) -> str:
    """Return a citation: "Kế hoạch số 45/KH-UBND ngày 05/3/2026 của Ủy ban nhân dân xã Bình Lư
    về kiểm tra công tác cải cách hành chính năm 2026" (`full=False` stops after the number).
    """
    head = f"{ten_loai} số {so}"
    if not full:
        return head
    return f"{head} {ngay} của {issuer} {about(trich_yeu)}"


def about(trich_yeu: str) -> str:
    """Return the trích yếu as cited after a document: "về kiểm tra …", "về việc thành lập …"."""
    subject = strip_end(trich_yeu)
    if subject.casefold().startswith("về "):
        return lower_first(subject)
    return f"về {lower_first(subject)}"


def unit(org: ToChuc, ma: str) -> DonVi:
    """Return the unit with this id (cross-checked on load, so a miss is a programming error)."""
    found = org.unit(ma)
    if found is None:
        raise RenderError(f"không có đơn vị mang mã '{ma}' trong to_chuc.don_vi")
    return found


def signer(org: ToChuc, ma: str, *, collective: bool = True) -> tuple[list[str], str]:
    """Return (authority lines, name) of the signer block `ma`.

    `collective=False` drops the "TM. …" line, for a document issued under the head's own
    authority (a Quyết định of the Chủ tịch).
    """
    block = org.signer(ma)
    person = org.person(block.can_bo) if block else None
    if block is None or person is None:
        raise RenderError(f"không có người ký '{ma}' trong to_chuc.nguoi_ky")
    try:
        lines = signer_lines(
            block.thay_mat if collective else None,
            block.tham_quyen,
            block.chuc_danh,
            block.chuc_vu,
        )
    except ValueError as err:
        raise RenderError(f"khối chữ ký '{ma}': {err}") from None
    return lines, person.ho_ten


def noi_nhan_lines(org: ToChuc, van_ban: VanBan, first: list[str] | None = None) -> list[str]:
    """Return the Nơi nhận list: "- …;" lines (`first` ones first) and the last line
    "- Lưu: VT, <đơn vị soạn thảo>.".

    The rule (data/README.md, "Nơi nhận"): each recipient appears once. A recipient is its line
    without the purpose in brackets at the end ("(t/h)", "(để thực hiện)", "(b/c)"), compared
    ignoring case and spacing; a unit is the same recipient under any of its names. A line the
    program adds (`first`) takes the place and the wording of the data's own line for that
    recipient when there is one; of two data lines for one recipient the first is kept.
    """
    given = [strip_end(x) for x in van_ban.noi_nhan]
    items: list[str] = []
    seen: dict[str, int] = {}
    for line in [*(first or []), *given]:
        key = _recipient(org, line)
        if key in seen:
            continue
        seen[key] = len(items)
        items.append(line)
    for wanted in first or []:
        key = _recipient(org, wanted)
        own = next((x for x in given if _recipient(org, x) == key), None)
        if own is not None:
            items[seen[key]] = own
    lines = [f"- {x};" for x in items if x and not x.casefold().startswith("lưu:")]
    luu = strip_end(van_ban.luu)
    if luu.upper() == "VT":
        drafting = org.unit(org.don_vi_tham_muu)
        if drafting and drafting.ten_viet_tat:
            luu = f"VT, {drafting.ten_viet_tat}"
    elif not luu.upper().startswith("VT"):
        luu = f"VT, {luu}"
    lines.append(f"- Lưu: {luu}.")
    return lines


def giai_doan_text(giai_doan: str) -> str:
    """Return "năm 2026" for a one-year plan, "giai đoạn 2026-2030" for a longer one."""
    text = giai_doan.strip()
    if re.fullmatch(r"\d{4}", text):
        return f"năm {text}"
    if text.casefold().startswith(("năm ", "giai đoạn ")):
        return text
    return f"giai đoạn {text}"


def _recipient(org: ToChuc, line: str) -> str:
    """Return who a Nơi nhận line names: the unit's code, or the line without its purpose."""
    base = re.sub(r"\s*\([^()]*\)\s*$", "", line).strip() or line
    found = org.find_unit_by_name(base)
    return f"don_vi:{found.ma}" if found else " ".join(base.casefold().split())


def envelope(
    data: DuLieu,
    van_ban: VanBan,
    loai_van_ban: str,
    *,
    nam: int,
    trich_yeu: str,
    collective: bool = True,
    noi_nhan_first: list[str] | None = None,
) -> dict[str, Any]:
    """Return the context keys of the heading, title, Nơi nhận and signer of one document.

    `trich_yeu` is the default used when the data gives none.
    """
    org = data.to_chuc
    tham_quyen, nguoi_ky = signer(org, van_ban.nguoi_ky, collective=collective)
    return {
        "co_quan_chu_quan": [upper_vi(org.co_quan_chu_quan)] if org.co_quan_chu_quan else [],
        "co_quan": [upper_vi(line) for line in org.ten_co_quan],
        "so_ky_hieu": so_ky_hieu_of(org, van_ban, loai_van_ban),
        "dia_danh_ngay": _date_line(org, van_ban, nam),
        "trich_yeu": clean_text(van_ban.trich_yeu or trich_yeu),
        "can_cu": punctuate(van_ban.can_cu),
        "noi_nhan": noi_nhan_lines(org, van_ban, noi_nhan_first),
        "tham_quyen": tham_quyen,
        "nguoi_ky": nguoi_ky,
        "ten_to_chuc": org.ten_day_du,
        "ngay_ban_hanh": ngay_trich_dan(org, van_ban, nam),
        "nam": nam,
    }


def format_day(d: date) -> str:
    """Return "05/3/2026", the short form used in tables and sentences."""
    return short_date(d)
