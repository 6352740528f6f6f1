"""Who is asking: the session cookie for pages, the bearer token for the API, CSRF for forms.

The session cookie is HttpOnly and SameSite=Lax, and Secure when the request came over HTTPS
(directly or through a proxy uvicorn trusts). Every form carries the session's CSRF token; the
login form, before a session exists, uses a double-submit cookie instead.
"""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import Request
from starlette.responses import Response

from generator.web.config import WebConfig
from generator.web.store import Store
from generator.web.users import User, session_user, user_for_token

SESSION_COOKIE = "vanban_session"
LOGIN_CSRF_COOKIE = "vanban_login_csrf"


class LoginRequired(Exception):  # noqa: N818  (a redirect, not an error)
    """The page needs a signed-in user: the handler redirects to the login page."""


class ApiUnauthorized(Exception):  # noqa: N818  (an answer, not an error)
    """The API request has no valid bearer token (401)."""


class Forbidden(Exception):  # noqa: N818  (an answer, not an error)
    """The user may not do this (403 page); `message` is Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(Exception):  # noqa: N818  (an answer, not an error)
    """Nothing here for this user (404): also what another organisation's things look like."""


def store_of(request: Request) -> Store:
    """Return the application's store."""
    store: Store = request.app.state.store
    return store


def config_of(request: Request) -> WebConfig:
    """Return the application's settings."""
    config: WebConfig = request.app.state.config
    return config


def _session(request: Request) -> tuple[User, str] | None:
    if hasattr(request.state, "session"):
        found: tuple[User, str] | None = request.state.session
        return found
    token = request.cookies.get(SESSION_COOKIE)
    found = None
    if token:
        config = config_of(request)
        found = session_user(
            store_of(request), token, idle=config.session_idle, lifetime=config.session_lifetime
        )
    request.state.session = found
    return found


def optional_user(request: Request) -> User | None:
    """Return the signed-in user of a page request, or None."""
    found = _session(request)
    return found[0] if found else None


def page_user(request: Request) -> User:
    """Return the signed-in user; raise LoginRequired (→ login page) when there is none."""
    user = optional_user(request)
    if user is None:
        raise LoginRequired
    return user


def csrf_token(request: Request) -> str:
    """Return the CSRF token forms of this session carry ('' without a session)."""
    found = _session(request)
    return found[1] if found else ""


def check_csrf(request: Request, sent: str | None) -> None:
    """Raise Forbidden unless `sent` is this session's CSRF token."""
    expected = csrf_token(request)
    if not expected or not sent or not secrets.compare_digest(expected, sent):
        raise Forbidden(
            "Biểu mẫu đã hết hạn hoặc không hợp lệ (mã chống giả mạo CSRF không khớp). "
            "Hãy tải lại trang rồi gửi lại."
        )


def api_user(request: Request) -> User:
    """Return the user of the API request's bearer token; raise ApiUnauthorized otherwise."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiUnauthorized
    user = user_for_token(store_of(request), token.strip())
    if user is None:
        raise ApiUnauthorized
    return user


def is_https(request: Request) -> bool:
    """Return whether the client reached us over HTTPS (uvicorn applies trusted proxy headers)."""
    return request.url.scheme == "https"


def cookie_options(request: Request) -> dict[str, Any]:
    """Return the attributes of every cookie the server sets."""
    return {"httponly": True, "samesite": "lax", "secure": is_https(request), "path": "/"}


def set_session(response: Response, request: Request, token: str) -> None:
    """Set the session cookie (no Max-Age: it ends with the browser; the server expires it)."""
    response.set_cookie(SESSION_COOKIE, token, **cookie_options(request))


def login_csrf(request: Request) -> str:
    """Return the login form's double-submit token (the cookie's, or a new one)."""
    return request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
