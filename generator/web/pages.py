"""Server-rendered pages: one Jinja2 environment over `web/pages/`, and the helpers every page uses.

Templates of other feature modules live in the same folder; `render()` gives every template the
signed-in user, the CSRF token and the navigation.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from generator.web.auth import csrf_token, optional_user
from generator.web.status import folder_label

PAGES = Path(__file__).with_name("pages")
STATIC = Path(__file__).with_name("static")

STATUS_LABELS = {
    "queued": "đang chờ",
    "running": "đang lập",
    "done": "đã xong",
    "failed": "lỗi",
}
SET_LABELS = {
    "inspection": "Bộ văn bản kiểm tra CCHC",
    "report": "Báo cáo kết quả CCHC",
    "plan": "Kế hoạch CCHC",
    "all": "Mọi bộ văn bản",
}

_ENV = Environment(
    loader=FileSystemLoader(PAGES),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.globals.update(status_labels=STATUS_LABELS, set_labels=SET_LABELS)


def _vietnam_zone() -> tzinfo:
    """Return Asia/Ho_Chi_Minh, or the fixed +07:00 it always is (no daylight saving)."""
    try:
        return ZoneInfo("Asia/Ho_Chi_Minh")
    except ZoneInfoNotFoundError:
        return timezone(timedelta(hours=7), "+07")


VIETNAM = _vietnam_zone()


def shown_time(moment: str | datetime | None) -> str:
    """Return a stored time as a clerk reads it: Vietnam time, dd/mm/yyyy HH:MM.

    The store keeps UTC (ISO text or an aware datetime); a naive value is taken as UTC. This is
    the pages' one clock filter (`| time`); the JSON API keeps ISO 8601 with its offset.
    """
    if not moment:
        return ""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")


_ENV.filters["time"] = shown_time
_ENV.filters["set_folder"] = folder_label


def environment() -> Environment:
    """Return the pages' Jinja2 environment (feature modules may add filters)."""
    return _ENV


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Return the page `template` rendered with the user, CSRF token and `context`."""
    user = optional_user(request)
    html = _ENV.get_template(template).render(
        request=request, user=user, csrf=csrf_token(request), **context
    )
    return HTMLResponse(html, status_code=status_code)
