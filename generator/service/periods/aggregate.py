"""Tổng hợp: the commune's data for a period made from the units' submissions.

`compose` returns a copy of the current data whose period entry holds the combined figures
(sums, means, the unit in charge's value; see `collect`), whose plan activities carry the
progress the units reported, and whose narrative names the units that did not report or
reported late, the way a clerk writes it. The result passes the same checks as `vanban check`
before anything is built; the report set is then the existing one (`sets.report_jobs`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from pydantic import ValidationError

from generator.errors import DataError, Place, Problem
from generator.model import BaoCaoKy, DonViBaoCao, DuLieu, GiaTriChiTieu, SoLieuTthc, VanBan
from generator.model.du_lieu import cross_check
from generator.model.validate import problems_from_pydantic
from generator.service.periods.catalogue import TTHC_COUNTS, Catalogue
from generator.service.periods.collect import Combined, UnitStatus
from generator.service.periods.figures import Task
from generator.sources.common import format_path
from generator.vi import KyBaoCao, short_date

# The figures a report may type that the report computes from the plan's activities.
_COMPUTED_FROM_TASKS = ("so_nhiem_vu", "so_nhiem_vu_hoan_thanh")


def _names(names: list[str]) -> str:
    """Return "A", "A và B", "A, B và C"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} và {names[-1]}"


def reporting_sentences(
    org_name: str, ky: KyBaoCao, units: list[UnitStatus], due: date, today: date
) -> tuple[str, str | None]:
    """Return the paragraph on who reported (chỉ đạo, điều hành) and, when some units did not
    report or reported late, the paragraph for tồn tại, hạn chế."""
    sent = [u for u in units if u.submitted_at is not None]
    missing = [u.ten for u in units if u.submitted_at is None]
    late = [u.ten for u in sent if u.late]
    opening = (
        f"Thực hiện chế độ báo cáo định kỳ, đến ngày {short_date(today)}, {org_name} đã nhận "
        f"được báo cáo {ky.label} của {len(sent):02d}/{len(units):02d} cơ quan, đơn vị được giao "
        "nhiệm vụ trong Kế hoạch cải cách hành chính"
    )
    if missing:
        opening += f"; còn {len(missing):02d} đơn vị chưa gửi báo cáo: {_names(missing)}"
    if late:
        opening += f"; {_names(late)} gửi báo cáo chậm so với thời hạn (ngày {short_date(due)})"
    opening += "."
    if not missing and not late:
        return opening, None
    parts = []
    if missing:
        parts.append(f"{_names(missing)} chưa gửi báo cáo {ky.label}")
    if late:
        parts.append(f"{_names(late)} gửi báo cáo chậm")
    weakness = (
        f"Một số cơ quan, đơn vị chưa thực hiện nghiêm chế độ báo cáo định kỳ: {'; '.join(parts)}."
    )
    return opening, weakness


def _draft_van_ban(data: DuLieu) -> VanBan:
    """Return the envelope of a report not yet in the data: the last report's recipients and
    signer, no number (a draft)."""
    last = next((e.van_ban for e in reversed(data.bao_cao) if e.van_ban is not None), None)
    if last is None:
        signer = data.to_chuc.nguoi_ky[0].ma
        return VanBan(nguoi_ky=signer, noi_nhan=[data.to_chuc.co_quan_cap_tren])
    return VanBan(noi_nhan=list(last.noi_nhan), luu=last.luu, nguoi_ky=last.nguoi_ky)


def period_entry(data: DuLieu, ky: KyBaoCao) -> BaoCaoKy:
    """Return the data's entry of period `ky`, added (with a draft envelope) when missing."""
    entry = next((e for e in data.bao_cao if e.ky == ky.code), None)
    if entry is None:
        entry = BaoCaoKy(ky=ky.code)
        data.bao_cao.append(entry)
    if entry.van_ban is None:
        entry.van_ban = _draft_van_ban(data)
        last = next((e for e in reversed(data.bao_cao) if e.kinh_gui), None)
        entry.kinh_gui = last.kinh_gui if last else None
    return entry


