"""Taking work in, for the pages and the API alike: accept an upload, then start a job.

Nothing is built from bad data: an upload is loaded and validated in full first (every problem
at once, with a highlighted copy of a workbook), its organisation must be the clerk's own, and
the chosen set and period must fit the data before a job row exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import (
    DataError,
    DateOrderError,
    IssueChoiceError,
    IssueHint,
    SourceError,
    UsageError,
    VanbanError,
)
from generator.service.jobs import BuildSpec, check_spec
from generator.web import jobs as job_rows
from generator.web.access import may_issue
from generator.web.auth import Forbidden
from generator.web.config import WebConfig
from generator.web.executor import JobExecutor, detailed_problems
from generator.web.store import Store
from generator.web.uploads import Upload, mark_workbook, store_upload
from generator.web.users import User, ensure_org

if TYPE_CHECKING:
    from generator.model import DuLieu

SETS = ("inspection", "report", "plan", "all")
# How the build page and the API let a clerk issue a set's documents separately.
PAGE_ISSUE_HINT = IssueHint(
    "Văn bản cấp số lần này",
    "ví dụ chọn «Kế hoạch và Quyết định thành lập Đoàn» bây giờ, rồi «Thông báo kết luận của "
    "một đơn vị» với ngày ban hành sau buổi kiểm tra của đơn vị đó",
)
API_ISSUE_HINT = IssueHint(
    "chi",
    "ví dụ chi=KH,QĐ bây giờ, rồi chi=TB:<mã đơn vị> với ngay=<ngày> sau buổi kiểm tra của "
    "đơn vị đó",
)


@dataclass
class Refused(Exception):  # noqa: N818  (an answer with a table, not a crash)
    """The upload or the job was refused: the problems to show (422), and maybe a marked copy."""

    problems: list[dict[str, str]]
    upload: Upload | None = None
    marked: bool = False
    headline: str = field(default="Dữ liệu chưa dùng được; sửa các lỗi dưới đây rồi tải lên lại.")


def _require_clerk(store: Store, user: User) -> None:
    if not may_issue(store, user, user.org):
        raise Forbidden(
            "Chỉ văn thư của xã được tải dữ liệu lên và lập văn bản; tài khoản cấp tỉnh chỉ "
            "xem và tải về."
        )


def accept_upload(
    store: Store, config: WebConfig, user: User, *, filename: str, body: Path
) -> tuple[Upload, DuLieu, list[str]]:
    """Return the stored, validated upload, its dataset and its warnings (cells still naming
    the sample commune, as `vanban check` says); raise Refused with every problem."""
    from generator.sources import load_with_source
    from generator.sources.leftovers import sample_leftovers

    _require_clerk(store, user)
    try:
        upload = store_upload(
            store, config.uploads, org=user.org, user=user.name, filename=filename, body=body
        )
    except SourceError as err:
        store.audit(user.name, "tai_len_bi_tu_choi", org=user.org, detail=str(err))
        raise Refused(detailed_problems(err)) from None
    store.audit(user.name, "tai_len", org=user.org, target=upload.id, detail=upload.shown)
    try:
        dataset, source = load_with_source(upload.data, shown=upload.shown)
    except DataError as err:
        marked = mark_workbook(upload, err)
        raise Refused(detailed_problems(err), upload, marked) from None
    except VanbanError as err:
        raise Refused(detailed_problems(err), upload) from None
    if dataset.to_chuc.ma != user.org:
        raise Refused(
            [{"where": f"{upload.shown} › to_chuc.ma", "field": "ma",
              "message": f"dữ liệu này là của tổ chức '{dataset.to_chuc.ma}', còn tài khoản "
              f"'{user.name}' thuộc tổ chức '{user.org}'; chỉ tải lên dữ liệu của xã mình"}],
            upload,
            headline="Dữ liệu không thuộc tổ chức của bạn.",
        )  # fmt: skip
    ensure_org(store, user.org, name=dataset.to_chuc.ten_day_du, province=dataset.to_chuc.tinh)
    return upload, dataset, sample_leftovers(dataset, source.raw, source.prov)


def data_warnings(upload: Upload) -> tuple[DuLieu, list[str]]:
    """Return a stored upload's dataset and its warnings (as `accept_upload` gives them)."""
    from generator.sources import load_with_source
    from generator.sources.leftovers import sample_leftovers

    dataset, source = load_with_source(upload.data, shown=upload.shown)
    return dataset, sample_leftovers(dataset, source.raw, source.prov)


def _issue_rows(err: IssueChoiceError, hint: IssueHint) -> list[dict[str, str]]:
    """Return the refusal as rows: on the build page one row per date the chain breaks, then
    how to issue instead (the API keeps one message: its clients read `errors[0]`)."""
    if hint is not PAGE_ISSUE_HINT or not isinstance(err, DateOrderError):
        return detailed_problems(err.worded(hint))
    where = f"Ngày ban hành {err.issue_date:%d/%m/%Y}"
    rows = [{"where": where, "field": "ngay", "message": problem} for problem in err.problems]
    advice = f"Cấp riêng từng văn bản khi đến lúc ban hành, {hint.example}."
    return [*rows, {"where": "Cách cấp số", "field": "chi", "message": advice}]


