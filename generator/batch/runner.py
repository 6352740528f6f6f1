"""Run a batch: one task per organisation in a process pool, each building its sets in turn.

Workers ignore SIGINT; on Ctrl-C the parent sets a shared stop flag, which each worker notices
after its current document: `build_set` then removes its temporary folder and the numbers the
set reserved are given back or voided. Workers also ask Linux to kill them if the parent dies,
so a killed batch leaves no orphan writing behind a rerun. What a kill can still leave (a
temporary folder, reserved numbers) is finished or cleaned by the next run.

Every worker keeps one LibreOffice converter with one soffice for all its organisations, so the
pool runs as many soffice processes as it has workers (one per core) and each starts only once.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import multiprocessing.util
import os
import signal
import time
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from typing import Any

from generator.batch.jobs import BatchOptions, OrgJob, SetJob
from generator.batch.one_set import SetOutcome, build_one_set, door_error
from generator.errors import VanbanError

__all__ = ["BatchOptions", "OrgOutcome", "Stopped", "run_batch", "run_org"]


class Stopped(Exception):  # noqa: N818  (a request, not an error)
    """The batch was asked to stop (Ctrl-C) before this set was finished."""


@dataclass
class OrgOutcome:
    """What happened to one organisation: its sets, or why its data could not be used."""

    data: str
    name: str
    sets: list[SetOutcome] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0

    def as_json(self) -> dict[str, Any]:
        """Return the JSON form written to batch-report.json."""
        return asdict(self)


_stop_flag: Any = None
_converter: Any = None


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this worker when the batch process dies (no-op elsewhere)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)


def _init_worker(stop_flag: Any) -> None:
    global _stop_flag  # noqa: PLW0603  (per-process state of a pool worker)
    _stop_flag = stop_flag
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()


def _check_stop(_message: str = "") -> None:
    if _stop_flag is not None and _stop_flag.is_set():
        raise Stopped


def _worker_converter() -> Any:
    """Return this process's LibreOffice converter, started on first use and kept warm."""
    global _converter  # noqa: PLW0603  (one warm converter per worker process)
    if _converter is None:
        from generator.pdf.convert import LibreOfficeConverter

        _converter = LibreOfficeConverter(workers=1)
        _converter.start()
        # Pool workers leave through multiprocessing's exit path, which runs its finalizers
        # but not atexit: close the converter there so its LibreOffice and temp folder go too.
        multiprocessing.util.Finalize(None, _converter.close, exitpriority=10)
    return _converter


def run_org(job: OrgJob, options: BatchOptions) -> OrgOutcome:
    """Build every set of one organisation; never raise for bad data, report it."""
    from generator.sources import load_dataset

    started = time.monotonic()
    outcome = OrgOutcome(data=str(job.data), name=job.name)
    try:
        _check_stop()
        data = load_dataset(job.data)
    except Stopped:
        outcome.error = "đã dừng theo yêu cầu trước khi bắt đầu"
        return outcome
    except VanbanError as err:
        outcome.error = str(err)
        outcome.seconds = time.monotonic() - started
        return outcome
    outcome.name = data.to_chuc.ten_day_du
    converter = _worker_converter() if options.pdf else None
    for set_job in job.sets:
        outcome.sets.append(_one_set(job, set_job, data, options, converter))
    outcome.seconds = time.monotonic() - started
    return outcome


def _one_set(
    job: OrgJob, set_job: SetJob, data: Any, options: BatchOptions, converter: Any
) -> SetOutcome:
    # Each set gets a fresh copy: issuing writes numbers into the model, and a failed set must
    # not leak half-filled envelopes into the next one.
    try:
        return build_one_set(
            job.data,
            data=data.model_copy(deep=True),
            set_job=set_job,
            options=options,
            converter=converter,
            check_stop=_check_stop,
        )
    except Stopped:
        return SetOutcome(set_job.label, status="stopped", error="đã dừng theo yêu cầu")
    except VanbanError as err:
        return SetOutcome(set_job.label, status="failed", error=door_error(err, options))
    except Exception as err:  # a bug must not stop the other organisations
        detail = traceback.format_exception_only(err)[-1].strip()
        return SetOutcome(set_job.label, status="failed", error=f"lỗi ngoài dự kiến: {detail}")


Event = Callable[[OrgOutcome], None]


def run_batch(
    jobs: Sequence[OrgJob], options: BatchOptions, on_done: Event | None = None
) -> list[OrgOutcome]:
    """Run every organisation job in a process pool; return outcomes in job order.

    KeyboardInterrupt in the parent stops the workers cleanly (see module docstring) and is
    re-raised once they have finished their cleanup.
    """
    workers = options.workers or min(len(jobs), os.cpu_count() or 1)
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    stop_flag = context.Event()
    results: dict[int, OrgOutcome] = {}
    with ProcessPoolExecutor(
        max_workers=max(1, workers),
        mp_context=context,
        initializer=_init_worker,
        initargs=(stop_flag,),
    ) as pool:
        pending: dict[Future[OrgOutcome], int] = {
            pool.submit(run_org, job, options): i for i, job in enumerate(jobs)
        }
        try:
            while pending:
                done, _ = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
                for future in done:
                    index = pending.pop(future)
                    results[index] = future.result()
                    if on_done is not None:
                        on_done(results[index])
        except KeyboardInterrupt:
            stop_flag.set()
            for future in pending:
                future.cancel()
            wait(pending)
            raise
    return [results[i] for i in range(len(jobs))]
