"""The figures a report prints: this period, kỳ trước, cùng kỳ năm trước, and the plan targets.

Comparison periods come from generator.vi.periods (kỳ trước of H1 is Q1, and so on). Figures of
a comparison period are computed the same way as this period's (tasks, inspection) or taken from
its `bao_cao` entry (typed figures); a period with neither has no figures and its comparison
is left out of the sentences.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.errors import UsageError
from generator.model import BaoCaoKy, ChiTieu, DuLieu
from generator.model.so_lieu import CuaSo, Value, chi_tieu_of_phase, period_values
from generator.vi import KyBaoCao, parse_ky


@dataclass(frozen=True)
class SoLieuBaoCao:
    """Everything numeric a report needs, already computed.

    `nay`, `truoc`, `cung_ky` map indicator keys to values; `truoc` is None when the period has
    no kỳ trước (quý I) or it has no figures at all, likewise `cung_ky`. `muc_tieu` maps an
    indicator key to the plan chỉ tiêu measured by it; `chi_tieu` lists (chỉ tiêu, value this
    period, value kỳ trước) for every chỉ tiêu of the plan's current phase.
    """

    ky: KyBaoCao
    entry: BaoCaoKy
    nay: dict[str, Value]
    truoc: dict[str, Value] | None
    cung_ky: dict[str, Value] | None
    nhan_truoc: str | None
    nhan_cung_ky: str
    muc_tieu: dict[str, ChiTieu] = field(default_factory=dict)
    chi_tieu: list[tuple[ChiTieu, float | None, float | None]] = field(default_factory=list)
    ubnd: str = "Ủy ban nhân dân xã"


def find_entry(data: DuLieu, code: str) -> BaoCaoKy | None:
    """Return the bao_cao entry of period `code` ("2026-H1"), or None."""
    overrides = data.to_chuc.chot_so_lieu
    for entry in data.bao_cao:
        try:
            if parse_ky(entry.ky, overrides).code == code:
                return entry
        except ValueError:
            continue
    return None


def _window(ky: KyBaoCao) -> CuaSo:
    return CuaSo(ky.nam, ky.chot_tu, ky.chot_den)


def _has_figures(values: Mapping[str, Value]) -> bool:
    return any(v is not None for v in values.values())


def _period(data: DuLieu, code: str | None) -> tuple[dict[str, Value] | None, BaoCaoKy | None]:
    if code is None:
        return None, None
    ky = parse_ky(code, data.to_chuc.chot_so_lieu)
    entry = find_entry(data, ky.code)
    values = period_values(data.ke_hoach, data.kiem_tra, entry, _window(ky))
    return (values if _has_figures(values) else None), entry


def _chi_tieu_value(entry: BaoCaoKy | None, ma: str, values: Mapping[str, Value]) -> float | None:
    if entry is None:
        return None
    for item in entry.chi_tieu:
        if item.chi_tieu == ma:
            if item.chi_so is not None and values.get(item.chi_so) is not None:
                return float(values[item.chi_so] or 0)
            return item.gia_tri
    return None


def so_lieu_bao_cao(data: DuLieu, code: str) -> SoLieuBaoCao:
    """Return the figures of the report for period `code`, with its comparison periods.

    Raise UsageError for a bad period code or a period the data has no report entry for.
    """
    overrides = data.to_chuc.chot_so_lieu
    try:
        ky = parse_ky(code, overrides)
    except ValueError as err:
        raise UsageError(str(err)) from None
    entry = find_entry(data, ky.code)
    if entry is None or entry.van_ban is None:
        known = [e.ky for e in data.bao_cao if e.van_ban is not None]
        shown = ", ".join(known) if known else "chưa có kỳ nào"
        what = "chỉ có số liệu so sánh, chưa có van_ban" if entry else "không có trong bao_cao"
        raise UsageError(
            f"kỳ báo cáo {ky.code} ({ky.label}) {what}; thêm kỳ này vào dữ liệu báo cáo "
            "(bao-cao.yaml hoặc trang BaoCao của sổ Excel) với "
            f"van_ban và số liệu, hoặc chọn một kỳ đã có: {shown}"
        )
    nay = period_values(data.ke_hoach, data.kiem_tra, entry, _window(ky))
    truoc, truoc_entry = _period(data, ky.previous_code)
    cung_ky, _ = _period(data, ky.last_year_code)
    if cung_ky is None and entry.tthc_cung_ky is not None:
        last_year = parse_ky(ky.last_year_code, overrides)
        stand_in = BaoCaoKy(ky=last_year.code, tthc=entry.tthc_cung_ky)
        cung_ky = period_values(None, None, stand_in, _window(last_year))
    nhan_truoc = parse_ky(ky.previous_code, overrides).label if ky.previous_code else None
    phase = chi_tieu_of_phase(data.ke_hoach, ky.nam)
    muc_tieu: dict[str, ChiTieu] = {}
    by_ma = {c.ma: c for c in phase}
    for item in entry.chi_tieu:
        if item.chi_so is not None and item.chi_tieu in by_ma:
            muc_tieu.setdefault(item.chi_so, by_ma[item.chi_tieu])
    chi_tieu = [
        (
            c,
            _chi_tieu_value(entry, c.ma, nay),
            _chi_tieu_value(truoc_entry, c.ma, truoc or {}),
        )
        for c in phase
    ]
    return SoLieuBaoCao(
        ky=ky,
        entry=entry,
        nay=nay,
        truoc=truoc,
        cung_ky=cung_ky,
        nhan_truoc=nhan_truoc,
        nhan_cung_ky=f"cùng kỳ năm {ky.nam - 1}",
        muc_tieu=muc_tieu,
        chi_tieu=chi_tieu,
        ubnd=data.to_chuc.ubnd,
    )
