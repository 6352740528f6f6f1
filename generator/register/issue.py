"""Issue a whole document set through the register: `vanban build --issue` and `vanban batch`.

Before rendering, `issue_set` asks the register for every document's number in one transaction
and writes the numbers and the issue date into the documents' envelopes (the model, in place),
so the QĐ and the TBs cite the KH's real number. After a successful build `record_set` marks them
issued with the hashes of their files; after a failure `release_set` gives back or voids the
numbers this build reserved. The register key of a document is its kind plus its file stem
without the order prefix ("tb_ket_luan:thong-bao-phong-kinh-te"), so adding a conclusion before
it does not give it a new number.

A clerk may issue a set's documents separately (`only`): the KH and the QĐ now, each TB after
its inspection. Documents not chosen keep the number they already have in the register, or stay
drafts; the whole set is still built, so every citation is consistent. Before any number is
allocated, the chain's date order is checked with the dates the documents would get, by every
door (build, batch, queued tasks, web jobs); the errors are door-neutral
(`generator.errors.IssueChoiceError`) and each door words how to choose.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import DateOrderError, RegisterError, UnknownChoiceError
from generator.model import DuLieu, VanBan
from generator.model.ngay import date_order
from generator.register.entries import Issued, IssueRequest, SeriesPolicy
from generator.register.store import Register
from generator.vi.text import slugify

if TYPE_CHECKING:
    from generator.build import BuildResult, Stage, Templates
    from generator.sets import Job

__all__ = [
    "build_issued",
    "check_issue",
    "chosen_jobs",
    "doc_key",
    "envelope_of",
    "file_key",
    "issue_set",
    "kept_names",
    "record_set",
    "register_set_name",
    "release_set",
    "split_choice",
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


def _selector(job: Job) -> tuple[str, str | None]:
    """Return the document type of a job ("KH", "QD", "TB", "BC") and its unit for a TB."""
    loai = job.kind.loai_van_ban.replace("Đ", "D").upper()
    unit = getattr(job.item, "don_vi", None)
    return loai, unit if isinstance(unit, str) else None


def split_choice(values: Iterable[str]) -> list[str]:
    """Return the document names of a choice ("KH,QĐ", "TB:vp-ubnd"), commas splitting one
    value into several: the one reading of `--chi`, the API's `chi` and the web form."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def chosen_jobs(jobs: Sequence[Job], only: Sequence[str]) -> set[int]:
    """Return the positions of the jobs named by `only`: "KH", "QĐ", "TB", "TB:<mã đơn vị>"…

    Raise UnknownChoiceError for a name that matches no document of the set (with its names).
    """
    available: list[str] = []
    for job in jobs:
        loai, unit = _selector(job)
        for name in (loai, f"{loai}:{unit}" if unit else None):
            if name and name not in available:
                available.append(name)
    found: set[int] = set()
    for raw in only:
        wanted = raw.strip().upper().replace("Đ", "D")
        loai, _, unit = wanted.partition(":")
        hits = {
            i
            for i, job in enumerate(jobs)
            if _selector(job)[0] == loai and (not unit or (_selector(job)[1] or "").upper() == unit)
        }
        if not hits:
            shown = [n.replace("QD", "QĐ") for n in available]
            raise UnknownChoiceError(raw.strip(), shown)
        found |= hits
    return found


def issue_set(
    register: Register,
    data: DuLieu,
    jobs: Sequence[Job],
    *,
    set_name: str,
    issue_date: date,
    policy: SeriesPolicy = SeriesPolicy.CHUNG,
    only: set[int] | None = None,
    kept: Collection[str] = (),
) -> list[Issued]:
    """Return the numbers of the documents issued now, filling `so` and `ngay_ban_hanh` in place.

    `only` holds the positions of the jobs to issue (default: all). A document re-issued keeps
    the number and date it got the first time; one not chosen keeps its number if it has one,
    else stays a draft. `kept` names the files of finalised documents the build keeps as they
    are (`generator.finalised.carry_finalised`): they are never issued now. Raise
    DateOrderError, allocating nothing, when the dates would break the chain's order (a TB
    before its inspection, a QĐ before its KH).
    """
    org = data.to_chuc
    chosen = set(range(len(jobs))) if only is None else only
    chosen = {i for i in chosen if jobs[i].file_name not in kept}
    _check_order(register, data, jobs, set_name=set_name, issue_date=issue_date, chosen=chosen)
    requests: list[IssueRequest] = []
    for i, job in enumerate(jobs):
        envelope = envelope_of(data, job)
        envelope.so = None  # the register decides; a hand-typed number would bypass it
        if i not in chosen:
            had = register.known(org.ma, set_name, doc_key(job))
            if had is not None:
                envelope.so, envelope.ngay_ban_hanh = had.so, had.ngay
    for i, job in enumerate(jobs):
        if i not in chosen:
            continue
        envelope = envelope_of(data, job)
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
    picked = [job for i, job in enumerate(jobs) if i in chosen]
    for job, number in zip(picked, issued, strict=True):
        envelope = envelope_of(data, job)
        envelope.so = number.so
        envelope.ngay_ban_hanh = number.ngay
    return issued


