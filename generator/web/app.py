"""The application factory: settings, store, job executor, routers, error pages, static files.

Each feature area is a router module listed in ROUTER_MODULES; a new area adds its module there
(each exposes `router`). Error pages and JSON errors are decided here once: a path under /api/
gets JSON, every other path a Vietnamese page, never a traceback.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from generator.errors import UsageError
from generator.web import finalizations
from generator.web import jobs as job_rows
from generator.web.auth import ApiUnauthorized, Forbidden, LoginRequired, NotFound
from generator.web.config import WebConfig
from generator.web.executor import EXECUTORS, JobExecutor
from generator.web.pages import STATIC, render
from generator.web.store import Store
from generator.web.uploads import sweep_incoming

log = logging.getLogger("vanban.web")

ROUTER_MODULES: list[str] = [
    "generator.web.routes_auth",
    "generator.web.routes_home",
    "generator.web.routes_upload",
    "generator.web.routes_jobs",
    "generator.web.routes_api",
    "generator.web.routes_register",
    "generator.web.routes_province",
    "generator.web.routes_admin",
    "generator.web.routes_periods_api",
    "generator.web.routes_periods",
    "generator.web.routes_finalize",
]

_MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    403: "Bạn không có quyền xem hoặc làm việc này.",
    404: "Không tìm thấy trang hoặc tệp này (hoặc bạn không có quyền xem).",
    405: "Trang này không nhận kiểu yêu cầu đó.",
    413: "Tệp tải lên quá lớn.",
    422: "Dữ liệu gửi lên không hợp lệ.",
    429: "Quá nhiều yêu cầu; vui lòng thử lại sau.",
    500: "Máy chủ gặp lỗi; đã ghi nhật ký để quản trị viên xem. Vui lòng thử lại sau.",
}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_response(request: Request, status: int, message: str | None = None) -> Response:
    """Return the JSON (API) or Vietnamese page (browser) answer for an error status."""
    text = message or _MESSAGES.get(status, "Đã có lỗi.")
    if _is_api(request):
        return JSONResponse({"errors": [{"where": "", "field": "", "message": text}]}, status)
    return render(request, "error.html", status_code=status, status=status, message=text)


class BodyLimit:
    """Answer 413 to any request whose body is larger than the limit, before it is parsed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await self._too_large(scope, receive, send)
            return
        seen = 0
        over = False  # the body went past the limit: nothing more is read
        started = replaced = False  # the app began its own answer; ours replaced it

        async def counted() -> Message:
            nonlocal seen, over
            if over:
                raise _TooLargeError
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                over = True
                raise _TooLargeError
            return message

        async def guarded(message: Message) -> None:
            nonlocal started, replaced
            if over and not started:
                # The app caught the overflow itself (FastAPI answers 400 to any error while
                # it parses a form, which is how a chunked body without Content-Length ends):
                # answer 413 in its place and drop every message of the app's own answer.
                if not replaced:
                    replaced = True
                    await self._too_large(scope, receive, send)
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, guarded)
        except _TooLargeError:
            if not started and not replaced:
                await self._too_large(scope, receive, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        mb = self.limit / (1024 * 1024)
        text = f"Tệp tải lên quá lớn: giới hạn là {mb:g} MB cho mỗi lần gửi."
        request = Request(scope, receive)
        response = error_response(request, 413, text)
        response.headers["connection"] = "close"
        await response(scope, receive, send)


class _TooLargeError(Exception):
    pass


def create_app(
    config: WebConfig | None = None,
    *,
    executor: JobExecutor | None = None,
    extra_routers: Sequence[str] = (),
) -> FastAPI:
    """Return the web application over `config.data_dir` (created when missing)."""
    config = config or WebConfig()
    store = Store(config.data_dir)
    if executor is None and config.executor not in EXECUTORS:
        raise UsageError(f"không có cách chạy việc '{config.executor}'; có: {', '.join(EXECUTORS)}")
    chosen = executor or EXECUTORS[config.executor](store, config)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        attached = chosen.reattach()
        if attached:
            log.warning("re-attached %d job(s) to their queue tasks", len(attached))
        failed, queued = job_rows.recover(store, attached)
        if failed:
            log.warning("marked %d interrupted job(s) failed", len(failed))
        if finalizations.recover(store):
            log.warning("marked interrupted finalisation(s) failed")
        if sweep_incoming(config.uploads):
            log.warning("removed received files a stopped server left")
        for job_id in queued:
            job = job_rows.get_job(store, job_id)
            if job is not None:
                chosen.submit(job.id, job.spec)
        yield
        chosen.shutdown()

    app = FastAPI(title="vanban", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.config = config
    app.state.store = store
    app.state.executor = chosen
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in [*ROUTER_MODULES, *extra_routers]:
        app.include_router(importlib.import_module(module).router)
    _install_handlers(app)
    app.add_middleware(BodyLimit, limit=config.upload_limit)
    return app


def _install_handlers(app: FastAPI) -> None:
    """Turn every way a request can fail into a Vietnamese page or a JSON error."""

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _err: Exception) -> Response:
        if _is_api(request):
            return error_response(request, 401, "Cần đăng nhập.")
        target = request.url.path
        return RedirectResponse(f"/dang-nhap?next={target}", status_code=303)

    @app.exception_handler(ApiUnauthorized)
    async def unauthorized(request: Request, _err: Exception) -> Response:
        response = error_response(
            request, 401, "Thiếu hoặc sai mã truy cập API (Authorization: Bearer …)."
        )
        response.headers["www-authenticate"] = "Bearer"
        return response

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, err: Exception) -> Response:
        return error_response(request, 403, getattr(err, "message", None))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, _err: Exception) -> Response:
        return error_response(request, 404)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: Any) -> Response:
        detail = err.detail if isinstance(err.detail, str) and err.status_code != 404 else None
        return error_response(request, err.status_code, detail if _vietnamese(detail) else None)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, err: Any) -> Response:
        fields = ", ".join(str(e.get("loc", ["?"])[-1]) for e in err.errors())
        return error_response(request, 422, f"Thiếu hoặc sai trường: {fields}.")

    @app.exception_handler(Exception)
    async def crashed(request: Request, err: Exception) -> Response:
        log.error("unhandled error on %s", request.url.path, exc_info=err)
        return error_response(request, 500)


def _vietnamese(text: str | None) -> bool:
    """Return whether an HTTPException detail is one of ours (not Starlette's English)."""
    return bool(text) and any(ord(c) > 127 for c in text or "")
