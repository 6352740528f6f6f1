"""A unit's figures: parsed and checked with the parsers and messages of `vanban check`.

What a unit sends (a filled form or JSON) first becomes a list of `Entry` (item key, field, value
as typed, where it was typed); `parse_entries` turns them into `Figures` or raises DataError with
every problem at once. The values go through the field parsers of the model (`95,5`, `1.234`,
`95%`, `05/03/2026` …) and the one-stop figures through the rules of `vanban check`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError

from generator.errors import DataError, Place, Problem
from generator.model import DonVi, SoLieuTthc
from generator.model.du_lieu import check_tthc
from generator.model.fields import parse_ngay, parse_so, parse_so_luong, parse_text, parse_ty_le
from generator.model.validate import problems_from_pydantic
from generator.service.periods.catalogue import Catalogue, Item
from generator.sources.common import clean
from generator.sources.workbook_spec import CHOICES

JSON_SOURCE = "dữ liệu JSON"
TASK_FIELDS = ("trang_thai", "ngay_hoan_thanh", "ghi_chu")
TRANG_THAI: tuple[tuple[str, str], ...] = tuple(
    (str(shown), str(value)) for shown, value in CHOICES["trang_thai"]
)


@dataclass(frozen=True)
class Entry:
    """One value as a unit typed it: item key, field (gia_tri, trang_thai, …), value, place."""

    key: str
    field: str
    value: Any
    place: Place


@dataclass(frozen=True)
class Task:
    """A unit's report on one activity: its progress and the day it was done."""

    trang_thai: str
    ngay_hoan_thanh: date | None = None


@dataclass
class Figures:
    """What one unit reported: numbers by item key, activity progress, notes."""

    values: dict[str, float] = field(default_factory=dict)
    tasks: dict[str, Task] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Return the figures as plain JSON values (dates as ISO text)."""
        return {
            "values": dict(self.values),
            "tasks": {
                key: {
                    "trang_thai": t.trang_thai,
                    "ngay_hoan_thanh": t.ngay_hoan_thanh.isoformat() if t.ngay_hoan_thanh else None,
                }
                for key, t in self.tasks.items()
            },
            "notes": dict(self.notes),
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Figures:
        """Return figures stored by `to_json`."""
        tasks = {
            key: Task(
                t["trang_thai"],
                date.fromisoformat(t["ngay_hoan_thanh"]) if t.get("ngay_hoan_thanh") else None,
            )
            for key, t in raw.get("tasks", {}).items()
        }
        return cls(dict(raw.get("values", {})), tasks, dict(raw.get("notes", {})))

    def shown(self, key: str) -> str | None:
        """Return the reported value of an item as one comparable text, or None."""
        if key in self.tasks:
            task = self.tasks[key]
            day = task.ngay_hoan_thanh.isoformat() if task.ngay_hoan_thanh else ""
            return f"{task.trang_thai} {day}".strip()
        if key in self.values:
            return f"{float(self.values[key]):g}"
        return None

    def is_empty(self) -> bool:
        """Return True when nothing was reported."""
        return not self.values and not self.tasks


def entries_from_json(raw: Any) -> list[Entry]:
    """Return the entries of a JSON body `{"<mục>": giá trị | {"gia_tri"|"trang_thai"|…: …}}`.

    Raise DataError when the body is not such an object.
    """
    if not isinstance(raw, Mapping):
        place = Place(JSON_SOURCE)
        message = 'cần một đối tượng JSON dạng {"mã mục": giá trị}, nhận được một giá trị khác'
        raise DataError(problems=[Problem(place, message)])
    entries: list[Entry] = []
    for key, value in raw.items():
        if isinstance(value, Mapping):
            for name, each in value.items():
                place = Place(JSON_SOURCE, key_path=f"{key}.{name}")
                entries.append(Entry(str(key), str(name), each, place))
        else:
            entries.append(Entry(str(key), "gia_tri", value, Place(JSON_SOURCE, key_path=str(key))))
    return entries


def _trang_thai(value: Any) -> str:
    text = " ".join(str(value).split()).casefold()
    for shown, code in TRANG_THAI:
        if text in (shown.casefold(), code):
            return code
    expected = ", ".join(shown for shown, _ in TRANG_THAI)
    raise ValueError(f"cần một trong các giá trị {expected}, nhận được '{value}'")


def _number(item: Item, value: Any) -> float:
    if item.kind == "so_luong":
        return float(parse_so_luong(value))
    if item.kind == "ty_le":
        return parse_ty_le(value)
    return parse_so(value)


def parse_entries(entries: list[Entry], cat: Catalogue, unit: DonVi) -> Figures:
    """Return the unit's figures, or raise DataError listing every problem in one pass."""
    problems: list[Problem] = []
    figures = Figures()
    mine = {item.key: item for item in cat.items_of(unit.ma)}
    task_parts: dict[str, dict[str, tuple[Any, Place]]] = {}
    for entry in entries:
        value = clean(entry.value)
        if value is None or value == "":
            continue
        item = mine.get(entry.key)
        if item is None:
            problems.append(_not_mine(entry, cat, unit))
            continue
        try:
            if entry.field == "ghi_chu":
                figures.notes[entry.key] = parse_text(value)
            elif item.kind == "hoat_dong" and entry.field in TASK_FIELDS:
                task_parts.setdefault(entry.key, {})[entry.field] = (value, entry.place)
            elif item.kind != "hoat_dong" and entry.field == "gia_tri":
                figures.values[entry.key] = _number(item, value)
            else:
                known = (
                    "trang_thai, ngay_hoan_thanh, ghi_chu"
                    if item.kind == "hoat_dong"
                    else ("gia_tri, ghi_chu")
                )
                raise ValueError(f"mục '{entry.key}' có các trường {known}, nhận được "
                                 f"'{entry.field}'")  # fmt: skip
        except ValueError as err:
            problems.append(Problem(entry.place, str(err), entry.field))
    for key, parts in task_parts.items():
        task = _task(key, parts, problems)
        if task is not None:
            figures.tasks[key] = task
    problems += _tthc_problems(figures, entries)
    if problems:
        raise DataError(problems=problems)
    return figures


