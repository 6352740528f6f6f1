"""The periodic-report API (bearer token): open a period, forms, status, submissions, Tổng hợp.

- `POST /api/v1/periods/{org}/{ky}` {"due": "YYYY-MM-DD"} opens the period (the clerk) → 201;
- `GET …/{ky}/forms/{unit}.xlsx` the unit's prefilled form;
- `GET …/{ky}/status` → {"due", "locked", "units": [{"unit", "status", "submitted_at", "by"}]};
- `POST …/{ky}/submissions/{unit}` (multipart `data`: the filled .xlsx, or JSON figures; or a
  JSON body) → 201, or 422 {"errors": [{"where", "field", "message"}]} like the jobs;
- `POST …/{ky}/lock`, `POST …/{ky}/aggregate` → 202 {"id", "url"}: a job of the jobs API;
- `GET /api/v1/periods/{ky}/rollup.xlsx` the province's roll-up of its communes.
A unit user reaches only its own unit's form and submissions; anything else is 404.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.background import BackgroundTask

from generator.errors import DataError, SourceError, UsageError, VanbanError
from generator.service.periods import use_cases
from generator.web.access import visible_orgs
from generator.web.auth import Forbidden, api_user, config_of, store_of
from generator.web.executor import problems_of
from generator.web.periods import (
    current_data,
    now,
    parse_due,
    period_store,
    require_clerk,
    require_unit,
    require_unit_reader,
    require_viewer,
    start_aggregate,
)

router = APIRouter(prefix="/api/v1/periods")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _refused(err: VanbanError) -> JSONResponse:
    return JSONResponse({"errors": problems_of(err)}, 422)


def _temporary(suffix: str) -> Path:
    descriptor, name = tempfile.mkstemp(prefix="vanban-", suffix=suffix)
    os.close(descriptor)
    return Path(name)


@router.post("/{org}/{ky}")
async def open_period(request: Request, org: str, ky: str) -> Response:
    """Open the period with its due date: 201 with the period, 422 with the problems."""
    user = api_user(request)
    store, config = store_of(request), config_of(request)
    require_clerk(store, user, org)
    try:
        body = await request.json()
    except ValueError:
        body = None
    try:
        due = parse_due(str(body.get("due", "")) if isinstance(body, dict) else "")
        _, dataset = current_data(store, config, org)
        period = use_cases.open_period(
            period_store(config), dataset, ky, due, by=user.name, now=now()
        )
    except VanbanError as err:
        return _refused(err)
    store.audit(user.name, "mo_ky_bao_cao", org=org, target=period.ky, detail=due.isoformat())
    return JSONResponse(
        {"org": org, "ky": period.ky, "due": period.due.isoformat(), "locked": period.locked},
        201,
    )


@router.get("/{org}/{ky}/status")
def status(request: Request, org: str, ky: str) -> Response:
    """Return where every unit stands, and the conflicts."""
    user = api_user(request)
    store, config = store_of(request), config_of(request)
    require_viewer(store, user, org)
    try:
        _, dataset = current_data(store, config, org)
        state = use_cases.period_status(period_store(config), dataset, ky, now=now())
    except UsageError as err:
        return JSONResponse({"errors": problems_of(err)}, 404)
    return JSONResponse(state.to_json())


@router.get("/{org}/{ky}/forms/{unit}.xlsx")
def form(request: Request, org: str, ky: str, unit: str) -> Response:
    """Return the unit's prefilled form."""
    user = api_user(request)
    store, config = store_of(request), config_of(request)
    require_unit_reader(store, user, org, unit)
    return unit_form_response(store, config, org, ky, unit)


def unit_form_response(store: Any, config: Any, org: str, ky: str, unit: str) -> Response:
    """Return the unit's form as a download, or 404 when the period or unit is unknown."""
    from generator.service.periods.forms import form_name
    from generator.web.auth import NotFound

    target = _temporary(".xlsx")
    try:
        _, dataset = current_data(store, config, org)
        use_cases.write_unit_form(period_store(config), dataset, ky, unit, target)
    except UsageError:
        target.unlink(missing_ok=True)
        raise NotFound from None
    name = form_name(org, ky, unit)
    return FileResponse(
        target, media_type=XLSX, filename=name, background=BackgroundTask(target.unlink)
    )


