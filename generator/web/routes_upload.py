"""Tải dữ liệu lên, then Lập văn bản: the upload form, its error table, and the build form."""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, RedirectResponse, Response

from generator.register.issue import split_choice
from generator.web.auth import (
    NotFound,
    check_csrf,
    config_of,
    page_user,
    store_of,
)
from generator.web.config import WebConfig
from generator.web.pages import render
from generator.web.periods import unit_user_warnings
from generator.web.submit import (
    PAGE_ISSUE_HINT,
    Refused,
    accept_upload,
    data_warnings,
    issue_date_of,
    periods_of,
    start_job,
    units_to_issue,
)
from generator.web.uploads import INCOMING, Upload, find_upload

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def save_incoming(config: WebConfig, file: UploadFile) -> Path:
    """Return a server-named file holding the received upload (the client's name is not used)."""
    incoming = config.uploads / INCOMING
    incoming.mkdir(parents=True, exist_ok=True)
    target = incoming / secrets.token_hex(16)
    with target.open("wb") as out:
        shutil.copyfileobj(file.file, out, 1 << 20)
    return target


def _own_upload(request: Request, upload_id: str) -> Upload:
    """Return the upload when it belongs to the user's organisation; 404 otherwise."""
    user = page_user(request)
    upload = find_upload(store_of(request), config_of(request).uploads, upload_id)
    if upload is None or upload.org != user.org:
        raise NotFound
    return upload


@router.get("/tai-len")
def upload_form(request: Request) -> Response:
    """Return the upload page."""
    page_user(request)
    return render(request, "upload.html")


@router.post("/tai-len")
def upload(request: Request, data: Annotated[UploadFile, File()], csrf: str = Form("")) -> Response:
    """Store and check the upload; show every problem at once, or go on to the build form."""
    user = page_user(request)
    check_csrf(request, csrf)
    config = config_of(request)
    body = save_incoming(config, data)
    try:
        stored, _dataset, _warnings = accept_upload(
            store_of(request), config, user, filename=data.filename or "", body=body
        )
    except Refused as refused:
        return render(request, "upload.html", status_code=422, refused=refused)
    finally:
        body.unlink(missing_ok=True)
    return RedirectResponse(f"/lap/{stored.id}", status_code=303)


@router.get("/mau/du-lieu.xlsx")
def sample_workbook(request: Request) -> Response:
    """Return the sample workbook (xã Bình Lư) a clerk fills, made once per server."""
    page_user(request)
    from generator.sources import load_dataset
    from generator.sources.sample import sample_folder
    from generator.sources.xlsx_writer import write_workbook

    target = config_of(request).data_dir / "mau" / "du-lieu-mau.xlsx"
    if not target.is_file():
        write_workbook(load_dataset(sample_folder()), target)
    return FileResponse(target, media_type=XLSX, filename="du-lieu-mau.xlsx")


@router.get("/tai-len/{upload_id}/danh-dau.xlsx")
def marked_workbook(request: Request, upload_id: str) -> Response:
    """Return the uploaded workbook with its bad cells highlighted and commented."""
    upload = _own_upload(request, upload_id)
    if not upload.marked.is_file():
        raise NotFound
    return FileResponse(upload.marked, media_type=XLSX, filename="du-lieu-danh-dau.xlsx")


@router.get("/lap/{upload_id}")
def build_form(request: Request, upload_id: str) -> Response:
    """Return the build form for a checked upload: set, period, draft or numbers."""
    upload = _own_upload(request, upload_id)
    dataset, warnings = data_warnings(upload)
    return render(
        request, "build.html", upload=upload, periods=periods_of(dataset), data_warnings=warnings,
        has_inspection=dataset.kiem_tra is not None, has_plan=dataset.ke_hoach is not None,
        units=units_to_issue(dataset),
        unit_warnings=unit_user_warnings(store_of(request), upload.org, dataset),
    )  # fmt: skip


@router.post("/lap/{upload_id}")
def build(
    request: Request,
    upload_id: str,
    *,
    set_name: str = Form("inspection"),
    period: str = Form(""),
    issue: str = Form(""),
    lap_lai: str = Form(""),
    chi: str = Form(""),
    ngay: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Start the job and go to its page, where the progress bar moves."""
    user = page_user(request)
    check_csrf(request, csrf)
    upload = _own_upload(request, upload_id)
    from generator.sources import load_dataset

    store, config = store_of(request), config_of(request)
    dataset = load_dataset(upload.data, shown=upload.shown)
    try:
        job = start_job(
            store, config=config, executor=request.app.state.executor, user=user,
            upload=upload, dataset=dataset,
            set_name=set_name, period=period.strip() or None, issue=issue == "1",
            rebuild_finalised=lap_lai == "1",
            only=split_choice([chi]) if issue == "1" else (),
            issue_date=issue_date_of(ngay, PAGE_ISSUE_HINT.option) if issue == "1" else None,
        )  # fmt: skip
    except Refused as refused:
        return render(
            request, "build.html", status_code=422, upload=upload, refused=refused,
            periods=periods_of(dataset), has_inspection=dataset.kiem_tra is not None,
            has_plan=dataset.ke_hoach is not None, units=units_to_issue(dataset),
        )  # fmt: skip
    return RedirectResponse(f"/viec/{job.id}", status_code=303)
