"""Uploaded data: an .xlsx workbook or a .zip of the YAML folder, checked before anything is read.

An upload is stored under `<data-dir>/uploads/<id>/` with names the server chooses
(`du-lieu.xlsx`, or `du-lieu/<known YAML file>`); the client's file name is only shown, never
used as a path. A .zip is refused whole, before extraction, when an entry climbs out (`../`),
is absolute, is a link, or when its sizes or compression ratio look like a zip bomb; only the
four known YAML files are extracted, each read with a byte limit.
"""

from __future__ import annotations

import secrets
import shutil
import stat
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.errors import DataError, Problem, SourceError
from generator.sources.yaml_folder import FILES
from generator.web.store import Store, now

WORKBOOK = "du-lieu.xlsx"
FOLDER = "du-lieu"
MARKED = "du-lieu-danh-dau.xlsx"
MAX_ENTRIES = 64
MAX_UNPACKED = 20 * 1024 * 1024
MAX_RATIO = 100
_KNOWN = {name: name for name in FILES.values()}  # the only names ever written
INCOMING = ".incoming"
INCOMING_GRACE_SECONDS = 3600.0  # a received file lives seconds (minutes behind a busy queue)


@dataclass(frozen=True)
class Upload:
    """A stored upload: its id, kind and the data path the loader reads."""

    id: str
    org: str
    kind: str  # "xlsx" | "yaml"
    shown: str  # the client's file name, for messages only
    folder: Path

    @property
    def data(self) -> Path:
        """Return the workbook or the YAML folder of the upload."""
        return self.folder / (WORKBOOK if self.kind == "xlsx" else FOLDER)

    @property
    def marked(self) -> Path:
        """Return where the workbook with the bad cells highlighted is written."""
        return self.folder / MARKED


def kind_of(filename: str) -> str:
    """Return "xlsx" or "yaml" from the client's file name; raise SourceError otherwise."""
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    if suffix == ".xlsx":
        return "xlsx"
    if suffix == ".zip":
        return "yaml"
    raise SourceError(
        f"{shown_name(filename)}: cần một sổ Excel .xlsx (mẫu của vanban) hoặc một tệp .zip của "
        "thư mục dữ liệu YAML"
    )


def shown_name(filename: str) -> str:
    """Return the client's file name reduced to its last part, for messages."""
    return PurePosixPath(filename.replace("\\", "/")).name[:120] or "tệp tải lên"


def store_upload(
    store: Store, root: Path, *, org: str, user: str, filename: str, body: Path
) -> Upload:
    """Return the upload after moving `body` (the received file) into its own folder.

    A .zip is checked and its YAML files extracted; raise SourceError when it is refused.
    """
    kind = kind_of(filename)
    upload_id = secrets.token_hex(16)
    folder = root / upload_id
    folder.mkdir(parents=True)
    upload = Upload(upload_id, org, kind, shown_name(filename), folder)
    try:
        if kind == "xlsx":
            shutil.move(body, upload.data)
        else:
            extract_yaml_zip(body, upload.data, upload.shown)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    with store.connect() as db:
        db.execute(
            "INSERT INTO uploads (id, org, user, kind, original_name, created_at) "
            "VALUES (?,?,?,?,?,?)",
            (upload_id, org, user, kind, upload.shown, now()),
        )
    return upload


def sweep_incoming(root: Path, now: float | None = None) -> list[Path]:
    """Remove received files (and a finalisation's folder of one) that a stopped server left
    in `root/.incoming`, older than INCOMING_GRACE_SECONDS; return them.

    Called at start: the finalisations and uploads they belonged to ended with that server
    (`finalizations.recover` marks them failed). The age spares another server process
    sharing the data dir.
    """
    incoming = root / INCOMING
    if not incoming.is_dir():
        return []
    now = time.time() if now is None else now
    removed = []
    for entry in sorted(incoming.iterdir()):
        try:
            if now - entry.lstat().st_mtime <= INCOMING_GRACE_SECONDS:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        except OSError:
            continue
        removed.append(entry)
    return removed


