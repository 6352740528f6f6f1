"""`vanban serve --queue` restarted while its jobs are on the queue or on a worker.

The job lives on in Redis and on the worker: the restarted server re-attaches to its task,
records the worker's files' hashes in the register once, and never builds it a second time.
A task Redis no longer knows ends failed, its numbers given back.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.register import Register
from generator.service.job_numbers import issued_to_json, reserve_job_numbers
from generator.service.jobs import BuildSpec
from generator.web import jobs as job_rows
from generator.web.store import Store
from tests.queue.conftest import Worker, start_worker, wait_gone
from tests.web.conftest import (  # noqa: F401
    Server,
    post_kh_qd,
    sample_workbook,
    seed,
    start_server,
    wait_job,
)

ISSUED = 2  # KH and QĐ


def _submit(server: Server, workbook: Path) -> str:
    """Return the API URL of a new issuing inspection job."""
    with server.api("van-thu-a") as client:
        answer = post_kh_qd(client, workbook)
    assert answer.status_code == 202, answer.text
    return str(answer.json()["url"])


def _wait_status(client: httpx.Client, url: str, status: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while client.get(url).json()["status"] != status:
        assert time.monotonic() < deadline, client.get(url).json()
        time.sleep(0.1)


def _kill(server: Server) -> None:
    """Stop the server the hard way (a crash): no shutdown code runs."""
    server.process.kill()
    server.process.wait(timeout=30)


def _check_built_once(data_dir: Path, job: dict[str, Any], worker: Worker, url: str) -> None:
    """The set is complete, its numbers recorded with its files' hashes, built by one task."""
    assert job["status"] == "done", job["errors"]
    documents = [d for d in job["documents"] if d["so_ky_hieu"]]
    assert len(job["documents"]) == 9 and len(documents) == ISSUED
    manifest = next((data_dir / "jobs" / job["id"] / "out").rglob("manifest.json"))
    built = json.loads(manifest.read_text(encoding="utf-8"))["documents"]
    assert len(built) == 9 and all((manifest.parent / d["pdf"]).is_file() for d in built)
    with Register(data_dir / "so-dang-ky.sqlite") as register:
        assert register.pending() == []
        entries = register.entries("binh-lu", 2026)
    by_number = {d["so_ky_hieu"]: d for d in documents}
    assert sorted(e.so_ky_hieu for e in entries) == sorted(by_number)  # no second set
    for entry in entries:
        assert entry.status == "issued"
        assert entry.sha256_pdf == by_number[entry.so_ky_hieu]["sha256_pdf"]
        assert entry.sha256_docx == by_number[entry.so_ky_hieu]["sha256_docx"]
    # A polite stop lets the worker finish what it runs; nothing is left for it on the queue.
    worker.stop()
    log = worker.log.read_text(encoding="utf-8")
    assert log.count("xong 1 bộ văn bản") == 1, log
    import redis

    client = redis.Redis.from_url(url)
    try:
        assert client.llen("celery") == 0
        assert client.hlen("unacked") == 0
    finally:
        client.close()


@pytest.mark.redis
@pytest.mark.soffice
@pytest.mark.slow
def test_restart_while_the_job_runs_on_a_worker(
    tmp_path: Path,
    redis_url: str,
    sample_workbook: Path,  # noqa: F811
) -> None:
    data_dir = tmp_path / "web"
    data_dir.mkdir()
    tokens = seed(data_dir)
    worker = start_worker(redis_url, tmp_path, "w1")
    server = None
    try:
        worker.wait_ready()
        server = start_server(data_dir, "--queue", redis_url)
        server.tokens = tokens
        url = _submit(server, sample_workbook)
        with server.api("van-thu-a") as client:
            _wait_status(client, url, "running")
        _kill(server)
        with Register(data_dir / "so-dang-ky.sqlite") as register:
            assert len(register.pending()) == ISSUED  # the worker is still building
        server = start_server(data_dir, "--queue", redis_url)
        server.tokens = tokens
        with server.api("van-thu-a") as client:
            job = wait_job(client, url)
        _check_built_once(data_dir, job, worker, redis_url)
    finally:
        if server is not None:
            server.stop()
        worker.stop()
    assert wait_gone(str(worker.tmp)) == []


