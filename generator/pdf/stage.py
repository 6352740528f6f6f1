"""The PDF stage of a set build: convert, make each document signed-ready, bundle.

It plugs into `generator.build.build_set` as a Stage and follows the order that keeps signatures
valid: render → convert (PDF/A-2b) → bundle from the unsigned PDFs → add empty signature fields
to each document PDF (incremental update). Signing, if any, comes later with `vanban sign`.

The bundle is built from each PDF's unsigned bytes, read once as the PDF arrives and kept in
memory, so the fields can be added to the file at once, while later documents still convert;
only writing the bundle is left after the last conversion. A document that fails to convert is
reported in the set's `failures` while the others still come out; the caller decides the exit
code.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from generator.errors import ConversionError, SigningError
from generator.pdf.bundle import BUNDLE_NAME, Bundle
from generator.pdf.fields import SignedReadyMeta, fields_update, signature_fields, write_update
from generator.pdf.inspect import open_reader
from generator.pdf.jobs import (
    Converter,
    ConvertJob,
    ConvertResult,
    JobStream,
    StreamingConverter,
)
from generator.pdf.locate import locate
from generator.pdf.rawpdf import RawPdf

if TYPE_CHECKING:
    from generator.build import RenderedDocument, SetBuild

Progress = Callable[[str], None]


@dataclass
class Prepared:
    """A converted document made signed-ready: its unsigned PDF (for the bundle) and results."""

    unsigned: bytes
    raw: RawPdf | None  # its raw objects, when it has LibreOffice's shape
    sha256: str
    fields: list[str] | None = None
    problem: str | None = None


def prepare(
    pdf: Path,
    doc: RenderedDocument,
    author: str,
    result: ConvertResult | None = None,
    from_end: dict[str, int] | None = None,
) -> Prepared:
    """Read `pdf` once, add its signature fields as an incremental update, keep the unsigned copy.

    The converter's read-back (`result.content`, `result.raw`) is used when there is one.
    `from_end` (kind → pages before the last) remembers where each kind's block was, so the
    next document of that kind reads that page first (a Thông báo with a phụ lục: 1 page
    instead of 2).
    A signer block that cannot be found is a per-document `problem`; an unreadable file raises.
    """
    raw: RawPdf | None = None
    try:
        if result is not None and result.content is not None:
            data, raw = result.content, result.raw
            result.content = result.raw = None  # held by Prepared from here on
        else:
            data = pdf.read_bytes()
        source: PdfReader | RawPdf = raw if raw is not None else open_reader(data)
    except (OSError, PdfReadError, ValueError, KeyError) as err:
        raise ConversionError(f"{pdf}: không đọc được PDF vừa chuyển ({err}).") from err
    original = data
    try:
        guess = from_end.get(doc.kind) if from_end is not None else None
        places = locate(pdf, list(doc.tham_quyen), doc.nguoi_ky, source, from_end=guess)
        if from_end is not None:
            count = len(source.pages()) if isinstance(source, RawPdf) else len(source.pages)
            from_end[doc.kind] = count - 1 - places.page
        wanted = signature_fields(places)
        updated = fields_update(data, pdf, wanted, _meta(doc, author), raw)
        if updated is not None:
            write_update(pdf, updated)
            data = updated
    except SigningError as err:
        problem = f"{pdf.name}: không đặt được ô ký số ({err})"
        return Prepared(original, raw, hashlib.sha256(data).hexdigest(), problem=problem)
    except OSError as err:
        raise ConversionError(f"{pdf}: không ghi được ô chữ ký ({err}).") from err
    names = [name for name, _, _ in wanted]
    return Prepared(original, raw, hashlib.sha256(data).hexdigest(), fields=names)


@dataclass
class _SetRun:
    """One set in flight: its stream, its documents in order, their arrivals and its bundle.

    Only the set's background thread (`finder`) touches `ready`, `merged` and the bundle while
    the set converts: documents merge in order, a failed one is skipped, and one that arrived
    early waits in `ready` for its turn.
    """

    build: SetBuild
    bundle: Bundle
    finder: ThreadPoolExecutor
    stream: JobStream | None = None
    docs: dict[Path, RenderedDocument] = field(default_factory=dict)
    order: list[Path] = field(default_factory=list)
    arrived: dict[Path, Future[Prepared | None]] = field(default_factory=dict)
    ready: dict[Path, Prepared | None] = field(default_factory=dict)
    merged: int = 0


@dataclass
class PdfStage:
    """Stage callable: needs a started converter; collects per-document failures.

    With a streaming converter, `rendered()` (called by build_set after each document) queues
    the document at once, so LibreOffice converts while later documents render. Each PDF, as it
    arrives, is made signed-ready and merged into the bundle (in document order, from its
    unsigned bytes) by one background thread while later documents convert; `__call__` then
    only writes the bundle. Several sets may be in flight at once (`build_sets` renders the
    next set while this one converts); `abandon(build)` drops a set that failed.
    """

    converter: Converter
    progress: Progress | None = None
    failures: list[str] = field(default_factory=list)
    _runs: dict[int, _SetRun] = field(default_factory=dict, init=False, repr=False)
    _from_end: dict[str, int] = field(default_factory=dict, init=False, repr=False)

    def rendered(self, build: SetBuild, doc: RenderedDocument) -> None:
        """Queue one freshly rendered document for conversion (streaming converters only)."""
        if not isinstance(self.converter, StreamingConverter):
            return
        run = self._runs.get(id(build))
        if run is None:
            run = _SetRun(build, Bundle(build.folder / BUNDLE_NAME), ThreadPoolExecutor(1))
            self._runs[id(build)] = run
            run.stream = self.converter.open_stream(lambda result: self._converted(run, result))
        pdf = doc.docx.with_suffix(".pdf")
        run.docs[pdf] = doc
        run.order.append(pdf)
        if run.stream is not None:
            run.stream.submit(ConvertJob(doc.docx, pdf))

    def __call__(self, build: SetBuild) -> None:
        """Produce the set's PDFs, signature fields and bundle inside its (temporary) folder."""
        docs = build.documents
        run = self._runs.get(id(build))
        if run is not None and run.stream is not None:
            try:
                results = run.stream.close()
                run.finder.shutdown(wait=True)  # the last arrivals are being prepared
            except BaseException:
                self.abandon(build)
                raise
        else:
            jobs = [ConvertJob(doc.docx, doc.docx.with_suffix(".pdf")) for doc in docs]
            results = self.converter.convert(jobs, lambda result: self._report(build, result))
        try:
            self._finish(build, run, docs, results)
        finally:
            self.abandon(build)

    def abandon(self, build: SetBuild) -> None:
        """Forget the set's stream and background work (stopping them first)."""
        run = self._runs.pop(id(build), None)
        if run is None:
            return
        if run.stream is not None:
            run.stream.cancel()
        run.finder.shutdown(wait=True, cancel_futures=True)

    def _finish(
        self,
        build: SetBuild,
        run: _SetRun | None,
        docs: list[RenderedDocument],
        results: list[ConvertResult],
    ) -> None:
        author = build.organisation.get("ten", "")
        bundle = run.bundle if run is not None else Bundle(build.folder / BUNDLE_NAME)
        merged = run.merged if run is not None else 0
        converted: list[tuple[RenderedDocument, Prepared]] = []
        for position, (doc, result) in enumerate(zip(docs, results, strict=True)):
            if not result.ok:
                self.failures.append(f"{doc.docx.name}: {_without_folder(result)}")
                continue
            doc.pdf, doc.pages = result.job.pdf, result.pages
            arrived = run.arrived.get(result.job.pdf) if run is not None else None
            # Raises what went wrong in the background (an unreadable PDF, a failed merge).
            prepared = arrived.result() if arrived is not None else None
            if prepared is None:
                prepared = prepare(result.job.pdf, doc, author, result, self._from_end)
            if position >= merged:  # not merged while converting (arrived out of turn)
                bundle.add(prepared.unsigned, doc.bookmark, prepared.raw)
            converted.append((doc, prepared))
        if not converted:
            return
        if not build.kept:  # else merged once, kept documents included, as the set swaps in
            bundle.write()
            build.bundle = bundle.out
            self._say(f"  Đã gộp {len(converted)} văn bản vào {_shown(build, BUNDLE_NAME)}")
        for doc, prepared in converted:
            doc.signature_fields, doc.sha256_pdf = prepared.fields, prepared.sha256
            if prepared.problem:
                self.failures.append(prepared.problem)

    def _report(self, build: SetBuild, result: ConvertResult) -> None:
        if result.ok:
            self._say(f"  Đã chuyển sang PDF: {_shown(build, result.job.pdf.name)} "
                      f"({result.pages} trang)")  # fmt: skip
        else:
            self._say(f"  LỖI khi chuyển {_shown(build, result.job.docx.name)}: "
                      f"{_without_folder(result)}")  # fmt: skip

    def _converted(self, run: _SetRun, result: ConvertResult) -> None:
        pdf = result.job.pdf
        self._report(run.build, result)
        doc = run.docs.get(pdf)
        if doc is not None and self._runs.get(id(run.build)) is run:
            author = run.build.organisation.get("ten", "")
            run.arrived[pdf] = run.finder.submit(self._arrive, run, doc, author, result)

    def _arrive(
        self, run: _SetRun, doc: RenderedDocument, author: str, result: ConvertResult
    ) -> Prepared | None:
        """Prepare an arrived PDF, then merge every document whose turn has come (background)."""
        pdf = result.job.pdf
        prepared = prepare(pdf, doc, author, result, self._from_end) if result.ok else None
        run.ready[pdf] = prepared
        while run.merged < len(run.order) and run.order[run.merged] in run.ready:
            turn = run.order[run.merged]
            ready = run.ready[turn]
            if ready is not None:
                run.bundle.add(ready.unsigned, run.docs[turn].bookmark, ready.raw)
            run.merged += 1
        return prepared

    def _say(self, text: str) -> None:
        if self.progress:
            self.progress(text)


def _shown(build: SetBuild, name: str) -> str:
    """Return a file name as progress shows it: after its set's folder when two sets are in
    flight (`build.label`), so "01-bao-cao….pdf" of quý I and of 6 tháng stay apart."""
    return f"{build.label}/{name}" if build.label else name


def _meta(doc: RenderedDocument, author: str) -> SignedReadyMeta:
    """Return the signed-ready metadata of a document: trích yếu, cơ quan, số/ký hiệu, loại."""
    return SignedReadyMeta(
        title=doc.trich_yeu,
        author=author,
        subject=doc.so_ky_hieu or f"Dự thảo {doc.loai_van_ban}",
        keywords=doc.loai_van_ban,
        signer_lines=list(doc.tham_quyen),
        signer_name=doc.nguoi_ky,
    )


def _without_folder(result: ConvertResult) -> str:
    """Return the error without the set's temporary folder, which is gone when the user reads it."""
    return (result.error or "").replace(f"{result.job.docx.parent}/", "")
