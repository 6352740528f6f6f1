"""The use cases of periodic collection, shared by the CLI, the web and the queue.

Each takes the organisation's current data (the last data that passed check), the store and
explicit times (no clock inside), and raises the errors of `generator.errors`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.atomic import atomic_target
from generator.errors import UsageError
from generator.model import DonVi, DuLieu
from generator.service.periods.aggregate import compose, period_entry
from generator.service.periods.annex import AnnexStage
from generator.service.periods.catalogue import Catalogue, catalogue
from generator.service.periods.collect import (
    Combined,
    UnitStatus,
    combine,
    conflicts,
    statuses,
)
from generator.service.periods.figures import Figures, Task, entries_from_json, parse_entries
from generator.service.periods.forms import build_form, read_form
from generator.service.periods.rollup import CommuneRow, write_rollup
from generator.service.periods.store import VIETNAM, Period, PeriodStore, Submission
from generator.vi import KyBaoCao, parse_ky

if TYPE_CHECKING:
    from generator.build import BuildResult, Stage


def period_code(data: DuLieu, code: str) -> KyBaoCao:
    """Return the period `code` names, or raise UsageError in the words of `vanban build`."""
    try:
        return parse_ky(code, data.to_chuc.chot_so_lieu)
    except ValueError as err:
        raise UsageError(str(err)) from None


def units_and_items(data: DuLieu, code: str) -> Catalogue:
    """Return who reports what in period `code`; raise UsageError when the plan names no unit."""
    cat = catalogue(data, period_code(data, code))
    if not cat.units:
        raise UsageError(
            f"Kế hoạch cải cách hành chính chưa giao hoạt động, chỉ tiêu nào cho đơn vị thuộc "
            f"{data.to_chuc.ten_day_du} trong năm của kỳ {code}; chưa mở được kỳ báo cáo"
        )
    return cat


def unit_of(cat: Catalogue, ma: str) -> DonVi:
    """Return the period's unit `ma`, or raise UsageError listing the units that report."""
    found = cat.unit(ma)
    if found is None:
        known = ", ".join(u.ma for u in cat.units)
        raise UsageError(f"đơn vị '{ma}' không báo cáo trong kỳ này (các đơn vị báo cáo: {known})")
    return found


def open_period(
    store: PeriodStore, data: DuLieu, code: str, due: date, *, by: str, now: datetime
) -> Period:
    """Open period `code` of the organisation with its due date and return it."""
    ky = period_code(data, code)
    units_and_items(data, ky.code)
    return store.open(data.to_chuc.ma, ky.code, due, by=by, at=now)


def _period(store: PeriodStore, data: DuLieu, code: str) -> tuple[KyBaoCao, Period]:
    ky = period_code(data, code)
    found = store.period(data.to_chuc.ma, ky.code)
    if found is None:
        raise UsageError(f"chưa mở kỳ báo cáo {ky.code} ({ky.label})")
    return ky, found


def _from_data(data: DuLieu, code: str | None, cat: Catalogue, unit: str) -> Figures:
    """Return what the current data holds for `code` that is this unit's own figure."""
    figures = Figures()
    if code is None or not any(e.ky == code for e in data.bao_cao):
        return figures
    copy = data.model_copy(deep=True)
    entry = period_entry(copy, period_code(data, code))
    for item in cat.items_of(unit):
        sole = len(item.don_vi) == 1 or (item.rule != "tong" and item.don_vi[0] == unit)
        if not sole:
            continue
        name = item.key.partition(".")[2]
        value: Any = None
        if item.key in ("so_van_ban_chi_dao", "so_tin_bai_tuyen_truyen"):
            value = getattr(entry, item.key)
        elif item.key.startswith("tthc.") and entry.tthc is not None:
            value = getattr(entry.tthc, name)
        elif item.key.startswith("chi_tieu."):
            value = next((v.gia_tri for v in entry.chi_tieu if v.chi_tieu == name), None)
        if value is not None:
            figures.values[item.key] = float(value)
    return figures


