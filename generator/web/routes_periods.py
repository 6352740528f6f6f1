"""Báo cáo định kỳ pages: the Văn phòng's periods and units × status, the unit's form, the
province's communes × periods. The API is `routes_periods_api`; both call
`generator.service.periods.use_cases` and ask `generator.web.periods` who may do what.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from generator.errors import DataError, SourceError, UsageError, VanbanError
from generator.service.periods import use_cases
from generator.service.periods.annex import shown
from generator.service.periods.catalogue import RULE_LABELS
from generator.service.periods.collect import STATUS_LABELS
from generator.service.periods.figures import TRANG_THAI, Entry
from generator.web.access import organisation, visible_orgs
from generator.web.auth import NotFound, check_csrf, config_of, page_user, store_of
from generator.web.executor import problems_of
from generator.web.pages import render
from generator.web.periods import (
    aggregate_jobs,
    current_data,
    now,
    parse_due,
    period_store,
    require_clerk,
    require_unit,
    require_unit_reader,
    require_viewer,
    start_aggregate,
    unit_names,
)
from generator.web.routes_periods_api import rollup_response, unit_form_response
from generator.web.routes_upload import save_incoming

router = APIRouter()
WEB_SOURCE = "biểu mẫu trên web"


def _org_name(request: Request, org: str) -> str:
    found = organisation(store_of(request), org)
    return found.name if found else org


@router.get("/bao-cao-dinh-ky/{org}")
def periods_page(request: Request, org: str) -> Response:
    """Return the organisation's periods and, for its clerk, the form to open one."""
    user = page_user(request)
    store, config = store_of(request), config_of(request)
    require_viewer(store, user, org)
    periods = period_store(config).periods(org)
    return render(request, "periods.html", org=org, org_name=_org_name(request, org),
                  periods=periods, can_open=user.role == "clerk")  # fmt: skip


@router.post("/bao-cao-dinh-ky/{org}")
def open_period(
    request: Request, org: str, ky: str = Form(""), due: str = Form(""), csrf: str = Form("")
) -> Response:
    """Open a period (the clerk) and go to its status page."""
    user = page_user(request)
    check_csrf(request, csrf)
    store, config = store_of(request), config_of(request)
    require_clerk(store, user, org)
    try:
        _, dataset = current_data(store, config, org)
        period = use_cases.open_period(
            period_store(config), dataset, ky.strip(), parse_due(due.strip()), by=user.name,
            now=now(),
        )  # fmt: skip
    except VanbanError as err:
        periods = period_store(config).periods(org)
        return render(request, "periods.html", status_code=422, org=org, can_open=True,
                      org_name=_org_name(request, org), periods=periods,
                      problems=problems_of(err))  # fmt: skip
    store.audit(user.name, "mo_ky_bao_cao", org=org, target=period.ky,
                detail=period.due.isoformat())  # fmt: skip
    return RedirectResponse(f"/bao-cao-dinh-ky/{org}/{period.ky}", status_code=303)


@router.get("/bao-cao-dinh-ky/{org}/{ky}")
def period_page(request: Request, org: str, ky: str) -> Response:
    """Return the units × status table, the late units to remind, the conflicts."""
    user = page_user(request)
    store, config = store_of(request), config_of(request)
    require_viewer(store, user, org)
    try:
        _, dataset = current_data(store, config, org)
        state = use_cases.period_status(period_store(config), dataset, ky, now=now())
    except UsageError:
        raise NotFound from None
    names = {u.unit: u.ten for u in state.units}
    return render(
        request, "period.html", org=org, org_name=_org_name(request, org), state=state,
        labels=STATUS_LABELS, names=names, shown=shown, jobs=aggregate_jobs(store, org, ky),
        can_act=user.role == "clerk",
    )  # fmt: skip


@router.post("/bao-cao-dinh-ky/{org}/{ky}/khoa")
def lock(request: Request, org: str, ky: str, csrf: str = Form("")) -> Response:
    """Lock the period and come back to its page."""
    user = page_user(request)
    check_csrf(request, csrf)
    store, config = store_of(request), config_of(request)
    require_clerk(store, user, org)
    try:
        _, dataset = current_data(store, config, org)
        use_cases.lock_period(period_store(config), dataset, ky, by=user.name, now=now())
    except UsageError as err:
        raise HTTPException(422, detail=f"Không khóa được kỳ báo cáo: {err}.") from None
    store.audit(user.name, "khoa_ky_bao_cao", org=org, target=ky)
    return RedirectResponse(f"/bao-cao-dinh-ky/{org}/{ky}", status_code=303)


