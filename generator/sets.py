"""Document sets: which documents a set holds, in which order, under which file names.

A set turns the data into an ordered list of Jobs (kind, item, output file name). File names
come from data through `slugify`, so they are plain ASCII names that cannot leave the output
folder ("../../x" → "x", "CON" → "con-1"), and two units with the same name get distinct files.
The report helper adds `report` and `plan` to SETS; adding a set is one entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.errors import UsageError
from generator.kinds import KINDS, Kind
from generator.model import DuLieu
from generator.vi.text import slugify

__all__ = ["SETS", "DocumentSet", "Job", "get_set", "inspection_jobs", "numbered", "unique"]


@dataclass(frozen=True)
class Job:
    """One document to render: its kind, the data item it is about, its file name and label."""

    kind: Kind
    file_name: str
    label: str
    item: Any = None


@dataclass(frozen=True)
class DocumentSet:
    """A set of documents built together so that later ones cite earlier ones consistently.

    `jobs(data, period)` returns the ordered jobs; `year(data, period)` the year folder;
    `supports(data)` whether the data holds what the set needs (used by `vanban build all`);
    `periods(data, period)` the periods to build: [period] by default, [None] for a set
    without periods.
    """

    name: str
    title: str
    jobs: Callable[[DuLieu, str | None], list[Job]]
    year: Callable[[DuLieu, str | None], int]
    supports: Callable[[DuLieu], bool]
    periods: Callable[[DuLieu, str | None], list[str | None]] = lambda _data, period: [period]


def unique(stems: list[str]) -> list[str]:
    """Return the stems with repeats made distinct by "-2", "-3", … (order kept)."""
    seen: set[str] = set()
    result = []
    for stem in stems:
        candidate, n = stem, 1
        while candidate in seen:
            n += 1
            candidate = f"{stem}-{n}"
        seen.add(candidate)
        result.append(candidate)
    return result


def numbered(stems: list[str]) -> list[str]:
    """Return "01-<stem>.docx", "02-<stem>.docx", … for the stems, made unique."""
    return [f"{i:02d}-{stem}.docx" for i, stem in enumerate(unique(stems), start=1)]


def inspection_jobs(data: DuLieu, period: str | None = None) -> list[Job]:
    """Return the inspection set: the KH, the QĐ, then one TB per conclusion in data order."""
    if period is not None:
        raise UsageError("bộ văn bản kiểm tra không chia theo kỳ; bỏ tùy chọn --period")
    kt = data.kiem_tra
    if kt is None:
        raise UsageError(
            "dữ liệu chưa có phần kiểm tra (kiem-tra.yaml) nên không lập được bộ văn bản kiểm tra"
        )
    kh, qd, tb = KINDS["kh_kiem_tra"], KINDS["qd_doan"], KINDS["tb_ket_luan"]
    entries: list[tuple[Kind, str, str, Any]] = [
        (kh, kh.file_stem, kh.title, None),
        (qd, qd.file_stem, qd.title, None),
    ]
    for ket_luan in kt.ket_luan:
        found = data.to_chuc.unit(ket_luan.don_vi)
        name = found.ten if found else ket_luan.don_vi
        stem = f"{tb.file_stem}-{slugify(name, max_len=50)}"
        entries.append((tb, stem, f"{tb.title} tại {name}", ket_luan))
    names = numbered([stem for _kind, stem, _label, _item in entries])
    return [
        Job(kind, file_name, label, item)
        for (kind, _stem, label, item), file_name in zip(entries, names, strict=True)
    ]


def _inspection_year(data: DuLieu, _period: str | None) -> int:
    if data.kiem_tra is None:
        raise UsageError("dữ liệu chưa có phần kiểm tra (kiem-tra.yaml)")
    return data.kiem_tra.nam


SETS: dict[str, DocumentSet] = {
    s.name: s
    for s in (
        DocumentSet(
            "inspection",
            "Bộ văn bản kiểm tra công tác CCHC",
            inspection_jobs,
            _inspection_year,
            lambda data: data.kiem_tra is not None,
            lambda _data, _period: [None],
        ),
    )
}


def get_set(name: str) -> DocumentSet:
    """Return the set called `name`, or raise UsageError listing the known sets."""
    try:
        return SETS[name]
    except KeyError:
        known = ", ".join([*SETS, "all"])
        raise UsageError(f"không có bộ văn bản '{name}'; các bộ có sẵn: {known}") from None
