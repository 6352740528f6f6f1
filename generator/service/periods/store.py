"""SQLite store of reporting periods and of every submission (who, when, what changed).

One file under the data directory (`periods.sqlite`). Each write is one `BEGIN IMMEDIATE`
transaction on its own connection, so units submitting at the same moment queue on SQLite's
lock and none is lost; a submission is never updated or deleted, a resubmission is a new row
that records what changed since the unit's previous one. Each row keeps the due date in force
when it was sent: moving the due date later does not make an earlier submission late.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from generator.errors import UsageError
from generator.service.periods.figures import Figures
from generator.sqlite_tx import immediate

FILE_NAME = "periods.sqlite"
# Due dates are days in Vietnam: a unit that submits on the due day (UTC+7) is on time.
VIETNAM = timezone(timedelta(hours=7), "ICT")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS period (
    org TEXT NOT NULL,
    ky TEXT NOT NULL,
    due TEXT NOT NULL,
    opened_by TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    locked_by TEXT,
    locked_at TEXT,
    PRIMARY KEY (org, ky)
);
CREATE TABLE IF NOT EXISTS submission (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org TEXT NOT NULL,
    ky TEXT NOT NULL,
    unit TEXT NOT NULL,
    by TEXT NOT NULL,
    at TEXT NOT NULL,
    source TEXT NOT NULL,
    figures TEXT NOT NULL,
    changes TEXT NOT NULL,
    due TEXT
);
CREATE INDEX IF NOT EXISTS submission_unit ON submission (org, ky, unit, id);
CREATE TABLE IF NOT EXISTS report (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org TEXT NOT NULL,
    ky TEXT NOT NULL,
    by TEXT NOT NULL,
    at TEXT NOT NULL,
    ref TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Period:
    """An open (or locked) reporting period of one organisation."""

    org: str
    ky: str
    due: date
    opened_by: str
    opened_at: datetime
    locked_by: str | None = None
    locked_at: datetime | None = None

    @property
    def locked(self) -> bool:
        """Return True once the Văn phòng has locked the period."""
        return self.locked_at is not None


@dataclass(frozen=True)
class Submission:
    """One submission of a unit: who sent what when, and what changed since its previous one.

    `changes` maps each item key whose value changed to [before, after] (None = not reported).
    """

    id: int
    org: str
    ky: str
    unit: str
    by: str
    at: datetime
    source: str
    figures: Figures
    changes: dict[str, list[str | None]]
    due: date | None = None

    def late(self, due: date | None = None) -> bool:
        """Return True when sent after the due day in force then (else `due`), Vietnam time."""
        limit = self.due or due
        return limit is not None and self.at.astimezone(VIETNAM).date() > limit


class PeriodStore:
    """The periods and submissions of every organisation served from one data directory."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)
            columns = [row[1] for row in db.execute("PRAGMA table_info(submission)")]
            if "due" not in columns:  # a store made before submissions kept their due date
                db.execute("ALTER TABLE submission ADD COLUMN due TEXT")

    @classmethod
    def in_dir(cls, data_dir: Path) -> PeriodStore:
        """Return the store kept in `data_dir`."""
        return cls(data_dir / FILE_NAME)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        try:
            db.execute("PRAGMA busy_timeout=60000")
            yield db
        finally:
            db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as db, immediate(db):
            yield db

    def open(self, org: str, ky: str, due: date, *, by: str, at: datetime) -> Period:
        """Open period `ky` of `org` due on `due`, or move the due date of an open one.

        Raise UsageError when the period is locked.
        """
        with self._write() as db:
            found = _period(db, org, ky)
            if found is not None and found.locked:
                raise UsageError(f"kỳ báo cáo {ky} đã khóa, không đổi được hạn gửi")
            if found is None:
                db.execute(
                    "INSERT INTO period (org, ky, due, opened_by, opened_at) VALUES (?,?,?,?,?)",
                    (org, ky, due.isoformat(), by, at.isoformat()),
                )
            else:
                db.execute(
                    "UPDATE period SET due = ? WHERE org = ? AND ky = ?", (due.isoformat(), org, ky)
                )
            period = _period(db, org, ky)
        assert period is not None  # written just above in the same transaction
        return period

    def period(self, org: str, ky: str) -> Period | None:
        """Return the period, or None when it was never opened."""
        with self._connect() as db:
            return _period(db, org, ky)

    def periods(self, org: str | None = None) -> list[Period]:
        """Return every period (of one organisation), newest code first."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT * FROM period WHERE ? IS NULL OR org = ? ORDER BY org, ky DESC", (org, org)
            ).fetchall()
        return [_period_of(row) for row in rows]

    def lock(self, org: str, ky: str, *, by: str, at: datetime) -> Period:
        """Lock the period: no more submissions. Raise UsageError when it is not open."""
        with self._write() as db:
            if _period(db, org, ky) is None:
                raise UsageError(f"chưa mở kỳ báo cáo {ky}")
            db.execute(
                "UPDATE period SET locked_by = ?, locked_at = ? WHERE org = ? AND ky = ? "
                "AND locked_at IS NULL",
                (by, at.isoformat(), org, ky),
            )
            period = _period(db, org, ky)
        assert period is not None
        return period

    def submit(
        self, org: str, ky: str, unit: str, figures: Figures, *, by: str, at: datetime,
        source: str,
    ) -> Submission:  # fmt: skip
        """Keep a new submission of `unit` and return it (with what changed).

        Raise UsageError when the period is not open or is locked.
        """
        with self._write() as db:
            period = _period(db, org, ky)
            if period is None:
                raise UsageError(f"chưa mở kỳ báo cáo {ky}; Văn phòng cần mở kỳ trước")
            if period.locked:
                raise UsageError(f"kỳ báo cáo {ky} đã khóa, không nhận thêm báo cáo")
            before = _latest(db, org, ky, unit)
            changes = _changes(before.figures if before else Figures(), figures)
            cursor = db.execute(
                "INSERT INTO submission (org, ky, unit, by, at, source, figures, changes, due) "
                "VALUES (?,?,?,?,?,?,?,?,?)",
                (org, ky, unit, by, at.isoformat(), source,
                 json.dumps(figures.to_json(), ensure_ascii=False),
                 json.dumps(changes, ensure_ascii=False), period.due.isoformat()),
            )  # fmt: skip
            ident = int(cursor.lastrowid or 0)
        return Submission(ident, org, ky, unit, by, at, source, figures, changes, period.due)

    def record_report(self, org: str, ky: str, ref: str, *, by: str, at: datetime) -> None:
        """Record that the period's report set was built (`ref`: the job or folder)."""
        with self._write() as db:
            db.execute(
                "INSERT INTO report (org, ky, by, at, ref) VALUES (?,?,?,?,?)",
                (org, ky, by, at.isoformat(), ref),
            )

    def reports(self, org: str, ky: str) -> list[tuple[str, datetime, str]]:
        """Return the builds of the period's report set: (by, at, ref), oldest first."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT by, at, ref FROM report WHERE org = ? AND ky = ? ORDER BY id", (org, ky)
            ).fetchall()
        return [(by, datetime.fromisoformat(at), ref) for by, at, ref in rows]

    def history(self, org: str, ky: str, unit: str | None = None) -> list[Submission]:
        """Return every submission of the period (of one unit), oldest first."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT * FROM submission WHERE org = ? AND ky = ? AND (? IS NULL OR unit = ?) "
                "ORDER BY id",
                (org, ky, unit, unit),
            ).fetchall()
        return [_submission_of(row) for row in rows]

    def latest(self, org: str, ky: str) -> dict[str, Submission]:
        """Return each unit's latest submission of the period."""
        found: dict[str, Submission] = {}
        for each in self.history(org, ky):
            found[each.unit] = each
        return found


