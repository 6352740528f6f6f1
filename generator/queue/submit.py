"""The submitting side of `vanban batch --queue`: issue numbers, queue sets, collect results.

Same planning and report as the local batch (`generator.batch.runner.run_batch`): for each
organisation in turn the data is loaded and every set's numbers reserved in the register
(`prepare_tasks`), then its sets go on the queue at once, so workers start while later
organisations are still being prepared. Results come from Celery's result backend: a task is
looked at when its `finished` event is heard, and every pending task every few seconds in case
an event was lost. Each result is settled in the register (hashes recorded, or numbers given
back) before the organisation's outcome is reported. When nothing is heard for QUIET_SECONDS
and no worker answers a ping, `on_notice` is told once that the sets wait for a worker.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.batch.jobs import OrgJob
from generator.batch.one_set import SetOutcome
from generator.batch.runner import BatchOptions, OrgOutcome
from generator.errors import VanbanError
from generator.queue.app import TASK_NAME, configure, ping
from generator.queue.events import Listener, cancel, channel_name
from generator.register import Register, default_path
from generator.register.entries import Issued
from generator.service.queued import TaskResult, prepare_tasks, settle

__all__ = ["run_batch_on_queue"]

SWEEP_SECONDS = 5.0
QUIET_SECONDS = 10.0  # no event for this long: are there workers at all?

OnDone = Callable[[OrgOutcome], None]
OnEvent = Callable[[dict[str, Any]], None]
OnNotice = Callable[[str], None]


@dataclass
class _Sent:
    """One queued set: which organisation, its place among the organisation's sets, numbers."""

    org: int
    position: int
    label: str
    issued: list[Issued]
    result: Any


@dataclass
class _Org:
    outcome: OrgOutcome
    job: OrgJob
    started: float
    waiting: int = 0
    sets: dict[int, SetOutcome] = field(default_factory=dict)


def _result_of(sent: _Sent) -> TaskResult:
    """Return the task's result; a task that raised on the worker counts as a failed set."""
    if sent.result.successful():
        return TaskResult.from_json(sent.result.result)
    detail = f"{type(sent.result.result).__name__}: {sent.result.result}"
    outcome = SetOutcome(sent.label, status="failed", error=f"lỗi ở worker: {detail}")
    return TaskResult(name="", outcome=outcome)


def _no_worker(app: Any) -> bool:
    """Return True when no worker answers a ping (False when the ping itself fails)."""
    try:
        return not app.control.ping(timeout=1.0)
    except Exception:  # a broker hiccup must not stop the batch
        return False


def no_worker_notice(url: str) -> str:
    """Return what the user reads when the sets wait in Redis and no worker listens."""
    return (
        f"Chưa có worker nào nhận việc từ {url}: các bộ văn bản đang chờ trong Redis. "
        f"Khởi động ít nhất một worker: vanban worker --queue {url}"
    )


def run_batch_on_queue(
    url: str,
    jobs: Sequence[OrgJob],
    options: BatchOptions,
    *,
    on_done: OnDone | None = None,
    on_event: OnEvent | None = None,
    on_notice: OnNotice | None = None,
) -> list[OrgOutcome]:
    """Run every organisation job on the Celery workers at `url`; return outcomes in job order.

    KeyboardInterrupt marks the batch stopped (workers drop its sets not started yet, also a
    worker started later), revokes them and is re-raised; their numbers stay reserved and the
    next run of the same sets gets them back.
    """
    app = configure(url)
    ping(url)
    channel = channel_name(uuid.uuid4().hex)
    listener = Listener(url, channel)
    orgs: list[_Org] = []
    pending: dict[str, _Sent] = {}

    def report(org: _Org) -> None:
        org.outcome.sets = [org.sets[i] for i in sorted(org.sets)]
        org.outcome.seconds = time.monotonic() - org.started
        if on_done is not None:
            on_done(org.outcome)

    try:
        for index, job in enumerate(jobs):
            org = _Org(OrgOutcome(data=str(job.data), name=job.name), job, time.monotonic())
            orgs.append(org)
            try:
                org.outcome.name, tasks = prepare_tasks(job, options)
            except VanbanError as err:
                org.outcome.error = str(err)
                report(org)
                continue
            for position, prepared in enumerate(tasks):
                if isinstance(prepared, SetOutcome):  # refused before any number was reserved
                    org.sets[position] = prepared
                    continue
                task, issued = prepared
                sent = app.send_task(TASK_NAME, args=[task.as_json(), channel])
                label = task.set_job.label
                pending[sent.id] = _Sent(index, position, label, issued, sent)
                org.waiting += 1
            if org.waiting == 0:  # every set refused: nothing to wait for
                report(org)
        last_sweep = last_heard = time.monotonic()
        noticed = False
        while pending:
            heard: set[str] = set()
            for event in listener.events(timeout=0.25):
                last_heard = time.monotonic()
                if on_event is not None:
                    on_event(event)
                if event.get("type") == "finished" and event.get("task") in pending:
                    heard.add(str(event["task"]))
            if not noticed and time.monotonic() - last_heard >= QUIET_SECONDS:
                if on_notice is not None and _no_worker(app):
                    on_notice(no_worker_notice(url))
                    noticed = True
                last_heard = time.monotonic()
            if time.monotonic() - last_sweep >= SWEEP_SECONDS:
                heard, last_sweep = set(pending), time.monotonic()
            for task_id in heard:
                sent = pending[task_id]
                if not sent.result.ready():
                    continue
                del pending[task_id]
                org = orgs[sent.org]
                _settle(org, sent, _result_of(sent), options)
                org.waiting -= 1
                if org.waiting == 0:
                    report(org)
    except KeyboardInterrupt:
        cancel(url, channel)
        app.control.revoke(list(pending))
        raise
    finally:
        listener.close()
    return [org.outcome for org in orgs]


def _settle(org: _Org, sent: _Sent, result: TaskResult, options: BatchOptions) -> None:
    """Take one set's result into its organisation's outcome and the register."""
    if result.name:
        org.outcome.name = result.name
    if result.data_error is not None:
        org.outcome.error = result.data_error
        return
    outcome = result.outcome or SetOutcome(sent.label, status="failed", error="không có kết quả")
    if options.issue and sent.issued:
        with Register(options.register or default_path(org.job.data)) as register:
            settle(register, sent.issued, result)
    org.sets[sent.position] = outcome
