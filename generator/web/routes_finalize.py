"""Hoàn thiện and mẫu riêng: an edited draft back into its set, versions, admins' template sets.

The upload of an edited draft is stored under a server-chosen name and becomes a finalisation
(finalizations.py) run on the server's job executor with its shared LibreOffice: one call of the
same use case as `vanban finalize` (generator.service.finalize) on the job's set folder. The
request returns at once to the finalisation's page, which follows its progress, then shows the
result or every reason it was refused. Only a clerk of the job's organisation may finalise
(may_issue); anyone who may see the organisation may list and download the versions, each
looked up by the manifest's own names. Template sets are uploaded by admins (templatesets.py).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response

from generator.web import finalizations
from generator.web.access import may_issue, visible_orgs
from generator.web.auth import Forbidden, NotFound, check_csrf, config_of, page_user, store_of
from generator.web.files import manifests, media_type
from generator.web.finalizations import Finalization, FinalizeWork
from generator.web.jobs import Job
from generator.web.pages import render
from generator.web.routes_jobs import visible_job
from generator.web.routes_upload import save_incoming
from generator.web.templatesets import TemplatesRefused, list_sets, store_set

router = APIRouter()


def _sets(job: Job) -> list[tuple[Path, dict[str, Any]]]:
    return manifests(job)


def _versions(job: Job) -> list[dict[str, Any]]:
    """Return, per document of the job, its current and earlier versions as the page lists."""
    rows = []
    for set_index, (folder, manifest) in enumerate(_sets(job)):
        for doc_index, entry in enumerate(manifest.get("documents", [])):
            rows.append({
                "set": set_index, "doc": doc_index, "folder": folder.name, "entry": entry,
                "versions": list(reversed(entry.get("versions") or [])),
            })  # fmt: skip
    return rows


@router.post("/viec/{job_id}/hoan-thien")
def finalize_upload(
    request: Request,
    job_id: str,
    data: Annotated[UploadFile, File()],
    *,
    csrf: str = Form(""),
    bo: int = Form(0),
    issue: str = Form(""),
    ngay: str = Form(""),
) -> Response:
    """Queue the finalisation of an edited draft of the job's set; go to its progress page."""
    user = page_user(request)
    check_csrf(request, csrf)
    store, config = store_of(request), config_of(request)
    job = visible_job(store, user, job_id)
    if not may_issue(store, user, job.org):
        raise Forbidden("Chỉ văn thư của xã được hoàn thiện văn bản; cấp tỉnh chỉ xem và tải về.")
    sets = _sets(job)
    if not 0 <= bo < len(sets):
        raise NotFound
    problems: list[str] = []
    options = None
    if issue == "1":
        from generator.service.finalize import IssueOptions

        try:
            day = datetime.strptime(ngay.strip(), "%d/%m/%Y").date() if ngay.strip() else None
        except ValueError:
            problems.append(f"ngày ban hành cần dạng dd/mm/yyyy, nhận được '{ngay}'")
            day = None
        options = IssueOptions(config.register_path, day or date.today())
    if not config.pdf:
        problems.append("máy chủ này không chuyển PDF (không có LibreOffice) nên chưa hoàn thiện")
    filename = data.filename or ""
    if problems:
        store.audit(user.name, "hoan_thien_bi_tu_choi", org=job.org, target=job.id,
                    detail=filename[:200])  # fmt: skip
        return render(
            request, "finalize.html", status_code=422, job=job, problems=problems, run=None,
            result=None, rows=_versions(job),
        )  # fmt: skip
    row = finalizations.create(store, job, user.name, filename)
    work = FinalizeWork(store, row.id, job, save_incoming(config, data), sets[bo][0], options)
    request.app.state.executor.submit_work(work)
    return RedirectResponse(f"/viec/{job.id}/hoan-thien/{row.id}", status_code=303)


def _visible_run(request: Request, job_id: str, run_id: str) -> tuple[Job, Finalization]:
    """Return the job and its finalisation when the user may see them; NotFound otherwise."""
    user = page_user(request)
    store = store_of(request)
    job = visible_job(store, user, job_id)
    run = finalizations.get(store, run_id) if run_id.isalnum() else None
    if run is None or run.job != job.id:
        raise NotFound
    return job, run


