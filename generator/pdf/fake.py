"""A converter without LibreOffice, for fast unit tests of the code that calls a Converter.

It writes a small valid PDF (hand-written, one standard-14 font) holding the document's text.
Vietnamese letters are reduced to ASCII (the standard fonts cannot show them): tests that need
real text, fonts or PDF/A use LibreOfficeConverter.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from generator.pdf.jobs import ConvertJob, ConvertResult, Progress, docx_problem
from generator.pdf.process import move_atomically

LINES_PER_PAGE = 45


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in decomposed if ord(ch) < 128)
    return plain.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def minimal_pdf(lines: list[str]) -> bytes:
    """Return a valid PDF showing `lines` (ASCII-reduced), LINES_PER_PAGE per A4 page."""
    chunks = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)] or [[]]
    objects: list[bytes] = [b"", b""]  # catalog and page tree are filled in last
    kids = []
    for chunk in chunks:
        text = "".join(f"({_ascii(line)}) Tj T* " for line in chunk)
        stream = f"BT /F1 11 Tf 14 TL 72 800 Td {text}ET".encode("ascii")
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 "
            b"/BaseFont /Times-Roman >> >> >> >>" % content
        )
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    refs = " ".join(f"{kid} 0 R" for kid in kids).encode()
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (refs, len(kids))
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


class FakeStream:
    """The fake's stream: collects the jobs and converts them all on close()."""

    def __init__(self, converter: FakeConverter, progress: Progress | None) -> None:
        self._converter, self._progress = converter, progress
        self.jobs: list[ConvertJob] = []
        self.closed = False

    def submit(self, job: ConvertJob) -> None:
        """Queue `job`."""
        self.jobs.append(job)

    def close(self) -> list[ConvertResult]:
        """Convert the queued jobs and return their results in order."""
        self.closed = True
        return self._converter.convert(self.jobs, self._progress)

    def cancel(self) -> None:
        """Drop the jobs not converted yet (all of them, unless already closed)."""
        if not self.closed:
            self.jobs.clear()
            self.closed = True


class FakeConverter:
    """Converter stand-in: same results and failures for bad .docx files, no LibreOffice."""

    def __init__(self) -> None:
        self.streams: list[FakeStream] = []

    def open_stream(self, progress: Progress | None = None) -> FakeStream:
        """Return a stream that converts everything when closed (records it in `streams`)."""
        self.streams.append(FakeStream(self, progress))
        return self.streams[-1]

    def convert(
        self, jobs: Sequence[ConvertJob], progress: Progress | None = None
    ) -> list[ConvertResult]:
        """Return one result per job, writing a minimal PDF for every readable .docx."""
        from docx import Document
        from docx.oxml.ns import qn

        results = []
        for job in jobs:
            problem = docx_problem(job.docx)
            if problem is None:
                body = Document(str(job.docx)).element.body
                # Every paragraph, also inside tables (the header and the signer block).
                lines = [
                    "".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))
                ]
                data = minimal_pdf(lines)
                temporary = job.pdf.with_name(f".{job.pdf.name}.fake")
                job.pdf.parent.mkdir(parents=True, exist_ok=True)
                temporary.write_bytes(data)
                move_atomically(temporary, job.pdf)
                pages = max(1, -(-len(lines) // LINES_PER_PAGE))
                result = ConvertResult(job, ok=True, pages=pages, fonts=["Times-Roman"])
            else:
                result = ConvertResult(job, ok=False, error=problem)
            if progress is not None:
                progress(result)
            results.append(result)
        return results
