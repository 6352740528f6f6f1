"""Statuses of the units, conflicts, and the commune's value of each item from the submissions.

Rules (stated here, printed on the forms and in the annex):
- a unit is "đã khóa" once the period is locked, else "đã gửi" when it has a submission, else
  "quá hạn" after the due day, else "chưa gửi"; a submission after the due day in force when it
  was sent is "gửi chậm";
- `tong`: the sum of the values the units reported; `trung_binh`: their mean; `chu_tri`: the
  value of the first unit in charge that reported it, else of the first unit that did;
- two units reporting different values of a `chu_tri` item is a conflict: it is listed on the
  status page and in the annex and never summed; the unit in charge's value is the one used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from generator.service.periods.catalogue import Catalogue, Item
from generator.service.periods.figures import Task
from generator.service.periods.store import Period, Submission

TrangThaiGui = Literal["chua_gui", "da_gui", "qua_han", "da_khoa"]
STATUS_LABELS: dict[TrangThaiGui, str] = {
    "chua_gui": "Chưa gửi",
    "da_gui": "Đã gửi",
    "qua_han": "Quá hạn",
    "da_khoa": "Đã khóa",
}


@dataclass(frozen=True)
class UnitStatus:
    """Where one unit stands in a period."""

    unit: str
    ten: str
    status: TrangThaiGui
    submitted_at: datetime | None
    by: str | None
    late: bool

    def to_json(self) -> dict[str, str | None]:
        """Return the API form: {"unit", "status", "submitted_at", "by"} (and the name)."""
        return {
            "unit": self.unit,
            "ten": self.ten,
            "status": self.status,
            "submitted_at": self.submitted_at.isoformat() if self.submitted_at else None,
            "by": self.by,
        }


@dataclass(frozen=True)
class Combined:
    """The commune's value of one item and who reported what."""

    item: Item
    value: float | Task | None
    reported: tuple[tuple[str, float | Task], ...]
    conflict: bool


def statuses(
    cat: Catalogue, period: Period, latest: dict[str, Submission], today: date
) -> list[UnitStatus]:
    """Return the status of every unit of the period, in plan order."""
    found = []
    for unit in cat.units:
        sent = latest.get(unit.ma)
        status: TrangThaiGui
        if period.locked:
            status = "da_khoa"
        elif sent is not None:
            status = "da_gui"
        elif today > period.due:
            status = "qua_han"
        else:
            status = "chua_gui"
        found.append(
            UnitStatus(
                unit.ma,
                unit.ten,
                status,
                sent.at if sent else None,
                sent.by if sent else None,
                sent.late() if sent else today > period.due,
            )
        )
    return found


def _value(sent: Submission, item: Item) -> float | Task | None:
    if item.kind == "hoat_dong":
        return sent.figures.tasks.get(item.key)
    return sent.figures.values.get(item.key)


def combine(cat: Catalogue, latest: dict[str, Submission]) -> list[Combined]:
    """Return the commune's value of every item from each unit's latest submission."""
    found = []
    for item in cat.items:
        reported: list[tuple[str, float | Task]] = []
        for unit in item.don_vi:
            sent = latest.get(unit)
            value = _value(sent, item) if sent else None
            if value is not None:
                reported.append((unit, value))
        found.append(_combined(item, reported))
    return found


def _combined(item: Item, reported: list[tuple[str, float | Task]]) -> Combined:
    if not reported:
        return Combined(item, None, (), False)
    values = [v for _, v in reported]
    if item.rule in ("tong", "trung_binh") and item.kind != "hoat_dong":
        numbers = [float(v) for v in values if isinstance(v, float | int)]
        total = sum(numbers)
        value: float | Task = total if item.rule == "tong" else total / len(numbers)
        return Combined(item, value, tuple(reported), False)
    lead = set(item.don_vi[: item.chu_tri])
    chosen = next((v for u, v in reported if u in lead), values[0])
    conflict = len({_key(v) for v in values}) > 1
    return Combined(item, chosen, tuple(reported), conflict)


def _key(value: float | Task) -> str:
    if isinstance(value, Task):
        return f"{value.trang_thai} {value.ngay_hoan_thanh}"
    return repr(round(float(value), 6))


def conflicts(combined: list[Combined]) -> list[Combined]:
    """Return the items two units reported with different values."""
    return [c for c in combined if c.conflict]