def issue_date_of(text: str, where: str) -> date | None:
    """Return the issue date a form gives ("YYYY-MM-DD" or "dd/mm/yyyy"; empty: None)."""
    from generator.model.fields import parse_ngay

    if not text.strip():
        return None
    try:
        return parse_ngay(text.strip())
    except ValueError as err:
        raise Refused(
            [{"where": where, "field": where, "message": f"ngày ban hành: {err}"}],
            headline="Ngày ban hành chưa đúng.",
        ) from None


def units_to_issue(dataset: DuLieu) -> list[tuple[str, str]]:
    """Return (code, name) of each inspected unit with a TB kết luận, for the build page."""
    if dataset.kiem_tra is None:
        return []
    names = {unit.ma: unit.ten for unit in dataset.to_chuc.don_vi}
    return [(tb.don_vi, names.get(tb.don_vi, tb.don_vi)) for tb in dataset.kiem_tra.ket_luan]


def periods_of(dataset: DuLieu) -> list[str]:
    """Return the report periods the data can build (those with a van_ban)."""
    return [entry.ky for entry in dataset.bao_cao if entry.van_ban is not None]


def start_job(
    store: Store,
    *,
    config: WebConfig,
    executor: JobExecutor,
    user: User,
    upload: Upload,
    dataset: DuLieu,
    set_name: str,
    period: str | None,
    issue: bool,
    rebuild_finalised: bool = False,
    only: Sequence[str] = (),
    issue_date: date | None = None,
    hint: IssueHint = PAGE_ISSUE_HINT,
) -> job_rows.Job:
    """Return the new job after checking set and period against the data and queueing it.

    `rebuild_finalised`: a set folder holding finalised documents is rebuilt (they are kept in
    its versions/) instead of failing the job. When issuing, `only` chooses the documents to
    issue now on `issue_date` (default today), and the chain's date order is checked here,
    refused in the words of `hint`; a register changed meanwhile still fails the job.
    """
    _require_clerk(store, user)
    if upload.org != user.org:
        raise Forbidden("Dữ liệu này không thuộc tổ chức của bạn.")
    if set_name not in SETS:
        raise Refused(
            [{"where": "set", "field": "set",
              "message": f"cần một trong {', '.join(SETS)}, nhận được '{set_name}'"}]
        )  # fmt: skip
    if set_name in ("inspection", "plan"):
        period = None
    if only and (not issue or set_name == "all"):
        raise Refused(
            [{"where": hint.option, "field": hint.option,
              "message": "chỉ chọn văn bản cấp số khi cấp số cho một bộ văn bản (không phải "
              "«mọi bộ»)"}]
        )  # fmt: skip
    job_id = job_rows.new_job_id()
    from generator.web.templatesets import templates_for

    chosen = templates_for(store, user.org)
    spec = BuildSpec(
        data=str(upload.data),
        set_name=set_name,
        out=str(job_rows.jobs_root(store) / job_id / "out"),
        period=period or None,
        issue=issue,
        register=str(config.register_path) if issue else None,
        today=date.today().isoformat(),
        issue_date=issue_date.isoformat() if issue and issue_date else None,
        templates=str(chosen) if chosen is not None else None,
        rebuild_finalised=rebuild_finalised,
        only=list(only),
    )
    try:
        total = check_spec(dataset, spec)
        if issue:
            _check_issue(config, dataset, spec, issue_date or date.today())
    except IssueChoiceError as err:
        headline = "Chưa cấp số được với lựa chọn này; xem lý do và cách chọn dưới đây."
        raise Refused(_issue_rows(err, hint), upload, headline=headline) from None
    except (UsageError, DataError) as err:
        raise Refused(detailed_problems(err), upload) from None
    job = job_rows.create_job(
        store, job_id=job_id, org=user.org, user=user.name, upload=upload.id, spec=spec,
        total_documents=total,
    )  # fmt: skip
    action = "cap_so_va_lap" if issue else "lap_du_thao"
    detail = set_name + (f" {period}" if period else "")
    store.audit(user.name, action, org=user.org, target=job.id, detail=detail)
    executor.submit(job.id, spec)
    return job


def _check_issue(config: WebConfig, dataset: DuLieu, spec: BuildSpec, day: date) -> None:
    """Raise what issuing the job's sets would raise about its choice and dates; issue nothing."""
    from generator.register import Register
    from generator.register.issue import check_issue
    from generator.service.jobs import planned_sets

    path = config.register_path
    register = Register(path) if path.is_file() else None
    try:
        for name, period in planned_sets(dataset, spec.set_name, spec.period):
            check_issue(
                register, dataset.model_copy(deep=True), name, period=period, issue_date=day,
                only=spec.only,
            )  # fmt: skip
    finally:
        if register is not None:
            register.close()