def kept_names(final: Path, *, rebuild_finalised: bool) -> frozenset[str]:
    """Return the file names of the finalised documents a build of `final` keeps in place."""
    from generator.finalised import finalised_in_place

    return frozenset() if rebuild_finalised else frozenset(finalised_in_place(final))


def check_issue(
    register: Register | None,
    data: DuLieu,
    set_name: str,
    *,
    period: str | None,
    issue_date: date,
    only: Sequence[str] = (),
) -> None:
    """Raise what issuing `set_name` would raise about the choice and the dates; issue nothing.

    For a door that can refuse before a job starts (the web). `register` None: no register
    yet, so no document has a number.
    """
    from generator.sets import get_set

    doc_set = get_set(set_name)
    jobs = doc_set.jobs(data, period)
    chosen = chosen_jobs(jobs, only) if only else set(range(len(jobs)))
    name = register_set_name(doc_set.year(data, period), doc_set.name, period)
    _check_order(register, data, jobs, set_name=name, issue_date=issue_date, chosen=chosen)


def _check_order(
    register: Register | None,
    data: DuLieu,
    jobs: Sequence[Job],
    *,
    set_name: str,
    issue_date: date,
    chosen: set[int],
) -> None:
    """Raise DateOrderError when the dates the set would carry break the chain's order.

    The dates are tried on the envelopes themselves (a job's item is the model's own entry)
    and put back before returning.
    """
    saved: list[tuple[VanBan, date | None]] = []
    try:
        for i, job in enumerate(jobs):
            key = doc_key(job)
            had = None if register is None else register.known(data.to_chuc.ma, set_name, key)
            envelope = envelope_of(data, job)
            saved.append((envelope, envelope.ngay_ban_hanh))
            if had is not None:
                envelope.ngay_ban_hanh = had.ngay
            elif i in chosen:
                envelope.ngay_ban_hanh = issue_date
        problems = [message for _, message in date_order(data.kiem_tra)]
    finally:
        for envelope, ngay in saved:
            envelope.ngay_ban_hanh = ngay
    if problems:
        raise DateOrderError(issue_date, problems)


def record_set(register: Register, issued: Sequence[Issued], result: BuildResult) -> None:
    """Mark the numbers issued now with the SHA-256 of the files the build produced."""
    by_key = {file_key(d.kind, d.docx.name): d for d in result.documents}
    for number in issued:
        document = by_key.get(number.key)
        if document is not None:
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
    only: Sequence[str] = (),
    rebuild_finalised: bool = False,
) -> BuildResult:
    """Build one set with register numbers: issue, build, record; release them if it fails.

    `only` names the documents to issue now ("KH", "QĐ", "TB:<mã đơn vị>"); empty: all.
    Finalised documents the build keeps are not issued (see `generator.build.build_set`).
    """
    from generator.build import build_set, set_folder
    from generator.sets import get_set

    doc_set = get_set(set_name)
    final = set_folder(out, data, doc_set, period)
    jobs = doc_set.jobs(data, period)
    name = register_set_name(doc_set.year(data, period), doc_set.name, period)
    issued = issue_set(
        register,
        data,
        jobs,
        set_name=name,
        issue_date=issue_date,
        policy=policy,
        only=chosen_jobs(jobs, only) if only else None,
        kept=kept_names(final, rebuild_finalised=rebuild_finalised),
    )
    try:
        result = build_set(
            data, set_name, out, today=today, period=period, progress=progress, stages=stages,
            templates=templates, rebuild_finalised=rebuild_finalised,
        )  # fmt: skip
        record_set(register, issued, result)
    except BaseException as err:
        reason = "dừng giữa chừng" if isinstance(err, KeyboardInterrupt) else f"lỗi: {err}"
        release_set(register, issued, f"tạo bộ văn bản không thành công ({reason})"[:500])
        raise
    return result
