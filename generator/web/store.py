"""The web's own SQLite file: organisations, users, sessions, API tokens, jobs, audit log.

One file (`<data-dir>/vanban-web.sqlite`) in WAL mode; each call opens a short connection, so
request threads, job threads and the CLI's `vanban user …` can all use it at once. The number
register stays its own file (`generator.register`). Tables of other features (periods, …) may
be added by their modules with `Store.ensure(schema)`.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from generator.sqlite_tx import immediate

DB_NAME = "vanban-web.sqlite"
BUSY_TIMEOUT_S = 30.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS organisations (
    slug TEXT PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    province TEXT NOT NULL DEFAULT '',
    district TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    org TEXT NOT NULL REFERENCES organisations(slug),
    role TEXT NOT NULL CHECK (role IN ('clerk', 'province', 'admin', 'unit')),
    unit TEXT,
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY,
    user TEXT NOT NULL REFERENCES users(name),
    csrf TEXT NOT NULL,
    created_at TEXT NOT NULL,
    seen_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS api_tokens (
    token_hash TEXT PRIMARY KEY,
    user TEXT NOT NULL REFERENCES users(name),
    created_at TEXT NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS login_failures (
    key TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS login_failures_key ON login_failures (key, at);
CREATE TABLE IF NOT EXISTS uploads (
    id TEXT PRIMARY KEY,
    org TEXT NOT NULL,
    user TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('xlsx', 'yaml')),
    original_name TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    org TEXT NOT NULL,
    user TEXT NOT NULL,
    upload TEXT NOT NULL,
    set_name TEXT NOT NULL,
    period TEXT,
    issue INTEGER NOT NULL DEFAULT 0,
    spec TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    done_steps INTEGER NOT NULL DEFAULT 0,
    total_steps INTEGER NOT NULL DEFAULT 0,
    first_pdf TEXT,
    outcome TEXT,
    errors TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    task_id TEXT,
    reserved TEXT
);
CREATE INDEX IF NOT EXISTS jobs_by_org ON jobs (org, created_at);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    org TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
"""


def now() -> str:
    """Return the current UTC time as ISO text (seconds), the one clock format of the store."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """The web's SQLite file; `connect()` yields a connection inside one transaction."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.path = data_dir / DB_NAME
        self._lock = threading.Lock()
        data_dir.mkdir(parents=True, exist_ok=True)
        self.ensure(_SCHEMA)
        self._add_unit_role()
        self._add_job_task()

    def ensure(self, schema: str) -> None:
        """Create the tables of `schema` when missing (a feature module's own tables too)."""
        with self._open() as db:
            db.executescript(schema)

    def _add_unit_role(self) -> None:
        """Give a file made before unit users existed the role "unit" and the column `unit`.

        SQLite cannot change a CHECK constraint, so the users table is rebuilt (the documented
        way: foreign keys off, copy, drop, rename, in one transaction).
        """
        with self._open() as db:
            columns = [row["name"] for row in db.execute("PRAGMA table_info(users)")]
            if "unit" in columns:
                return
            db.execute("PRAGMA foreign_keys=OFF")
            with immediate(db):
                new = _SCHEMA[_SCHEMA.index("CREATE TABLE IF NOT EXISTS users") :]
                new = new[: new.index(");") + 2].replace("EXISTS users", "EXISTS users_new", 1)
                db.execute(new)
                db.execute(
                    "INSERT INTO users_new (name, org, role, password_hash, disabled, created_at) "
                    "SELECT name, org, role, password_hash, disabled, created_at FROM users"
                )
                db.execute("DROP TABLE users")
                db.execute("ALTER TABLE users_new RENAME TO users")

    def _add_job_task(self) -> None:
        """Give a file made before `serve --queue` re-attached its jobs the jobs' task columns.

        `task_id` is the Celery task of a queued job, `reserved` the numbers reserved for it
        (JSON); a restarted server finds the job's task again by them.
        """
        with self._open() as db:
            columns = [row["name"] for row in db.execute("PRAGMA table_info(jobs)")]
            if "task_id" in columns:
                return
            with immediate(db):
                db.execute("ALTER TABLE jobs ADD COLUMN task_id TEXT")
                db.execute("ALTER TABLE jobs ADD COLUMN reserved TEXT")

    @contextmanager
    def _open(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA foreign_keys=ON")
            yield db
        finally:
            db.close()

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """Yield a connection in one `BEGIN IMMEDIATE` transaction, committed on success."""
        with self._open() as db, immediate(db):
            yield db

    def audit(
        self, user: str, action: str, *, org: str = "", target: str = "", detail: str = ""
    ) -> None:
        """Write one line of the audit log: who did what, to what, when."""
        with self.connect() as db:
            db.execute(
                "INSERT INTO audit (at, user, org, action, target, detail) VALUES (?,?,?,?,?,?)",
                (now(), user, org, action, target, detail),
            )

    def audit_lines(self, limit: int = 500, offset: int = 0) -> list[sqlite3.Row]:
        """Return the newest audit lines first."""
        with self.connect() as db:
            return list(
                db.execute("SELECT * FROM audit ORDER BY id DESC LIMIT ? OFFSET ?", (limit, offset))
            )
