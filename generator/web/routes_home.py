"""Trang chủ: where each user starts, and an organisation's sets, periods and recent jobs."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from generator.web.access import may_issue, may_see, organisation
from generator.web.auth import NotFound, page_user, store_of
from generator.web.jobs import org_jobs
from generator.web.pages import render
from generator.web.status import set_statuses

router = APIRouter()


@router.get("/")
def home(request: Request) -> Response:
    """Go to the user's own page: the organisation (clerk), the province table, the admin."""
    user = page_user(request)
    if user.role == "province":
        return RedirectResponse("/tinh", status_code=303)
    if user.role == "admin":
        return RedirectResponse("/quan-tri/nhat-ky", status_code=303)
    if user.role == "unit":
        return RedirectResponse(f"/bao-cao-dinh-ky/{user.org}/don-vi/{user.unit}", status_code=303)
    return RedirectResponse(f"/to-chuc/{user.org}", status_code=303)


@router.get("/to-chuc/{org}")
def org_home(request: Request, org: str) -> Response:
    """Return an organisation's page: its sets and periods with status, and its recent jobs."""
    user = page_user(request)
    store = store_of(request)
    found = organisation(store, org)
    if found is None or not may_see(store, user, org):
        raise NotFound
    return render(
        request,
        "home.html",
        org=found,
        statuses=set_statuses(store, org),
        jobs=org_jobs(store, org, limit=20),
        can_issue=may_issue(store, user, org),
    )
