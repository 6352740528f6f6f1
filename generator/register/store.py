"""The register file itself: schema, and the transactions that issue, complete, release and void.

Every writing method is one `BEGIN IMMEDIATE` transaction on a WAL database: SQLite lets exactly
one process at a time read the last number and write the next one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from generator.errors import RegisterError
from generator.register.entries import (
    POLICY_LABELS,
    Entry,
    Issued,
    IssueRequest,
    SeriesPolicy,
    entry_from_row,
    issued_from_row,
    now_utc,
    series_for,
    shown_date,
)

SCHEMA_VERSION = 1
BUSY_TIMEOUT_S = 60.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS orgs (org TEXT PRIMARY KEY, ten TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS policies (
    org TEXT NOT NULL, year INTEGER NOT NULL, policy TEXT NOT NULL,
    PRIMARY KEY (org, year)
);
CREATE TABLE IF NOT EXISTS series (
    org TEXT NOT NULL, year INTEGER NOT NULL, series TEXT NOT NULL,
    last_so INTEGER NOT NULL CHECK (last_so >= 0),
    PRIMARY KEY (org, year, series)
);
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY,
    org TEXT NOT NULL,
    year INTEGER NOT NULL,
    series TEXT NOT NULL,
    so INTEGER NOT NULL CHECK (so >= 1),
    loai_van_ban TEXT NOT NULL,
    ky_hieu TEXT NOT NULL,
    so_ky_hieu TEXT NOT NULL,
    ngay TEXT NOT NULL,
    trich_yeu TEXT NOT NULL,
    nguoi_ky TEXT NOT NULL,
    noi_nhan TEXT NOT NULL DEFAULT '',
    luu TEXT NOT NULL DEFAULT '',
    set_name TEXT NOT NULL,
    doc_key TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('reserved', 'issued', 'void')),
    ly_do_huy TEXT,
    sha256_docx TEXT,
    sha256_pdf TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (org, year, series, so)
);
-- A voided entry keeps its number but frees its document key for a new number. The key is unique
-- across years too, so re-issuing on 2 January still finds last year's number.
CREATE UNIQUE INDEX IF NOT EXISTS entries_live_key
    ON entries (org, set_name, doc_key) WHERE status != 'void';
CREATE INDEX IF NOT EXISTS entries_by_year ON entries (org, year, series, so);
"""


