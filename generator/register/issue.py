"""Issue a whole document set through the register: `vanban build --issue` and `vanban batch`.

Before rendering, `issue_set` asks the register for every document's number in one transaction
and writes the numbers and the issue date into the documents' envelopes (the model, in place),
so the QĐ and the TBs cite the KH's real number. After a successful build `record_set` marks them
issued with the hashes of their files; after a failure `release_set` gives back or voids the
numbers this build reserved. The register key of a document is its kind plus its file stem
without the order prefix ("tb_ket_luan:thong-bao-phong-kinh-te"), so adding a conclusion before
it does not give it a new number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import RegisterError
from generator.model import DuLieu, VanBan
from generator.register.entries import Issued, IssueRequest, SeriesPolicy
from generator.register.store import Register
from generator.vi.text import slugify

if TYPE_CHECKING:
    from generator.build import BuildResult, Stage, Templates
    from generator.sets import Job

__all__ = [
    "build_issued",
    "doc_key",
    "envelope_of",
    "file_key",
    "issue_set",
    "record_set",
    "register_set_name",
    "release_set",
]

_ORDER_PREFIX = re.compile(r"^\d+-")


def doc_key(job: Job) -> str:
    """Return the register key of a job: kind and file stem without "NN-" and ".docx"."""
    return file_key(job.kind.name, job.file_name)


def file_key(kind: str, file_name: str) -> str:
    """Return the register key of a set's file: "tb_ket_luan:thong-bao-phong-kinh-te"."""
    stem = file_name.removesuffix(".docx")
    return f"{kind}:{_ORDER_PREFIX.sub('', stem)}"


def register_set_name(year: int, set_name: str, period: str | None) -> str:
    """Return the set name the register records: the set folder below the organisation.

    Same spelling as generator.build.set_folder ("2026/report-2026-h1").
    """
    return f"{year}/{set_name}" + (f"-{slugify(period)}" if period else "")


def envelope_of(data: DuLieu, job: Job) -> VanBan:
    """Return the VanBan envelope of the document `job` makes, inside `data`."""
    item_envelope = getattr(job.item, "van_ban", None)
    if isinstance(item_envelope, VanBan):
        return item_envelope
    kt = data.kiem_tra
    if job.kind.name == "kh_kiem_tra" and kt is not None:
        return kt.ke_hoach.van_ban
    if job.kind.name == "qd_doan" and kt is not None:
        return kt.quyet_dinh.van_ban
    if job.kind.name == "kh_cchc" and data.ke_hoach is not None:
        return data.ke_hoach.van_ban
    if job.kind.name == "bc_ket_qua":  # the item is the period code ("2026-H1")
        for entry in data.bao_cao:
            if entry.ky == job.item and entry.van_ban is not None:
                return entry.van_ban
    raise RegisterError(f"chưa biết cách cấp số cho loại văn bản '{job.kind.name}'")


def _line(text: str) -> str:
    return text.strip().removeprefix("- ").rstrip(";.").strip()


def issue_set(
    register: Register,
    data: DuLieu,
    jobs: Sequence[Job],
    *,
    set_name: str,
    issue_date: date,
    policy: SeriesPolicy = SeriesPolicy.CHUNG,
) -> list[Issued]:
    """Return the numbers of every document of a set, filling `so` and `ngay_ban_hanh` in place.

    A document re-issued keeps the number and date it got the first time.
    """
    org = data.to_chuc
    requests: list[IssueRequest] = []
    for job in jobs:
        envelope = envelope_of(data, job)
        envelope.so = None  # the register decides; a hand-typed number would bypass it
        context = job.kind.build_context(data, today=issue_date, item=job.item)
        requests.append(
            IssueRequest(
                org=org.ma,
                set_name=set_name,
                key=doc_key(job),
                loai_van_ban=job.kind.loai_van_ban,
                ky_hieu=context["so_ky_hieu"].split("/", 1)[1],
                ngay=issue_date,
                trich_yeu=context["trich_yeu"],
                nguoi_ky=context["nguoi_ky"],
                ten_to_chuc=org.ten_day_du,
                noi_nhan=tuple(_line(n) for n in context["noi_nhan"]),
                luu=envelope.luu,
            )
        )
    issued = register.issue(requests, policy)
    for job, number in zip(jobs, issued, strict=True):
        envelope = envelope_of(data, job)
        envelope.so = number.so
        envelope.ngay_ban_hanh = number.ngay
    return issued


def record_set(register: Register, issued: Sequence[Issued], result: BuildResult) -> None:
    """Mark the set's numbers issued with the SHA-256 of the files the build produced."""
    for number, document in zip(issued, result.documents, strict=True):
        register.record_hashes(number, document.sha256_docx, document.sha256_pdf)


def release_set(register: Register, issued: Sequence[Issued], reason: str) -> list[Issued]:
    """Give back or void the numbers this build reserved; return those voided."""
    return register.release([i for i in issued if i.new or i.status == "reserved"], reason)


def build_issued(
    register: Register,
    data: DuLieu,
    set_name: str,
    out: Path,
    *,
    today: date,
    issue_date: date,
    period: str | None = None,
    policy: SeriesPolicy = SeriesPolicy.CHUNG,
    progress: Callable[[str], None] | None = None,
    stages: Sequence[Stage] = (),
    templates: Templates | None = None,
) -> BuildResult:
    """Build one set with register numbers: issue, build, record; release them if it fails."""
    from generator.build import build_set
    from generator.sets import get_set

    doc_set = get_set(set_name)
    jobs = doc_set.jobs(data, period)
    name = register_set_name(doc_set.year(data, period), doc_set.name, period)
    issued = issue_set(register, data, jobs, set_name=name, issue_date=issue_date, policy=policy)
    try:
        result = build_set(
            data, set_name, out, today=today, period=period, progress=progress, stages=stages,
            templates=templates,
        )  # fmt: skip
        record_set(register, issued, result)
    except BaseException as err:
        reason = "dừng giữa chừng" if isinstance(err, KeyboardInterrupt) else f"lỗi: {err}"
        release_set(register, issued, f"tạo bộ văn bản không thành công ({reason})"[:500])
        raise
    return result
