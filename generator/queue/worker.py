"""What `vanban worker` runs: a Celery worker whose processes each keep one warm LibreOffice.

Each worker process starts its LibreOffice in `worker_process_init` (the same converter as the
local batch: one warm UNO worker, a hung document killed and retried on a fresh one), closes it
in `worker_process_shutdown`, and recycles it after `recycle_after` documents, between two
sets. Worker processes ask Linux to kill them when the main worker process dies, and a warm
LibreOffice quits when its parent goes, so a SIGKILLed worker leaves no soffice behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import warnings
from typing import Any

from celery.signals import worker_process_init, worker_process_shutdown, worker_ready

from generator.batch.one_set import SetOutcome
from generator.queue.app import JOB_TASK_NAME, TASK_NAME, app
from generator.queue.events import is_cancelled, publisher
from generator.service.queued import SetTask, TaskResult, run_set_task

__all__ = ["RECYCLE_AFTER", "build_set_task", "run_job_task", "run_worker"]

RECYCLE_AFTER = 2000
STATUS = {"built": "đã tạo", "skipped": "không đổi", "failed": "lỗi"}

_settings: dict[str, Any] = {"recycle_after": RECYCLE_AFTER, "queue": ""}
_state: dict[str, Any] = {"converter": None, "documents": 0}


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when the main worker process dies (no-op elsewhere)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)


def _start_converter() -> Any:
    from generator.pdf.convert import LibreOfficeConverter

    converter = LibreOfficeConverter(workers=1)
    converter.start()
    _state["converter"], _state["documents"] = converter, 0
    return converter


def _close_converter() -> None:
    converter = _state["converter"]
    _state["converter"] = None
    if converter is not None:
        converter.close()


def _on_process_init(**_: Any) -> None:
    from generator.errors import VanbanError

    _die_with_parent()
    try:
        _start_converter()
    except VanbanError as err:  # no LibreOffice: say so; each set with PDFs then fails alone
        print(f"Lỗi: không khởi động được LibreOffice ({err})", flush=True)


def _on_process_shutdown(**_: Any) -> None:
    _close_converter()


def _on_ready(**_: Any) -> None:
    print(
        f"Sẵn sàng nhận việc từ {_settings['queue']}: mỗi tiến trình giữ một LibreOffice, "
        f"khởi động lại sau {_settings['recycle_after']} văn bản.",
        flush=True,
    )


def _build_set(self: Any, raw: dict[str, Any], channel: str | None = None) -> dict[str, Any]:
    """Return the JSON result of building one organisation's set (the Celery task body)."""
    task = SetTask.from_json(raw)
    stamp = {"task": self.request.id, "worker": self.request.hostname, "set": task.set_job.label}
    publish = publisher(app.conf.broker_url, channel, **stamp)
    if is_cancelled(app.conf.broker_url, channel):
        # The submitter is gone (Ctrl-C): nobody would record this set's numbers and hashes.
        label = task.set_job.label
        print(f"[{self.request.hostname}] {label}: bỏ qua, lệnh gửi đã dừng", flush=True)
        stopped = SetOutcome(label, status="failed", error="lệnh gửi đã dừng trước khi làm")
        return TaskResult(name="", outcome=stopped).as_json()
    publish({"type": "started", "data": task.data})
    converter = _state["converter"] if task.pdf else None
    if task.pdf and converter is None:
        converter = _start_converter()
    result = run_set_task(task, converter=converter, on_event=publish)
    outcome = result.outcome
    built = outcome.documents if outcome is not None and outcome.status == "built" else 0
    publish({"type": "finished", "status": outcome.status if outcome else "data-error"})
    where = f"{result.name}, {task.set_job.label}"
    shown = STATUS.get(outcome.status, outcome.status) if outcome is not None else "lỗi dữ liệu"
    print(f"[{self.request.hostname}] {where}: {shown}, {built} văn bản đã tạo", flush=True)
    _state["documents"] += built
    _maybe_recycle()
    return result.as_json()


def _maybe_recycle() -> None:
    """Start a fresh LibreOffice after `recycle_after` documents (between two tasks)."""
    if _state["converter"] is not None and _state["documents"] >= _settings["recycle_after"]:
        print(f"Khởi động lại LibreOffice sau {_state['documents']} văn bản.", flush=True)
        _close_converter()
        _start_converter()


build_set_task: Any = app.task(
    name=TASK_NAME, bind=True, acks_late=True, reject_on_worker_lost=True
)(_build_set)


def _run_job(self: Any, raw: dict[str, Any], channel: str | None = None) -> dict[str, Any]:
    """Return {"outcome"} or {"errors"} of one web job whose numbers were reserved by the server
    (the Celery task body); each build event is published for the server to record."""
    from generator.errors import VanbanError
    from generator.service.jobs import BuildEvent, BuildSpec, run_build
    from generator.web.executor import problems_of

    spec = BuildSpec.from_dict(raw)
    publish = publisher(app.conf.broker_url, channel, worker=self.request.hostname)

    def events(event: BuildEvent) -> None:
        if event.kind == "rendered":
            _state["documents"] += 1
        publish({"type": "build", "event": event.to_dict()})

    converter = _state["converter"]
    if converter is None:
        converter = _start_converter()
    try:
        outcome = run_build(spec, converter=converter, events=events)
    except VanbanError as err:
        print(f"[{self.request.hostname}] việc {self.request.id}: lỗi", flush=True)
        return {"errors": problems_of(err)}
    done = f"xong {len(outcome.sets)} bộ văn bản"
    print(f"[{self.request.hostname}] việc {self.request.id}: {done}", flush=True)
    _maybe_recycle()
    return {"outcome": outcome.to_dict()}


run_job_task: Any = app.task(
    name=JOB_TASK_NAME, bind=True, acks_late=True, reject_on_worker_lost=True
)(_run_job)

worker_process_init.connect(_on_process_init, weak=False)
worker_process_shutdown.connect(_on_process_shutdown, weak=False)
worker_ready.connect(_on_ready, weak=False)


def run_worker(
    url: str,
    *,
    concurrency: int,
    recycle_after: int = RECYCLE_AFTER,
    name: str | None = None,
    loglevel: str = "WARNING",
) -> None:
    """Run the Celery worker on `url` in this process until it is stopped (SIGTERM, Ctrl-C)."""
    _settings.update(recycle_after=max(1, recycle_after), queue=url)
    argv = [
        "--quiet",  # no banner: the ready line below says it in Vietnamese
        "worker",
        f"--concurrency={max(1, concurrency)}",
        "--pool=prefork",
        f"--loglevel={loglevel}",
        "--without-gossip",
        "--without-mingle",
    ]
    if name:
        argv.append(f"--hostname={name}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        from celery.exceptions import SecurityWarning

        warnings.filterwarnings("ignore", category=SecurityWarning)  # said below in Vietnamese
        print("Lưu ý: worker đang chạy bằng quyền root; nên chạy bằng một tài khoản thường.")
    sys.stdout.flush()
    app.worker_main(argv=argv)
