"""Convert .docx to PDF/A-2b with LibreOffice, in parallel, without trusting its exit code.

Design (measured, see generator/pdf/README.md): one worker thread per core, each with its own
LibreOffice profile. Mode "uno" keeps one LibreOffice per worker warm (`uno_pool.py`, needs
Debian's python3-uno) and sends it one document at a time; mode "batch" converts chunks through
one `soffice --convert-to` call each; "auto" picks uno when available. A document (batch: a
chunk) is killed when it does not finish within the per-document timeout; what was not produced
is retried one by one in a fresh profile, once. Every output is read back (`%PDF-`, page count,
PDF/A claim, embedded fonts) before it is moved atomically into place.
"""

from __future__ import annotations

import atexit
import math
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Literal, Self

from generator.errors import ConversionError, ToolMissingError
from generator.pdf import process
from generator.pdf.inspect import check_fonts, font_family, read_pdf
from generator.pdf.jobs import (
    Converter,
    ConvertJob,
    ConvertResult,
    JobStream,
    Progress,
    StreamingConverter,
    docx_problem,
)
from generator.pdf.tools import APT_HINT, find_soffice, require_serif_font
from generator.pdf.uno_pool import UnoPool, uno_available

PDFA_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
PLAIN_FILTER = "pdf:writer_pdf_Export"
MAX_CHUNK = 32
MIN_CHUNK = 8
STREAM_CHUNK = MAX_CHUNK
UNO_CHUNK = 2
Mode = Literal["auto", "batch", "uno"]
Pool = process.ProcessPool | UnoPool