def prefill(store: PeriodStore, data: DuLieu, ky: KyBaoCao, cat: Catalogue, unit: str) -> Figures:
    """Return the unit's form values: its last submission of this period, else the figures the
    current data holds for the period, else the previous period's; activities show the plan's
    current progress."""
    org = data.to_chuc.ma
    own = store.latest(org, ky.code).get(unit)
    if own is not None:
        return own.figures
    previous = ky.previous_code or f"{ky.nam - 1}"
    figures = _from_data(data, ky.code, cat, unit)
    before = store.latest(org, previous).get(unit)
    fallback = before.figures if before else _from_data(data, previous, cat, unit)
    for key, value in fallback.values.items():
        figures.values.setdefault(key, value)
    plan = data.ke_hoach
    for item in cat.items_of(unit):
        if item.kind == "hoat_dong" and plan is not None:
            _, area, stt = item.key.split(".")
            task = next(t for t in plan.nhiem_vu if t.linh_vuc == area and str(t.stt) == stt)
            figures.tasks[item.key] = Task(task.trang_thai, task.ngay_hoan_thanh)
    return figures


def write_unit_form(store: PeriodStore, data: DuLieu, code: str, unit: str, path: Path) -> Path:
    """Write the unit's prefilled .xlsx form of the period to `path` and return it."""
    ky, period = _period(store, data, code)
    cat = units_and_items(data, ky.code)
    found = unit_of(cat, unit)
    book = build_form(
        data.to_chuc.ten_day_du, data.to_chuc.ma, ky, period.due, cat=cat, unit=found,
        prefill=prefill(store, data, ky, cat, unit),
    )  # fmt: skip
    with atomic_target(path) as tmp:
        book.save(str(tmp))
    return path


def submit(
    store: PeriodStore, data: DuLieu, code: str, unit: str, *, by: str, now: datetime,
    form: Path | None = None, label: str = "", figures: Any = None,
) -> Submission:  # fmt: skip
    """Keep a unit's submission (a filled form at `form`, or JSON `figures`) and return it.

    Raise DataError listing every problem of the figures, UsageError when the period is not
    open, locked, or the unit does not report in it; nothing is kept then.
    """
    ky, period = _period(store, data, code)
    if period.locked:
        raise UsageError(f"kỳ báo cáo {ky.code} đã khóa, không nhận thêm báo cáo")
    cat = units_and_items(data, ky.code)
    found = unit_of(cat, unit)
    if form is not None:
        entries = read_form(form, label or form.name, org=data.to_chuc.ma, ky=ky.code, unit=found)
        source = "xlsx"
    else:
        entries, source = entries_from_json(figures), "json"
    parsed = parse_entries(entries, cat, found)
    if parsed.is_empty():
        raise UsageError(f"báo cáo của {found.ten} chưa có số liệu nào; điền biểu mẫu rồi gửi lại")
    return store.submit(data.to_chuc.ma, ky.code, unit, parsed, by=by, at=now, source=source)


@dataclass(frozen=True)
class PeriodStatus:
    """The Văn phòng's view of a period: units × status, late units, conflicts."""

    period: Period
    ky: KyBaoCao
    units: list[UnitStatus]
    conflicts: list[Combined]

    @property
    def reminders(self) -> list[UnitStatus]:
        """Return the units past the due day without a report (to remind)."""
        return [u for u in self.units if u.status == "qua_han"]

    def to_json(self) -> dict[str, Any]:
        """Return the API form: {"due", "locked", "units": [...]} plus conflicts."""
        return {
            "due": self.period.due.isoformat(),
            "locked": self.period.locked,
            "units": [u.to_json() for u in self.units],
            "conflicts": [
                {"item": c.item.key, "label": c.item.label, "units": [u for u, _ in c.reported]}
                for c in self.conflicts
            ],
        }


def period_status(store: PeriodStore, data: DuLieu, code: str, *, now: datetime) -> PeriodStatus:
    """Return where every unit stands in the period and the conflicts between them."""
    ky, period = _period(store, data, code)
    cat = units_and_items(data, ky.code)
    latest = store.latest(data.to_chuc.ma, ky.code)
    today = now.astimezone(VIETNAM).date()
    return PeriodStatus(
        period, ky, statuses(cat, period, latest, today), conflicts(combine(cat, latest))
    )


