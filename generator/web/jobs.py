"""Jobs: one row each (queued → running → done | failed) plus the set folders the build wrote.

The row is the only truth pages and the API show. Its files live under
`<data-dir>/jobs/<id>/`: `out/` (the build's output folder, written by the atomic set writer, so
a half-written set is never visible), `thumbs/` and `preview/` (page images). A job id is 128
random bits; a job is only ever looked up together with the organisations its reader may see.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.atomic import clean_stale_tree
from generator.service.jobs import STEPS_PER_DOCUMENT, BuildOutcome, BuildSpec
from generator.web.store import Store, now

RESTART_MESSAGE = (
    "Máy chủ đã dừng khi việc lập văn bản đang chạy; không có tệp dở dang nào được giữ lại. "
    "Hãy bấm lập lại."
)


@dataclass
class Job:
    """A job row as pages and the API read it."""

    id: str
    org: str
    user: str
    upload: str
    set_name: str
    period: str | None
    issue: bool
    spec: BuildSpec
    status: str
    done_steps: int
    total_steps: int
    first_pdf: str | None
    outcome: BuildOutcome | None
    errors: list[dict[str, str]] = field(default_factory=list)
    created_at: str = ""
    started_at: str | None = None
    finished_at: str | None = None

    @property
    def folder(self) -> Path:
        """Return the job's own folder (under the data dir)."""
        return Path(self.spec.out).parent

    def documents_total(self) -> int:
        """Return how many documents the job makes (0 until it starts)."""
        return self.total_steps // STEPS_PER_DOCUMENT


