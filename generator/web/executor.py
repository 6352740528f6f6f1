"""Where jobs run, behind one small interface: `JobExecutor.submit(job_id, spec)`.

`run_job` is the whole of a job's work: one call into `generator.service.jobs.run_build`, its
events written to the job's row, its end recorded as done or failed. The default executor runs
it in this process on a small thread pool; every job shares ONE warm LibreOffice pool (started
on the first job, closed with the server). Other work needing that LibreOffice (a finalisation)
goes through `submit_work` onto the same pool. Another executor (Celery, issue 16) only has to call
`run_job` somewhere with the same serialisable arguments.
"""

from __future__ import annotations

import logging
import subprocess
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from generator.errors import DataError, VanbanError
from generator.service.jobs import BuildEvent, BuildSpec, run_build
from generator.web import jobs as job_rows
from generator.web.config import WebConfig
from generator.web.store import Store

if TYPE_CHECKING:
    from generator.pdf.convert import LibreOfficeConverter
    from generator.pdf.jobs import Converter

log = logging.getLogger("vanban.web")
THUMB_WIDTH = 300


class Work(Protocol):
    """Work other than a build that needs the server's converter (`submit_work`)."""

    def __call__(self, converter: Converter | None) -> None:
        """Do the work, recording its own end; never raise for a data problem."""
        ...

    def fail(self, err: VanbanError) -> None:
        """Record that the work could not start (no LibreOffice)."""
        ...


class JobExecutor(Protocol):
    """Runs submitted jobs somewhere and keeps their rows up to date."""

    def submit(self, job_id: str, spec: BuildSpec) -> None:
        """Start (or queue) the job; return at once."""
        ...

    def submit_work(self, work: Work) -> None:
        """Run `work` on the server with its shared converter (a finalisation); return at once.

        The work records its own end; the converter is None when this server makes no PDFs.
        """
        ...

    def reattach(self) -> list[str]:
        """Return the unfinished jobs of a stopped server that live on (tasks on a queue).

        Called once at start, before `jobs.recover`: those jobs are followed to their end
        again, neither failed nor run twice.
        """
        ...

    def shutdown(self) -> None:
        """Stop taking jobs and release what the executor holds (LibreOffice)."""
        ...


API_KEYS = ("where", "field", "message")


def problems_of(err: VanbanError) -> list[dict[str, str]]:
    """Return an error as the API's list of {where, field, message}."""
    return api_problems(detailed_problems(err))


def detailed_problems(err: VanbanError) -> list[dict[str, str]]:
    """Return an error as {where, field, message} plus, for a data problem, its file, sheet and
    cell (or YAML key) for the pages' table; `api_problems` keeps the API's keys only."""
    if isinstance(err, DataError):
        return [
            {"where": str(p.place), "field": p.field_name or "", "message": p.message,
             "file": p.place.file, "sheet": p.place.sheet or "",
             "cell": p.place.cell or p.place.key_path or ""}
            for p in err.problems
        ]  # fmt: skip
    return [{"where": "", "field": "", "message": str(err)}]


def api_problems(problems: list[dict[str, str]]) -> list[dict[str, str]]:
    """Return the problems with only the API's keys."""
    return [{key: p.get(key, "") for key in API_KEYS} for p in problems]


