"""Batches on Celery with a real redis-server and real `vanban worker` processes.

The long test is the issue's: 10 communes across 2 workers, one worker SIGKILLed mid-set; the
set it held is built again by the other worker with the same numbers, every set is complete,
no number is given twice, and no LibreOffice is left running.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import redis

from generator.register import Register
from tests.batch.test_batch import make_province
from tests.conftest import VANBAN
from tests.docx_text import docx_text
from tests.queue.conftest import ROOT, processes_mentioning, start_worker, wait_gone

pytestmark = [pytest.mark.redis, pytest.mark.soffice, pytest.mark.slow]


class Events:
    """Every event published on any batch channel, heard from a thread."""

    def __init__(self, url: str) -> None:
        self.client: Any = redis.Redis.from_url(url)
        self.pubsub = self.client.pubsub(ignore_subscribe_messages=True)
        self.pubsub.psubscribe("vanban:events:*")
        self.heard: list[dict[str, Any]] = []
        self.first_render: dict[str, threading.Event] = {}
        self.thread = threading.Thread(target=self._listen, daemon=True)
        self.running = True
        self.thread.start()

    def _listen(self) -> None:
        while self.running:
            message = self.pubsub.get_message(timeout=0.2)
            if message is None:
                continue
            event = json.loads(message["data"])
            self.heard.append(event)
            if event["type"] == "rendered":
                self.first_render.setdefault(event["worker"], threading.Event()).set()

    def wait_render(self, worker: str, timeout: float) -> bool:
        """Return once `worker` rendered a document (True), or False at the deadline."""
        return self.first_render.setdefault(worker, threading.Event()).wait(timeout)

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.pubsub.close()
        self.client.close()


def _lint(folder: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator", "lint", str(folder)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_ten_communes_two_workers_one_killed_mid_set(tmp_path: Path, redis_url: str) -> None:
    province, out = tmp_path / "tinh", tmp_path / "out"
    make_province(10, province)
    events = Events(redis_url)
    workers = {
        name: start_worker(redis_url, tmp_path, name, "--visibility-timeout", "10")
        for name in ("w1", "w2")
    }
    try:
        for worker in workers.values():
            worker.wait_ready()
        hostname = os.uname().nodename
        command = [sys.executable, "-m", "generator", "batch", str(province), "--out", str(out)]
        command += ["--bo", "inspection", "--issue", "--chi", "KH,QĐ", "--ngay", "05/03/2026"]
        command += ["--queue", redis_url]
        batch = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        # Kill w1 (the main process only: its pool process and LibreOffice must follow)
        # while it is in the middle of a set: it has just rendered a document.
        assert events.wait_render(f"w1@{hostname}", timeout=180), batch.stderr
        killed = workers["w1"]
        killed.proc.send_signal(signal.SIGKILL)
        killed.proc.wait(timeout=30)
        assert wait_gone(str(killed.tmp)) == []  # its LibreOffice quit with it
        stdout, stderr = batch.communicate(timeout=300)
        assert batch.returncode == 0, stdout + stderr
        workers["w2"].stop()
        assert workers["w2"].proc.returncode == 0
    finally:
        events.close()
        for worker in workers.values():
            if worker.proc.poll() is None:
                worker.proc.kill()
                worker.proc.wait()
    # No stray soffice, uno worker or pool process of either worker.
    assert wait_gone(str(tmp_path)) == []
    assert processes_mentioning(redis_url) == []

    # The set w1 held was started again on w2 (same task, delivered again), and finished.
    started = [e for e in events.heard if e["type"] == "started"]
    by_task = Counter(e["task"] for e in started)
    again = [task for task, count in by_task.items() if count > 1]
    assert again, "the killed worker's set was never delivered again"
    workers_of = {e["worker"].split("@")[0] for e in started if e["task"] in again}
    assert workers_of == {"w1", "w2"}
    # Workers' progress reached the batch's progress bar: its first line counts a document a
    # worker rendered before any organisation was finished.
    bar = [line for line in stderr.splitlines() if line.startswith("[")]
    assert bar[0].startswith("[........................] 0/10 tổ chức · "), bar[0]
    assert not bar[0].split(" · ")[1].startswith("0 "), bar[0]

    report = json.loads((out / "batch-report.json").read_text(encoding="utf-8"))
    assert len(report["organisations"]) == 10
    assert {s["status"] for o in report["organisations"] for s in o["sets"]} <= {"built", "skipped"}

    # Every set complete: each document's .docx and PDF, the bundle, nothing half-written.
    manifests = sorted(out.glob("*/2026/inspection/manifest.json"))
    assert len(manifests) == 10
    numbers: list[tuple[str, str]] = []
    for path in manifests:
        folder = path.parent
        manifest = json.loads(path.read_text(encoding="utf-8"))
        names = {d["docx"] for d in manifest["documents"]} | {
            d["pdf"] for d in manifest["documents"]
        }
        assert None not in names
        visible = {p.name for p in folder.iterdir() if not p.name.startswith(".")}
        assert visible == names | {"manifest.json", "bundle.pdf"}
        numbers += [
            (manifest["organisation"]["ma"], d["so_ky_hieu"])
            for d in manifest["documents"]
            if d["so_ky_hieu"]  # the TBs wait for their inspections: drafts
        ]
    assert not [p for p in out.rglob(".*") if p.name != ".vanban-state.json"]
    # 0 duplicate numbers, and the register agrees with the files (hashes of docx and PDF).
    assert len(numbers) == len(set(numbers))
    with Register(province / "so-dang-ky.sqlite") as register:
        assert register.pending() == []
        registered = []
        for org in register.orgs():
            entries = register.entries(org, 2026)
            assert [e.so for e in entries] == list(range(1, len(entries) + 1))
            assert {e.status for e in entries} == {"issued"}
            manifest = json.loads(
                (out / org / "2026/inspection/manifest.json").read_text(encoding="utf-8")
            )
            by_number = {d["so_ky_hieu"]: d for d in manifest["documents"]}
            for entry in entries:
                assert by_number[entry.so_ky_hieu]["sha256_docx"] == entry.sha256_docx
                assert by_number[entry.so_ky_hieu]["sha256_pdf"] == entry.sha256_pdf
                registered.append((org, entry.so_ky_hieu))
    assert sorted(registered) == sorted(numbers)

    # The set built twice holds the same documents as the same task built here, and lints clean.
    task_id = again[0]
    data = next(e["data"] for e in started if e["task"] == task_id)
    redone = next(p.parent for p in manifests if p.parent.parts[-3] == Path(data).name)
    _same_as_local_build(redone, task_id, redis_url, tmp_path / "again")
    _lint(redone)


def _same_as_local_build(folder: Path, task_id: str, url: str, out: Path) -> None:
    """Build the task's set again in-process (no PDF) and compare each document's text."""
    from generator.service.queued import SetTask, run_set_task

    client: Any = redis.Redis.from_url(url)
    meta = json.loads(client.get(f"celery-task-meta-{task_id}"))
    client.close()
    assert meta["status"] == "SUCCESS"
    task = SetTask.from_json({**meta["args"][0], "out": str(out), "pdf": False})
    result = run_set_task(task, converter=None)
    assert result.outcome is not None and result.outcome.status == "built"
    local = Path(result.outcome.folder or "")
    documents = sorted(folder.glob("*.docx"))
    assert [d.name for d in documents] == sorted(p.name for p in local.glob("*.docx"))
    for docx in documents:
        assert docx_text(docx, headers=True) == docx_text(local / docx.name, headers=True)


def test_no_worker_is_said_and_ctrl_c_drops_the_queued_sets(tmp_path: Path, redis_url: str) -> None:
    """A batch with no worker says so instead of waiting silently; Ctrl-C then leaves no set
    for a worker started later, and the next run gets the numbers reserved by the stopped one."""
    province, out = tmp_path / "tinh", tmp_path / "out"
    make_province(2, province)
    # VANBAN: Python's Ctrl-C handler installed whatever the test run inherited (SIGINT ignored).
    command = [*VANBAN, "batch", str(province), "--out", str(out)]
    command += ["--bo", "inspection", "--issue", "--chi", "KH,QĐ", "--ngay", "05/03/2026"]
    command += ["--no-pdf"]
    command += ["--queue", redis_url]
    batch = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    said: list[str] = []
    notice = threading.Event()

    def read() -> None:
        assert batch.stderr is not None
        for line in batch.stderr:
            said.append(line)
            if "Chưa có worker nào nhận việc" in line:
                notice.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert notice.wait(90), "".join(said)
        batch.send_signal(signal.SIGINT)
        batch.wait(timeout=60)
    finally:
        if batch.poll() is None:
            batch.kill()
            batch.wait()
    reader.join(timeout=10)
    text = "".join(said)
    assert f"Khởi động ít nhất một worker: vanban worker --queue {redis_url}" in text
    assert batch.returncode == 130, text
    assert "Đã dừng theo yêu cầu (Ctrl-C)" in text
    assert "Traceback" not in text

    worker = start_worker(redis_url, tmp_path, "w1")
    try:
        worker.wait_ready()
        deadline = time.monotonic() + 90
        while worker.log.read_text(encoding="utf-8").count("bỏ qua, lệnh gửi đã dừng") < 2:
            assert time.monotonic() < deadline, worker.log.read_text(encoding="utf-8")
            time.sleep(0.2)
        assert not list(out.glob("*/*/*/manifest.json"))

        again = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
        )
        assert again.returncode == 0, again.stdout + again.stderr
        assert "Chưa có worker" not in again.stderr
    finally:
        worker.stop()
    assert len(list(out.glob("*/2026/inspection/manifest.json"))) == 2
    with Register(province / "so-dang-ky.sqlite") as register:
        assert register.pending() == []
        for org in register.orgs():
            entries = register.entries(org, 2026)
            assert entries
            assert [e.so for e in entries] == list(range(1, len(entries) + 1))
            assert {e.status for e in entries} == {"issued"}