def _not_mine(entry: Entry, cat: Catalogue, unit: DonVi) -> Problem:
    if cat.item(entry.key) is None:
        message = (
            f"không có mục '{entry.key}' trong mẫu báo cáo kỳ này; tải lại biểu mẫu của đơn vị "
            "và ghi đúng mã mục"
        )
    else:
        message = (
            f"mục '{entry.key}' không thuộc phần báo cáo của {unit.ten}; đơn vị chỉ báo cáo các "
            "mục có trong biểu mẫu của mình"
        )
    return Problem(entry.place, message, entry.field)


def _task(key: str, parts: dict[str, tuple[Any, Place]], problems: list[Problem]) -> Task | None:
    state: str | None = None
    day: date | None = None
    if "trang_thai" in parts:
        value, place = parts["trang_thai"]
        try:
            state = _trang_thai(value)
        except ValueError as err:
            problems.append(Problem(place, str(err), "trang_thai"))
    if "ngay_hoan_thanh" in parts:
        value, place = parts["ngay_hoan_thanh"]
        try:
            day = parse_ngay(value)
        except ValueError as err:
            problems.append(Problem(place, str(err), "ngay_hoan_thanh"))
    if state is None:
        if "trang_thai" not in parts:
            place = next(iter(parts.values()))[1]
            problems.append(Problem(place, "cần trạng thái của hoạt động", "trang_thai"))
        return None
    if state == "xong" and day is None and "ngay_hoan_thanh" not in parts:
        place = parts["trang_thai"][1]
        problems.append(Problem(place, "nhiệm vụ đã xong cần ngày hoàn thành", "ngay_hoan_thanh"))
        return None
    return Task(state, day)


def _tthc_problems(figures: Figures, entries: list[Entry]) -> list[Problem]:
    """Return the one-stop rules of `vanban check` the unit's TTHC figures break."""
    raw = {
        key.removeprefix("tthc."): int(value)
        for key, value in figures.values.items()
        if key.startswith("tthc.")
    }
    if not raw:
        return []
    places = {e.key.removeprefix("tthc."): e.place for e in entries if e.key.startswith("tthc.")}
    first = next(iter(places.values()))

    def locate(path: tuple[str | int, ...]) -> Place:
        name = str(path[-1]) if path else ""
        if name in places:
            return places[name]
        return Place(first.file, key_path=f"tthc.{name}") if first.sheet is None else first

    try:
        tthc = SoLieuTthc.model_validate(raw)
    except ValidationError as err:
        return problems_from_pydantic(err, locate)
    return [
        Problem(locate(path), message, str(path[-1]))
        for path, message in check_tthc(tthc, ("tthc",))
    ]


def problems_json(err: DataError) -> list[dict[str, str | None]]:
    """Return the problems in the job API's error shape: [{"where", "field", "message"}]."""
    return [
        {"where": str(p.place), "field": p.field_name, "message": p.message} for p in err.problems
    ]
