"""The JSON API (bearer token, same permissions as the pages): submit a job, poll it, download.

`POST /api/v1/jobs` takes the data and the build choices in one multipart request (`set`, `ky`,
`issue`, `chi`: with `issue`, the documents to issue now as the CLI's --chi spells them ("KH,QĐ",
"TB", "TB:<mã đơn vị>"), `ngay`: their issue date, YYYY-MM-DD or dd/mm/yyyy, default today;
`rebuild_finalised`: rebuild a set holding finalised documents, keeping them in its versions/)
and answers 202 with the job's id, URL and warnings (unit users the data does not match), or 422
with every data problem (also issuing dates that break the inspection chain's order); another
organisation's job or file is 404, never 403, so its existence is not revealed.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from generator.register.issue import split_choice
from generator.web.auth import api_user, config_of, store_of
from generator.web.executor import api_problems
from generator.web.files import job_json
from generator.web.periods import unit_user_warnings
from generator.web.routes_jobs import serve_archive, serve_file, visible_job
from generator.web.routes_upload import save_incoming
from generator.web.submit import API_ISSUE_HINT, Refused, accept_upload, issue_date_of, start_job

router = APIRouter(prefix="/api/v1")


def _refused(refused: Refused) -> JSONResponse:
    errors = api_problems(refused.problems)
    return JSONResponse({"errors": errors, "message": refused.headline}, 422)


def _yes(value: str) -> bool:
    """Return whether a form field says yes ("true", "1", "có", ...)."""
    return value.strip().lower() in ("true", "1", "yes", "co", "có")


@router.post("/jobs")
def create(
    request: Request,
    data: Annotated[UploadFile, File()],
    *,
    set_name: str = Form("inspection", alias="set"),
    ky: str = Form(""),
    issue: str = Form("false"),
    rebuild_finalised: str = Form("false"),
    chi: str = Form(""),
    ngay: str = Form(""),
) -> Response:
    """Accept the data, check it, queue the build; 202 {id, url} or 422 {errors}."""
    user = api_user(request)
    store, config = store_of(request), config_of(request)
    body = save_incoming(config, data)
    try:
        upload, dataset, leftovers = accept_upload(
            store, config, user, filename=data.filename or "", body=body
        )
        job = start_job(
            store, config=config, executor=request.app.state.executor, user=user,
            upload=upload, dataset=dataset,
            set_name=set_name, period=ky.strip() or None,
            issue=_yes(issue),
            rebuild_finalised=_yes(rebuild_finalised),
            only=split_choice([chi]), issue_date=issue_date_of(ngay, "ngay"),
            hint=API_ISSUE_HINT,
        )  # fmt: skip
    except Refused as refused:
        return _refused(refused)
    finally:
        body.unlink(missing_ok=True)
    # Unit users whose unit the new data's plan does not name (a mistyped --unit, most often).
    warnings = [*leftovers, *unit_user_warnings(store, user.org, dataset)]
    return JSONResponse({"id": job.id, "url": f"/api/v1/jobs/{job.id}", "warnings": warnings}, 202)


@router.get("/jobs/{job_id}")
def show(request: Request, job_id: str) -> Response:
    """Return the job: status, progress, manifest entries, errors."""
    user = api_user(request)
    return JSONResponse(job_json(visible_job(store_of(request), user, job_id)))


@router.get("/jobs/{job_id}/files/{name:path}")
def file(request: Request, job_id: str, name: str) -> Response:
    """Return one file of the job's manifest (or bundle.pdf, manifest.json)."""
    user = api_user(request)
    store = store_of(request)
    return serve_file(store, user, visible_job(store, user, job_id), name)


@router.get("/jobs/{job_id}/archive.zip")
def whole(request: Request, job_id: str) -> Response:
    """Return the whole set as a .zip."""
    user = api_user(request)
    store = store_of(request)
    return serve_archive(store, user, visible_job(store, user, job_id))