@pytest.mark.redis
@pytest.mark.soffice
@pytest.mark.slow
def test_restart_while_the_job_waits_on_the_queue(
    tmp_path: Path,
    redis_url: str,
    sample_workbook: Path,  # noqa: F811
) -> None:
    data_dir = tmp_path / "web"
    data_dir.mkdir()
    tokens = seed(data_dir)
    server = start_server(data_dir, "--queue", redis_url)
    server.tokens = tokens
    worker = None
    try:
        url = _submit(server, sample_workbook)  # no worker yet: the task waits in Redis
        _kill(server)
        server = start_server(data_dir, "--queue", redis_url)
        server.tokens = tokens
        worker = start_worker(redis_url, tmp_path, "w1")
        worker.wait_ready()
        with server.api("van-thu-a") as client:
            job = wait_job(client, url)
        _check_built_once(data_dir, job, worker, redis_url)
    finally:
        server.stop()
        if worker is not None:
            worker.stop()


@pytest.mark.redis
def test_a_task_redis_no_longer_knows_fails_and_gives_its_numbers_back(
    tmp_path: Path,
    redis_url: str,
    sample_workbook: Path,  # noqa: F811
) -> None:
    from generator.queue.app import JOB_TASK_NAME, configure
    from generator.queue.web import LOST_CHECK_SECONDS, CeleryExecutor

    store = Store(tmp_path / "web")
    job_id = job_rows.new_job_id()
    register_path = tmp_path / "web" / "so-dang-ky.sqlite"
    spec = BuildSpec(
        data=str(sample_workbook), set_name="inspection", issue=True,
        out=str(job_rows.jobs_root(store) / job_id / "out"), register=str(register_path),
        issue_date="2026-03-05", only=["KH", "QĐ"],
    )  # fmt: skip
    job_rows.create_job(
        store, job_id=job_id, org="binh-lu", user="van-thu-a", upload="u", spec=spec,
        total_documents=9,
    )  # fmt: skip
    # As a server that reserved the numbers and sent the task, before Redis lost it.
    _, issued = reserve_job_numbers(spec)
    job_rows.attach_task(store, job_id, str(uuid.uuid4()), issued_to_json(issued))
    job_rows.mark_running(store, job_id, 9)
    with Register(register_path) as register:
        assert len(register.pending()) == ISSUED
    # A draft job whose task really waits in Redis (no worker yet) is no lost task.
    waiting_id = job_rows.new_job_id()
    draft = BuildSpec(
        data=str(sample_workbook), set_name="inspection",
        out=str(job_rows.jobs_root(store) / waiting_id / "out"),
    )  # fmt: skip
    job_rows.create_job(
        store, job_id=waiting_id, org="binh-lu", user="van-thu-a", upload="u", spec=draft,
        total_documents=9,
    )  # fmt: skip
    task_id = str(uuid.uuid4())
    configure(redis_url).send_task(JOB_TASK_NAME, args=[draft.to_dict(), None], task_id=task_id)
    job_rows.attach_task(store, waiting_id, task_id, "{}")
    executor = CeleryExecutor(store, redis_url, lost_after=1.0)
    try:
        assert executor.reattach() == [job_id, waiting_id]
        assert job_rows.recover(store, attached=[job_id, waiting_id]) == ([], [])
        deadline = time.monotonic() + 60
        while (job := job_rows.get_job(store, job_id)) and job.status == "running":
            assert time.monotonic() < deadline
            time.sleep(0.2)
        time.sleep(2 * LOST_CHECK_SECONDS)
        waiting = job_rows.get_job(store, waiting_id)
    finally:
        executor.shutdown()
    assert job is not None and job.status == "failed"
    message = job.errors[0]["message"]
    assert message.startswith("Hàng đợi không còn giữ việc này") and "Hãy bấm lập lại" in message
    assert "trả lại sổ đăng ký" in message
    assert waiting is not None and waiting.status == "queued"
    with Register(register_path) as register:
        assert register.pending() == []