def lock_period(store: PeriodStore, data: DuLieu, code: str, *, by: str, now: datetime) -> Period:
    """Lock the period: units can no longer submit."""
    ky, _ = _period(store, data, code)
    return store.lock(data.to_chuc.ma, ky.code, by=by, at=now)


def composed(store: PeriodStore, data: DuLieu, code: str, *, now: datetime) -> DuLieu:
    """Return the organisation's data for the period made from the submissions."""
    ky, period = _period(store, data, code)
    cat = units_and_items(data, ky.code)
    latest = store.latest(data.to_chuc.ma, ky.code)
    today = now.astimezone(VIETNAM).date()
    units = statuses(cat, period, latest, today)
    return compose(data, ky, cat, combine(cat, latest), units, due=period.due, today=today)


def aggregate(
    store: PeriodStore, data: DuLieu, code: str, out: Path, *, now: datetime, by: str = "",
    ref: str = "", progress: Callable[[str], None] | None = None, stages: Sequence[Stage] = (),
    rebuild_finalised: bool = False,
) -> BuildResult:  # fmt: skip
    """Build the commune's report set of the period from the submissions (with the annex of
    who reported what) into `out`, record it (`ref`: the job, else the folder) and return it."""
    from generator.build import build_set

    ky, period = _period(store, data, code)
    cat = units_and_items(data, ky.code)
    latest = store.latest(data.to_chuc.ma, ky.code)
    today = now.astimezone(VIETNAM).date()
    units = statuses(cat, period, latest, today)
    combined = combine(cat, latest)
    result = compose(data, ky, cat, combined, units, due=period.due, today=today)
    annex = AnnexStage(ky, cat.units, units, combined)
    built = build_set(
        result, "report", out, today=today, period=ky.code, progress=progress,
        stages=[annex, *stages], rebuild_finalised=rebuild_finalised,
    )  # fmt: skip
    store.record_report(data.to_chuc.ma, ky.code, ref or str(built.folder), by=by, at=now)
    return built


COMMUNE_LABELS = {
    "chua_mo": "Chưa bắt đầu",
    "dang_thu": "Đang thu báo cáo",
    "qua_han": "Quá hạn",
    "da_tong_hop": "Đã tổng hợp",
}


def commune_status(store: PeriodStore, data: DuLieu, code: str, *, now: datetime) -> str:
    """Return where a commune stands in period `code` for the province: chua_mo (not started),
    dang_thu (collecting), qua_han (past the due day without a Tổng hợp), da_tong_hop."""
    ky = period_code(data, code)
    period = store.period(data.to_chuc.ma, ky.code)
    if period is None:
        return "chua_mo"
    if store.reports(data.to_chuc.ma, ky.code):
        return "da_tong_hop"
    return "qua_han" if now.astimezone(VIETNAM).date() > period.due else "dang_thu"


def province_rollup(
    store: PeriodStore, datasets: Mapping[str, DuLieu], code: str, path: Path, *,
    now: datetime, province: str,
) -> Path:  # fmt: skip
    """Write the province's roll-up of every commune's indicator table for period `code`."""
    rows: list[CommuneRow] = []
    ky: KyBaoCao | None = None
    for data in datasets.values():
        ky = period_code(data, code)
        label = COMMUNE_LABELS[commune_status(store, data, ky.code, now=now)]
        if store.period(data.to_chuc.ma, ky.code) is None:
            rows.append(CommuneRow(composed_or_current(data, ky), label, 0, 0))
            continue
        state = period_status(store, data, ky.code, now=now)
        sent = sum(1 for u in state.units if u.submitted_at is not None)
        rows.append(CommuneRow(composed(store, data, ky.code, now=now), label, sent,
                               len(state.units)))  # fmt: skip
    if ky is None:
        raise UsageError("chưa có xã nào để tổng hợp")
    return write_rollup(path, ky, rows, province)


def composed_or_current(data: DuLieu, ky: KyBaoCao) -> DuLieu:
    """Return the data with a (draft) entry for the period, so its table can be read."""
    copy = data.model_copy(deep=True)
    period_entry(copy, ky)
    return copy
