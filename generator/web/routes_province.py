"""The province's table: organisations × sets with status and date, filtered by district."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from generator.web.access import visible_orgs
from generator.web.auth import Forbidden, page_user, store_of
from generator.web.pages import render
from generator.web.status import set_statuses

router = APIRouter()


@router.get("/tinh")
def dashboard(request: Request, huyen: str = "") -> Response:
    """Return every organisation the user may see with where each of its sets stands."""
    user = page_user(request)
    if user.role not in ("province", "admin"):
        raise Forbidden("Trang tổng hợp của tỉnh chỉ dành cho tài khoản cấp tỉnh.")
    store = store_of(request)
    orgs = [o for o in visible_orgs(store, user) if o.slug != user.org]
    districts = sorted({o.district for o in orgs if o.district})
    shown = [o for o in orgs if not huyen or o.district == huyen]
    rows = [(o, set_statuses(store, o.slug)) for o in shown]
    folders = sorted({s.folder for _o, statuses in rows for s in statuses})
    return render(
        request, "province.html", rows=rows, folders=folders, districts=districts, huyen=huyen
    )
