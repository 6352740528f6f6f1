"""Build a document set into OUT/<org-slug>/<year>/<set>[-<period>]/ with its manifest.json.

The set is written into a temporary folder next to the final one and renamed into place at the
end, so a failure or Ctrl-C leaves the previous result (or nothing) and never a half-written set.
Later stages (PDF conversion, signature fields, the bundle) plug in as `Stage` callables that
receive the SetBuild after the .docx files are rendered and before the manifest is written; a
stage with a `rendered(build, document)` method also hears of each document as it is rendered.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from generator.atomic import clean_stale_folders, sha256_file, swap_into_place, temporary_folder
from generator.finalised import (
    carry_finalised,
    describe_kept,
    finalised_in_place,
    keep_finalised,
    no_longer_made,
    number_changed,
)
from generator.kinds.common import about
from generator.model import DuLieu
from generator.render import render
from generator.setlock import set_lock
from generator.sets import SETS, DocumentSet, get_set
from generator.vi.so_ky_hieu import LOAI_VAN_BAN
from generator.vi.text import BLANK, slugify

__all__ = [
    "BuildResult",
    "RenderedDocument",
    "SetBuild",
    "Stage",
    "build_all",
    "build_set",
    "build_sets",
]

Progress = Callable[[str], None]
# Templates replacing the defaults, by kind name (`vanban build --templates`).
Templates = Mapping[str, Path]
_TEN_LOAI = {code: name for name, code in LOAI_VAN_BAN.items()}


@dataclass
class RenderedDocument:
    """One rendered document with what later stages and the manifest need to know about it.

    Paths are absolute while building and written relative to the set folder in the manifest.
    """

    kind: str
    loai_van_ban: str
    so_ky_hieu: str | None
    trich_yeu: str
    co_quan: list[str]
    tham_quyen: list[str]
    nguoi_ky: str
    bookmark: str
    docx: Path
    sha256_docx: str
    pdf: Path | None = None
    pages: int | None = None
    sha256_pdf: str | None = None
    signature_fields: list[str] | None = None
    # A finalised document the build kept as it was (not rendered, not seen by the stages).
    kept: bool = False


@dataclass
class SetBuild:
    """The set being built: its folder (temporary until the end) and its documents."""

    set_name: str
    organisation: dict[str, str]
    period: str | None
    folder: Path
    documents: list[RenderedDocument] = field(default_factory=list)
    bundle: Path | None = None
    extras: list[Path] = field(default_factory=list)
    # The set's folder name, put before file names in progress while several sets are in flight.
    label: str = ""
    # Every document's file name in set order, the finalised ones kept in place included.
    order: list[str] = field(default_factory=list)
    # Where the set's data came from, top-level keys of the manifest (`generator.setsource`).
    source: dict[str, Any] = field(default_factory=dict)
    # The finalised documents kept in place (not rendered): bundle.pdf is then merged once,
    # with them, when the set is swapped in (`generator.finalised.carry_finalised`).
    kept: set[str] = field(default_factory=set)


Stage = Callable[[SetBuild], None]


@dataclass(frozen=True)
class BuildResult:
    """Where a set was written and what it holds."""

    folder: Path
    manifest: Path
    documents: list[RenderedDocument]


def set_folder(out: Path, data: DuLieu, doc_set: DocumentSet, period: str | None) -> Path:
    """Return OUT/<org-slug>/<year>/<set>[-<period>] (every part a safe slug)."""
    name = doc_set.name + (f"-{slugify(period)}" if period else "")
    year = doc_set.year(data, period)
    return out / slugify(data.to_chuc.ma) / str(year) / name


def _bookmark(index: int, context: dict[str, Any], loai: str) -> str:
    return (
        f"{index}. {_TEN_LOAI.get(loai, loai)} số {context['so_ky_hieu']} "
        f"{context['ngay_ban_hanh']} {about(context['trich_yeu'])}"
    )


@dataclass
class _Started:
    """A set rendered in its temporary folder, its stages not run yet."""

    build: SetBuild
    final: Path
    created: list[Path]
    rebuild_finalised: bool = False
    progress: Progress | None = None
    # The finalised documents already announced as kept (when the build started).
    announced: set[str] = field(default_factory=set)


def build_set(
    data: DuLieu,
    set_name: str,
    out: Path,
    *,
    today: date,
    period: str | None = None,
    progress: Progress | None = None,
    stages: Sequence[Stage] = (),
    templates: Templates | None = None,
    rebuild_finalised: bool = False,
) -> BuildResult:
    """Render every document of the set, run the later `stages`, write manifest.json and move
    the set into place atomically; return where it went.

    `templates` (kind name → .docx) replaces the default template of the kinds it names.
    The documents a clerk finalised in the set folder stay as they are (files and manifest
    entry); only the others are built again and bundle.pdf is merged from them all
    (`generator.finalised.carry_finalised`). With `rebuild_finalised` every document is built
    again and the finalised files are kept in the new set's versions/.
    """
    track: list[_Started] = []  # the set, from the instant its folder exists
    try:
        started = _start_set(
            data, set_name, out, today=today, period=period, progress=progress, stages=stages,
            templates=templates, track=track, rebuild_finalised=rebuild_finalised,
        )  # fmt: skip
        return _finish_set(started, stages)
    except BaseException:
        for started in track:  # removing it twice is harmless; missing it is not
            _abandon_set(started, stages)
        raise


def build_sets(
    sets: Sequence[tuple[DuLieu, str, str | None]],
    out: Path,
    *,
    today: date,
    progress: Progress | None = None,
    stages: Sequence[Stage] = (),
    heading: Callable[[DuLieu, str, str | None], str | None] | None = None,
    templates: Templates | None = None,
    rebuild_finalised: bool = False,
) -> list[BuildResult]:
    """Build each (data, set name, period) like `build_set`, rendering a set while the one
    before it still converts, so LibreOffice never waits between sets; return the results.

    Each set is still whole or absent: a set whose rendering fails leaves the sets before it
    finished (then the error is raised); Ctrl-C or a failing stage removes every set in flight.
    `heading(data, set name, period)` is printed before each set's progress. Finalised
    documents are kept as `build_set` keeps them.
    """
    results: list[BuildResult] = []
    flying: list[_Started] = []
    made: list[list[Path]] = []  # the folders each set created, for a failure to remove
    try:
        for data, set_name, period in sets:
            title = heading(data, set_name, period) if heading is not None else None
            if progress and title:
                progress(title)
            try:
                # The set joins `flying` inside _start_set, the instant its folder exists, and
                # leaves it only once finished: a stop signal at any moment finds it there.
                started = _start_set(
                    data, set_name, out, today=today, period=period, progress=progress,
                    stages=stages, label=len(sets) > 1, templates=templates, track=flying,
                    rebuild_finalised=rebuild_finalised,
                )  # fmt: skip
            except Exception:
                while flying:  # the sets before it are finished, then the error is reported
                    results.append(_finish_set(flying[0], stages))
                    flying.pop(0)
                raise
            made.append(started.created)
            while len(flying) > 1:
                results.append(_finish_set(flying[0], stages))
                flying.pop(0)
        while flying:
            results.append(_finish_set(flying[0], stages))
            flying.pop(0)
    except BaseException:
        for started in flying:
            _abandon_set(started, stages)
        for created in reversed(made):  # a folder shared with a set removed later is empty now
            _remove_if_empty(created)
        raise
    return results


def _start_set(
    data: DuLieu,
    set_name: str,
    out: Path,
    *,
    today: date,
    period: str | None,
    progress: Progress | None,
    stages: Sequence[Stage],
    label: bool = False,
    templates: Templates | None = None,
    track: list[_Started] | None = None,
    rebuild_finalised: bool = False,
) -> _Started:
    """Render the set into a temporary folder next to its final one (stages hear of each
    document); on failure remove what it made and raise. The started set is appended to
    `track` as soon as it exists (and removed again on failure)."""
    doc_set = get_set(set_name)
    jobs = doc_set.jobs(data, period)
    final = set_folder(out, data, doc_set, period)
    kept = {} if rebuild_finalised else finalised_in_place(final)
    created = [p for p in (final.parent, *final.parent.parents) if not p.exists()]
    # What killed runs left here goes first (their owners are gone); then ours, owned by us.
    clean_stale_folders(final.parent)
    temp = temporary_folder(final)
    started: _Started | None = None
    try:  # from the very next instruction: a Ctrl-C or SIGTERM now removes the folder
        build = SetBuild(
            set_name=doc_set.name,
            organisation={"ma": data.to_chuc.ma, "ten": data.to_chuc.ten_day_du},
            period=period,
            folder=temp,
            label=final.name if label else "",
            order=[job.file_name for job in jobs],
            kept=set(kept),
        )
        started = _Started(build, final, created, rebuild_finalised, progress, set(kept))
        if track is not None:
            track.append(started)
        for index, job in enumerate(jobs, start=1):
            context = job.kind.build_context(data, today=today, item=job.item)
            if job.file_name in kept:
                _announce(kept[job.file_name], context, progress)
                continue
            template = (templates or {}).get(job.kind.name, job.kind.template_path)
            path = render(template, context, temp / job.file_name)
            draft = context["so_ky_hieu"].startswith(BLANK)
            build.documents.append(
                RenderedDocument(
                    kind=job.kind.name,
                    loai_van_ban=job.kind.loai_van_ban,
                    so_ky_hieu=None if draft else context["so_ky_hieu"],
                    trich_yeu=context["trich_yeu"],
                    co_quan=list(context["co_quan"]),
                    tham_quyen=list(context["tham_quyen"]),
                    nguoi_ky=context["nguoi_ky"],
                    bookmark=_bookmark(index, context, job.kind.loai_van_ban),
                    docx=path,
                    sha256_docx=sha256_file(path),
                )
            )
            if progress:
                shown = "dự thảo" if draft else f"số {context['so_ky_hieu']}"
                progress(f"  Đã tạo {job.file_name}: {job.label} ({shown})")
            for stage in stages:
                # A stage may start on each document as soon as it exists (PDF conversion
                # overlaps the rendering of the next ones); it finishes when called below.
                rendered = getattr(stage, "rendered", None)
                if rendered is not None:
                    rendered(build, build.documents[-1])
        for name, entry in kept.items():
            if name not in build.order and progress:
                progress(describe_kept(entry))
                progress(no_longer_made(entry))
        if doc_set.extras is not None:
            build.extras = doc_set.extras(data, period, temp)
            for path in build.extras:
                if progress:
                    progress(f"  Đã tạo {path.name}: bảng số liệu kèm theo")
    except BaseException:
        if started is None:
            shutil.rmtree(temp, ignore_errors=True)
            _remove_if_empty(created)
        else:
            _abandon_set(started, stages)
            if track is not None and started in track:
                track.remove(started)
        raise
    return started


def _finish_set(started: _Started, stages: Sequence[Stage]) -> BuildResult:
    """Run the stages, write manifest.json and move the set into place; on failure remove it."""
    build, final = started.build, started.final
    temp = build.folder
    try:
        for stage in stages:
            stage(build)
        # Under the set's lock, which finalize holds while it changes the set: a document
        # finalised while this build ran is seen here, and kept like those seen at the start.
        with set_lock(final.parent, final.name):
            manifest = _manifest(build)
            now = datetime.now().astimezone()
            carried: list[dict[str, Any]] = []
            if started.rebuild_finalised:
                keep_finalised(final, temp, manifest, now)
            else:
                carried = carry_finalised(
                    final, temp, manifest, build.order, now, bundle=bool(build.kept)
                )
            text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
            (temp / "manifest.json").write_text(text, encoding="utf-8")
            swap_into_place(temp, final)
    except BaseException:
        _abandon_set(started, stages)
        raise
    for entry in carried:
        if entry["docx"] not in started.announced and started.progress:
            started.progress(describe_kept(entry))
    if carried and manifest.get("bundle") and started.progress:
        # The PDF stage left the bundle to this step, which merged it with the kept documents.
        total = len(manifest["documents"])
        started.progress(
            f"  Đã gộp lại {total} văn bản vào bundle.pdf, cả {len(carried)} văn bản đã hoàn thiện"
        )
    return BuildResult(final, final / "manifest.json", _documents(build, manifest, carried, final))


def _announce(entry: dict[str, Any], context: dict[str, Any], progress: Progress | None) -> None:
    """Say that a finalised document stays as it is, and warn when its number would change."""
    if progress is None:
        return
    progress(describe_kept(entry))
    so_ky_hieu = context["so_ky_hieu"]
    warning = number_changed(entry, None if so_ky_hieu.startswith(BLANK) else so_ky_hieu)
    if warning:
        progress(warning)


def _documents(
    build: SetBuild, manifest: dict[str, Any], carried: list[dict[str, Any]], final: Path
) -> list[RenderedDocument]:
    """Return the set's documents in the order of its manifest, the kept ones included."""
    kept = {entry["docx"] for entry in carried}
    rendered = {d.docx.name: d for d in build.documents}
    documents: list[RenderedDocument] = []
    for entry in manifest["documents"]:
        name = entry["docx"]
        if name in kept:
            documents.append(_kept(entry, final))
        elif name in rendered:
            documents.append(_moved(rendered[name], build.folder, final))
    return documents


