"""`vanban serve --queue`: web jobs run on Celery workers behind the web's JobExecutor interface.

`submit` reserves the job's numbers in the register here, on the server (the register is
written by whoever submits, never by workers), then sends one task naming the stored upload,
the job's folder and those numbers. Workers publish each build event on the job's pub/sub
channel; one listener thread writes them to the job's row (progress, first-page thumbnail), as
the in-process executor does. A watcher thread takes each finished task's result from Celery's
result backend, records the files' hashes in the register (or gives the numbers back) and marks
the job done or failed. Uploads and job folders live under the data dir, which the server and
every worker must see at the same path (a shared or network folder). A Tổng hợp and a
finalisation stay on the server, on one in-process executor with its own warm LibreOffice:
the first reads the periods store, the second writes the register.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from generator.errors import VanbanError
from generator.queue.app import JOB_TASK_NAME, configure, ping
from generator.queue.events import PREFIX
from generator.register.entries import Issued
from generator.service.job_numbers import reserve_job_numbers, settle_job
from generator.service.jobs import BuildEvent, BuildOutcome, BuildSpec, BuiltSet
from generator.web import jobs as job_rows
from generator.web.executor import ThreadExecutor, Work, _JobEvents, problems_of
from generator.web.store import Store

__all__ = ["CeleryExecutor"]

log = logging.getLogger("vanban.web")
JOB_PREFIX = PREFIX + "web:"
POLL_SECONDS = 0.5
LOST = [{"where": "", "field": "", "message": "Worker không trả kết quả; hãy lập lại."}]


@dataclass
class _Queued:
    """A job on the queue: its Celery result, its spec, the numbers reserved for it."""

    result: Any
    spec: BuildSpec
    issued: dict[str, list[Issued]] = field(default_factory=dict)


class CeleryExecutor:
    """Jobs on Celery workers (Redis at `url`); progress and results come back to the store."""

    def __init__(self, store: Store, url: str) -> None:
        import redis

        self.store, self.url = store, url
        self.app = configure(url)
        ping(url)
        self._queued: dict[str, _Queued] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._redis: Any = cast(Any, redis.Redis).from_url(url, socket_connect_timeout=5)
        self._pubsub: Any = self._redis.pubsub(ignore_subscribe_messages=True)
        self._pubsub.psubscribe(JOB_PREFIX + "*")
        self._events: dict[str, _JobEvents] = {}
        self._in_process: ThreadExecutor | None = None
        self._threads = [
            threading.Thread(target=self._listen, name="vanban-queue-events", daemon=True),
            threading.Thread(target=self._watch, name="vanban-queue-results", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, job_id: str, spec: BuildSpec) -> None:
        """Reserve the job's numbers, then queue it; a data or register problem fails the job."""
        if spec.collected:
            # A Tổng hợp reads the periods store (SQLite): it stays on the server, on the
            # in-process executor, so that workers never open a database.
            self._local().submit(job_id, spec)
            return
        issued: dict[str, list[Issued]] = {}
        try:
            if spec.issue and spec.numbers is None:
                spec, issued = reserve_job_numbers(spec)
        except VanbanError as err:
            job_rows.mark_failed(self.store, job_id, problems_of(err))
            return
        with self._lock:
            self._events[job_id] = _JobEvents(self.store, job_id, Path(spec.out).parent)
            result = self.app.send_task(JOB_TASK_NAME, args=[spec.to_dict(), JOB_PREFIX + job_id])
            self._queued[job_id] = _Queued(result, spec, issued)

    def submit_work(self, work: Work) -> None:
        """Run the work (a finalisation) on the server's in-process executor, as a Tổng hợp.

        Finalising issues numbers from the register and records hashes in it, which only the
        server writes; its LibreOffice is the one the in-process executor keeps warm.
        """
        self._local().submit_work(work)

    def _local(self) -> ThreadExecutor:
        with self._lock:
            if self._in_process is None:
                self._in_process = ThreadExecutor(self.store, threads=1)
            return self._in_process

    def shutdown(self) -> None:
        """Stop listening; queued jobs stay on the queue and their workers finish them."""
        if self._in_process is not None:
            self._in_process.shutdown()
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=5)
        self._pubsub.close()
        self._redis.close()

    def _listen(self) -> None:
        """Write each build event a worker publishes to its job's row."""
        import json

        while not self._stop.is_set():
            try:
                message = self._pubsub.get_message(timeout=POLL_SECONDS)
            except Exception:  # a dropped connection: the results still arrive by the watcher
                log.warning("queue events: connection lost", exc_info=True)
                self._stop.wait(1)
                continue
            if message is None:
                continue
            job_id = str(message["channel"], "utf-8").removeprefix(JOB_PREFIX)
            try:
                raw = json.loads(message["data"])["event"]
                event = BuildEvent(**raw)
            except (ValueError, KeyError, TypeError):
                continue
            with self._lock:
                record = self._events.get(job_id)
            if record is not None:
                record(event)

    def _watch(self) -> None:
        """Finish each job whose task has a result."""
        while not self._stop.wait(POLL_SECONDS):
            with self._lock:
                waiting = list(self._queued.items())
            for job_id, queued in waiting:
                try:
                    ready = queued.result.ready()
                except Exception:
                    log.warning("queue results: connection lost", exc_info=True)
                    break
                if ready:
                    self._finish(job_id, queued)

    def _finish(self, job_id: str, queued: _Queued) -> None:
        with self._lock:
            self._queued.pop(job_id, None)
            self._events.pop(job_id, None)
        answer = queued.result.result if queued.result.successful() else None
        outcome: BuildOutcome | None = None
        if isinstance(answer, dict) and "outcome" in answer:
            raw = answer["outcome"]
            outcome = BuildOutcome([BuiltSet(**s) for s in raw["sets"]], list(raw["failures"]))
        try:
            if queued.issued:
                built = (
                    [(Path(s.folder).name, Path(s.manifest)) for s in outcome.sets]
                    if outcome
                    else []
                )
                register = Path(queued.spec.register or "")
                settle_job(register, queued.issued, built)
        except VanbanError as err:
            job_rows.mark_failed(self.store, job_id, problems_of(err))
            return
        if outcome is not None:
            job_rows.mark_done(self.store, job_id, outcome)
        elif isinstance(answer, dict) and answer.get("errors"):
            job_rows.mark_failed(self.store, job_id, list(answer["errors"]))
        else:
            log.error("job %s: the worker's task failed: %r", job_id, queued.result.result)
            job_rows.mark_failed(self.store, job_id, LOST)
