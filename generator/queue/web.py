"""`vanban serve --queue`: web jobs run on Celery workers behind the web's JobExecutor interface.

`submit` reserves the job's numbers in the register here, on the server (the register is
written by whoever submits, never by workers), then sends one task naming the stored upload,
the job's folder and those numbers. Workers publish each build event on the job's pub/sub
channel; one listener thread writes them to the job's row (progress, first-page thumbnail), as
the in-process executor does. A watcher thread takes each finished task's result from Celery's
result backend, records the files' hashes in the register (or gives the numbers back) and marks
the job done or failed. The job's task id and reserved numbers are stored in its row before
the task is sent: a restarted server re-attaches to each unfinished job's task (`reattach`)
instead of failing it or sending it again, and a task Redis no longer knows (neither waiting,
nor taken by a worker, nor finished) for `lost_after` seconds fails its job and gives its
numbers back. Uploads and job folders live under the data dir, which the server and
every worker must see at the same path (a shared or network folder). A Tổng hợp and a
finalisation stay on the server, on one in-process executor with its own warm LibreOffice:
the first reads the periods store, the second writes the register.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from generator.errors import VanbanError
from generator.queue.app import JOB_TASK_NAME, configure, ping
from generator.queue.events import PREFIX
from generator.register.entries import Issued
from generator.service.job_numbers import (
    issued_from_json,
    issued_to_json,
    reserve_job_numbers,
    settle_job,
)
from generator.service.jobs import BuildEvent, BuildOutcome, BuildSpec, BuiltSet
from generator.web import jobs as job_rows
from generator.web.executor import ThreadExecutor, Work, _JobEvents, problems_of
from generator.web.store import Store

__all__ = ["CeleryExecutor"]

log = logging.getLogger("vanban.web")
JOB_PREFIX = PREFIX + "web:"
POLL_SECONDS = 0.5
LOST = [{"where": "", "field": "", "message": "Worker không trả kết quả; hãy lập lại."}]
GONE = "Hàng đợi không còn giữ việc này (máy chủ Redis đã khởi động lại hoặc mất dữ liệu)"
GONE_NUMBERS = "; các số đã giữ cho việc đã được trả lại sổ đăng ký"
# A task Redis does not know for this long is lost: long enough for a worker to take a
# message and mark it started, short enough for a clerk to get an answer.
LOST_AFTER = 60.0
LOST_CHECK_SECONDS = 5.0
UNACKED_KEY = "unacked"  # kombu's Redis transport: messages taken by workers, not yet acked


@dataclass
class _Queued:
    """A job on the queue: its Celery result, its spec, the numbers reserved for it."""

    result: Any
    spec: BuildSpec
    issued: dict[str, list[Issued]] = field(default_factory=dict)
    unseen_since: float | None = None  # when Redis was first found not to know the task


class CeleryExecutor:
    """Jobs on Celery workers (Redis at `url`); progress and results come back to the store."""

    def __init__(self, store: Store, url: str, *, lost_after: float = LOST_AFTER) -> None:
        import redis

        self.store, self.url, self.lost_after = store, url, lost_after
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
        task_id = str(uuid.uuid4())
        # Stored before sending: a server stopped in between finds a task Redis never knew
        # (the job fails, its numbers go back), never a job it would send a second time.
        job_rows.attach_task(self.store, job_id, task_id, issued_to_json(issued))
        with self._lock:
            self._events[job_id] = _JobEvents(self.store, job_id, Path(spec.out).parent)
            args = [spec.to_dict(), JOB_PREFIX + job_id]
            result = self.app.send_task(JOB_TASK_NAME, args=args, task_id=task_id)
            self._queued[job_id] = _Queued(result, spec, issued)

    def reattach(self) -> list[str]:
        """Return the unfinished jobs whose tasks this server follows again after a restart.

        Their tasks may wait in Redis, run on a worker or have finished meanwhile; the watcher
        settles each once, as for a job sent by this server.
        """
        attached: list[str] = []
        for task in job_rows.unfinished_tasks(self.store):
            job = task.job
            issued = issued_from_json(task.reserved) if task.reserved else {}
            events = _JobEvents(self.store, job.id, job.folder)
            events.previewed = job.first_pdf is not None
            with self._lock:
                if job.id in self._queued:
                    continue
                self._events[job.id] = events
                self._queued[job.id] = _Queued(self.app.AsyncResult(task.task_id), job.spec, issued)
            attached.append(job.id)
        return attached

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
        """Finish each job whose task has a result, or whose task Redis no longer knows."""
        checked = 0.0
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
            if waiting and time.monotonic() - checked >= LOST_CHECK_SECONDS:
                checked = time.monotonic()
                try:
                    lost = self._lost(waiting)
                except Exception:
                    log.warning("queue results: connection lost", exc_info=True)
                    continue
                for job_id, queued in lost:
                    log.error("job %s: task %s unknown to the queue", job_id, queued.result.id)
                    self._finish(job_id, queued, lost=True)

    def _lost(self, waiting: list[tuple[str, _Queued]]) -> list[tuple[str, _Queued]]:
        """Return the jobs whose tasks Redis has not known for `lost_after` seconds.

        A task without a state (PENDING) is either waiting in the queue, taken by a worker
        (kombu's unacknowledged messages) or unknown: sent by a server stopped before sending,
        or lost with Redis's data.
        """
        pending = [(j, q) for j, q in waiting if q.result.state == "PENDING"]
        if not pending:
            return []
        known = self._tasks_in_redis()
        now = time.monotonic()
        lost = []
        for job_id, queued in pending:
            if queued.result.id in known:
                queued.unseen_since = None
            elif queued.unseen_since is None:
                queued.unseen_since = now
            elif now - queued.unseen_since >= self.lost_after and not queued.result.ready():
                lost.append((job_id, queued))
        return lost

    def _tasks_in_redis(self) -> set[str]:
        """Return the ids of the tasks waiting in the queue or taken and not yet acknowledged."""
        queue = str(self.app.conf.task_default_queue)
        waiting = [json.loads(m) for m in self._redis.lrange(queue, 0, -1)]
        taken = [json.loads(v)[0] for v in self._redis.hvals(UNACKED_KEY)]  # [message, ex, rk]
        ids: set[str] = set()
        for message in waiting + taken:
            headers = message.get("headers") if isinstance(message, dict) else None
            if isinstance(headers, dict) and headers.get("id"):
                ids.add(str(headers["id"]))
        return ids

    def _finish(self, job_id: str, queued: _Queued, *, lost: bool = False) -> None:
        with self._lock:
            if self._queued.pop(job_id, None) is None:
                return  # settled already
            self._events.pop(job_id, None)
        answer = None if lost or not queued.result.successful() else queued.result.result
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
        elif lost:
            message = GONE + (GONE_NUMBERS if queued.issued else "") + ". Hãy bấm lập lại."
            job_rows.mark_failed(
                self.store, job_id, [{"where": "", "field": "", "message": message}]
            )
        else:
            log.error("job %s: the worker's task failed: %r", job_id, queued.result.result)
            job_rows.mark_failed(self.store, job_id, LOST)
