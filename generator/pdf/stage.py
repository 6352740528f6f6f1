"""The PDF stage of a set build: convert, bundle, then make each document signed-ready.

It plugs into `generator.build.build_set` as a Stage and follows the order that keeps signatures
valid: render → convert (PDF/A-2b) → bundle from the unsigned PDFs → add empty signature fields
to each document PDF (incremental update). Signing, if any, comes later with `vanban sign`.
A document that fails to convert is reported in the set's `failures` while the others still
come out; the caller decides the exit code.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.atomic import sha256_file
from generator.errors import SigningError
from generator.pdf.bundle import build_bundle
from generator.pdf.convert import (
    Converter,
    ConvertJob,
    ConvertResult,
    JobStream,
    StreamingConverter,
)
from generator.pdf.fields import SignedReadyMeta, make_signed_ready
from generator.pdf.locate import SignaturePlaces, locate

if TYPE_CHECKING:
    from generator.build import RenderedDocument, SetBuild

BUNDLE_NAME = "bundle.pdf"
Progress = Callable[[str], None]


@dataclass
class PdfStage:
    """Stage callable: needs a started converter; collects per-document failures.

    With a streaming converter, `rendered()` (called by build_set after each document) queues
    the document at once, so LibreOffice converts while later documents render, and each PDF's
    signature places are found (read-only) while later chunks convert. The fields themselves
    are written only after the bundle, in `__call__`.
    """

    converter: Converter
    progress: Progress | None = None
    failures: list[str] = field(default_factory=list)
    _stream: JobStream | None = field(default=None, init=False, repr=False)
    _build: SetBuild | None = field(default=None, init=False, repr=False)
    _docs: dict[Path, RenderedDocument] = field(default_factory=dict, init=False, repr=False)
    _places: dict[Path, Future[SignaturePlaces]] = field(
        default_factory=dict, init=False, repr=False
    )
    _finder: ThreadPoolExecutor | None = field(default=None, init=False, repr=False)

    def rendered(self, build: SetBuild, doc: RenderedDocument) -> None:
        """Queue one freshly rendered document for conversion (streaming converters only)."""
        if not isinstance(self.converter, StreamingConverter):
            return
        if self._build is not build:
            self._abandon()  # an earlier build failed before calling us: drop its leftovers
            self._build, self._stream = build, self.converter.open_stream(self._converted)
            self._finder = ThreadPoolExecutor(max_workers=1)
        self._docs[doc.docx.with_suffix(".pdf")] = doc
        if self._stream is not None:
            self._stream.submit(ConvertJob(doc.docx, doc.docx.with_suffix(".pdf")))

    def __call__(self, build: SetBuild) -> None:
        """Produce the set's PDFs, bundle and signature fields inside its (temporary) folder."""
        docs = build.documents
        if self._build is build and self._stream is not None:
            try:
                results = self._stream.close()
            except BaseException:
                self._abandon()
                raise
        else:
            self._abandon()
            jobs = [ConvertJob(doc.docx, doc.docx.with_suffix(".pdf")) for doc in docs]
            results = self.converter.convert(jobs, progress=self._converted)
        try:
            self._finish(build, docs, results)
        finally:
            self._abandon()

    def _finish(
        self, build: SetBuild, docs: list[RenderedDocument], results: list[ConvertResult]
    ) -> None:
        converted: list[RenderedDocument] = []
        for doc, result in zip(docs, results, strict=True):
            if result.ok:
                doc.pdf, doc.pages = result.job.pdf, result.pages
                converted.append(doc)
            else:
                self.failures.append(f"{doc.docx.name}: {result.error}")
        if not converted:
            return
        bundle = build.folder / BUNDLE_NAME
        build_bundle([(doc.pdf, doc.bookmark) for doc in converted if doc.pdf], bundle)
        build.bundle = bundle
        self._say(f"  Đã gộp {len(converted)} văn bản vào {BUNDLE_NAME}")
        author = build.organisation.get("ten", "")
        for doc in converted:
            problem = self._signed_ready(doc, author)
            if problem:
                self.failures.append(problem)
            if doc.pdf is not None:
                doc.sha256_pdf = sha256_file(doc.pdf)

    def _abandon(self) -> None:
        """Forget the current build's stream and place finder (stopping them first)."""
        stream, finder = self._stream, self._finder
        self._stream, self._finder, self._build = None, None, None
        self._docs.clear()
        self._places.clear()
        if stream is not None:
            stream.cancel()
        if finder is not None:
            finder.shutdown(wait=True, cancel_futures=True)

    def _signed_ready(self, doc: RenderedDocument, author: str) -> str | None:
        if doc.pdf is None:
            return None
        meta = _meta(doc, author)
        try:
            found = self._places.get(doc.pdf)
            places = found.result() if found is not None else None
            doc.signature_fields = make_signed_ready(doc.pdf, meta, places)
        except SigningError as err:
            return f"{doc.pdf.name}: không đặt được ô ký số ({err})"
        return None

    def _converted(self, result: ConvertResult) -> None:
        if result.ok:
            self._say(f"  Đã chuyển {result.job.pdf.name} ({result.pages} trang)")
            doc, finder = self._docs.get(result.job.pdf), self._finder
            if doc is not None and finder is not None:
                # Read-only, on the final unsigned PDF: overlaps the chunks still converting.
                self._places[result.job.pdf] = finder.submit(
                    locate, result.job.pdf, list(doc.tham_quyen), doc.nguoi_ky
                )
        else:
            self._say(f"  LỖI khi chuyển {result.job.docx.name}: {result.error}")

    def _say(self, text: str) -> None:
        if self.progress:
            self.progress(text)


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
