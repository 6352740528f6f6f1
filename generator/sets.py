"""Document sets: which documents a set holds, in which order, under which file names.

A set turns the data into an ordered list of Jobs (kind, item, output file name). File names
come from data through `slugify`, so they are plain ASCII names that cannot leave the output
folder ("../../x" → "x", "CON" → "con-1"), and two units with the same name get distinct files.
The report helper adds `report` and `plan` to SETS; adding a set is one entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import UsageError
from generator.kinds import KINDS, Kind
from generator.model import DuLieu
from generator.model.so_lieu import years_of
from generator.vi.periods import KyBaoCao, parse_ky
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
    # Files written next to the documents (the report's .xlsx phụ lục): (data, period, folder).
    extras: Callable[[DuLieu, str | None, Path], list[Path]] | None = None


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


def _report_code(data: DuLieu, period: str | None) -> KyBaoCao:
    if period is None:
        ready = [entry.ky for entry in data.bao_cao if entry.van_ban is not None]
        example = ready[-1] if ready else "2026-H1"
        have = f"dữ liệu có các kỳ: {', '.join(ready)}" if ready else "2026-Q1, 2026-H1, …"
        raise UsageError(
            f"bộ báo cáo cần kỳ báo cáo: thêm --ky, ví dụ --ky {example} ({have}); "
            "'vanban build all' lập mọi kỳ"
        )
    try:
        return parse_ky(period, data.to_chuc.chot_so_lieu)
    except ValueError as err:
        raise UsageError(str(err)) from None


def report_jobs(data: DuLieu, period: str | None) -> list[Job]:
    """Return the report set: one Báo cáo kết quả CCHC for the period."""
    ky = _report_code(data, period)
    kind = KINDS["bc_ket_qua"]
    return [Job(kind, numbered([kind.file_stem])[0], f"{kind.title} {ky.label}", ky.code)]


def _report_periods(data: DuLieu, period: str | None) -> list[str | None]:
    if period is not None:
        return [period]
    return [entry.ky for entry in data.bao_cao if entry.van_ban is not None]


def _report_extras(data: DuLieu, period: str | None, folder: Path) -> list[Path]:
    from generator.kinds.bc_ket_qua import phu_luc_of
    from generator.report.xlsx_phu_luc import write_phu_luc_xlsx

    ky = _report_code(data, period)
    parts = phu_luc_of(data, ky.code)
    stem = numbered([KINDS["bc_ket_qua"].file_stem])[0].removesuffix(".docx")
    path = write_phu_luc_xlsx(
        folder / f"{stem}-phu-luc.xlsx",
        title=[parts.tieu_de_1, parts.kem_theo],
        chi_so=parts.chi_so,
        tien_do=parts.tien_do,
        tien_do_title=[parts.tieu_de_2, parts.kem_theo],
    )
    return [path]


def plan_jobs(data: DuLieu, period: str | None) -> list[Job]:
    """Return the plan set: the Kế hoạch CCHC with its appendix."""
    if period is not None:
        raise UsageError("Kế hoạch cải cách hành chính không chia theo kỳ; bỏ tùy chọn --period")
    kind = KINDS["kh_cchc"]
    return [Job(kind, numbered([kind.file_stem])[0], kind.title)]


def _plan_year(data: DuLieu, _period: str | None) -> int:
    plan = data.ke_hoach
    if plan is None:
        raise UsageError("dữ liệu chưa có Kế hoạch cải cách hành chính (ke-hoach.yaml)")
    if plan.van_ban.ngay_ban_hanh is not None:
        return plan.van_ban.ngay_ban_hanh.year
    years = years_of(plan.giai_doan)
    if years is None:
        raise UsageError(
            f"giai đoạn của Kế hoạch '{plan.giai_doan}' không có năm nào (cần như 2026-2030)"
        )
    return years[0]


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
        DocumentSet(
            "report",
            "Báo cáo kết quả thực hiện công tác CCHC",
            report_jobs,
            lambda data, period: _report_code(data, period).nam,
            lambda data: any(entry.van_ban is not None for entry in data.bao_cao),
            _report_periods,
            _report_extras,
        ),
        DocumentSet(
            "plan",
            "Kế hoạch cải cách hành chính",
            plan_jobs,
            _plan_year,
            lambda data: data.ke_hoach is not None,
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
