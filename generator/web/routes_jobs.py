"""A job's page: live progress, then the documents with thumbnails, downloads and a preview."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, Response

from generator.web.access import may_see
from generator.web.auth import NotFound, page_user, store_of
from generator.web.files import (
    archive,
    documents,
    job_files,
    job_json,
    media_type,
    page_image,
    thumb_path,
)
from generator.web.jobs import Job, get_job
from generator.web.pages import render
from generator.web.store import Store
from generator.web.users import User

router = APIRouter()


def visible_job(store: Store, user: User, job_id: str) -> Job:
    """Return the job when the user may see its organisation; NotFound (404) otherwise."""
    job = get_job(store, job_id) if job_id.isalnum() else None
    if job is None or not may_see(store, user, job.org):
        raise NotFound
    return job


def serve_file(store: Store, user: User, job: Job, name: str) -> Response:
    """Return one file of a finished job, looked up by its manifest name; audit the download."""
    path = job_files(job).get(name)
    if path is None:
        raise NotFound
    store.audit(user.name, "tai_ve", org=job.org, target=job.id, detail=name)
    return FileResponse(path, media_type=media_type(name), filename=path.name)


def serve_archive(store: Store, user: User, job: Job) -> Response:
    """Return the .zip of the whole finished job; audit the download."""
    path = archive(job)
    if path is None:
        raise NotFound
    store.audit(user.name, "tai_ve", org=job.org, target=job.id, detail="archive.zip")
    return FileResponse(path, media_type="application/zip", filename=f"vanban-{job.id[:8]}.zip")


@router.get("/viec/{job_id}")
def job_page(request: Request, job_id: str) -> Response:
    """Return the job's page: the progress bar while it runs, the documents once done."""
    user = page_user(request)
    job = visible_job(store_of(request), user, job_id)
    views = documents(job)
    own = {n for v in views for n in (v.docx_name, v.pdf_name) if n}
    set_files = sorted(n for n in job_files(job) if n not in own)
    return render(
        request, "job.html", job=job, documents=views, state=job_json(job), set_files=set_files
    )


@router.get("/viec/{job_id}/trang-thai")
def job_state(request: Request, job_id: str) -> Response:
    """Return the job's state as JSON (what the progress bar polls)."""
    user = page_user(request)
    return JSONResponse(job_json(visible_job(store_of(request), user, job_id)))


@router.get("/viec/{job_id}/tep/{name:path}")
def job_file(request: Request, job_id: str, name: str) -> Response:
    """Return one file of the job by its manifest name."""
    user = page_user(request)
    store = store_of(request)
    return serve_file(store, user, visible_job(store, user, job_id), name)


@router.get("/viec/{job_id}/archive.zip")
def job_archive(request: Request, job_id: str) -> Response:
    """Return the whole set as a .zip."""
    user = page_user(request)
    store = store_of(request)
    return serve_archive(store, user, visible_job(store, user, job_id))


@router.get("/viec/{job_id}/anh/{name:path}")
def job_thumbnail(request: Request, job_id: str, name: str) -> Response:
    """Return the first-page thumbnail of a document (ready as soon as that document is)."""
    user = page_user(request)
    path = thumb_path(visible_job(store_of(request), user, job_id), name)
    if path is None:
        raise NotFound
    return FileResponse(path, media_type="image/png")


@router.get("/viec/{job_id}/xem/{index}")
def preview(request: Request, job_id: str, index: int) -> Response:
    """Return the preview page of one document: every page as an image."""
    user = page_user(request)
    job = visible_job(store_of(request), user, job_id)
    views = documents(job)
    if not 0 <= index < len(views):
        raise NotFound
    view = views[index]
    return render(request, "preview.html", job=job, view=view,
                  pages=range(1, (view.entry.get("pages") or 0) + 1))  # fmt: skip


@router.get("/viec/{job_id}/xem/{index}/{page}.png")
def preview_page(request: Request, job_id: str, index: int, page: int) -> Response:
    """Return one page of one document as a PNG."""
    user = page_user(request)
    path = page_image(visible_job(store_of(request), user, job_id), index, page)
    if path is None:
        raise NotFound
    return FileResponse(path, media_type="image/png")