def compose(
    data: DuLieu,
    ky: KyBaoCao,
    cat: Catalogue,
    combined: list[Combined],
    units: list[UnitStatus],
    *,
    due: date,
    today: date,
) -> DuLieu:
    """Return the commune's data for period `ky` made from the combined submissions.

    Raise DataError (places named "tổng hợp kỳ …") when the result breaks a rule of
    `vanban check`, e.g. one-stop figures that do not add up once summed.
    """
    del cat
    result = data.model_copy(deep=True)
    entry = period_entry(result, ky)
    values = {c.item.key: c.value for c in combined if c.value is not None}
    for key in ("so_van_ban_chi_dao", "so_tin_bai_tuyen_truyen"):
        if isinstance(values.get(key), float):
            setattr(entry, key, round(float(values[key])))  # type: ignore[arg-type]
    _apply_tthc(entry, values)
    _apply_chi_tieu(entry, values)
    if result.ke_hoach is not None and any(isinstance(v, Task) for v in values.values()):
        for task in result.ke_hoach.nhiem_vu:
            reported = values.get(f"hoat_dong.{task.linh_vuc}.{task.stt}")
            if isinstance(reported, Task):
                task.trang_thai = reported.trang_thai  # type: ignore[assignment]
                task.ngay_hoan_thanh = reported.ngay_hoan_thanh
        for name in _COMPUTED_FROM_TASKS:
            setattr(entry, name, None)
    opening, weakness = reporting_sentences(
        result.to_chuc.ten_day_du, ky, units, due=due, today=today
    )
    entry.don_vi_bao_cao = _who_reported_what(units, combined)
    entry.chi_dao_dieu_hanh = [opening, *entry.chi_dao_dieu_hanh]
    if weakness:
        entry.ton_tai = [*entry.ton_tai, weakness]
    return _checked(result, ky)


def _who_reported_what(units: list[UnitStatus], combined: list[Combined]) -> list[DonViBaoCao]:
    """Return one row per unit: when it reported, whether late, and what, in words."""
    from generator.service.periods.annex import shown
    from generator.service.periods.store import VIETNAM

    said: dict[str, list[str]] = {u.unit: [] for u in units}
    tthc: dict[str, int] = dict.fromkeys(said, 0)
    tasks: dict[str, int] = dict.fromkeys(said, 0)
    for each in combined:
        for unit, value in each.reported:
            key = each.item.key
            if key.startswith("tthc."):
                tthc[unit] += 1
            elif key.startswith("hoat_dong."):
                tasks[unit] += 1
            elif key.startswith("chi_tieu."):
                said[unit].append(f"chỉ tiêu {key.removeprefix('chi_tieu.')}: {shown(value)}")
            else:
                said[unit].append(f"{_SHORT.get(key, key)}: {shown(value)}")
    rows = []
    for u in units:
        parts = said[u.unit]
        if tthc[u.unit]:
            parts.append(f"{tthc[u.unit]} số liệu thủ tục hành chính")
        if tasks[u.unit]:
            parts.append(f"tiến độ {tasks[u.unit]} hoạt động")
        day = u.submitted_at.astimezone(VIETNAM).date() if u.submitted_at else None
        rows.append(
            DonViBaoCao(
                don_vi=u.unit,
                ngay_gui=day,
                gui_cham=bool(day and u.late),
                so_lieu="; ".join(parts) or None,
            )
        )
    return rows


_SHORT = {"so_van_ban_chi_dao": "văn bản chỉ đạo", "so_tin_bai_tuyen_truyen": "tin, bài"}


def _apply_tthc(entry: BaoCaoKy, values: Mapping[str, float | Task]) -> None:
    reported = {
        name: values[f"tthc.{name}"]
        for name, _ in TTHC_COUNTS
        if isinstance(values.get(f"tthc.{name}"), float)
    }
    if not reported:
        return
    # The units' figures replace the data's whole: mixing old and new counts breaks their sums.
    entry.tthc = SoLieuTthc.model_validate(
        {name: round(float(v)) for name, v in reported.items()}  # type: ignore[arg-type]
    )


def _apply_chi_tieu(entry: BaoCaoKy, values: Mapping[str, float | Task]) -> None:
    for key, value in values.items():
        if not key.startswith("chi_tieu.") or not isinstance(value, float):
            continue
        ma = key.removeprefix("chi_tieu.")
        found = next((v for v in entry.chi_tieu if v.chi_tieu == ma), None)
        if found is None:
            entry.chi_tieu.append(GiaTriChiTieu(chi_tieu=ma, gia_tri=round(value, 2)))
        else:
            found.gia_tri = round(value, 2)
            found.chi_so = None


def _checked(result: DuLieu, ky: KyBaoCao) -> DuLieu:
    label = f"tổng hợp kỳ {ky.code}"

    def locate(path: tuple[str | int, ...]) -> Place:
        return Place(label, key_path=format_path(path))

    try:
        checked = DuLieu.model_validate(result.model_dump())
    except ValidationError as err:
        raise DataError(problems=problems_from_pydantic(err, locate)) from None
    issues = cross_check(checked)
    if issues:
        problems = [Problem(locate(path), message) for path, message in issues]
        raise DataError(problems=problems)
    return checked
