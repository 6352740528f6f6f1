"""What a batch has to do: organisations × sets × periods, read from a folder or a YAML job list.

A folder: every sub-folder holding YAML data and every .xlsx workbook is one organisation; the
sets and periods come from the command line. A YAML job list names them itself:

    to_chuc: [xa/*]                 # folders or workbooks, relative to the job list; globs allowed
    bo_van_ban: [inspection, report]
    ky_bao_cao: [2026-H1]           # periods of the report set

or, organisation by organisation:

    jobs:
      - to_chuc: xa/tan-ha
        bo_van_ban: [inspection]
      - to_chuc: xa/binh-lu.xlsx
        bo_van_ban: [report]
        ky_bao_cao: [2026-Q1, 2026-H1]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generator.errors import IssueHint, SourceError, UsageError
from generator.register import SeriesPolicy

PERIOD_SETS = frozenset({"report"})


@dataclass(frozen=True)
class BatchOptions:
    """Everything that shapes the outputs (part of each set's input hash) and how to run."""

    out: Path
    today: date
    pdf: bool = True
    issue: bool = False
    issue_date: date | None = None
    register: Path | None = None
    policy: SeriesPolicy = SeriesPolicy.CHUNG
    force: bool = False
    workers: int = 0
    # A province's own templates by kind name (`batch --templates`, checked before the batch);
    # each document's input hash covers the template it is made from.
    templates: Mapping[str, Path] | None = None
    # Rebuild a set holding finalised documents, keeping them in its versions/ (not hashed:
    # it changes no document, only whether the set may be replaced).
    rebuild_finalised: bool = False
    # With `issue`: the documents to issue now ("KH", "QĐ", "TB:<mã đơn vị>"); empty: all. The
    # numbers they get are in each context, so the choice needs no place in the hash.
    only: tuple[str, ...] = ()
    # How the door running the batch lets a clerk choose (its wording of IssueChoiceError).
    hint: IssueHint | None = None

    def hashed(self) -> dict[str, Any]:
        """Return the options that change what a document looks like."""
        # `today` is not here: its effect (a draft's date line) is already in each context.
        return {"pdf": self.pdf, "issue": self.issue}


@dataclass(frozen=True)
class SetJob:
    """One set to build for one organisation; `period` only for periodic sets (report)."""

    set_name: str
    period: str | None = None

    @property
    def label(self) -> str:
        """Return "inspection" or "report 2026-H1"."""
        return f"{self.set_name} {self.period}" if self.period else self.set_name


@dataclass(frozen=True)
class OrgJob:
    """One organisation's data and the sets to build from it."""

    data: Path
    sets: tuple[SetJob, ...]

    @property
    def name(self) -> str:
        """Return the data folder or workbook name, which names the organisation in reports."""
        return self.data.stem if self.data.suffix.lower() == ".xlsx" else self.data.name


def set_jobs(
    sets: Sequence[str], periods: Sequence[str], known: Sequence[str], where: str
) -> tuple[SetJob, ...]:
    """Return the set jobs of `sets` × `periods`, refusing unknown sets and missing periods."""
    out: list[SetJob] = []
    for name in sets:
        if name not in known:
            raise UsageError(
                f"{where}: không có bộ văn bản '{name}'; các bộ có sẵn: {', '.join(known)}"
            )
        if name in PERIOD_SETS:
            if not periods:
                raise UsageError(
                    f"{where}: bộ '{name}' cần kỳ báo cáo (ky_bao_cao hoặc --ky), ví dụ 2026-H1"
                )
            out.extend(SetJob(name, period) for period in periods)
        else:
            out.append(SetJob(name))
    if not out:
        raise UsageError(f"{where}: chưa chọn bộ văn bản nào (bo_van_ban hoặc --bo)")
    return tuple(out)


def _is_org(path: Path) -> bool:
    if path.is_dir():
        return any(path.glob("*.yaml")) or any(path.glob("*.yml"))
    return path.is_file() and path.suffix.lower() == ".xlsx" and not path.name.startswith("~$")


def organisations_in(folder: Path) -> list[Path]:
    """Return every organisation (YAML data folder or workbook) directly inside `folder`."""
    found = sorted(p for p in folder.iterdir() if not p.name.startswith(".") and _is_org(p))
    if not found:
        raise SourceError(
            f"{folder}: không có tổ chức nào (cần các thư mục dữ liệu YAML hoặc tệp .xlsx, "
            "mỗi tổ chức một thư mục hoặc một tệp)"
        )
    return found


def _as_list(value: Any, where: str, key: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str | int):
        return [str(value)]
    if isinstance(value, list) and all(isinstance(v, str | int) for v in value):
        return [str(v) for v in value]
    raise SourceError(f"{where} › {key}: cần một danh sách, nhận được {value!r}")


def _expand(base: Path, pattern: str, where: str) -> list[Path]:
    matches = sorted(base.glob(pattern)) if any(c in pattern for c in "*?[") else [base / pattern]
    found = [p for p in matches if _is_org(p)]
    if not found:
        raise SourceError(f"{where} › to_chuc: không tìm thấy dữ liệu tổ chức '{pattern}'")
    return found


def read_job_list(path: Path, known_sets: Sequence[str]) -> list[OrgJob]:
    """Return the organisation jobs of a YAML job list (format in the module docstring)."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise SourceError(f"{path}: không đọc được danh sách việc ({err})") from None
    if not isinstance(raw, dict):
        raise SourceError(f"{path}: cần các trường to_chuc, bo_van_ban (hoặc jobs)")
    entries = raw.get("jobs")
    if entries is None:
        entries = [raw]
    elif not isinstance(entries, list):
        raise SourceError(f"{path} › jobs: cần một danh sách việc")
    jobs: list[OrgJob] = []
    for i, entry in enumerate(entries):
        where = f"{path} › jobs[{i}]" if "jobs" in raw else str(path)
        if not isinstance(entry, dict):
            raise SourceError(f"{where}: cần các trường to_chuc, bo_van_ban")
        unknown = set(entry) - {"to_chuc", "bo_van_ban", "ky_bao_cao"}
        if unknown:
            raise SourceError(f"{where}: trường không có trong mẫu: {', '.join(sorted(unknown))}")
        sets = set_jobs(
            _as_list(entry.get("bo_van_ban"), where, "bo_van_ban"),
            _as_list(entry.get("ky_bao_cao"), where, "ky_bao_cao"),
            known_sets,
            where,
        )
        patterns = _as_list(entry.get("to_chuc"), where, "to_chuc")
        if not patterns:
            raise SourceError(f"{where} › to_chuc: thiếu danh sách tổ chức")
        for pattern in patterns:
            jobs.extend(OrgJob(org, sets) for org in _expand(path.parent, pattern, where))
    return _merge(jobs)


def _merge(jobs: list[OrgJob]) -> list[OrgJob]:
    """Return one job per organisation, its sets in first-seen order without repeats."""
    merged: dict[Path, list[SetJob]] = {}
    for job in jobs:
        sets = merged.setdefault(job.data.resolve(), [])
        sets.extend(s for s in job.sets if s not in sets)
    return [OrgJob(data, tuple(sets)) for data, sets in merged.items()]


def plan(
    source: Path, sets: Sequence[str], periods: Sequence[str], known_sets: Sequence[str]
) -> list[OrgJob]:
    """Return the jobs of a batch from a folder of organisations or a YAML job list."""
    if source.is_file() and source.suffix.lower() in (".yaml", ".yml"):
        if sets:
            raise UsageError(
                f"{source}: danh sách việc đã chọn bộ văn bản; bỏ --bo hoặc dùng một thư mục"
            )
        return read_job_list(source, known_sets)
    if not source.is_dir():
        raise SourceError(
            f"{source}: cần một thư mục chứa dữ liệu các tổ chức hoặc một danh sách việc .yaml"
        )
    chosen = set_jobs(sets, periods, known_sets, "--bo")
    return [OrgJob(org.resolve(), chosen) for org in organisations_in(source)]
