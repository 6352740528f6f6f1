"""A finished job's files, looked up by manifest name only, and what the pages show of them.

`job_files` reads the manifests the build wrote and returns name → path for exactly the files
they list (plus `manifest.json` and the bundle); a request names a file, the server looks the
name up in that table, and nothing the client sends becomes part of a path. A job of several
sets prefixes each name with its set folder ("report-2026-q1/bundle.pdf").
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.atomic import atomic_target
from generator.web.executor import thumbnail
from generator.web.jobs import Job

PREVIEW_WIDTH = 900
MEDIA = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".json": "application/json",
    ".png": "image/png",
}


@dataclass(frozen=True)
class DocumentView:
    """One document of a finished job as the result page lists it."""

    index: int
    set_folder: str
    prefix: str  # "" for a one-set job, else "<set folder>/"
    entry: dict[str, Any]

    @property
    def pdf_name(self) -> str | None:
        """Return the file name of its PDF within the job, or None."""
        pdf = self.entry.get("pdf")
        return f"{self.prefix}{pdf}" if pdf else None

    @property
    def docx_name(self) -> str:
        """Return the file name of its .docx within the job."""
        return f"{self.prefix}{self.entry['docx']}"

    @property
    def thumb_name(self) -> str | None:
        """Return the name of its first-page thumbnail within the job, or None."""
        pdf = self.entry.get("pdf")
        return f"{self.set_folder}/{Path(pdf).with_suffix('.png').name}" if pdf else None


def manifests(job: Job) -> list[tuple[Path, dict[str, Any]]]:
    """Return (set folder, manifest) of each set the finished job made."""
    if job.status != "done" or job.outcome is None:
        return []
    found = []
    for built in job.outcome.sets:
        path = Path(built.manifest)
        if path.is_file():
            found.append((Path(built.folder), json.loads(path.read_text(encoding="utf-8"))))
    return found


def job_files(job: Job) -> dict[str, Path]:
    """Return name → path of every file a finished job may serve (from its manifests only)."""
    sets = manifests(job)
    several = len(sets) > 1
    files: dict[str, Path] = {}
    for folder, manifest in sets:
        prefix = f"{folder.name}/" if several else ""
        names = ["manifest.json"]
        for doc in manifest.get("documents", []):
            names += [doc[k] for k in ("docx", "pdf") if doc.get(k)]
        names += [n for n in [manifest.get("bundle"), *manifest.get("extras", [])] if n]
        for name in names:
            path = folder / name
            if path.is_file() and path.resolve().is_relative_to(folder.resolve()):
                files[prefix + name] = path
    return files


def documents(job: Job) -> list[DocumentView]:
    """Return every document of a finished job, in set and manifest order."""
    sets = manifests(job)
    several = len(sets) > 1
    views: list[DocumentView] = []
    for folder, manifest in sets:
        prefix = f"{folder.name}/" if several else ""
        for doc in manifest.get("documents", []):
            views.append(DocumentView(len(views), folder.name, prefix, doc))
    return views


def manifest_entries(job: Job) -> list[dict[str, Any]]:
    """Return the manifest entries of the job's documents, as the API lists them."""
    return [view.entry for view in documents(job)]


def thumb_path(job: Job, name: str) -> Path | None:
    """Return the stored first-page thumbnail `name` ("<set>/<stem>.png") of a job, or None."""
    known = {f"{v.set_folder}/{Path(v.entry['pdf']).with_suffix('.png').name}"
             for v in documents(job) if v.entry.get("pdf")}  # fmt: skip
    if job.status != "done":
        # While building, only the first finished document's thumbnail is offered.
        if job.first_pdf is None:
            return None
        known = {str(Path(job.first_pdf).with_suffix(".png"))}
    if name not in known:
        return None
    path = job.folder / "thumbs" / name
    if not path.is_file() and job.status == "done":
        pdf = job_files(job).get(_pdf_for_thumb(job, name) or "")
        if pdf is None or not thumbnail(pdf, path):
            return None
    return path if path.is_file() else None


def _pdf_for_thumb(job: Job, name: str) -> str | None:
    for view in documents(job):
        if view.thumb_name == name:
            return view.pdf_name
    return None


def page_image(job: Job, index: int, page: int) -> Path | None:
    """Return a PNG of page `page` (from 1) of document `index` of a finished job, or None."""
    views = documents(job)
    if not 0 <= index < len(views):
        return None
    view = views[index]
    pages = view.entry.get("pages") or 0
    if view.pdf_name is None or not 1 <= page <= pages:
        return None
    png = job.folder / "preview" / str(index) / f"{page}.png"
    if not png.is_file():
        pdf = job_files(job)[view.pdf_name]
        if not thumbnail(pdf, png, width=PREVIEW_WIDTH, page=page):
            return None
    return png


ARCHIVE_PREFIX = "archive-"


def archive_key(job: Job) -> str:
    """Return a short hash of what the job's .zip holds: each set's manifest.json (which records
    every document's sha256) and the name, size and change time of every file served."""
    digest = hashlib.sha256()
    for folder, _ in manifests(job):
        digest.update(folder.name.encode() + b"\0")
        digest.update((folder / "manifest.json").read_bytes())
    for name, path in sorted(job_files(job).items()):
        stat = path.stat()
        digest.update(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()[:24]


def archive(job: Job) -> Path | None:
    """Return a .zip of every file of the finished job, cached under the hash of its content.

    A set changed after the build (an edited draft finalised into it) has another key, so the
    next download makes a new .zip (written atomically) and drops the stale ones.
    """
    files = job_files(job)
    if not files:
        return None
    target = job.folder / f"{ARCHIVE_PREFIX}{archive_key(job)}.zip"
    if target.is_file():
        return target
    with atomic_target(target) as temporary, zipfile.ZipFile(temporary, "w") as out:
        for name, path in sorted(files.items()):
            # .pdf and .docx are compressed already; storing them saves the server's CPU.
            method = zipfile.ZIP_STORED if path.suffix in (".pdf", ".docx", ".xlsx") else (
                zipfile.ZIP_DEFLATED)  # fmt: skip
            out.write(path, name, compress_type=method)
    forget_archives(job, keep=target)
    return target


def forget_archives(job: Job, keep: Path | None = None) -> None:
    """Delete the job's cached .zip files but `keep` (a download under way keeps its open file)."""
    stale = [*job.folder.glob(f"{ARCHIVE_PREFIX}*.zip"), job.folder / "archive.zip"]
    for path in stale:
        if path != keep:
            path.unlink(missing_ok=True)


def media_type(name: str) -> str:
    """Return the content type of a served file by its suffix."""
    return MEDIA.get(Path(name).suffix.lower(), "application/octet-stream")


def job_json(job: Job) -> dict[str, Any]:
    """Return a job as the API (and the progress bar) reads it."""
    url = f"/api/v1/jobs/{job.id}"
    first = str(Path(job.first_pdf).with_suffix(".png")) if job.first_pdf else None
    return {
        "id": job.id,
        "url": url,
        "status": job.status,
        "set": job.set_name,
        "period": job.period,
        "issue": job.issue,
        "progress": {"done": job.done_steps, "total": job.total_steps},
        "documents": manifest_entries(job),
        "errors": job.errors,
        "first_pdf": job.first_pdf,
        "first_thumbnail": first,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }
