"""The PDF stage of a set build: convert, bundle, then make each document signed-ready.

It plugs into `generator.build.build_set` as a Stage and follows the order that keeps signatures
valid: render → convert (PDF/A-2b) → bundle from the unsigned PDFs → add empty signature fields
to each document PDF (incremental update). Signing, if any, comes later with `vanban sign`.
A document that fails to convert is reported in the set's `failures` while the others still
come out; the caller decides the exit code.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.errors import SigningError
from generator.pdf.bundle import build_bundle
from generator.pdf.convert import Converter, ConvertJob, ConvertResult
from generator.pdf.fields import SignedReadyMeta, make_signed_ready

if TYPE_CHECKING:
    from generator.build import RenderedDocument, SetBuild

BUNDLE_NAME = "bundle.pdf"
Progress = Callable[[str], None]


@dataclass
class PdfStage:
    """Stage callable: needs a started converter; collects per-document failures."""

    converter: Converter
    progress: Progress | None = None
    failures: list[str] = field(default_factory=list)

    def __call__(self, build: SetBuild) -> None:
        """Produce the set's PDFs, bundle and signature fields inside its (temporary) folder."""
        docs = build.documents
        jobs = [ConvertJob(doc.docx, doc.docx.with_suffix(".pdf")) for doc in docs]
        results = self.converter.convert(jobs, progress=self._converted)
        from generator.build import sha256

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
        with ThreadPoolExecutor(max_workers=2) as pool:
            outcomes = list(pool.map(lambda doc: self._signed_ready(doc, author), converted))
        for doc, problem in zip(converted, outcomes, strict=True):
            if problem:
                self.failures.append(problem)
            if doc.pdf is not None:
                doc.sha256_pdf = sha256(doc.pdf)

    def _signed_ready(self, doc: RenderedDocument, author: str) -> str | None:
        if doc.pdf is None:
            return None
        meta = SignedReadyMeta(
            title=doc.trich_yeu,
            author=author,
            subject=doc.so_ky_hieu or f"Dự thảo {doc.loai_van_ban}",
            keywords=doc.loai_van_ban,
            signer_lines=list(doc.tham_quyen),
            signer_name=doc.nguoi_ky,
        )
        try:
            doc.signature_fields = make_signed_ready(doc.pdf, meta)
        except SigningError as err:
            return f"{doc.pdf.name}: không đặt được ô ký số ({err})"
        return None

    def _converted(self, result: ConvertResult) -> None:
        if result.ok:
            self._say(f"  Đã chuyển {result.job.pdf.name} ({result.pages} trang)")
        else:
            self._say(f"  LỖI khi chuyển {result.job.docx.name}: {result.error}")

    def _say(self, text: str) -> None:
        if self.progress:
            self.progress(text)
