"""Convert .docx to PDF/A-2b with LibreOffice, in parallel, without trusting its exit code.

Design (measured, see generator/pdf/README.md): one worker thread per core, each with its own
LibreOffice profile, converting its share in chunks through one `soffice --convert-to` call per
chunk. A chunk is killed when no document finished within the per-document timeout; the documents
it did not produce are then retried one by one in a fresh profile, once. Every output is read back
(`%PDF-`, page count, PDF/A claim, embedded fonts) before it is moved atomically into place.
"""

from __future__ import annotations

import atexit
import math
import os
import queue
import threading
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Protocol, Self

from generator.errors import ConversionError
from generator.pdf import process
from generator.pdf.inspect import check_fonts, font_family, pdf_facts
from generator.pdf.tools import find_soffice, require_serif_font

PDFA_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
PLAIN_FILTER = "pdf:writer_pdf_Export"
MAX_CHUNK = 32
MIN_CHUNK = 8


@dataclass
class ConvertJob:
    """One document to convert; `timeout` overrides the converter's per-document timeout."""

    docx: Path
    pdf: Path
    timeout: float | None = None


@dataclass
class ConvertResult:
    """The outcome of one job; `error` is a Vietnamese message when `ok` is False."""

    job: ConvertJob
    ok: bool
    pages: int | None = None
    error: str | None = None
    fonts: list[str] = field(default_factory=list)


Progress = Callable[[ConvertResult], None]


class Converter(Protocol):
    """Anything that turns .docx jobs into PDFs and reports one result per job, in job order."""

    def convert(
        self, jobs: Sequence[ConvertJob], progress: Progress | None = None
    ) -> list[ConvertResult]:
        """Convert `jobs`; never raise for a single bad document, report it in its result."""
        ...


def docx_problem(path: Path) -> str | None:
    """Return why `path` cannot be a Word document, or None when it looks like one."""
    if not path.is_file():
        return f"{path}: không tìm thấy tệp .docx."
    try:
        with zipfile.ZipFile(path) as archive:
            if "word/document.xml" in archive.namelist():
                return None
    except (zipfile.BadZipFile, OSError):
        pass
    return f"{path}: tệp .docx bị hỏng (không phải tệp Word hợp lệ); hãy tạo lại văn bản."


