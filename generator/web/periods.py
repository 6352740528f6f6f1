"""What the periodic-report pages and API share: the current data, who may do what, Tổng hợp jobs.

The organisation's current data is its last upload that passed check (read once per upload and
kept in memory). The store of periods and submissions is `<data-dir>/periods.sqlite`
(`generator.service.periods.store`). A Tổng hợp is an ordinary job (same rows, same API) whose
spec names that store, so its report set is built from the units' submissions.
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from generator.errors import DataError, SourceError, UsageError
from generator.service.jobs import BuildSpec, check_spec
from generator.service.periods.store import PeriodStore
from generator.web import jobs as job_rows
from generator.web.access import may_issue, may_report, may_see
from generator.web.auth import Forbidden, NotFound
from generator.web.config import WebConfig
from generator.web.executor import JobExecutor
from generator.web.store import Store
from generator.web.uploads import Upload, find_upload
from generator.web.users import User, UserError, list_users

if TYPE_CHECKING:
    from generator.model import DuLieu

_LOADED: dict[str, DuLieu] = {}
_LOCK = threading.Lock()


def period_store(config: WebConfig) -> PeriodStore:
    """Return the store of periods and submissions of this server."""
    return PeriodStore.in_dir(config.data_dir)


def current_data(store: Store, config: WebConfig, org: str) -> tuple[Upload, DuLieu]:
    """Return the organisation's newest upload that passes check, with its data.

    Raise UsageError when the organisation has none yet.
    """
    from generator.sources import load_dataset

    with store.connect() as db:
        rows = db.execute(
            "SELECT id FROM uploads WHERE org = ? ORDER BY created_at DESC, rowid DESC", (org,)
        ).fetchall()
    for row in rows:
        upload = find_upload(store, config.uploads, row["id"])
        if upload is None:
            continue
        with _LOCK:
            found = _LOADED.get(upload.id)
        if found is None:
            try:
                found = load_dataset(upload.data, shown=upload.shown)
            except (DataError, SourceError):
                continue
            if found.to_chuc.ma != org:
                continue
            with _LOCK:
                _LOADED[upload.id] = found
        return upload, found
    raise UsageError(
        "xã chưa có dữ liệu hợp lệ (sổ Excel hoặc .zip YAML đã kiểm tra); văn thư tải dữ liệu "
        "lên trước khi mở kỳ báo cáo"
    )


def unit_names(dataset: DuLieu) -> dict[str, str]:
    """Return code → name of the units the plan of `dataset` gives work (chủ trì, phối hợp)."""
    from generator.service.periods.catalogue import plan_units

    return {unit.ma: unit.ten for unit in plan_units(dataset)}


def _guess(unit: str, known: dict[str, str]) -> str:
    from generator.model.refs import closest

    guess = closest(unit, list(known))
    return f"; có phải '{guess}' ({known[guess]})?" if guess and guess != unit else ""


def check_unit_code(store: Store, config: WebConfig, org: str, unit: str) -> bool:
    """Return whether `unit` was checked against the organisation's current data (False when
    it has none yet); raise UserError when the plan of that data gives the unit no work."""
    from generator.limits import shown

    try:
        upload, dataset = current_data(store, config, org)
    except UsageError:
        return False
    known = unit_names(dataset)
    if unit in known:
        return True
    where = f"dữ liệu hiện tại của {org} ({upload.shown})"
    if not known:
        raise UserError(
            f"{where}: kế hoạch CCHC chưa giao hoạt động, chỉ tiêu nào cho đơn vị nào, nên chưa "
            f"thêm được người dùng đơn vị {shown(unit)}; văn thư tải lên dữ liệu có kế hoạch trước"
        )
    raise UserError(
        f"{where}: không có đơn vị nào mang mã {shown(unit)} trong kế hoạch CCHC"
        f"{_guess(unit, known)} (các mã đơn vị được giao chủ trì, phối hợp: "
        f"{', '.join(known)}); dùng một mã trong số đó, hoặc sửa dữ liệu và tải lên lại"
    )


def unit_user_warnings(store: Store, org: str, dataset: DuLieu) -> list[str]:
    """Return a warning for each active unit user of `org` whose unit the plan of `dataset`
    gives no work (a code mistyped, or a unit the new data no longer names)."""
    known = unit_names(dataset)
    warnings = []
    for user, disabled in list_users(store):
        if user.org != org or user.unit is None or disabled or user.unit in known:
            continue
        warnings.append(
            f"người dùng '{user.name}' thuộc đơn vị '{user.unit}', nhưng kế hoạch CCHC của "
            f"dữ liệu này không giao việc cho đơn vị nào mang mã đó{_guess(user.unit, known)}; "
            f"người đó sẽ không gửi được báo cáo định kỳ. Khóa tài khoản (vanban user disable "
            f"{user.name}) rồi thêm lại với mã đúng, hoặc sửa dữ liệu"
        )
    return warnings


def require_clerk(store: Store, user: User, org: str) -> None:
    """Raise NotFound when the user may not see `org`, Forbidden when it may not act on it."""
    if not may_see(store, user, org):
        raise NotFound
    if not may_issue(store, user, org):
        raise Forbidden("Chỉ văn thư (Văn phòng) của xã được mở, khóa và tổng hợp kỳ báo cáo.")


def require_viewer(store: Store, user: User, org: str) -> None:
    """Raise NotFound unless the user may read the whole period of `org` (not a unit user)."""
    if not may_see(store, user, org):
        raise NotFound


def require_unit(store: Store, user: User, org: str, unit: str) -> None:
    """Raise NotFound unless the user may read and write `unit`'s report (404, not 403)."""
    if not may_report(store, user, org, unit):
        raise NotFound