@router.post("/bao-cao-dinh-ky/{org}/{ky}/tong-hop")
def aggregate(request: Request, org: str, ky: str, csrf: str = Form("")) -> Response:
    """Start the Tổng hợp job and go to its page (the progress bar of every job)."""
    user = page_user(request)
    check_csrf(request, csrf)
    store, config = store_of(request), config_of(request)
    require_clerk(store, user, org)
    try:
        job = start_aggregate(store, config, request.app.state.executor, user, org=org, ky=ky)
    except (UsageError, DataError) as err:
        raise HTTPException(422, detail=f"Chưa tổng hợp được: {err}") from None
    return RedirectResponse(f"/viec/{job.id}", status_code=303)


@router.get("/bao-cao-dinh-ky/{org}/don-vi/{unit}")
def unit_home(request: Request, org: str, unit: str) -> Response:
    """Return the unit's periods: where its report stands in each open period."""
    user = page_user(request)
    store, config = store_of(request), config_of(request)
    require_unit(store, user, org, unit)
    rows = []
    try:
        _, dataset = current_data(store, config, org)
    except UsageError:
        dataset = None
    periods = period_store(config).periods(org)
    for period in periods:
        if dataset is None:
            break
        try:
            state = use_cases.period_status(period_store(config), dataset, period.ky, now=now())
        except UsageError:
            continue
        mine = next((u for u in state.units if u.unit == unit), None)
        if mine is not None:
            rows.append((period, mine))
    unit_name = unit_names(dataset).get(unit) if dataset is not None else None
    return render(request, "period_units.html", org=org, unit=unit, rows=rows,
                  unit_name=unit_name, labels=STATUS_LABELS)  # fmt: skip


def _unit_context(request: Request, org: str, ky: str, unit: str) -> dict[str, Any]:
    store, config = store_of(request), config_of(request)
    try:
        _, dataset = current_data(store, config, org)
        periods = period_store(config)
        ky_code = use_cases.period_code(dataset, ky)
        period = periods.period(org, ky_code.code)
        cat = use_cases.units_and_items(dataset, ky_code.code)
        found = use_cases.unit_of(cat, unit)
    except UsageError:
        raise NotFound from None
    if period is None:
        raise NotFound
    values = use_cases.prefill(periods, dataset, ky_code, cat, unit)
    return {
        "org": org, "ky": ky_code, "period": period, "unit": found,
        "items": cat.items_of(unit), "values": values, "rules": RULE_LABELS,
        "states": TRANG_THAI, "history": periods.history(org, ky_code.code, unit),
        "shown": shown, "typed": {},
    }  # fmt: skip


@router.get("/bao-cao-dinh-ky/{org}/{ky}/don-vi/{unit}")
def unit_form(request: Request, org: str, ky: str, unit: str) -> Response:
    """Return the unit's web form, prefilled, with the .xlsx form to download and upload."""
    user = page_user(request)
    require_unit_reader(store_of(request), user, org, unit)
    return render(request, "period_unit.html", **_unit_context(request, org, ky, unit))


def _web_entries(received: Any, keys: list[str]) -> list[Entry]:
    """Return the entries of the web form (fields named `<field>:<item key>`)."""
    from generator.errors import Place

    entries = []
    for key in keys:
        for field in ("gia_tri", "trang_thai", "ngay_hoan_thanh", "ghi_chu"):
            value = received.get(f"{field}:{key}")
            if value is not None and str(value).strip():
                entries.append(Entry(key, field, str(value), Place(WEB_SOURCE, key_path=key)))
    return entries


@router.post("/bao-cao-dinh-ky/{org}/{ky}/don-vi/{unit}")
async def unit_submit(request: Request, org: str, ky: str, unit: str) -> Response:
    """Keep the unit's figures typed on the web form; show every problem at once."""
    user = page_user(request)
    received = await request.form()
    check_csrf(request, str(received.get("csrf", "")))
    store = store_of(request)
    require_unit(store, user, org, unit)
    context = _unit_context(request, org, ky, unit)
    keys = [item.key for item in context["items"]]
    try:
        _submit_entries(request, org, context, _web_entries(received, keys), user.name)
    except (DataError, UsageError) as err:
        # The page comes back with what was typed, so only the bad cells need retyping.
        context["typed"] = {k: str(v) for k, v in received.items() if ":" in k}
        return render(request, "period_unit.html", status_code=422, problems=problems_of(err),
                      **context)  # fmt: skip
    return RedirectResponse(f"/bao-cao-dinh-ky/{org}/{ky}/don-vi/{unit}?da-gui=1", 303)


