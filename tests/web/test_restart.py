"""A real `vanban serve` SIGKILLed in the middle of a job with real LibreOffice, then started again.

The server runs with its own TMPDIR, so a LibreOffice process or pool folder of the killed server
is exactly one whose command line names that folder (as in tests/test_kills.py).
"""

from __future__ import annotations

import shutil
import signal
import time
from pathlib import Path

import httpx
import pytest

from tests.test_kills import check_nothing_of_lo, check_visible_sets, processes_naming
from tests.web.conftest import XLSX_TYPE, seed, start_server, wait_job

pytestmark = [
    pytest.mark.soffice,
    pytest.mark.slow,
    pytest.mark.xdist_group("kills"),
    pytest.mark.skipif(shutil.which("soffice") is None, reason="cần LibreOffice"),
]


def test_a_killed_server_leaves_no_running_job_and_nothing_half_written(
    tmp_path: Path, sample_workbook: Path
) -> None:
    data_dir, tmp = tmp_path / "data", tmp_path / "tmp"
    data_dir.mkdir()
    tokens = seed(data_dir)
    headers = {"Authorization": f"Bearer {tokens['van-thu-a']}"}

    first = start_server(data_dir, tmpdir=tmp)
    url = first.url
    try:
        with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
            answer = client.post(
                "/api/v1/jobs",
                files={"data": ("du-lieu.xlsx", sample_workbook.read_bytes(), XLSX_TYPE)},
                data={"set": "inspection", "issue": "true", "chi": "KH,QĐ", "ngay": "05/03/2026"},
            )
            assert answer.status_code == 202, answer.text
            job_url = answer.json()["url"]
            deadline = time.monotonic() + 180
            while True:  # kill once a PDF is made and the set is not finished
                state = client.get(job_url).json()
                assert state["status"] in ("queued", "running"), state
                if state["progress"]["done"] >= 1 and processes_naming(tmp):
                    break
                assert time.monotonic() < deadline
                time.sleep(0.02)
        first.process.send_signal(signal.SIGKILL)  # the server only: LibreOffice must follow
        first.process.wait()
    finally:
        if first.process.poll() is None:
            first.process.kill()
            first.process.wait()
    check_nothing_of_lo(tmp)

    second = start_server(data_dir, tmpdir=tmp_path / "tmp2")
    url = second.url
    try:
        with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
            after = wait_job(client, job_url, timeout=60)
            assert after["status"] in ("failed", "done"), after
            if after["status"] == "failed":
                assert "Máy chủ đã dừng" in str(after["errors"]), after
            # The organisation's next build works and gets the next numbers, not the same ones.
            again = client.post(
                "/api/v1/jobs",
                files={"data": ("du-lieu.xlsx", sample_workbook.read_bytes(), XLSX_TYPE)},
                data={"set": "inspection", "issue": "true", "chi": "KH,QĐ", "ngay": "05/03/2026"},
            )
            assert again.status_code == 202, again.text
            done = wait_job(client, again.json()["url"])
            assert done["status"] == "done", done["errors"]
    finally:
        second.stop()
    jobs = data_dir / "jobs"
    half = [p for p in jobs.rglob(".*") if p.name.endswith((".tmp", ".old"))]
    assert not half, half
    for out in jobs.glob("*/out"):
        check_visible_sets(out)
    check_nothing_of_lo(tmp_path / "tmp2")