class Register:
    """The register file: open it, issue numbers, complete, release or void them, read entries.

    Every writing method is one `BEGIN IMMEDIATE` transaction: SQLite then lets exactly one
    process at a time read the last number and write the next, so two processes issuing at the
    same moment can never get the same number; the other one waits (up to BUSY_TIMEOUT_S).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA foreign_keys=ON")
            with self._write():
                self._migrate()
        except sqlite3.DatabaseError as err:
            raise RegisterError(
                f"{path}: không mở được sổ đăng ký văn bản đi ({err}); kiểm tra tệp có phải "
                "sổ đăng ký của vanban và thư mục có quyền ghi không"
            ) from None

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            raise RegisterError(
                f"{self.path}: sổ đăng ký đang bị khóa quá {BUSY_TIMEOUT_S:.0f} giây ({err}); "
                "chờ tiến trình khác cấp số xong rồi chạy lại"
            ) from None
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _migrate(self) -> None:
        db = self._db
        # executescript would COMMIT the open transaction, so statements run one by one.
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                db.execute(statement)
        row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            db.execute(
                "INSERT INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )
        elif int(row["value"]) > SCHEMA_VERSION:
            raise RegisterError(
                f"{self.path}: sổ đăng ký được tạo bởi phiên bản vanban mới hơn (lược đồ "
                f"{row['value']}, bản này hiểu đến {SCHEMA_VERSION}); hãy cập nhật vanban"
            )

    # -- issuing -------------------------------------------------------------------------------

    def issue(
        self, requests: Sequence[IssueRequest], policy: SeriesPolicy = SeriesPolicy.CHUNG
    ) -> list[Issued]:
        """Return the numbers of `requests`, allocating the missing ones in one transaction.

        A document already in the register (same organisation, set and key, not void) gets its
        number and date back unchanged; its descriptive fields are updated while it is reserved.
        Raise RegisterError (and allocate nothing) when a date runs backwards in its series or
        the series policy differs from the one the year started with.
        """
        keys = [(r.org, r.set_name, r.key) for r in requests]
        if len(set(keys)) != len(keys):
            raise RegisterError(
                "một bộ văn bản có hai văn bản trùng khóa; mỗi văn bản cần khóa riêng"
            )
        out: list[Issued] = []
        with self._write() as db:
            for req in requests:
                out.append(self._issue_one(db, req, policy))
        return out

    def _issue_one(self, db: sqlite3.Connection, req: IssueRequest, policy: SeriesPolicy) -> Issued:
        now = now_utc()
        row = db.execute(
            "SELECT * FROM entries WHERE org = ? AND set_name = ? AND doc_key = ? "
            "AND status != 'void'",
            (req.org, req.set_name, req.key),
        ).fetchone()
        if row is not None:
            if row["status"] == "reserved":
                db.execute(
                    "UPDATE entries SET trich_yeu = ?, nguoi_ky = ?, noi_nhan = ?, luu = ?, "
                    "updated_at = ? WHERE id = ?",
                    (req.trich_yeu, req.nguoi_ky, "; ".join(req.noi_nhan), req.luu, now, row["id"]),
                )
            return issued_from_row(row, new=False)
        year = req.ngay.year
        self._check_policy(db, req.org, year, policy)
        if req.ten_to_chuc:
            db.execute(
                "INSERT INTO orgs (org, ten) VALUES (?, ?) "
                "ON CONFLICT (org) DO UPDATE SET ten = excluded.ten",
                (req.org, req.ten_to_chuc),
            )
        series = series_for(
            req.loai_van_ban, policy, mat=req.mat, co_quan_tu_van=req.co_quan_tu_van
        )
        last = db.execute(
            "SELECT last_so FROM series WHERE org = ? AND year = ? AND series = ?",
            (req.org, year, series),
        ).fetchone()
        latest = db.execute(
            "SELECT so_ky_hieu, ngay FROM entries WHERE org = ? AND year = ? AND series = ? "
            "AND status != 'void' ORDER BY so DESC LIMIT 1",
            (req.org, year, series),
        ).fetchone()
        if latest is not None and latest["ngay"] > req.ngay.isoformat():
            raise RegisterError(
                f"không cấp số được cho '{req.trich_yeu}': ngày ban hành "
                f"{shown_date(req.ngay)} sớm hơn văn bản số {latest['so_ky_hieu']} đã cấp ngày "
                f"{shown_date(date.fromisoformat(latest['ngay']))}; số phải theo trình tự thời "
                "gian (Điều 15 Nghị định 30/2020/NĐ-CP), hãy dùng ngày ban hành từ ngày đó trở đi"
            )
        so = (last["last_so"] if last else 0) + 1
        db.execute(
            "INSERT INTO series (org, year, series, last_so) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (org, year, series) DO UPDATE SET last_so = excluded.last_so",
            (req.org, year, series, so),
        )
        so_ky_hieu = f"{so:02d}/{req.ky_hieu}"
        clash = db.execute(
            "SELECT series FROM entries WHERE org = ? AND year = ? AND so_ky_hieu = ? "
            "AND series != ? AND status != 'void'",
            (req.org, year, so_ky_hieu, series),
        ).fetchone()
        # A secret document may share its printed số/ký hiệu with an ordinary one (each series has
        # its own 01); any other clash means two series print the same thing, which Điều 15 forbids.
        if clash is not None and "mat" not in (clash["series"].split("/") + series.split("/")):
            raise RegisterError(
                f"số và ký hiệu {so_ky_hieu} đã được cấp trong năm {year} ở dãy số "
                f"'{clash['series']}'; số và ký hiệu phải là duy nhất trong năm, hãy dùng ký hiệu "
                "riêng cho dãy số này"
            )
        cur = db.execute(
            "INSERT INTO entries (org, year, series, so, loai_van_ban, ky_hieu, so_ky_hieu, "
            "ngay, trich_yeu, nguoi_ky, noi_nhan, luu, set_name, doc_key, status, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'reserved', ?, ?)",
            (
                req.org,
                year,
                series,
                so,
                req.loai_van_ban,
                req.ky_hieu,
                so_ky_hieu,
                req.ngay.isoformat(),
                req.trich_yeu,
                req.nguoi_ky,
                "; ".join(req.noi_nhan),
                req.luu,
                req.set_name,
                req.key,
                now,
                now,
            ),
        )
        row = db.execute("SELECT * FROM entries WHERE id = ?", (cur.lastrowid,)).fetchone()
        return issued_from_row(row, new=True)

    def _check_policy(
        self, db: sqlite3.Connection, org: str, year: int, policy: SeriesPolicy
    ) -> None:
        row = db.execute(
            "SELECT policy FROM policies WHERE org = ? AND year = ?", (org, year)
        ).fetchone()
        if row is None:
            db.execute(
                "INSERT INTO policies (org, year, policy) VALUES (?, ?, ?)",
                (org, year, policy.value),
            )
        elif row["policy"] != policy.value:
            held = SeriesPolicy(row["policy"])
            raise RegisterError(
                f"năm {year}, {org} đã cấp số theo cách '{POLICY_LABELS[held]}'; không đổi sang "
                f"'{POLICY_LABELS[policy]}' giữa năm được (số và ký hiệu sẽ bị trùng); đổi cách "
                "cấp số từ năm sau"
            )

    def record_hashes(self, issued: Issued, sha256_docx: str, sha256_pdf: str | None) -> None:
        """Mark a document issued and record the SHA-256 of its files."""
        with self._write() as db:
            cur = db.execute(
                "UPDATE entries SET status = 'issued', sha256_docx = ?, sha256_pdf = ?, "
                "updated_at = ? WHERE org = ? AND year = ? AND series = ? AND so = ? "
                "AND status != 'void'",
                (
                    sha256_docx,
                    sha256_pdf,
                    now_utc(),
                    issued.org,
                    issued.year,
                    issued.series,
                    issued.so,
                ),
            )
            if cur.rowcount != 1:
                raise RegisterError(
                    f"văn bản số {issued.so_ky_hieu} không còn trong sổ đăng ký (đã bị hủy hoặc "
                    "trả lại trong lúc đang tạo); hãy tạo lại bộ văn bản"
                )

    def release(self, issued: Sequence[Issued], reason: str) -> list[Issued]:
        """Undo the reservations of a failed build; return the entries that were voided.

        Only numbers allocated by that build (status `reserved`) are touched. Walking from the
        highest number down, a number that is still the last of its series is given back (the
        next document will use it); any other is voided with `reason`, so the gap is on record.
        """
        voided: list[Issued] = []
        with self._write() as db:
            for item in sorted(issued, key=lambda i: (i.org, i.year, i.series, -i.so)):
                row = db.execute(
                    "SELECT * FROM entries WHERE org = ? AND year = ? AND series = ? AND so = ?",
                    (item.org, item.year, item.series, item.so),
                ).fetchone()
                if row is None or row["status"] != "reserved":
                    continue
                last = db.execute(
                    "SELECT last_so FROM series WHERE org = ? AND year = ? AND series = ?",
                    (item.org, item.year, item.series),
                ).fetchone()
                if last["last_so"] == item.so:
                    db.execute("DELETE FROM entries WHERE id = ?", (row["id"],))
                    db.execute(
                        "UPDATE series SET last_so = last_so - 1 "
                        "WHERE org = ? AND year = ? AND series = ?",
                        (item.org, item.year, item.series),
                    )
                else:
                    self._mark_void(db, row["id"], reason)
                    voided.append(item)
        return voided

    def void(
        self, org: str, year: int, so_ky_hieu: str, reason: str, series: str | None = None
    ) -> Entry:
        """Mark an entry void with `reason` and return it; its number stays used."""
        if not reason.strip():
            raise RegisterError("cần ghi lý do hủy số (--ly-do)")
        with self._write() as db:
            row = self._find(db, org, year, so_ky_hieu, series)
            if row["status"] == "void":
                raise RegisterError(
                    f"văn bản số {so_ky_hieu} năm {year} đã bị hủy trước đó: {row['ly_do_huy']}"
                )
            self._mark_void(db, row["id"], reason)
            row = db.execute("SELECT * FROM entries WHERE id = ?", (row["id"],)).fetchone()
        return entry_from_row(row)

    @staticmethod
    def _mark_void(db: sqlite3.Connection, entry_id: int, reason: str) -> None:
        db.execute(
            "UPDATE entries SET status = 'void', ly_do_huy = ?, updated_at = ? WHERE id = ?",
            (reason.strip(), now_utc(), entry_id),
        )

    # -- reading -------------------------------------------------------------------------------

    def _find(
        self,
        db: sqlite3.Connection,
        org: str,
        year: int,
        so_ky_hieu: str,
        series: str | None = None,
    ) -> sqlite3.Row:
        wanted = so_ky_hieu.strip().removeprefix("Số:").strip()
        sql = "SELECT * FROM entries WHERE org = ? AND year = ? AND so_ky_hieu = ?"
        args: list[object] = [org, year, wanted]
        if series is not None:
            sql += " AND series = ?"
            args.append(series)
        rows = db.execute(sql, args).fetchall()
        if not rows:
            raise RegisterError(
                f"không có văn bản số {wanted} của {org} trong năm {year}; "
                "xem danh sách bằng 'vanban register list'"
            )
        if len(rows) > 1:
            found = ", ".join(r["series"] for r in rows)
            raise RegisterError(
                f"có {len(rows)} văn bản mang số {wanted} trong năm {year} (dãy số: {found}); "
                "hãy chỉ rõ dãy số"
            )
        return rows[0]  # type: ignore[no-any-return]

    def known(self, org: str, set_name: str, key: str) -> Issued | None:
        """Return the number a document of a set already has (reserved or issued), or None.

        Nothing is allocated: a document the clerk has not asked to issue stays a draft.
        """
        row = self._db.execute(
            "SELECT * FROM entries WHERE org = ? AND set_name = ? AND doc_key = ? "
            "AND status != 'void'",
            (org, set_name, key),
        ).fetchone()
        return issued_from_row(row, new=False) if row is not None else None

    def find(self, org: str, year: int, so_ky_hieu: str, series: str | None = None) -> Entry:
        """Return the entry printed as `so_ky_hieu` ("05/QĐ-UBND") in that year."""
        return entry_from_row(self._find(self._db, org, year, so_ky_hieu, series))

    def entries(self, org: str, year: int, series: str | None = None) -> list[Entry]:
        """Return the entries of one organisation and year, by series then number."""
        sql = "SELECT * FROM entries WHERE org = ? AND year = ?"
        args: list[object] = [org, year]
        if series is not None:
            sql += " AND series = ?"
            args.append(series)
        rows = self._db.execute(sql + " ORDER BY series, so", args).fetchall()
        return [entry_from_row(r) for r in rows]

    def pending(self) -> list[Entry]:
        """Return every reserved entry: numbers given to documents not yet produced."""
        rows = self._db.execute(
            "SELECT * FROM entries WHERE status = 'reserved' ORDER BY org, year, series, so"
        ).fetchall()
        return [entry_from_row(r) for r in rows]

    def orgs(self) -> dict[str, str]:
        """Return organisation id → name of every organisation with entries."""
        names = {r["org"]: r["ten"] for r in self._db.execute("SELECT org, ten FROM orgs")}
        found = self._db.execute("SELECT DISTINCT org FROM entries ORDER BY org").fetchall()
        return {r["org"]: names.get(r["org"], r["org"]) for r in found}

    def years(self, org: str) -> list[int]:
        """Return the years in which `org` has entries, oldest first."""
        rows = self._db.execute(
            "SELECT DISTINCT year FROM entries WHERE org = ? ORDER BY year", (org,)
        ).fetchall()
        return [int(r["year"]) for r in rows]

    def last_numbers(self, org: str, year: int) -> dict[str, int]:
        """Return series → last number allocated, for one organisation and year."""
        rows = self._db.execute(
            "SELECT series, last_so FROM series WHERE org = ? AND year = ? ORDER BY series",
            (org, year),
        ).fetchall()
        return {r["series"]: int(r["last_so"]) for r in rows}

    def export_xlsx(self, path: Path, org: str, year: int) -> Path:
        """Write the sổ đăng ký văn bản đi of `org` and `year` to `path` (Phụ lục IV layout)."""
        from generator.register.xlsx import write_register

        entries = self.entries(org, year)
        if not entries:
            raise RegisterError(f"{org} chưa có văn bản nào được cấp số trong năm {year}")
        write_register(path, self.orgs().get(org, org), year, entries)
        return path