class LibreOfficeConverter:
    """The real converter: a pool of LibreOffice workers; use it as a context manager."""

    def __init__(
        self,
        workers: int | None = None,
        timeout: float = 120.0,
        pdfa: bool = True,
        soffice: str | None = None,
        chunk_size: int | None = None,
    ) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.timeout = timeout
        self.pdfa = pdfa
        self.chunk_size = chunk_size
        self._soffice_name = soffice
        self._pool: process.ProcessPool | None = None
        self._warnings: dict[str, None] = {}
        self._lock = threading.Lock()
        self._cpu_closed = 0.0

    @property
    def workdir(self) -> Path | None:
        """Return the folder holding this run's profiles (every soffice call names it)."""
        return self._pool.root if self._pool is not None else None

    @property
    def cpu_seconds(self) -> float:
        """Return the CPU time LibreOffice spent in this run so far (finished calls)."""
        return self._pool.cpu_seconds if self._pool is not None else self._cpu_closed

    @property
    def warnings(self) -> list[str]:
        """Return the run's warnings, each once (e.g. Times New Roman → Liberation Serif)."""
        return list(self._warnings)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def start(self) -> None:
        """Check the tools and prepare one isolated profile per worker."""
        if self._pool is not None:
            return
        soffice = find_soffice(self._soffice_name)
        require_serif_font()
        self._pool = process.ProcessPool(soffice, self.workers)
        atexit.register(self._pool.close)

    def close(self) -> None:
        """Kill every LibreOffice process this converter started and remove its profiles."""
        if self._pool is not None:
            self._pool.close()
            self._cpu_closed = self._pool.cpu_seconds
            atexit.unregister(self._pool.close)
            self._pool = None

    def convert(
        self, jobs: Sequence[ConvertJob], progress: Progress | None = None
    ) -> list[ConvertResult]:
        """Return one result per job, in order; bad documents fail alone, the rest still convert."""
        if self._pool is None:
            with self:
                return self.convert(jobs, progress)
        results: dict[int, ConvertResult] = {}
        todo: list[tuple[int, ConvertJob]] = []
        for index, job in enumerate(jobs):
            problem = docx_problem(job.docx)
            if problem is None:
                todo.append((index, job))
            else:
                results[index] = ConvertResult(job, ok=False, error=problem)
                self._report(results[index], progress)
        chunks: queue.Queue[list[tuple[int, ConvertJob]]] = queue.Queue()
        for chunk in self._chunks(todo):
            chunks.put(chunk)
        pool = self._pool

        def work(slot: int) -> None:
            while not pool.stopped:
                try:
                    chunk = chunks.get_nowait()
                except queue.Empty:
                    return
                for index, result in self._run_chunk(pool, slot, chunk):
                    results[index] = result
                    self._report(result, progress)

        threads = [
            threading.Thread(target=work, args=(slot,), daemon=True) for slot in range(self.workers)
        ]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                while thread.is_alive():
                    thread.join(0.2)
        except BaseException:
            pool.stop()
            for thread in threads:
                thread.join()
            raise
        return [results[index] for index in range(len(jobs))]

    def _chunks(self, todo: list[tuple[int, ConvertJob]]) -> list[list[tuple[int, ConvertJob]]]:
        """Split the work so each worker gets about an equal share; odd timeouts go alone."""
        alone = [[item] for item in todo if item[1].timeout is not None]
        batched = [item for item in todo if item[1].timeout is None]
        # About three chunks per worker balance the tail (measured: chunk 10 beat one chunk per
        # worker by 15 % on 42 documents); at least MIN_CHUNK so process starts stay amortised.
        share = math.ceil(len(batched) / self.workers)
        size = self.chunk_size or max(
            1, min(share, MAX_CHUNK, max(MIN_CHUNK, math.ceil(share / 3)))
        )
        return alone + [batched[i : i + size] for i in range(0, len(batched), size)]

    def _report(self, result: ConvertResult, progress: Progress | None) -> None:
        if progress is not None:
            with self._lock:
                progress(result)

    def _run_chunk(
        self, pool: process.ProcessPool, slot: int, chunk: list[tuple[int, ConvertJob]]
    ) -> list[tuple[int, ConvertResult]]:
        """Convert a chunk in one call, then retry what is missing one by one, once."""
        filter_name = PDFA_FILTER if self.pdfa else PLAIN_FILTER
        done: list[tuple[int, ConvertResult]] = []
        run = pool.run(slot, [(i, job.docx) for i, job in chunk], filter_name, self._timeout(chunk))
        missing: list[tuple[int, ConvertJob]] = []
        for index, job in chunk:
            if index in run.outputs:
                done.append((index, self._finish(job, run.outputs[index])))
            else:
                missing.append((index, job))
        for index, job in missing:
            retry = pool.run(slot, [(index, job.docx)], filter_name, self._timeout([(index, job)]))
            if index in retry.outputs:
                done.append((index, self._finish(job, retry.outputs[index])))
            else:
                done.append((index, ConvertResult(job, ok=False, error=self._why(job, retry))))
        pool.clean(slot)
        return done

    def _timeout(self, chunk: list[tuple[int, ConvertJob]]) -> float:
        custom = [job.timeout for _, job in chunk if job.timeout is not None]
        return min(custom) if custom else self.timeout

    def _why(self, job: ConvertJob, run: process.RunOutcome) -> str:
        if run.stopped:
            return f"{job.docx}: đã dừng theo yêu cầu trước khi chuyển xong."
        if run.timed_out:
            seconds = job.timeout if job.timeout is not None else self.timeout
            return (
                f"{job.docx}: LibreOffice không chuyển xong sau {seconds:g} giây (đã thử 2 lần); "
                "văn bản có thể quá lớn hoặc hỏng, hãy kiểm tra nó hoặc tăng thời gian chờ."
            )
        detail = f" Thông báo của LibreOffice: {run.stderr_tail}" if run.stderr_tail else ""
        return f"{job.docx}: LibreOffice không tạo ra PDF (đã thử 2 lần).{detail}"

    def _finish(self, job: ConvertJob, produced: Path) -> ConvertResult:
        """Read the produced PDF back, judge it, then move it atomically into place."""
        try:
            facts = pdf_facts(produced)
        except ConversionError as err:
            return ConvertResult(job, ok=False, error=f"{job.docx}: {err}")
        fonts = sorted({name for name, _ in facts.fonts})
        if facts.pages < 1:
            return ConvertResult(job, ok=False, error=f"{job.docx}: PDF không có trang nào.")
        if self.pdfa and (facts.pdfa_part, facts.pdfa_conformance) != ("2", "B"):
            return ConvertResult(
                job, ok=False, fonts=fonts, error=f"{job.docx}: PDF thiếu khai báo PDF/A-2b (XMP)."
            )
        issues = check_fonts(facts)
        errors = [issue.message for issue in issues if issue.error]
        with self._lock:
            for issue in issues:
                if not issue.error:
                    self._warnings[issue.message] = None
        if errors:
            return ConvertResult(
                job, ok=False, pages=facts.pages, fonts=fonts, error=f"{job.docx}: {errors[0]}"
            )
        process.move_atomically(produced, job.pdf)
        return ConvertResult(job, ok=True, pages=facts.pages, fonts=fonts)


__all__ = [
    "ConvertJob",
    "ConvertResult",
    "Converter",
    "LibreOfficeConverter",
    "docx_problem",
    "font_family",
]