def thumbnail(pdf: Path, png: Path, width: int = THUMB_WIDTH, page: int = 1) -> bool:
    """Return whether a PNG of one page of `pdf` was written to `png` (pdftoppm)."""
    png.parent.mkdir(parents=True, exist_ok=True)
    stem = png.with_suffix("")
    done = subprocess.run(
        ["pdftoppm", "-png", "-f", str(page), "-l", str(page), "-singlefile",
         "-scale-to-x", str(width), "-scale-to-y", "-1", str(pdf), str(stem)],
        capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    return done.returncode == 0 and png.is_file()


class _JobEvents:
    """Writes a job's build events to its row; thumbnails each PDF once it has its fields."""

    def __init__(self, store: Store, job_id: str, folder: Path) -> None:
        self.store = store
        self.job_id = job_id
        self.thumbs = folder / "thumbs"
        self.previewed = False

    def __call__(self, event: BuildEvent) -> None:
        if event.kind == "start":
            job_rows.mark_running(self.store, self.job_id, event.total)
            return
        if event.kind == "message":
            return
        first: str | None = None
        if event.kind == "fields" and event.path is not None and not self.previewed:
            # The first finished document's first page at once, before the set is done; the
            # others are drawn when the result page asks, so LibreOffice keeps the CPU now.
            png = self.thumbs / event.set_folder / _thumb_name(event.name)
            if thumbnail(Path(event.path), png):
                self.previewed = True
                first = f"{event.set_folder}/{event.name}"
        job_rows.add_step(self.store, self.job_id, first)


def _thumb_name(pdf_name: str) -> str:
    """Return the thumbnail file of a document PDF (same stem, .png)."""
    return Path(pdf_name).with_suffix(".png").name


def run_job(store: Store, job_id: str, spec: BuildSpec, converter: Converter | None) -> None:
    """Run one job to its end, recording done or failed; never raises for a data problem."""
    events = _JobEvents(store, job_id, Path(spec.out).parent)
    try:
        outcome = run_build(spec, converter=converter, events=events)
    except VanbanError as err:
        job_rows.mark_failed(store, job_id, problems_of(err))
        return
    except Exception:
        log.exception("job %s failed", job_id)
        job_rows.mark_failed(
            store,
            job_id,
            [{"where": "", "field": "", "message": "Lỗi máy chủ khi lập văn bản; đã ghi nhật ký "
              "để quản trị viên xem. Hãy thử lại sau."}],
        )  # fmt: skip
        return
    job_rows.mark_done(store, job_id, outcome)


def thread_executor(store: Store, config: WebConfig) -> JobExecutor:
    """Return the default executor for `config`: threads in this process, one LibreOffice."""
    return ThreadExecutor(store, threads=config.job_threads, pdf=config.pdf)


# `WebConfig.executor` names one of these; another executor (Celery) registers itself here.
EXECUTORS: dict[str, Callable[[Store, WebConfig], JobExecutor]] = {"thread": thread_executor}


class ThreadExecutor:
    """The default executor: jobs on a thread pool in this process, one shared LibreOffice."""

    def __init__(self, store: Store, *, threads: int = 2, pdf: bool = True) -> None:
        self.store = store
        self.pdf = pdf
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="vanban-job")
        self._converter: LibreOfficeConverter | None = None
        self._lock = threading.Lock()

    def converter(self) -> Converter | None:
        """Return the shared, started LibreOffice converter (started on first use)."""
        if not self.pdf:
            return None
        with self._lock:
            if self._converter is None:
                from generator.pdf.convert import LibreOfficeConverter

                converter = LibreOfficeConverter()
                converter.start()
                self._converter = converter
            return self._converter

    def submit(self, job_id: str, spec: BuildSpec) -> None:
        """Queue the job on the thread pool."""
        self._pool.submit(self._run, job_id, spec)

    def submit_work(self, work: Work) -> None:
        """Queue the work on the same thread pool as the jobs, with the same converter."""
        self._pool.submit(self._run_work, work)

    def _run_work(self, work: Work) -> None:
        try:
            converter = self.converter()
        except VanbanError as err:
            work.fail(err)
            return
        work(converter)

    def _run(self, job_id: str, spec: BuildSpec) -> None:
        try:
            converter = self.converter()
        except VanbanError as err:
            job_rows.mark_failed(self.store, job_id, problems_of(err))
            return
        run_job(self.store, job_id, spec, converter)

    def reattach(self) -> list[str]:
        """Return no job: a job of this process stopped with it."""
        return []

    def shutdown(self) -> None:
        """Wait for the running jobs, then close LibreOffice."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            if self._converter is not None:
                self._converter.close()
                self._converter = None
