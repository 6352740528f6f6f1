"""Build one set of one organisation inside a batch: issue, skip if unchanged, build, record.

The set's input hash combines each document's context (after numbering), template and the
options. When it matches the state file of the set folder and every recorded file is intact, the
set is skipped. Otherwise `generator.build.build_set` makes it in a temporary folder and swaps it
into place; the state file is written inside that folder by the last stage, so it is swapped in
with the files it describes.
"""

from __future__ import annotations

import hashlib
import shutil
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.batch.jobs import SetJob
from generator.batch.state import DocState, SetState, input_hash
from generator.errors import ConversionError
from generator.model import DuLieu
from generator.register import Register, default_path
from generator.register.issue import issue_set, record_set, register_set_name, release_set

if TYPE_CHECKING:
    from generator.batch.runner import BatchOptions
    from generator.build import SetBuild

__all__ = ["SetOutcome", "build_one_set", "clean_set_leftovers", "pdf_stage"]

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
    """Remove the temporary and moved-aside folders a killed build of this set left behind."""
    if not final.parent.is_dir():
        return
    for pattern in (f".{final.name}-*.tmp", f".{final.name}-*.old"):
        for leftover in final.parent.glob(pattern):
            shutil.rmtree(leftover, ignore_errors=True)


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
    """Build (or skip) one set; raise VanbanError on failure after releasing its numbers."""
    from generator.build import build_set, set_folder
    from generator.sets import get_set

    doc_set = get_set(set_job.set_name)
    period = set_job.period
    jobs = doc_set.jobs(data, period)
    final = set_folder(options.out, data, doc_set, period)
    clean_set_leftovers(final)
    register: Register | None = None
    issued = []
    if options.issue:
        register = Register(options.register or default_path(data_path))
        name = register_set_name(doc_set.year(data, period), doc_set.name, period)
        issued = issue_set(
            register,
            data,
            jobs,
            set_name=name,
            issue_date=options.issue_date or options.today,
            policy=options.policy,
        )
    try:
        doc_hashes = {
            job.file_name: input_hash(
                job.kind.build_context(data, today=options.today, item=job.item),
                job.kind.template_path,
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
            if register is not None:
                for number, doc in zip(issued, docs, strict=True):
                    if number.status == "reserved":  # built, then killed before recording
                        by_suffix = {Path(n).suffix: h for n, h in doc.files.items()}
                        register.record_hashes(number, by_suffix[".docx"], by_suffix.get(".pdf"))
            return SetOutcome(
                set_job.label,
                "skipped",
                documents=len(docs),
                pages=sum(d.pages or 0 for d in docs),
                folder=str(final),
                numbers=[i.so_ky_hieu for i in issued] or None,
            )
        stages = ([pdf_stage(converter)] if options.pdf else []) + [
            _state_stage(set_hash, doc_hashes)
        ]
        result = build_set(
            data,
            doc_set.name,
            options.out,
            today=options.today,
            period=period,
            progress=check_stop,
            stages=stages,
        )
        if register is not None:
            record_set(register, issued, result)
    except BaseException as err:
        if register is not None and issued:
            reason = "dừng giữa chừng" if type(err).__name__ == "Stopped" else f"lỗi: {err}"
            release_set(register, issued, f"tạo bộ văn bản không thành công ({reason})"[:500])
        raise
    finally:
        if register is not None:
            register.close()
    return SetOutcome(
        set_job.label,
        "built",
        documents=len(result.documents),
        pages=sum(d.pages or 0 for d in result.documents),
        folder=str(result.folder),
        numbers=[i.so_ky_hieu for i in issued] or None,
    )