class LibreOfficeConverter:
    """The real converter: a pool of LibreOffice workers; use it as a context manager."""

    def __init__(
        self,
        workers: int | None = None,
        timeout: float = 120.0,
        pdfa: bool = True,
        soffice: str | None = None,
        chunk_size: int | None = None,
        *,
        mode: Mode = "auto",
    ) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.mode = mode
        self.timeout = timeout
        self.pdfa = pdfa
        self.chunk_size = chunk_size
        self._soffice_name = soffice
        self._pool: Pool | None = None
        self._warnings: dict[str, None] = {}
        self._lock = threading.Lock()
        self._cpu_closed = 0.0
        # Slots (a profile, a warm worker) are leased per chunk, so two streams (two sets in
        # flight) share the workers: one set's last documents and the next set's first ones.
        self._free = list(range(self.workers))
        self._slots = threading.Condition()

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

    @property
    def warm(self) -> bool:
        """Return True when this run keeps LibreOffice warm over UNO (mode uno, or auto with it)."""
        return isinstance(self._pool, UnoPool) or (
            self._pool is None and self.mode != "batch" and uno_available()
        )

    def start(self) -> Pool:
        """Check the tools, prepare one isolated profile per worker and return the pool."""
        if self._pool is not None:
            return self._pool
        soffice = find_soffice(self._soffice_name)
        require_serif_font()
        if self.mode == "uno" and not uno_available():
            raise ToolMissingError(
                "Chế độ chuyển PDF 'uno' cần gói python3-uno của Debian (cho /usr/bin/python3). "
                f"Cài bằng: {APT_HINT} python3-uno"
            )
        if self.warm:
            self._pool = UnoPool(soffice, self.workers, pdfa=self.pdfa)
        else:
            self._pool = process.ProcessPool(soffice, self.workers)
        atexit.register(self._pool.close)
        return self._pool

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
        batched = sum(1 for job in jobs if job.timeout is None)
        stream = self.open_stream(progress, chunk_size=self._chunk_size(batched))
        for job in jobs:
            stream.submit(job)
        return stream.close()

    def open_stream(
        self, progress: Progress | None = None, chunk_size: int | None = None
    ) -> ConvertStream:
        """Return a stream: submit jobs while earlier ones already convert, then close() it.

        Conversion starts as soon as a chunk's worth of documents is waiting, so the caller can
        keep rendering the rest meanwhile; close() converts what is left, split over the workers.
        """
        pool = self.start()
        if isinstance(pool, UnoPool):
            # A warm worker has no start-up to amortise: it takes what waits, up to two
            # documents, and pulls the next waiting one before it runs dry (UnoPool._run), so
            # one is always queued in LibreOffice while a reply is checked; 4 or 8 measured no
            # different (chunk_size overrides).
            warm = self.chunk_size or UNO_CHUNK
            return ConvertStream(self, pool, progress, warm, split=False, eager=True)
        size = chunk_size or self.chunk_size
        return ConvertStream(self, pool, progress, size or STREAM_CHUNK, split=not size)

    def _chunk_size(self, count: int) -> int:
        """Return the chunk size for `count` documents known in advance."""
        # About three chunks per worker balance the tail (measured: chunk 10 beat one chunk per
        # worker by 15 % on 42 documents); at least MIN_CHUNK so process starts stay amortised.
        share = math.ceil(count / self.workers)
        return self.chunk_size or max(
            1, min(share, MAX_CHUNK, max(MIN_CHUNK, math.ceil(share / 3)))
        )

    @contextmanager
    def _slot(self) -> Iterator[int]:
        """Lease a free slot (waiting for one) for one chunk."""
        with self._slots:
            while not self._free:
                self._slots.wait()
            slot = self._free.pop(0)
        try:
            yield slot
        finally:
            with self._slots:
                self._free.append(slot)
                self._free.sort()
                self._slots.notify()

    def _report(self, result: ConvertResult, progress: Progress | None) -> None:
        if progress is not None:
            with self._lock:
                progress(result)

    def _run_chunk(
        self,
        pool: Pool,
        slot: int,
        chunk: list[tuple[int, ConvertJob]],
        emit: Callable[[int, ConvertResult], None],
        pull: Callable[[], tuple[int, ConvertJob] | None] | None = None,
    ) -> None:
        """Convert a chunk in one call, then retry what is missing one by one, once.

        Each result is emitted as soon as it is known, most while the call still runs, so the
        caller's next steps overlap the conversion of the rest of the chunk. A warm worker
        given `pull` extends its chunk with the next waiting job before it runs dry.
        """
        filter_name = PDFA_FILTER if self.pdfa else PLAIN_FILTER
        jobs = dict(chunk)
        emitted: set[int] = set()

        def finished(index: int, produced: Path) -> None:
            emitted.add(index)
            emit(index, self._finish(jobs[index], produced))

        def more() -> tuple[int, Path] | None:
            taken = pull() if pull is not None else None
            if taken is None:
                return None
            jobs[taken[0]] = taken[1]
            chunk.append(taken)
            return taken[0], taken[1].docx

        inputs = [(i, job.docx) for i, job in chunk]
        timeout = self._timeout(chunk)
        if isinstance(pool, UnoPool):
            # A job with its own timeout runs alone: nothing joins its watchdog.
            extend = pull is not None and all(job.timeout is None for _, job in chunk)
            run = pool.run(
                slot, inputs, filter_name, timeout, finished, more=more if extend else None
            )
        else:
            run = pool.run(slot, inputs, filter_name, timeout, finished)
        missing: list[tuple[int, ConvertJob]] = []
        for index, job in chunk:
            if index in run.outputs:
                finished(index, run.outputs[index])
            elif index not in emitted:
                missing.append((index, job))
        for index, job in missing:
            retry = pool.run(slot, [(index, job.docx)], filter_name, self._timeout([(index, job)]))
            if index in retry.outputs:
                finished(index, retry.outputs[index])
            else:
                emit(index, ConvertResult(job, ok=False, error=self._why(job, retry)))
        pool.clean(slot)

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
            content = produced.read_bytes()
            facts, raw = read_pdf(produced, content)
        except OSError as err:
            return ConvertResult(job, ok=False, error=f"{job.docx}: không đọc được PDF ({err}).")
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
        return ConvertResult(job, ok=True, pages=facts.pages, fonts=fonts, content=content, raw=raw)


