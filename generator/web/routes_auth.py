"""Đăng nhập / đăng xuất: the login form (double-submit CSRF), throttled checks, logout."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from generator.web.auth import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    Forbidden,
    check_csrf,
    cookie_options,
    login_csrf,
    optional_user,
    set_session,
    store_of,
)
from generator.web.pages import render
from generator.web.users import LoginThrottled, check_login, close_session, open_session

router = APIRouter()


def _safe_next(target: str | None) -> str:
    """Return a local path to go to after login (never another site)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _login_page(request: Request, *, message: str = "", status: int = 200, name: str = "",
                target: str = "/") -> Response:  # fmt: skip
    token = login_csrf(request)
    response = render(
        request, "login.html", status_code=status, login_csrf=token, message=message,
        name=name, next=_safe_next(target),
    )  # fmt: skip
    response.set_cookie(LOGIN_CSRF_COOKIE, token, **cookie_options(request))
    return response


@router.get("/dang-nhap")
def login_form(request: Request, next: str = "/") -> Response:
    """Return the login page (or go home when already signed in)."""
    if optional_user(request) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return _login_page(request, target=next)


@router.post("/dang-nhap")
def login(
    request: Request,
    name: str = Form(""),
    password: str = Form(""),
    csrf: str = Form(""),
    next: str = Form("/"),
) -> Response:
    """Check the password and open a session, or show the form again with the reason."""
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not csrf or not secrets.compare_digest(cookie, csrf):
        raise Forbidden(
            "Biểu mẫu đăng nhập đã hết hạn (mã chống giả mạo CSRF không khớp). "
            "Hãy tải lại trang đăng nhập rồi thử lại."
        )
    store = store_of(request)
    address = request.client.host if request.client else "?"
    try:
        user = check_login(store, name.strip(), password, address)
    except LoginThrottled as err:
        store.audit(name.strip() or "?", "dang_nhap_bi_chan", detail=address)
        return _login_page(request, message=str(err), status=429, name=name, target=next)
    if user is None:
        store.audit(name.strip() or "?", "dang_nhap_sai", detail=address)
        return _login_page(
            request, message="Sai tên đăng nhập hoặc mật khẩu.", status=401, name=name,
            target=next,
        )  # fmt: skip
    token, _csrf = open_session(store, user)
    store.audit(user.name, "dang_nhap", org=user.org, detail=address)
    response = RedirectResponse(_safe_next(next), status_code=303)
    set_session(response, request, token)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
    return response


@router.post("/dang-xuat")
def logout(request: Request, csrf: str = Form("")) -> Response:
    """End the session and go to the login page."""
    user = optional_user(request)
    if user is not None:
        check_csrf(request, csrf)
        close_session(store_of(request), request.cookies.get(SESSION_COOKIE, ""))
        store_of(request).audit(user.name, "dang_xuat", org=user.org)
    response = RedirectResponse("/dang-nhap", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