def _kept(entry: dict[str, Any], final: Path) -> RenderedDocument:
    """Return a finalised document kept in place, as a build result describes it."""
    pdf = entry.get("pdf")
    return RenderedDocument(
        kind=str(entry.get("kind")),
        loai_van_ban=str(entry.get("loai_van_ban")),
        so_ky_hieu=entry.get("so_ky_hieu"),
        trich_yeu=str(entry.get("trich_yeu", "")),
        co_quan=[],
        tham_quyen=[],
        nguoi_ky="",
        bookmark=str(entry.get("bookmark", "")),
        docx=final / str(entry["docx"]),
        sha256_docx=str(entry.get("sha256_docx", "")),
        pdf=final / str(pdf) if pdf else None,
        pages=entry.get("pages"),
        sha256_pdf=entry.get("sha256_pdf"),
        signature_fields=entry.get("signature_fields"),
        kept=True,
    )


def _abandon_set(started: _Started, stages: Sequence[Stage]) -> None:
    """Stop the stages' work on the set, remove its temporary folder and the folders it made."""
    for stage in stages:
        abandon = getattr(stage, "abandon", None)
        if abandon is not None:
            abandon(started.build)
    shutil.rmtree(started.build.folder, ignore_errors=True)
    _remove_if_empty(started.created)


