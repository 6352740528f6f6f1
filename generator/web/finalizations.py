"""Finalisations on the web: one row each (queued → running → done | failed), run by the executor.

The upload of an edited draft becomes a row and a piece of work on the server's job executor
(`JobExecutor.submit_work`), so it shares the server's one warm LibreOffice with the builds and
the request returns at once. The work is one call of the same use case as `vanban finalize`
(generator.service.finalize); each progress message it reports is one step of the row, its
result or its Vietnamese reasons end the row, and the audit log gets the same lines as before.
"""

from __future__ import annotations

import json
import logging
import shutil
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.errors import VanbanError
from generator.web.files import forget_archives
from generator.web.jobs import Job, new_job_id
from generator.web.store import Store, now

if TYPE_CHECKING:
    from generator.pdf.jobs import Converter
    from generator.service.finalize import FinalizeResult, IssueOptions, Source

log = logging.getLogger("vanban.web")
# What finalize() reports on its way: recognised, converted to PDF, bundled.
STEPS = 3
STATUS_TEXT = {"queued": "đang chờ", "running": "đang hoàn thiện", "done": "đã xong",
               "failed": "lỗi"}  # fmt: skip
RESTART_MESSAGE = (
    "Máy chủ đã dừng khi đang hoàn thiện văn bản; bộ văn bản giữ nguyên như trước. "
    "Hãy tải tệp đã sửa lên lại."
)
SERVER_ERROR = (
    "Lỗi máy chủ khi hoàn thiện văn bản; đã ghi nhật ký để quản trị viên xem. Hãy thử lại sau."
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS finalizations (
    id TEXT PRIMARY KEY,
    job TEXT NOT NULL,
    org TEXT NOT NULL,
    user TEXT NOT NULL,
    filename TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    done_steps INTEGER NOT NULL DEFAULT 0,
    step_text TEXT NOT NULL DEFAULT '',
    result TEXT,
    errors TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT
);
CREATE INDEX IF NOT EXISTS finalizations_by_job ON finalizations (job, created_at);
"""


@dataclass
class Finalization:
    """A finalisation row as the page and its progress bar read it."""

    id: str
    job: str
    org: str
    user: str
    filename: str
    status: str
    done_steps: int
    step_text: str
    result: dict[str, Any] | None
    errors: list[str] = field(default_factory=list)
    created_at: str = ""
    finished_at: str | None = None

    @property
    def status_text(self) -> str:
        """Return the status as the page prints it."""
        return STATUS_TEXT[self.status]


def _row(row: sqlite3.Row) -> Finalization:
    return Finalization(
        id=row["id"], job=row["job"], org=row["org"], user=row["user"], filename=row["filename"],
        status=row["status"], done_steps=row["done_steps"], step_text=row["step_text"],
        result=json.loads(row["result"]) if row["result"] else None,
        errors=json.loads(row["errors"]), created_at=row["created_at"],
        finished_at=row["finished_at"],
    )  # fmt: skip


def create(store: Store, job: Job, user: str, filename: str) -> Finalization:
    """Return the new queued finalisation of one of `job`'s sets, after storing its row."""
    store.ensure(_SCHEMA)
    row_id = new_job_id()
    with store.connect() as db:
        db.execute(
            "INSERT INTO finalizations (id, job, org, user, filename, status, created_at) "
            "VALUES (?,?,?,?,?, 'queued', ?)",
            (row_id, job.id, job.org, user, filename, now()),
        )
    found = get(store, row_id)
    if found is None:  # pragma: no cover  (inserted just above, in the same file)
        raise LookupError(row_id)
    return found


def get(store: Store, row_id: str) -> Finalization | None:
    """Return the finalisation `row_id`, or None (callers check its job next)."""
    store.ensure(_SCHEMA)
    with store.connect() as db:
        row = db.execute("SELECT * FROM finalizations WHERE id = ?", (row_id,)).fetchone()
    return None if row is None else _row(row)


def _update(store: Store, row_id: str, sql: str, *values: Any) -> None:
    with store.connect() as db:
        db.execute(f"UPDATE finalizations SET {sql} WHERE id = ?", (*values, row_id))


def mark_failed(store: Store, row_id: str, errors: list[str]) -> None:
    """Record the refused or failed finalisation and why (Vietnamese lines)."""
    _update(store, row_id, "status = 'failed', errors = ?, finished_at = ?",
            json.dumps(errors, ensure_ascii=False), now())  # fmt: skip


def recover(store: Store) -> list[str]:
    """Return the ids of finalisations a stopped server left unfinished, now marked failed.

    Their work lived in the stopped process only (the set folder was never swapped), so they
    are not run again: the clerk uploads the file again.
    """
    store.ensure(_SCHEMA)
    with store.connect() as db:
        rows = db.execute("SELECT id FROM finalizations WHERE status IN ('queued', 'running')")
        left = [r["id"] for r in rows]
    for row_id in left:
        mark_failed(store, row_id, [RESTART_MESSAGE])
    return left


def state_json(row: Finalization) -> dict[str, Any]:
    """Return a finalisation as its progress bar polls it (the shape of a build job's state)."""
    return {
        "id": row.id,
        "status": row.status,
        "status_text": row.status_text,
        "progress": {"done": row.done_steps, "total": STEPS, "text": row.step_text},
        "result": row.result,
        "errors": [{"where": "", "field": "", "message": line} for line in row.errors],
        "created_at": row.created_at,
        "finished_at": row.finished_at,
    }


@dataclass(frozen=True)
class FinalizeWork:
    """One finalisation to run on the executor: the stored upload into one set folder."""

    store: Store
    row_id: str
    job: Job
    upload: Path  # the server-named stored upload; removed when the work ends
    folder: Path
    issue: IssueOptions | None

    def __call__(self, converter: Converter | None) -> None:
        """Run the finalisation to its end, recording done or failed; never raises."""
        from generator.service.finalize import finalize

        if converter is None:  # pragma: no cover  (the route refuses without LibreOffice)
            self.fail(VanbanError("máy chủ này không chuyển PDF (không có LibreOffice)"))
            return
        row = get(self.store, self.row_id)
        filename = row.filename if row is not None else ""
        _update(self.store, self.row_id, "status = 'running', started_at = ?", now())
        try:
            named = _named(self.upload, filename)
            result = finalize(
                named, self.folder, converter=converter, now=datetime.now().astimezone(),
                issue=self.issue, source=self._source(), progress=self._step,
            )  # fmt: skip
        except VanbanError as err:
            self.fail(err)
            return
        except Exception:
            log.exception("finalisation %s failed", self.row_id)
            mark_failed(self.store, self.row_id, [SERVER_ERROR])
            return
        finally:
            shutil.rmtree(self.upload.with_name(self.upload.name + "-d"), ignore_errors=True)
            self.upload.unlink(missing_ok=True)
        self._done(result, row.user if row is not None else "")

    def fail(self, err: VanbanError) -> None:
        """Record a refusal (its Vietnamese lines) and audit it."""
        self.upload.unlink(missing_ok=True)
        row = get(self.store, self.row_id)
        mark_failed(self.store, self.row_id, str(err).splitlines())
        if row is not None:
            self.store.audit(row.user, "hoan_thien_bi_tu_choi", org=self.job.org,
                             target=self.job.id, detail=row.filename[:200])  # fmt: skip

    def _source(self) -> Source:
        """Return the job's data and templates: the drafts citing the document follow it."""
        from generator.service.finalize import Source

        templates = None
        if self.job.spec.templates:
            from generator.service.templates import load_templates

            templates = load_templates(Path(self.job.spec.templates))
        return Source(Path(self.job.spec.data), templates)

    def _step(self, text: str) -> None:
        _update(self.store, self.row_id,
                f"done_steps = MIN(done_steps + 1, {STEPS}), step_text = ?", text)  # fmt: skip

    def _done(self, result: FinalizeResult, user: str) -> None:
        forget_archives(self.job)
        for name in (result.docx.name, *result.updated):  # their thumbnails are stale now
            for thumb in (self.job.folder / "thumbs").rglob(Path(name).with_suffix(".png").name):
                thumb.unlink(missing_ok=True)
        shown = {
            "docx": result.docx.name, "pdf": result.pdf.name, "so_ky_hieu": result.so_ky_hieu,
            "version": result.version, "pages": result.pages,
            "signature_fields": result.signature_fields, "recognised": result.recognised,
            "warnings": result.warnings, "updated": result.updated,
            "citations": result.citations,
        }  # fmt: skip
        _update(self.store, self.row_id,
                f"status = 'done', done_steps = {STEPS}, result = ?, finished_at = ?",
                json.dumps(shown, ensure_ascii=False), now())  # fmt: skip
        detail = f"{result.docx.name} {result.so_ky_hieu or ''}".strip()
        self.store.audit(user, "hoan_thien", org=self.job.org, target=self.job.id, detail=detail)


def _named(upload: Path, filename: str) -> Path:
    """Return the upload moved into its own folder under a name made from the client's file
    name (which only ever shows inside messages)."""
    from generator.vi.text import slugify

    place = upload.with_name(upload.name + "-d")
    place.mkdir()
    named = place / f"{slugify(Path(filename).stem, max_len=60) or 'van-ban-da-sua'}.docx"
    upload.rename(named)
    return named
