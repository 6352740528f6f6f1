"""`vanban serve --queue`: a web job through the API runs on a real worker over a real Redis.

The server reserves the numbers, the worker (its own LibreOffice, recycled after a few
documents) builds the set, the job's progress and result reach the API, and the register holds
the hashes of the files the worker wrote.
"""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import pytest

from generator.atomic import sha256_file
from generator.nd30 import lint_errors
from generator.register import Register
from tests.queue.conftest import start_worker, wait_gone
from tests.web.conftest import (  # noqa: F401
    post_kh_qd,
    sample_workbook,
    seed,
    start_server,
    wait_job,
)
from tests.web.test_finalize_job import edited_kh, post_finalize, wait_finalize
from tests.web.test_security import login

pytestmark = [pytest.mark.redis, pytest.mark.soffice, pytest.mark.slow]


def test_api_job_runs_on_a_worker(
    tmp_path: Path,
    redis_url: str,
    sample_workbook: Path,  # noqa: F811
) -> None:
    data_dir = tmp_path / "web"
    data_dir.mkdir()
    tokens = seed(data_dir)
    worker = start_worker(redis_url, tmp_path, "w1", "--recycle-after", "5")
    server = None
    try:
        worker.wait_ready()
        server = start_server(data_dir, "--queue", redis_url)
        server.tokens = tokens
        with server.api("van-thu-a") as client:
            answer = post_kh_qd(client, sample_workbook)
            assert answer.status_code == 202, answer.text
            job = wait_job(client, answer.json()["url"])
            assert job["status"] == "done", job["errors"]
            assert job["progress"]["done"] == job["progress"]["total"] == 9 * 3
            assert job["first_pdf"] is not None  # a thumbnail was made from a worker's PDF
            numbers = [d["so_ky_hieu"] for d in job["documents"] if d["so_ky_hieu"]]
            assert numbers == ["01/KH-UBND", "02/QĐ-UBND"]  # the TBs wait: drafts
            bundle = client.get(f"{job['url']}/files/bundle.pdf")
            assert bundle.status_code == 200 and bundle.content.startswith(b"%PDF-")
        # The worker built it, and recycled its LibreOffice after 5 documents.
        log = worker.log.read_text(encoding="utf-8")
        assert "xong 1 bộ văn bản" in log
        assert "Khởi động lại LibreOffice sau 9 văn bản." in log
        # The register, written by the server only, holds the worker's files' hashes.
        manifest_dir = next((data_dir / "jobs" / job["id"] / "out").rglob("manifest.json")).parent
        with Register(data_dir / "so-dang-ky.sqlite") as register:
            assert register.pending() == []
            entries = register.entries("binh-lu", 2026)
        by_number = {d["so_ky_hieu"]: d for d in job["documents"]}
        issued = [e for e in entries if e.so_ky_hieu in by_number]
        assert len(issued) == 2
        for entry in issued:
            assert entry.status == "issued"
            assert entry.sha256_pdf == by_number[entry.so_ky_hieu]["sha256_pdf"]
        for path in sorted(manifest_dir.glob("*.docx")) + sorted(manifest_dir.glob("*.pdf")):
            assert lint_errors(path) == [], path.name
        # An edited draft is finalised on the server (it writes the register), not on a worker:
        # same number again, the new files' hashes recorded.
        with closing(login(server, "van-thu-a")) as browser:
            edited = edited_kh(manifest_dir, tmp_path / "ke-hoach.docx", "đúng hạn")
            answer = post_finalize(browser, job["id"], edited, issue="1")
            assert answer.status_code == 303, answer.text
            done = wait_finalize(browser, answer.headers["location"] + "/trang-thai", [])
        assert done["status"] == "done", done
        result = done["result"]
        assert isinstance(result, dict) and result["version"] == 2
        assert result["so_ky_hieu"] == job["documents"][0]["so_ky_hieu"]
        with Register(data_dir / "so-dang-ky.sqlite") as register:
            assert register.pending() == []
            again = [e for e in register.entries("binh-lu", 2026)
                     if e.so_ky_hieu == result["so_ky_hieu"]]  # fmt: skip
        assert [e.sha256_pdf for e in again] == [sha256_file(manifest_dir / result["pdf"])]
        assert "xong 1 bộ văn bản" in worker.log.read_text(encoding="utf-8")  # only the build
    finally:
        if server is not None:
            server.stop()
        worker.stop()
    assert wait_gone(str(worker.tmp)) == []