def _remove_if_empty(folders: list[Path]) -> None:
    """Remove the folders this build created (deepest first) when nothing else is in them."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


def _relative(path: Path | None, folder: Path) -> str | None:
    return None if path is None else path.relative_to(folder).as_posix()


def _manifest(build: SetBuild) -> dict[str, Any]:
    documents = [
        {
            "kind": d.kind,
            "loai_van_ban": d.loai_van_ban,
            "so_ky_hieu": d.so_ky_hieu,
            "trich_yeu": d.trich_yeu,
            "docx": _relative(d.docx, build.folder),
            "pdf": _relative(d.pdf, build.folder),
            "pages": d.pages,
            "sha256_docx": d.sha256_docx,
            "sha256_pdf": d.sha256_pdf,
            "signature_fields": d.signature_fields,
            "bookmark": d.bookmark,
        }
        for d in build.documents
    ]
    manifest = {
        "set": build.set_name,
        "organisation": build.organisation,
        "period": build.period,
        "documents": documents,
        "bundle": _relative(build.bundle, build.folder),
        "extras": [_relative(path, build.folder) for path in build.extras],
    }
    manifest.update({k: v for k, v in build.source.items() if k not in manifest})
    return manifest


def _moved(doc: RenderedDocument, temp: Path, final: Path) -> RenderedDocument:
    def move(path: Path | None) -> Path | None:
        return None if path is None else final / path.relative_to(temp)

    doc.docx = final / doc.docx.relative_to(temp)
    doc.pdf = move(doc.pdf)
    return doc


def build_all(
    data: DuLieu,
    out: Path,
    *,
    today: date,
    period: str | None = None,
    progress: Progress | None = None,
    stages: Sequence[Stage] = (),
    templates: Templates | None = None,
    rebuild_finalised: bool = False,
) -> list[BuildResult]:
    """Build every set the data supports (for each of its periods) and return the results.

    The sets overlap (`build_sets`): a report renders while the set before it converts.
    """
    sets = [
        (data, doc_set.name, each)
        for doc_set in SETS.values()
        if doc_set.supports(data)
        for each in doc_set.periods(data, period)
    ]

    def heading(_: DuLieu, set_name: str, each: str | None) -> str:
        return get_set(set_name).title + (f" ({each})" if each else "") + ":"

    return build_sets(
        sets, out, today=today, progress=progress, stages=stages, heading=heading,
        templates=templates, rebuild_finalised=rebuild_finalised,
    )  # fmt: skip
