"""A web database made before queue jobs kept their task gains the columns and keeps its jobs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from generator.web import jobs as job_rows
from generator.web.store import DB_NAME, Store

OLD_JOBS = """
CREATE TABLE jobs (
    id TEXT PRIMARY KEY, org TEXT NOT NULL, user TEXT NOT NULL, upload TEXT NOT NULL,
    set_name TEXT NOT NULL, period TEXT, issue INTEGER NOT NULL DEFAULT 0, spec TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    done_steps INTEGER NOT NULL DEFAULT 0, total_steps INTEGER NOT NULL DEFAULT 0,
    first_pdf TEXT, outcome TEXT, errors TEXT NOT NULL DEFAULT '[]', created_at TEXT NOT NULL,
    started_at TEXT, finished_at TEXT
);
"""
SPEC = '{"data": "d.xlsx", "set_name": "inspection", "out": "jobs/a/out"}'


def test_an_old_database_gets_the_job_task_columns(tmp_path: Path) -> None:
    old = tmp_path / "old"
    old.mkdir()
    db = sqlite3.connect(old / DB_NAME)
    db.executescript(OLD_JOBS)
    for job_id, status in (("a", "running"), ("b", "queued")):
        db.execute(
            "INSERT INTO jobs (id, org, user, upload, set_name, spec, status, created_at) "
            "VALUES (?, 'binh-lu', 'van-thu', 'u', 'inspection', ?, ?, '2026-01-01')",
            (job_id, SPEC, status),
        )
    db.commit()
    db.close()
    store = Store(old)
    assert job_rows.unfinished_tasks(store) == []  # sent before: the old rule applies
    job_rows.attach_task(store, "b", "task-b", "{}")
    [task] = job_rows.unfinished_tasks(Store(old))  # a second start changes nothing
    assert (task.job.id, task.task_id, task.reserved) == ("b", "task-b", "{}")
    assert job_rows.recover(store, attached=["b"]) == (["a"], [])
    assert job_rows.recover(store) == ([], ["b"])
