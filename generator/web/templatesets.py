"""Template sets admins upload for an organisation or a whole province; which one a build uses.

A set arrives as a .zip of a folder like `vanban template export` writes. The archive is checked
whole before a byte is extracted (uploads.check_zip_entries: no `../`, absolute names, links or
bombs); only entries named like a known template (kehoach/kiem-tra.docx, …, or the same name at
the top level) are extracted, each to a name of our own under `<data-dir>/templates/<id>/`, so
nothing the client sends becomes a path. Each template .docx is itself checked as a zip, then
the whole set goes through `check_templates` (sample data, ND30 lint): a set with an error is
refused with every problem listed; warnings are kept and shown. A build uses the newest set of
its organisation, else the newest of its province, else the defaults (kind by kind within a set).
"""

from __future__ import annotations

import secrets
import shutil
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.errors import SourceError
from generator.kinds import KINDS
from generator.vi.text import slugify
from generator.web.access import organisation
from generator.web.store import Store, now
from generator.web.uploads import check_zip_entries

__all__ = ["TemplateSet", "TemplatesRefused", "list_sets", "store_set", "templates_for"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS template_sets (
    id TEXT PRIMARY KEY,
    scope TEXT NOT NULL CHECK (scope IN ('org', 'province')),
    target TEXT NOT NULL,
    user TEXT NOT NULL,
    files TEXT NOT NULL,
    warnings TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS template_sets_target ON template_sets (scope, target, created_at);
"""
_KNOWN = {kind.template: kind.template for kind in KINDS.values()}
_KNOWN |= {Path(name).name: name for name in list(_KNOWN)}


@dataclass(frozen=True)
class TemplateSet:
    """A stored template set: for whom, who uploaded it, which templates, its warnings."""

    id: str
    scope: str
    target: str
    user: str
    files: list[str]
    warnings: list[str]
    created_at: str


class TemplatesRefused(Exception):  # noqa: N818  (an answer with a list, not a crash)
    """The uploaded set was refused: every problem, one line each (Vietnamese)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def root(store: Store) -> Path:
    """Return the folder holding every stored template set."""
    return store.data_dir / "templates"


def _target(store: Store, scope: str, target: str) -> str:
    """Return the stored key of the set's target: an organisation slug or a province slug."""
    if scope == "org":
        if organisation(store, target) is None:
            raise TemplatesRefused([f"không có tổ chức mang mã '{target}'"])
        return target
    if scope == "province" and slugify(target):
        return slugify(target)
    raise TemplatesRefused(["cần chọn áp dụng cho một tổ chức hoặc một tỉnh"])


def _extract(body: Path, folder: Path) -> list[str]:
    """Extract the known templates of the .zip at `body` into `folder`; return their names."""
    try:
        archive = zipfile.ZipFile(body)
    except (zipfile.BadZipFile, OSError):
        raise TemplatesRefused(["tệp tải lên không phải tệp .zip hợp lệ"]) from None
    written: list[str] = []
    with archive:
        try:
            check_zip_entries(archive, "tệp .zip mẫu")
        except SourceError as err:
            raise TemplatesRefused([str(err)]) from None
        for info in archive.infolist():
            parts = PurePosixPath(info.filename.replace("\\", "/")).parts
            name = "/".join(parts[-2:]) if len(parts) >= 2 else (parts[-1] if parts else "")
            known = _KNOWN.get(name) or _KNOWN.get(parts[-1] if parts else "")
            if info.is_dir() or known is None or known in written:
                continue
            target = folder / known
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as member, target.open("wb") as out:
                shutil.copyfileobj(member, out)
            written.append(known)
    for name in written:
        try:
            with zipfile.ZipFile(folder / name) as inner:
                check_zip_entries(inner, name)
        except (zipfile.BadZipFile, SourceError) as err:
            raise TemplatesRefused([f"{name}: không phải tệp .docx dùng được ({err})"]) from None
    if not written:
        names = ", ".join(sorted({v for v in _KNOWN.values()}))
        raise TemplatesRefused([f"trong tệp .zip không có mẫu nào (cần: {names})"])
    return sorted(written)


def store_set(store: Store, *, user: str, scope: str, target: str, body: Path) -> TemplateSet:
    """Return the stored set after checking it; raise TemplatesRefused with every problem."""
    from generator.service.templates import check_templates

    store.ensure(SCHEMA)
    key = _target(store, scope, target)
    set_id = secrets.token_hex(16)
    folder = root(store) / set_id
    folder.mkdir(parents=True)
    try:
        files = _extract(body, folder)
        problems = check_templates(folder)
        errors = [p.line() for p in problems if p.severity == "error"]
        if errors:
            raise TemplatesRefused(errors)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    warnings = [p.line() for p in problems if p.severity != "error"]
    stored = TemplateSet(set_id, scope, key, user, files, warnings, now())
    with store.connect() as db:
        db.execute(
            "INSERT INTO template_sets (id, scope, target, user, files, warnings, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (set_id, scope, key, user, "\n".join(files), "\n".join(warnings), stored.created_at),
        )
    store.audit(user, "tai_mau_len", org=key if scope == "org" else "", target=set_id,
                detail=f"{scope}:{key}")  # fmt: skip
    return stored


def _row(row: sqlite3.Row) -> TemplateSet:
    return TemplateSet(
        row["id"], row["scope"], row["target"], row["user"],
        [f for f in row["files"].split("\n") if f], [w for w in row["warnings"].split("\n") if w],
        row["created_at"],
    )  # fmt: skip


def list_sets(store: Store) -> list[TemplateSet]:
    """Return every stored set, newest first."""
    store.ensure(SCHEMA)
    with store.connect() as db:
        rows = db.execute("SELECT * FROM template_sets ORDER BY created_at DESC, id").fetchall()
    return [_row(r) for r in rows]


def templates_for(store: Store, org: str) -> Path | None:
    """Return the template folder an organisation's builds use: its own newest set, else its
    province's newest, else None (the defaults)."""
    store.ensure(SCHEMA)
    found = organisation(store, org)
    wanted = [("org", org)]
    if found is not None and found.province:
        wanted.append(("province", slugify(found.province)))
    with store.connect() as db:
        for scope, target in wanted:
            row = db.execute(
                "SELECT id FROM template_sets WHERE scope = ? AND target = ? "
                "ORDER BY created_at DESC, rowid DESC LIMIT 1",
                (scope, target),
            ).fetchone()
            folder = root(store) / str(row["id"]) if row is not None else None
            if folder is not None and folder.is_dir():
                return folder
    return None