def find_upload(store: Store, root: Path, upload_id: str) -> Upload | None:
    """Return the stored upload `upload_id`, or None (callers check the organisation)."""
    if not upload_id.isalnum():
        return None
    with store.connect() as db:
        row = db.execute("SELECT * FROM uploads WHERE id = ?", (upload_id,)).fetchone()
    if row is None:
        return None
    return Upload(row["id"], row["org"], row["kind"], row["original_name"], root / row["id"])


def _refuse(shown: str, reason: str) -> SourceError:
    return SourceError(f"{shown}: tệp .zip bị từ chối, không giải nén: {reason}")


def check_zip_entries(archive: zipfile.ZipFile, shown: str) -> None:
    """Raise SourceError when any entry is unsafe, before a byte is extracted."""
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise _refuse(shown, f"có {len(infos)} mục, tối đa {MAX_ENTRIES}")
    for info in infos:
        name = info.filename
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
            raise _refuse(shown, f"mục '{name}' là đường dẫn tuyệt đối")
        if ".." in parts:
            raise _refuse(shown, f"mục '{name}' trỏ ra ngoài thư mục (../)")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise _refuse(shown, f"mục '{name}' là liên kết (symlink)")
    total = sum(info.file_size for info in infos)
    if total > MAX_UNPACKED:
        raise _refuse(shown, f"giải nén ra quá {MAX_UNPACKED // (1024 * 1024)} MB")
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refuse(
                shown, f"mục '{info.filename}' nén quá {MAX_RATIO} lần (nghi là zip bomb)"
            )


def extract_yaml_zip(body: Path, target: Path, shown: str) -> None:
    """Check the .zip at `body` and extract its known YAML files into `target`."""
    try:
        archive = zipfile.ZipFile(body)
    except (zipfile.BadZipFile, OSError):
        raise _refuse(shown, "không phải tệp .zip hợp lệ") from None
    with archive:
        check_zip_entries(archive, shown)
        target.mkdir(parents=True)
        found = 0
        for info in archive.infolist():
            parts = PurePosixPath(info.filename.replace("\\", "/")).parts
            if info.is_dir() or len(parts) > 2 or parts[-1] not in _KNOWN:
                continue
            with archive.open(info) as member:
                data = member.read(MAX_UNPACKED + 1)
            if len(data) > MAX_UNPACKED:
                raise _refuse(shown, f"mục '{info.filename}' lớn hơn khai báo")
            (target / _KNOWN[parts[-1]]).write_bytes(data)
            found += 1
    if not found:
        known = ", ".join(_KNOWN)
        raise SourceError(f"{shown}: trong tệp .zip không có tệp dữ liệu nào ({known})")


def mark_workbook(upload: Upload, err: DataError) -> bool:
    """Return whether a copy of the workbook with each bad cell highlighted and commented was
    written to `upload.marked` (only for workbooks whose problems name cells)."""
    if upload.kind != "xlsx":
        return False
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    fill = PatternFill("solid", fgColor="FFC7CE")
    try:
        book = load_workbook(upload.data)
    except Exception:
        return False
    marked = 0
    notes: dict[tuple[str, str], list[Problem]] = {}
    for problem in err.problems:
        sheet, cell = problem.place.sheet, problem.place.cell
        if sheet is not None and sheet in book.sheetnames:
            notes.setdefault((sheet, cell or "A1"), []).append(problem)
    for (sheet, cell), problems in notes.items():
        try:
            target = book[sheet][cell]
        except (KeyError, ValueError, AttributeError):
            continue
        target.fill = fill
        text = "\n".join(
            (f"{p.field_name}: " if p.field_name else "") + p.message for p in problems
        )
        target.comment = Comment(text, "vanban")
        marked += 1
    if not marked:
        return False
    book.save(upload.marked)
    return True