def require_unit_reader(store: Store, user: User, org: str, unit: str) -> None:
    """Raise NotFound unless the user may read `unit`'s form: its own users, the clerks, the
    province."""
    if not may_report(store, user, org, unit) and not may_see(store, user, org):
        raise NotFound


def now() -> datetime:
    """Return the current time (UTC), the one clock of the periodic-report doors."""
    return datetime.now(UTC)


def parse_due(text: str) -> date:
    """Return the due date from "YYYY-MM-DD" or "dd/mm/yyyy"; raise UsageError otherwise."""
    from generator.model.fields import parse_ngay

    try:
        return parse_ngay(text)
    except ValueError as err:
        raise UsageError(f"hạn gửi: {err}") from None


def start_aggregate(
    store: Store, config: WebConfig, executor: JobExecutor, user: User, *, org: str, ky: str
) -> job_rows.Job:
    """Return the queued Tổng hợp job of period `ky` (built from the submissions)."""
    upload, dataset = current_data(store, config, org)
    periods = period_store(config)
    if periods.period(org, ky) is None:
        raise UsageError(f"chưa mở kỳ báo cáo {ky}")
    job_id = job_rows.new_job_id()
    spec = BuildSpec(
        data=str(upload.data),
        set_name="report",
        out=str(job_rows.jobs_root(store) / job_id / "out"),
        period=ky,
        today=now().date().isoformat(),
        collected=str(periods.path),
        by=user.name,
    )
    total = check_spec(dataset, spec)
    job = job_rows.create_job(
        store, job_id=job_id, org=org, user=user.name, upload=upload.id, spec=spec,
        total_documents=total,
    )  # fmt: skip
    store.audit(user.name, "tong_hop_ky_bao_cao", org=org, target=job.id, detail=ky)
    executor.submit(job.id, spec)
    return job


def aggregate_jobs(store: Store, org: str, ky: str) -> list[job_rows.Job]:
    """Return the Tổng hợp jobs of a period, newest first."""
    return [
        j for j in job_rows.org_jobs(store, org, limit=200) if j.spec.collected and j.period == ky
    ]