async def _entries_of(request: Request) -> tuple[Path | None, Any, str]:
    """Return (form file, JSON figures, label) of a submission request."""
    kind = request.headers.get("content-type", "")
    if kind.startswith("application/json"):
        try:
            return None, await request.json(), ""
        except ValueError:
            raise UsageError("nội dung JSON không đọc được") from None
    received = await request.form()
    data = received.get("data")
    if data is None:
        raise UsageError("cần trường 'data': tệp biểu mẫu .xlsx của đơn vị hoặc số liệu JSON")
    if isinstance(data, str):
        try:
            return None, json.loads(data), ""
        except ValueError:
            raise UsageError("trường 'data' không phải JSON hợp lệ") from None
    filename = Path(data.filename or "bieu-mau.xlsx").name
    payload = await data.read()
    if filename.lower().endswith(".json"):
        try:
            return None, json.loads(payload.decode("utf-8")), ""
        except (ValueError, UnicodeDecodeError):
            raise UsageError(f"{filename}: không phải JSON hợp lệ") from None
    target = _temporary(".xlsx")
    target.write_bytes(payload)
    return target, None, filename


@router.post("/{org}/{ky}/submissions/{unit}")
async def submission(request: Request, org: str, ky: str, unit: str) -> Response:
    """Keep the unit's submission: 201 with what changed, 422 with every problem."""
    user = api_user(request)
    store, config = store_of(request), config_of(request)
    require_unit(store, user, org, unit)
    path: Path | None = None
    try:
        path, figures, label = await _entries_of(request)
        _, dataset = current_data(store, config, org)
        sent = use_cases.submit(
            period_store(config), dataset, ky, unit, by=user.name, now=now(), form=path,
            label=label, figures=figures,
        )  # fmt: skip
    except (DataError, SourceError, UsageError) as err:
        return _refused(err)
    finally:
        if path is not None:
            path.unlink(missing_ok=True)
    store.audit(user.name, "gui_bao_cao_don_vi", org=org, target=f"{ky}/{unit}",
                detail=f"{len(sent.changes)} mục thay đổi")  # fmt: skip
    return JSONResponse(
        {"id": sent.id, "unit": unit, "submitted_at": sent.at.isoformat(), "by": sent.by,
         "changes": sent.changes},
        201,
    )  # fmt: skip


@router.get("/{org}/{ky}/submissions/{unit}")
def history(request: Request, org: str, ky: str, unit: str) -> Response:
    """Return every submission of the unit (who, when, what changed), oldest first."""
    user = api_user(request)
    store, config = store_of(request), config_of(request)
    require_unit_reader(store, user, org, unit)
    sent = period_store(config).history(org, ky, unit)
    return JSONResponse(
        [{"id": s.id, "by": s.by, "submitted_at": s.at.isoformat(), "source": s.source,
          "changes": s.changes, "figures": s.figures.to_json()} for s in sent]
    )  # fmt: skip


@router.post("/{org}/{ky}/lock")
def lock(request: Request, org: str, ky: str) -> Response:
    """Lock the period (no more submissions)."""
    user = api_user(request)
    store, config = store_of(request), config_of(request)
    require_clerk(store, user, org)
    try:
        _, dataset = current_data(store, config, org)
        period = use_cases.lock_period(period_store(config), dataset, ky, by=user.name, now=now())
    except UsageError as err:
        return _refused(err)
    store.audit(user.name, "khoa_ky_bao_cao", org=org, target=ky)
    return JSONResponse({"org": org, "ky": period.ky, "locked": period.locked})


@router.post("/{org}/{ky}/aggregate")
def aggregate(request: Request, org: str, ky: str) -> Response:
    """Start the Tổng hợp job: 202 {id, url} in the jobs API."""
    user = api_user(request)
    store, config = store_of(request), config_of(request)
    require_clerk(store, user, org)
    try:
        job = start_aggregate(store, config, request.app.state.executor, user, org=org, ky=ky)
    except (UsageError, DataError) as err:
        return _refused(err)
    return JSONResponse({"id": job.id, "url": f"/api/v1/jobs/{job.id}"}, 202)


@router.get("/{ky}/rollup.xlsx")
def rollup(request: Request, ky: str) -> Response:
    """Return the province's roll-up of every commune it sees for period `ky`."""
    user = api_user(request)
    return rollup_response(request, user, ky)


def rollup_response(request: Request, user: Any, ky: str) -> Response:
    """Return the roll-up workbook of the communes `user` sees (province and admin only)."""
    if user.role not in ("province", "admin"):
        raise Forbidden("Bảng tổng hợp của tỉnh chỉ dành cho tài khoản cấp tỉnh.")
    store, config = store_of(request), config_of(request)
    datasets = {}
    province = ""
    for org in visible_orgs(store, user):
        try:
            _, datasets[org.slug] = current_data(store, config, org.slug)
        except UsageError:
            continue
        province = province or datasets[org.slug].to_chuc.tinh
    target = _temporary(".xlsx")
    try:
        use_cases.province_rollup(
            period_store(config), datasets, ky, target, now=now(), province=province
        )
    except (UsageError, DataError) as err:
        target.unlink(missing_ok=True)
        return _refused(err)
    return FileResponse(
        target, media_type=XLSX, filename=f"tong-hop-tinh-{ky.lower()}.xlsx",
        background=BackgroundTask(target.unlink),
    )  # fmt: skip
