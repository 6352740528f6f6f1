"""Every field the data accepts reaches a document, or `check` refuses a wrong value for it.

Walks the raw data of both test communes (the sample and phường Tân Lập). For the first value of
each field path, a changed copy is made (text gets a marker, a count goes up by one, a date moves
a day); the changed data is validated like `vanban check` does, and when it is accepted, the
contexts of every document of every set are built again. A field whose change is accepted and
changes no document is silently ignored data: it must be listed in NOT_PRINTED with the reason.
"""

from __future__ import annotations

import copy
import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from generator.model import DuLieu, cross_check
from generator.sets import SETS
from generator.sources.yaml_folder import load_yaml_folder

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = [ROOT / "data" / "binh-lu", ROOT / "tests" / "cases" / "communes" / "tan-lap" / "data"]
TODAY = date(2026, 12, 15)
DATE = re.compile(r"^\d{2}/\d{2}/\d{4}$")

# Fields accepted on purpose without printing them, with why.
NOT_PRINTED = {
    "to_chuc.ma": "the organisation's code names its output folder and register rows",
    "to_chuc.tinh": "kept for the province's collection of reports, not printed",
    "to_chuc.co_quan_cap_tren": "the recipient of the aggregated report (service/periods)",
    "to_chuc.don_vi.*.ten_goi_khac": "other spellings that recognise a unit in the data",
    "to_chuc.don_vi.*.ten_viet_tat": "printed in 'Lưu: VT, …' only when luu is just VT, which "
    "neither commune writes; also recognises the unit",
    # Read through computed figures only: a fix one day later inside the same window changes
    # no count, so the change made here cannot show (tests/report cover the counting).
    "kiem_tra.ket_luan.*.ton_tai.*.ngay_khac_phuc": "counted by cut-off date in reports",
    "kiem_tra.ket_luan.*.ton_tai.*.da_khac_phuc": "counted in reports (ty_le_khac_phuc)",
    "to_chuc.don_vi.*.thu_truong": "the unit head, used by the periodic collection",
    "to_chuc.don_vi.*.loai": "the unit type, used by the periodic collection",
    "to_chuc.can_bo.*.don_vi": "the person's unit, used by the periodic collection",
    "ke_hoach.chi_tieu.*.chu_tri": "who reports the indicator: the periodic collection",
    "ke_hoach.chi_tieu.*.phoi_hop": "who reports the indicator: the periodic collection",
    "ke_hoach.chi_tieu.*.tong_hop": "how units' values combine: the periodic collection",
    "ke_hoach.ma_ke_hoach": "the plan's code in the register",
    "kiem_tra.ket_luan.*.phu_luc": "hides the appendix of kiến nghị; the one notice that sets it "
    "has none (tests/kinds/test_tb_ket_luan.py shows it working)",
    "kiem_tra.ke_hoach.lich.*.ghi_chu": "a note for the office, not printed",
    "bao_cao.*.chi_tieu.*.ghi_chu": "a note on the source of a figure, not printed",
}


def _paths(value: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Return the path of every leaf value (text, number, date, flag) in the raw data."""
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _paths(v, (*path, k))]
    if isinstance(value, list) and value and isinstance(value[0], dict | list):
        return [p for i, v in enumerate(value) for p in _paths(v, (*path, i))]
    return [path]


def _pattern(path: tuple[str | int, ...]) -> str:
    return ".".join("*" if isinstance(p, int) else p for p in path)


def _changed(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    if isinstance(value, date):
        return value + timedelta(days=1)
    if isinstance(value, str) and DATE.match(value):
        return (datetime.strptime(value, "%d/%m/%Y") + timedelta(days=1)).strftime("%d/%m/%Y")
    if isinstance(value, list):
        return [*value, "Mục thêm ZQX"] if all(isinstance(v, str) for v in value) else value
    if isinstance(value, str):
        return f"{value} ZQX"
    return value


def _contexts(data: DuLieu) -> str:
    found: list[Any] = []
    for doc_set in SETS.values():
        if not doc_set.supports(data):
            continue
        for period in doc_set.periods(data, None):
            for job in doc_set.jobs(data, period):
                found.append(job.kind.build_context(data, today=TODAY, item=job.item))
    return json.dumps(found, default=repr, ensure_ascii=False, sort_keys=True)


def _accepted(raw: dict[str, Any]) -> DuLieu | None:
    try:
        data = DuLieu.model_validate(raw)
    except ValidationError:
        return None
    return None if cross_check(data) else data


@pytest.fixture(autouse=True)
def _no_charts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The chart is drawn from rows already in the context: skip drawing it (time only)."""
    monkeypatch.setattr("generator.kinds.bc_ket_qua.render_chart", lambda *_a, **_k: None)


def _walk(folder: Path, tried: set[str], reached: set[str]) -> None:
    """Change each field of one commune's data; add what was tried and what showed or failed."""
    raw = load_yaml_folder(folder)[0]
    base = _accepted(raw)
    assert base is not None
    baseline = _contexts(base)
    attempts: dict[str, int] = {}
    for path in _paths(raw):
        pattern = _pattern(path)
        # A value may be unused in this commune (a signer who signs nothing here): try a few.
        if pattern in reached or pattern in NOT_PRINTED or attempts.get(pattern, 0) >= 6:
            continue
        attempts[pattern] = attempts.get(pattern, 0) + 1
        tried.add(pattern)
        changed = copy.deepcopy(raw)
        node: Any = changed
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = _changed(node[path[-1]])
        data = _accepted(changed)
        if data is None:  # check refuses the changed value: the field is checked
            reached.add(pattern)
            continue
        try:
            shown = _contexts(data)
        except Exception:  # a changed value the build refuses is refused too
            reached.add(pattern)
            continue
        if shown != baseline:
            reached.add(pattern)


def test_every_accepted_field_reaches_a_document() -> None:
    """A field counts as used when, in either commune, changing it changes a document."""
    tried: set[str] = set()
    reached: set[str] = set()
    for folder in FOLDERS:
        _walk(folder, tried, reached)
    assert len(tried) > 150  # the walk saw the data
    ignored = sorted(tried - reached)
    assert ignored == [], f"accepted but never printed: {ignored}"