@router.get("/viec/{job_id}/hoan-thien/{run_id}")
def finalize_page(request: Request, job_id: str, run_id: str) -> Response:
    """Return a finalisation's page: its progress while it runs, then its result or reasons."""
    job, run = _visible_run(request, job_id, run_id)
    return render(
        request, "finalize.html", job=job, problems=run.errors, run=run, result=run.result,
        rows=_versions(job), state=finalizations.state_json(run),
    )  # fmt: skip


@router.get("/viec/{job_id}/hoan-thien/{run_id}/trang-thai")
def finalize_state(request: Request, job_id: str, run_id: str) -> Response:
    """Return a finalisation's state as JSON (what its progress bar polls)."""
    return JSONResponse(finalizations.state_json(_visible_run(request, job_id, run_id)[1]))


@router.get("/viec/{job_id}/phien-ban")
def versions_page(request: Request, job_id: str) -> Response:
    """Return the documents of the job with every version each has had."""
    user = page_user(request)
    store = store_of(request)
    job = visible_job(store, user, job_id)
    return render(
        request, "finalize.html", job=job, problems=[], run=None, result=None,
        rows=_versions(job),
    )  # fmt: skip


@router.get("/viec/{job_id}/phien-ban/{bo}/{doc}/{version}/{kind}")
def version_file(
    request: Request, job_id: str, bo: int, doc: int, *, version: int, kind: str
) -> Response:
    """Return an earlier version's .docx or .pdf, found by the manifest's own names."""
    user = page_user(request)
    store = store_of(request)
    job = visible_job(store, user, job_id)
    sets = _sets(job)
    if kind not in ("docx", "pdf") or not 0 <= bo < len(sets):
        raise NotFound
    folder, manifest = sets[bo]
    documents = manifest.get("documents", [])
    if not 0 <= doc < len(documents):
        raise NotFound
    entry = next((v for v in documents[doc].get("versions") or [] if v.get("version") == version),
                 None)  # fmt: skip
    name = entry.get(kind) if entry else None
    path = (folder / name).resolve() if isinstance(name, str) else None
    if path is None or not path.is_file() or not path.is_relative_to(folder.resolve() / "versions"):
        raise NotFound
    store.audit(user.name, "tai_ve", org=job.org, target=job.id, detail=str(name))
    return FileResponse(path, media_type=media_type(path.name), filename=path.name)


@router.get("/quan-tri/mau")
def templates_page(request: Request) -> Response:
    """Return the template sets page (admins only)."""
    user = page_user(request)
    if not user.is_admin:
        raise Forbidden("Mẫu riêng chỉ do quản trị viên tải lên.")
    store = store_of(request)
    return render(request, "templates_admin.html", sets=list_sets(store),
                  orgs=visible_orgs(store, user), problems=[], stored=None)  # fmt: skip


@router.post("/quan-tri/mau")
def templates_upload(
    request: Request,
    data: Annotated[UploadFile, File()],
    *,
    csrf: str = Form(""),
    scope: str = Form("org"),
    target: str = Form(""),
) -> Response:
    """Store an uploaded template set after checking it; list every problem when refused."""
    user = page_user(request)
    check_csrf(request, csrf)
    if not user.is_admin:
        raise Forbidden("Mẫu riêng chỉ do quản trị viên tải lên.")
    store, config = store_of(request), config_of(request)
    body = save_incoming(config, data)
    stored, problems, status = None, [], 200
    try:
        stored = store_set(store, user=user.name, scope=scope, target=target.strip(), body=body)
    except TemplatesRefused as refused:
        problems, status = refused.problems, 422
    finally:
        body.unlink(missing_ok=True)
    return render(
        request, "templates_admin.html", status_code=status, sets=list_sets(store),
        orgs=visible_orgs(store, user), problems=problems, stored=stored,
    )  # fmt: skip
