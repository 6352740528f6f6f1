"""Reporting periods (kỳ báo cáo) of the CCHC report: codes, labels and data cut-off windows.

Codes: "2026-Q1" (quý I), "2026-H1" (6 tháng đầu năm), "2026-Q3" (quý III), "2026-9M"
(9 tháng), "2026" (năm). Default cut-offs follow Bộ Nội vụ Văn bản 581/BNV-CCHC; a province
that sets its own passes `overrides`.

Comparison periods (chosen here, since 581/BNV-CCHC does not say): the kỳ trước of H1 is Q1, of
Q3 and 9M is H1, of the year is 9M; Q1 has none inside the year (there is no Q4 report to
compare with), so its `previous_code` is None. `last_year_code` is the same period a year back,
for "so với cùng kỳ năm trước".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

__all__ = ["LOAI_KY", "KyBaoCao", "parse_ky", "title_with_next"]

LoaiKy = Literal["quy_I", "6_thang", "quy_III", "9_thang", "nam"]


@dataclass(frozen=True)
class _Kind:
    loai: LoaiKy
    suffix: str  # the part of the code after the year ("" for the year itself)
    label: str  # "{nam}" is replaced by the year
    next_label: str  # "{nam}" / "{nam_sau}" are replaced
    chot: tuple[str, str]  # default cut-off window, "DD/MM"
    luy_ke: bool
    previous_suffix: str | None


_KINDS: tuple[_Kind, ...] = (
    _Kind("quy_I", "Q1", "quý I năm {nam}", "quý II năm {nam}", ("15/12", "14/3"), False, None),
    _Kind(
        "6_thang",
        "H1",
        "6 tháng đầu năm {nam}",
        "6 tháng cuối năm {nam}",
        ("15/12", "14/6"),
        True,
        "Q1",
    ),
    _Kind("quy_III", "Q3", "quý III năm {nam}", "quý IV năm {nam}", ("15/6", "14/9"), False, "H1"),
    _Kind("9_thang", "9M", "9 tháng năm {nam}", "quý IV năm {nam}", ("15/12", "14/9"), True, "H1"),
    _Kind("nam", "", "năm {nam}", "năm {nam_sau}", ("15/12", "14/12"), True, "9M"),
)
_BY_SUFFIX = {kind.suffix: kind for kind in _KINDS}
_BY_LOAI = {kind.loai: kind for kind in _KINDS}

LOAI_KY: tuple[str, ...] = tuple(_BY_LOAI)

_CODE = re.compile(r"(?P<nam>\d{4})(?:-(?P<suffix>Q1|H1|Q3|9M))?")
_DAY_MONTH = re.compile(r"(\d{1,2})/(\d{1,2})")

_ACCEPTED_FORMS = (
    "2026-Q1 (quý I), 2026-H1 (6 tháng đầu năm), 2026-Q3 (quý III), 2026-9M (9 tháng), 2026 (năm)"
)


@dataclass(frozen=True)
class KyBaoCao:
    """One reporting period with everything a report needs to name it and bound its data."""

    code: str  # "2026-H1"
    loai: LoaiKy
    nam: int
    label: str  # "6 tháng đầu năm 2026"
    title: str  # phrase used in the report title; same as label for all current kinds
    next_label: str  # "6 tháng cuối năm 2026": the kỳ of "phương hướng, nhiệm vụ …"
    chot_tu: date  # first day of the data cut-off window
    chot_den: date  # last day of the data cut-off window
    luy_ke: bool  # figures are cumulative from the start of the reporting year
    previous_code: str | None  # kỳ trước for comparisons; None for Q1
    last_year_code: str  # the same period one year earlier ("cùng kỳ năm trước")


def _code(nam: int, suffix: str) -> str:
    return f"{nam}-{suffix}" if suffix else str(nam)


def _parse_day_month(text: str, nam: int, loai: str) -> date:
    match = _DAY_MONTH.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise ValueError(
            f"thời gian chốt số liệu của kỳ '{loai}' phải có dạng ngày/tháng như 15/12, "
            f"nhận được {text!r}"
        )
    day, month = int(match[1]), int(match[2])
    try:
        return date(nam, month, day)
    except ValueError:
        raise ValueError(
            f"thời gian chốt số liệu của kỳ '{loai}': {text!r} không phải là một ngày có thật "
            f"trong năm {nam}"
        ) from None


def _window(kind: _Kind, nam: int, chot: tuple[str, str]) -> tuple[date, date]:
    if not (isinstance(chot, tuple | list) and len(chot) == 2):
        raise ValueError(
            f"thời gian chốt số liệu của kỳ '{kind.loai}' phải là hai ngày (từ, đến) "
            f"như ('15/12', '14/3'), nhận được {chot!r}"
        )
    den = _parse_day_month(chot[1], nam, kind.loai)
    tu = _parse_day_month(chot[0], nam, kind.loai)
    # A start that falls after the end in the calendar ("15/12" to "14/3") is of the year before.
    if tu > den:
        tu = _parse_day_month(chot[0], nam - 1, kind.loai)
    return tu, den


def parse_ky(code: str, overrides: Mapping[str, tuple[str, str]] | None = None) -> KyBaoCao:
    """Return the reporting period named by `code` ("2026-Q1", "2026-H1", "2026-Q3", "2026-9M",
    "2026"); `overrides` maps a loai ("quy_I", …) to the province's ("DD/MM", "DD/MM") window.
    """
    text = code.strip().upper() if isinstance(code, str) else ""
    match = _CODE.fullmatch(text)
    if match is None or int(match["nam"]) < 1901:
        raise ValueError(
            f"mã kỳ báo cáo {code!r} không hợp lệ; cần một trong các dạng {_ACCEPTED_FORMS}"
        )
    nam = int(match["nam"])
    kind = _BY_SUFFIX[match["suffix"] or ""]
    overrides = overrides or {}
    unknown = sorted(set(overrides) - set(_BY_LOAI))
    if unknown:
        raise ValueError(
            f"loại kỳ báo cáo không hợp lệ trong thời gian chốt số liệu: {', '.join(unknown)}; "
            f"cần một trong: {', '.join(LOAI_KY)}"
        )
    chot_tu, chot_den = _window(kind, nam, overrides.get(kind.loai, kind.chot))
    label = kind.label.format(nam=nam)
    return KyBaoCao(
        code=_code(nam, kind.suffix),
        loai=kind.loai,
        nam=nam,
        label=label,
        title=label,
        next_label=kind.next_label.format(nam=nam, nam_sau=nam + 1),
        chot_tu=chot_tu,
        chot_den=chot_den,
        luy_ke=kind.luy_ke,
        previous_code=None if kind.previous_suffix is None else _code(nam, kind.previous_suffix),
        last_year_code=_code(nam - 1, kind.suffix),
    )


def title_with_next(ky: KyBaoCao) -> str:
    """Return the report-title phrase with the next period: "6 tháng đầu năm 2026 và phương
    hướng, nhiệm vụ 6 tháng cuối năm 2026".
    """
    return f"{ky.title} và phương hướng, nhiệm vụ {ky.next_label}"