class ConvertStream:
    """Jobs submitted one by one and converted in chunks by the converter's workers meanwhile.

    With `split`, what is still waiting at close() is shared evenly, one call per worker;
    otherwise every call takes `chunk_size` documents. With `eager`, a chunk starts as soon as
    one document waits (warm workers have no start-up to amortise).
    """

    def __init__(
        self,
        converter: LibreOfficeConverter,
        pool: Pool,
        progress: Progress | None,
        chunk_size: int,
        *,
        split: bool = True,
        eager: bool = False,
    ) -> None:
        self._converter, self._pool, self._progress = converter, pool, progress
        self._size, self._split, self._eager = max(1, chunk_size), split, eager
        self._jobs: list[ConvertJob] = []
        self._waiting: list[tuple[int, ConvertJob]] = []
        self._alone: list[tuple[int, ConvertJob]] = []
        self._results: dict[int, ConvertResult] = {}
        self._closed = False
        self._busy = 0
        self._ready = threading.Condition()
        self._threads: list[threading.Thread] = []

    def submit(self, job: ConvertJob) -> None:
        """Queue `job`; a document that is not a valid .docx fails at once, alone."""
        index = len(self._jobs)
        self._jobs.append(job)
        problem = docx_problem(job.docx)
        if problem is not None:
            self._results[index] = ConvertResult(job, ok=False, error=problem)
            self._converter._report(self._results[index], self._progress)
            return
        with self._ready:
            # A document with its own timeout goes alone: its watchdog must not cover others.
            (self._alone if job.timeout is not None else self._waiting).append((index, job))
            self._ready.notify()
        if not self._threads:
            self._threads = [
                threading.Thread(target=self._work, daemon=True)
                for _ in range(self._converter.workers)
            ]
            for thread in self._threads:
                thread.start()

    def close(self) -> list[ConvertResult]:
        """Convert what is left and return one result per submitted job, in order."""
        with self._ready:
            self._closed = True
            if self._split and self._waiting:
                # Share the rest evenly, in one call per worker: each soffice start costs
                # about 1.2 s of CPU (8 documents' worth), so fewer, larger calls.
                share = math.ceil(len(self._waiting) / self._converter.workers)
                self._size = min(MAX_CHUNK, share)
            self._ready.notify_all()
        try:
            for thread in self._threads:
                while thread.is_alive():
                    thread.join(0.2)
        except BaseException:
            self._pool.stop()
            for thread in self._threads:
                thread.join()
            raise
        stopped = "đã dừng theo yêu cầu trước khi chuyển xong."
        return [
            self._results.get(index) or ConvertResult(job, ok=False, error=f"{job.docx}: {stopped}")
            for index, job in enumerate(self._jobs)
        ]

    def cancel(self) -> None:
        """Drop the jobs not started yet and wait for the running chunks to end."""
        with self._ready:
            self._waiting.clear()
            self._alone.clear()
            self._closed = True
            self._ready.notify_all()
        for thread in self._threads:
            thread.join()

    def _take(self) -> list[tuple[int, ConvertJob]]:
        """Wait for a chunk (full, or what is left once closed); empty means the work is over."""
        with self._ready:
            while True:
                if self._pool.stopped:
                    return []
                if self._alone:
                    return [self._alone.pop(0)]
                waiting, workers = len(self._waiting), self._converter.workers
                # Before close: one worker starts as soon as MIN_CHUNK documents wait, on the
                # core rendering leaves free; the others start early only when each can still
                # get a full chunk, else they wait for close() to share the rest evenly.
                first = self._split and not self._busy and waiting >= MIN_CHUNK
                eager = self._eager and waiting
                if eager or first or waiting >= self._size * workers or (self._closed and waiting):
                    # Warm workers share the last few documents instead of one taking two.
                    size = min(self._size, math.ceil(waiting / workers)) if eager else self._size
                    chunk = self._waiting[:size]
                    self._waiting = self._waiting[size:]
                    self._busy += 1
                    return chunk
                if self._closed:
                    return []
                self._ready.wait(0.2)

    def _pull(self) -> tuple[int, ConvertJob] | None:
        """Return the next waiting job for a warm worker about to run dry, or None."""
        with self._ready:
            if self._pool.stopped or not self._waiting:
                return None
            return self._waiting.pop(0)

    def _work(self) -> None:
        while chunk := self._take():
            try:
                pull = self._pull if self._eager else None
                with self._converter._slot() as slot:
                    self._converter._run_chunk(self._pool, slot, chunk, self._emit, pull)
            except Exception as err:  # e.g. the set's folder vanished under a failed build
                # The thread must not die silently: every unfinished document of the chunk
                # fails with the reason, and close() still returns one result per job.
                why = f"lỗi khi chuyển ({type(err).__name__}: {err})"
                for index, job in chunk:
                    if index not in self._results:
                        self._emit(index, ConvertResult(job, ok=False, error=f"{job.docx}: {why}"))
            finally:
                with self._ready:
                    self._busy -= 1

    def _emit(self, index: int, result: ConvertResult) -> None:
        self._results[index] = result
        self._converter._report(result, self._progress)


__all__ = [
    "ConvertJob",
    "ConvertResult",
    "ConvertStream",
    "Converter",
    "JobStream",
    "LibreOfficeConverter",
    "StreamingConverter",
    "docx_problem",
    "font_family",
]
