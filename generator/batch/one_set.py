"""Build one set of one organisation inside a batch: issue, skip if unchanged, build, record.

The set's input hash combines each document's context (after numbering), template and the
options. When it matches the state file of the set folder and every recorded file is intact, the
set is skipped. Otherwise `generator.build.build_set` makes it in a temporary folder and swaps it
into place; the state file is written inside that folder by the last stage, so it is swapped in
with the files it describes.
"""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.atomic import clean_stale_folders
from generator.batch.jobs import BatchOptions, SetJob
from generator.batch.state import DocState, SetState, input_hash
from generator.errors import ConversionError, IssueChoiceError, VanbanError
from generator.model import DuLieu
from generator.register import Register, default_path
from generator.register.entries import Issued
from generator.register.issue import (
    chosen_jobs,
    doc_key,
    issue_set,
    kept_names,
    register_set_name,
    release_set,
)

if TYPE_CHECKING:
    from generator.build import SetBuild

__all__ = [
    "SetOutcome",
    "build_numbered_set",
    "build_one_set",
    "clean_set_leftovers",
    "door_error",
    "pdf_stage",
    "record_numbers",
    "reserve_numbers",
]

CheckStop = Callable[[str], None]


@dataclass
class SetOutcome:
    """The result of one set: built, skipped (unchanged), failed or stopped."""

    label: str
    status: str
    documents: int = 0
    pages: int = 0
    folder: str | None = None
    error: str | None = None
    numbers: list[str] | None = None


def clean_set_leftovers(final: Path) -> None:
    """Remove the temporary and moved-aside folders killed builds left beside this set (only
    those whose run is gone: another batch may be writing there)."""
    clean_stale_folders(final.parent)


class _SetPdfStage:
    """The same PDF stage as `vanban build` (PDF/A, bundle, signature fields), streamed: each
    document goes to LibreOffice as soon as it is rendered.

    One PdfStage per converter, kept across sets like `vanban build all` keeps it, so a set
    that failed before reaching the stage has its conversions dropped when the next set
    starts. In a batch a document that does not convert fails its whole set, so the set's
    numbers are given back and a rerun redoes it.
    """

    def __init__(self, pdfs: Any) -> None:
        self._pdfs = pdfs

    def rendered(self, build: SetBuild, document: Any) -> None:
        """Queue a freshly rendered document for conversion."""
        self._pdfs.rendered(build, document)

    def abandon(self, build: SetBuild) -> None:
        """Drop the conversions of a set that failed."""
        self._pdfs.abandon(build)

    def __call__(self, build: SetBuild) -> None:
        self._pdfs.failures.clear()
        self._pdfs(build)
        if self._pdfs.failures:
            raise ConversionError("; ".join(self._pdfs.failures))


_STAGES: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


def pdf_stage(converter: Any) -> Callable[[SetBuild], None]:
    """Return the PDF stage of one set build on `converter` (see `_SetPdfStage`)."""
    from generator.pdf.stage import PdfStage

    pdfs = _STAGES.get(converter)
    if pdfs is None:
        pdfs = _STAGES[converter] = PdfStage(converter)
    return _SetPdfStage(pdfs)


def _state_stage(set_hash: str, doc_hashes: dict[str, str]) -> Callable[[SetBuild], None]:
    def stage(build: SetBuild) -> None:
        state = SetState(build.folder, input_hash=set_hash)
        for document in build.documents:
            files = {document.docx.name: document.sha256_docx}
            if document.pdf is not None and document.sha256_pdf is not None:
                files[document.pdf.name] = document.sha256_pdf
            state.documents[document.docx.name] = DocState(
                doc_hashes[document.docx.name], files, document.pages, document.so_ky_hieu
            )
        state.save()

    return stage


def build_one_set(
    data_path: Path,
    *,
    data: DuLieu,
    set_job: SetJob,
    options: BatchOptions,
    converter: Any,
    check_stop: CheckStop,
) -> SetOutcome:
    """Build (or skip) one set; raise VanbanError on failure after releasing its numbers.

    The local batch issues and builds in the same process: `reserve_numbers`, then
    `build_numbered_set`, then the hashes go to the register. A queued batch does the first and
    last step on the submitting side and the middle one on a worker (generator.service.queued).
    """
    from generator.sets import get_set
    from generator.setsource import RecordSource

    register: Register | None = None
    issued: list[Issued] = []
    if options.issue:
        register = Register(options.register or default_path(data_path))
    try:
        if register is not None:
            issued = reserve_numbers(register, data, set_job, options)
        outcome, files = build_numbered_set(
            data, set_job, options, converter=converter, check_stop=check_stop,
            extra_stages=[RecordSource(data_path, options.templates)],
        )  # fmt: skip
        if register is not None:
            keys = [doc_key(job) for job in get_set(set_job.set_name).jobs(data, set_job.period)]
            record_numbers(register, issued, files, keys, only_reserved=outcome.status == "skipped")
        outcome.numbers = [i.so_ky_hieu for i in issued] or None
    except BaseException as err:
        if register is not None and issued:
            reason = "dừng giữa chừng" if type(err).__name__ == "Stopped" else f"lỗi: {err}"
            release_set(register, issued, f"tạo bộ văn bản không thành công ({reason})"[:500])
        raise
    finally:
        if register is not None:
            register.close()
    return outcome