def _period(db: sqlite3.Connection, org: str, ky: str) -> Period | None:
    row = db.execute("SELECT * FROM period WHERE org = ? AND ky = ?", (org, ky)).fetchone()
    return None if row is None else _period_of(row)


def _period_of(row: tuple[Any, ...]) -> Period:
    org, ky, due, opened_by, opened_at, locked_by, locked_at = row
    return Period(
        org, ky, date.fromisoformat(due), opened_by, datetime.fromisoformat(opened_at),
        locked_by, datetime.fromisoformat(locked_at) if locked_at else None,
    )  # fmt: skip


def _latest(db: sqlite3.Connection, org: str, ky: str, unit: str) -> Submission | None:
    row = db.execute(
        "SELECT * FROM submission WHERE org = ? AND ky = ? AND unit = ? ORDER BY id DESC LIMIT 1",
        (org, ky, unit),
    ).fetchone()
    return None if row is None else _submission_of(row)


def _submission_of(row: tuple[Any, ...]) -> Submission:
    ident, org, ky, unit, by, at, source, figures, changes, due = row
    return Submission(
        int(ident), org, ky, unit, by, datetime.fromisoformat(at), source,
        Figures.from_json(json.loads(figures)), json.loads(changes),
        date.fromisoformat(due) if due else None,
    )  # fmt: skip


def _changes(before: Figures, after: Figures) -> dict[str, list[str | None]]:
    keys = [*before.values, *before.tasks, *after.values, *after.tasks]
    found: dict[str, list[str | None]] = {}
    for key in dict.fromkeys(keys):
        old, new = before.shown(key), after.shown(key)
        if old != new:
            found[key] = [old, new]
    return found