def _submit_entries(
    request: Request, org: str, context: dict[str, Any], entries: list[Entry], by: str
) -> None:
    from generator.service.periods.figures import parse_entries
    from generator.service.periods.store import PeriodStore

    store, config = store_of(request), config_of(request)
    _, dataset = current_data(store, config, org)
    cat = use_cases.units_and_items(dataset, context["ky"].code)
    figures = parse_entries(entries, cat, context["unit"])
    if figures.is_empty():
        raise UsageError("chưa ghi số liệu nào; điền biểu mẫu rồi gửi")
    periods: PeriodStore = period_store(config)
    unit = context["unit"].ma
    periods.submit(org, context["ky"].code, unit, figures, by=by, at=now(), source="web")
    store.audit(by, "gui_bao_cao_don_vi", org=org, target=f"{context['ky'].code}/{unit}")


@router.post("/bao-cao-dinh-ky/{org}/{ky}/don-vi/{unit}/tai-len")
def unit_upload(
    request: Request, org: str, ky: str, unit: str, *,
    data: Annotated[UploadFile, File()], csrf: str = Form(""),
) -> Response:  # fmt: skip
    """Keep the unit's filled .xlsx form; show every problem (sheet and cell) at once."""
    user = page_user(request)
    check_csrf(request, csrf)
    store, config = store_of(request), config_of(request)
    require_unit(store, user, org, unit)
    context = _unit_context(request, org, ky, unit)
    body = save_incoming(config, data)
    try:
        _, dataset = current_data(store, config, org)
        use_cases.submit(
            period_store(config), dataset, context["ky"].code, unit, by=user.name, now=now(),
            form=body, label=data.filename or "bieu-mau.xlsx",
        )  # fmt: skip
    except (DataError, SourceError, UsageError) as err:
        return render(request, "period_unit.html", status_code=422, problems=problems_of(err),
                      **context)  # fmt: skip
    finally:
        body.unlink(missing_ok=True)
    store.audit(user.name, "gui_bao_cao_don_vi", org=org, target=f"{ky}/{unit}", detail="xlsx")
    return RedirectResponse(f"/bao-cao-dinh-ky/{org}/{ky}/don-vi/{unit}?da-gui=1", 303)


@router.get("/bao-cao-dinh-ky/{org}/{ky}/don-vi/{unit}/bieu-mau.xlsx")
def unit_form_xlsx(request: Request, org: str, ky: str, unit: str) -> Response:
    """Return the unit's prefilled .xlsx form."""
    user = page_user(request)
    store = store_of(request)
    require_unit_reader(store, user, org, unit)
    return unit_form_response(store, config_of(request), org, ky, unit)


@router.get("/tinh/bao-cao-dinh-ky")
def province_page(request: Request) -> Response:
    """Return the communes × periods table (status, last Tổng hợp) with the roll-up links."""
    user = page_user(request)
    if user.role not in ("province", "admin"):
        raise NotFound
    store, config = store_of(request), config_of(request)
    periods = period_store(config)
    orgs = [o for o in visible_orgs(store, user) if o.slug != user.org]
    codes = sorted({p.ky for o in orgs for p in periods.periods(o.slug)}, reverse=True)
    rows = []
    for org in orgs:
        try:
            _, dataset = current_data(store, config, org.slug)
        except UsageError:
            dataset = None
        cells = []
        for code in codes:
            state = use_cases.commune_status(periods, dataset, code, now=now()) if dataset else None
            jobs = aggregate_jobs(store, org.slug, code)
            done = next((j for j in jobs if j.status == "done"), None)
            cells.append((code, state or "chua_mo", done))
        rows.append((org, cells))
    return render(request, "periods_province.html", codes=codes, rows=rows,
                  labels=use_cases.COMMUNE_LABELS)  # fmt: skip


@router.get("/tinh/bao-cao-dinh-ky/{ky}/tong-hop-tinh.xlsx")
def province_rollup(request: Request, ky: str) -> Response:
    """Return the province's roll-up workbook of period `ky`."""
    user = page_user(request)
    return rollup_response(request, user, ky)