def reserve_numbers(
    register: Register, data: DuLieu, set_job: SetJob, options: BatchOptions
) -> list[Issued]:
    """Return the numbers of the documents issued now, written into `data` in place.

    `options.only` chooses them (default: every document of the set); the dates are checked
    against the chain's order first (DateOrderError, nothing reserved). A set reserved before
    (a rerun, a retried task) gets the same numbers back.
    """
    from generator.build import set_folder
    from generator.sets import get_set

    doc_set = get_set(set_job.set_name)
    jobs = doc_set.jobs(data, set_job.period)
    final = set_folder(options.out, data, doc_set, set_job.period)
    name = register_set_name(doc_set.year(data, set_job.period), doc_set.name, set_job.period)
    return issue_set(
        register,
        data,
        jobs,
        set_name=name,
        issue_date=options.issue_date or options.today,
        policy=options.policy,
        only=chosen_jobs(jobs, options.only) if options.only else None,
        kept=kept_names(final, rebuild_finalised=options.rebuild_finalised),
    )


def door_error(err: VanbanError, options: BatchOptions) -> str:
    """Return the message of a set's error, an issuing one in the words of the batch's door."""
    if isinstance(err, IssueChoiceError) and options.hint is not None:
        return str(err.worded(options.hint))
    return str(err)


def record_numbers(
    register: Register,
    issued: list[Issued],
    files: list[tuple[str, str | None]],
    keys: list[str],
    *,
    only_reserved: bool = False,
) -> None:
    """Mark the numbers issued with the hashes (docx, pdf) of their files.

    `files` and `keys` (each document's register key) are in job order; `issued` may hold only
    some of the set's documents (issued separately). `only_reserved`: a skipped set records
    only numbers still reserved (built, then killed before recording); the others already
    hold these hashes.
    """
    by_key = dict(zip(keys, files, strict=True))
    for number in issued:
        pair = by_key.get(number.key)
        if pair is not None and (not only_reserved or number.status == "reserved"):
            register.record_hashes(number, *pair)


FileHashes = list[tuple[str, str | None]]


def build_numbered_set(
    data: DuLieu,
    set_job: SetJob,
    options: BatchOptions,
    *,
    converter: Any,
    check_stop: CheckStop,
    extra_stages: Sequence[Callable[[SetBuild], None]] = (),
) -> tuple[SetOutcome, FileHashes]:
    """Build (or skip, when unchanged) one set whose numbers are already in `data`; return its
    outcome and the SHA-256 of each document's .docx and PDF, in job order. No register here.
    """
    from generator.build import build_set, set_folder
    from generator.sets import get_set

    doc_set = get_set(set_job.set_name)
    period = set_job.period
    jobs = doc_set.jobs(data, period)
    final = set_folder(options.out, data, doc_set, period)
    clean_set_leftovers(final)
    doc_hashes = {
        job.file_name: input_hash(
            job.kind.build_context(data, today=options.today, item=job.item),
            (options.templates or {}).get(job.kind.name, job.kind.template_path),
            options.hashed(),
        )
        for job in jobs
    }
    set_hash = hashlib.sha256("\n".join(doc_hashes.values()).encode()).hexdigest()
    state = SetState.load(final)
    unchanged = (
        not options.force
        and state.input_hash == set_hash
        and (final / "manifest.json").is_file()
        and all(
            name in state.documents and state.documents[name].still_valid(final, wanted)
            for name, wanted in doc_hashes.items()
        )
    )
    if unchanged:
        docs = [state.documents[name] for name in doc_hashes]
        files: FileHashes = []
        for doc in docs:
            by_suffix = {Path(n).suffix: h for n, h in doc.files.items()}
            files.append((by_suffix[".docx"], by_suffix.get(".pdf")))
        outcome = SetOutcome(
            set_job.label,
            "skipped",
            documents=len(docs),
            pages=sum(d.pages or 0 for d in docs),
            folder=str(final),
        )
        return outcome, files
    stages = [
        *([pdf_stage(converter)] if options.pdf else []),
        *extra_stages,
        _state_stage(set_hash, doc_hashes),
    ]
    result = build_set(
        data,
        doc_set.name,
        options.out,
        today=options.today,
        period=period,
        progress=check_stop,
        stages=stages,
        templates=options.templates,
        rebuild_finalised=options.rebuild_finalised,
    )
    outcome = SetOutcome(
        set_job.label,
        "built",
        documents=len(result.documents),
        pages=sum(d.pages or 0 for d in result.documents),
        folder=str(result.folder),
    )
    # In job order: a finalised document the data no longer makes is kept but has no job.
    by_name = {d.docx.name: (d.sha256_docx, d.sha256_pdf) for d in result.documents}
    return outcome, [by_name[job.file_name] for job in jobs]