def _job(row: sqlite3.Row) -> Job:
    outcome = json.loads(row["outcome"]) if row["outcome"] else None
    return Job(
        id=row["id"],
        org=row["org"],
        user=row["user"],
        upload=row["upload"],
        set_name=row["set_name"],
        period=row["period"],
        issue=bool(row["issue"]),
        spec=BuildSpec.from_dict(json.loads(row["spec"])),
        status=row["status"],
        done_steps=row["done_steps"],
        total_steps=row["total_steps"],
        first_pdf=row["first_pdf"],
        outcome=_outcome(outcome) if outcome else None,
        errors=json.loads(row["errors"]),
        created_at=row["created_at"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
    )


def _outcome(values: dict[str, Any]) -> BuildOutcome:
    from generator.service.jobs import BuiltSet

    return BuildOutcome([BuiltSet(**s) for s in values["sets"]], list(values["failures"]))


def jobs_root(store: Store) -> Path:
    """Return the folder holding every job's files."""
    return store.data_dir / "jobs"


def new_job_id() -> str:
    """Return a fresh unguessable job id."""
    return secrets.token_hex(16)


def create_job(
    store: Store,
    *,
    job_id: str,
    org: str,
    user: str,
    upload: str,
    spec: BuildSpec,
    total_documents: int,
) -> Job:
    """Return the new queued job after storing its row."""
    with store.connect() as db:
        db.execute(
            "INSERT INTO jobs (id, org, user, upload, set_name, period, issue, spec, status, "
            "total_steps, created_at) VALUES (?,?,?,?,?,?,?,?, 'queued', ?, ?)",
            (
                job_id, org, user, upload, spec.set_name, spec.period, int(spec.issue),
                json.dumps(spec.to_dict()), total_documents * STEPS_PER_DOCUMENT, now(),
            ),
        )  # fmt: skip
    found = get_job(store, job_id)
    if found is None:  # pragma: no cover  (inserted just above, in the same file)
        raise LookupError(job_id)
    return found


def get_job(store: Store, job_id: str) -> Job | None:
    """Return the job `job_id`, or None (callers check the organisation next)."""
    with store.connect() as db:
        row = db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
    return None if row is None else _job(row)


def org_jobs(store: Store, org: str, limit: int = 50) -> list[Job]:
    """Return the newest jobs of an organisation first."""
    with store.connect() as db:
        rows = db.execute(
            "SELECT * FROM jobs WHERE org = ? ORDER BY created_at DESC, rowid DESC LIMIT ?",
            (org, limit),
        ).fetchall()
    return [_job(r) for r in rows]


def mark_running(store: Store, job_id: str, total_documents: int) -> None:
    """Record that the job started and how many documents it makes."""
    with store.connect() as db:
        db.execute(
            "UPDATE jobs SET status = 'running', started_at = ?, total_steps = ? WHERE id = ?",
            (now(), total_documents * STEPS_PER_DOCUMENT, job_id),
        )


def add_step(store: Store, job_id: str, first_pdf: str | None = None) -> None:
    """Count one more step done (a document rendered, converted or made signed-ready)."""
    with store.connect() as db:
        db.execute(
            "UPDATE jobs SET done_steps = MIN(done_steps + 1, total_steps), "
            "first_pdf = COALESCE(first_pdf, ?) WHERE id = ?",
            (first_pdf, job_id),
        )


def mark_done(store: Store, job_id: str, outcome: BuildOutcome) -> None:
    """Record the finished job and what it made."""
    errors = [{"where": "", "field": "", "message": f} for f in outcome.failures]
    with store.connect() as db:
        db.execute(
            "UPDATE jobs SET status = 'done', done_steps = total_steps, outcome = ?, errors = ?, "
            "finished_at = ? WHERE id = ?",
            (json.dumps(outcome.to_dict(), ensure_ascii=False),
             json.dumps(errors, ensure_ascii=False), now(), job_id),
        )  # fmt: skip


def mark_failed(store: Store, job_id: str, errors: list[dict[str, str]]) -> None:
    """Record the failed job and why (Vietnamese messages)."""
    with store.connect() as db:
        db.execute(
            "UPDATE jobs SET status = 'failed', errors = ?, finished_at = ? WHERE id = ?",
            (json.dumps(errors, ensure_ascii=False), now(), job_id),
        )


def attach_task(store: Store, job_id: str, task_id: str, reserved: str | None) -> None:
    """Record the queue task that runs the job and the numbers reserved for it (JSON)."""
    with store.connect() as db:
        db.execute(
            "UPDATE jobs SET task_id = ?, reserved = ? WHERE id = ?", (task_id, reserved, job_id)
        )


@dataclass(frozen=True)
class QueuedTask:
    """An unfinished job's queue task, as a restarted server re-attaches to it."""

    job: Job
    task_id: str
    reserved: str | None


def unfinished_tasks(store: Store) -> list[QueuedTask]:
    """Return the queued or running jobs that were sent to the queue, oldest first."""
    with store.connect() as db:
        rows = db.execute(
            "SELECT * FROM jobs WHERE status IN ('queued', 'running') AND task_id IS NOT NULL "
            "ORDER BY created_at, rowid"
        ).fetchall()
    return [QueuedTask(_job(r), r["task_id"], r["reserved"]) for r in rows]


def recover(store: Store, attached: Collection[str] = ()) -> tuple[list[str], list[str]]:
    """Return (failed, requeued) job ids after a restart.

    A job that was running when the server stopped is marked failed (its set was never moved
    into place; the temporary folders of runs now gone are removed); a job still queued runs
    again. The `attached` jobs live on elsewhere (a task on the queue the executor re-attached
    to) and are left alone.
    """
    with store.connect() as db:
        running = [r["id"] for r in db.execute("SELECT id FROM jobs WHERE status = 'running'")]
        queued = [
            r["id"]
            for r in db.execute("SELECT id FROM jobs WHERE status = 'queued' ORDER BY created_at")
        ]
    kept = set(attached)
    running = [job_id for job_id in running if job_id not in kept]
    queued = [job_id for job_id in queued if job_id not in kept]
    failed_errors = [{"where": "", "field": "", "message": RESTART_MESSAGE}]
    for job_id in running:
        mark_failed(store, job_id, failed_errors)
    # Only what dead runs left (the stopped server's jobs among them): a worker still running
    # a job keeps its folders, and a set moved aside by a killed swap is put back.
    for out in sorted(jobs_root(store).glob("*/out")):
        clean_stale_tree(out)
    return running, queued
