"""Sổ đăng ký: an organisation's register of issued numbers, filtered, voided, exported."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from generator.errors import RegisterError
from generator.register import Entry, Register
from generator.web.access import may_issue, may_see, organisation
from generator.web.auth import Forbidden, NotFound, check_csrf, config_of, page_user, store_of
from generator.web.pages import render
from generator.web.users import User

router = APIRouter()
STATUS = {"issued": "đã ban hành", "reserved": "chưa hoàn tất", "void": "đã hủy số"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _org(request: Request, user: User, org: str | None) -> str:
    """Return the organisation asked for (default: the user's), when the user may see it."""
    chosen = org or user.org
    store = store_of(request)
    if organisation(store, chosen) is None or not may_see(store, user, chosen):
        raise NotFound
    return chosen


def _entries(path: Path, org: str, year: int | None) -> tuple[list[int], int | None, list[Entry]]:
    """Return (years with entries, chosen year, entries of that year)."""
    if not path.is_file():
        return [], None, []
    with Register(path) as reg:
        years = reg.years(org)
        if year is None and years:
            year = years[-1]
        entries = reg.entries(org, year) if year is not None else []
    return years, year, entries


@router.get("/so-dang-ky")
def register_page(
    request: Request, to_chuc: str | None = None, nam: int | None = None, loai: str = ""
) -> Response:
    """Return the register of one organisation and year, optionally of one document type."""
    user = page_user(request)
    org = _org(request, user, to_chuc)
    years, year, entries = _entries(config_of(request).register_path, org, nam)
    types = sorted({e.loai_van_ban for e in entries})
    shown = [e for e in entries if not loai or e.loai_van_ban == loai]
    return render(
        request, "register.html", org=organisation(store_of(request), org), years=years,
        year=year, loai=loai, types=types, entries=shown, status_labels_register=STATUS,
        can_void=may_issue(store_of(request), user, org),
        message=request.query_params.get("thong_bao", ""),
    )  # fmt: skip


@router.post("/so-dang-ky/huy")
def void(
    request: Request,
    *,
    so_ky_hieu: str = Form(...),
    nam: int = Form(...),
    series: str = Form(""),
    ly_do: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Void one number with a reason (the clerk of the organisation only)."""
    user = page_user(request)
    check_csrf(request, csrf)
    store = store_of(request)
    if not may_issue(store, user, user.org):
        raise Forbidden("Chỉ văn thư của xã được hủy số trong sổ đăng ký của xã mình.")
    path = config_of(request).register_path
    if not path.is_file():
        raise NotFound
    from urllib.parse import quote

    try:
        with Register(path) as reg:
            entry = reg.void(user.org, nam, so_ky_hieu, ly_do, series or None)
    except RegisterError as err:
        return RedirectResponse(
            f"/so-dang-ky?nam={nam}&thong_bao={quote('Không hủy được: ' + str(err))}", 303
        )
    store.audit(user.name, "huy_so", org=user.org, target=entry.so_ky_hieu, detail=ly_do.strip())
    text = quote(f"Đã hủy số {entry.so_ky_hieu} năm {nam}.")
    return RedirectResponse(f"/so-dang-ky?nam={nam}&thong_bao={text}", status_code=303)


@router.get("/so-dang-ky/xuat.xlsx")
def export(request: Request, nam: int, to_chuc: str | None = None) -> Response:
    """Return the register of one year as .xlsx (the Phụ lục IV layout of the CLI's export)."""
    user = page_user(request)
    org = _org(request, user, to_chuc)
    path = config_of(request).register_path
    if not path.is_file():
        raise NotFound
    target = config_of(request).data_dir / "exports" / org / f"so-dang-ky-{nam}.xlsx"
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with Register(path) as reg:
            reg.export_xlsx(target, org, nam)
    except RegisterError:
        raise NotFound from None
    store_of(request).audit(user.name, "xuat_so_dang_ky", org=org, detail=str(nam))
    return FileResponse(target, media_type=XLSX, filename=f"so-dang-ky-{org}-{nam}.xlsx")
