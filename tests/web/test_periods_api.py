"""The periodic-report API against a real server: open, forms, submissions, status, Tổng hợp."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from generator.nd30 import lint_errors
from generator.web.config import WebConfig
from generator.web.store import Store
from generator.web.uploads import store_upload
from generator.web.users import add_user, create_token
from tests.web.conftest import PASSWORD, XLSX_TYPE, Server, seed, start_server, wait_job

pytestmark = [pytest.mark.xdist_group("web-periods")]
UNITS = {"tt": "tt-pvhcc", "ca": "cong-an", "vh": "vhxh"}


def seed_periods(data_dir: Path, workbook: Path) -> dict[str, str]:
    """Return the tokens of the usual users plus one unit user per unit of UNITS, after storing
    the sample workbook as binh-lu's current data."""
    tokens = seed(data_dir)
    store = Store(data_dir)
    for name, unit in UNITS.items():
        add_user(store, name, "binh-lu", "unit", PASSWORD, unit=unit)
        tokens[name] = create_token(store, name)
    body = data_dir / "incoming.xlsx"
    shutil.copy(workbook, body)
    config = WebConfig(data_dir=data_dir)
    store_upload(store, config.uploads, org="binh-lu", user="van-thu-a", filename="du-lieu.xlsx",
                 body=body)  # fmt: skip
    return tokens


@pytest.fixture(scope="module")
def periods_server(
    tmp_path_factory: pytest.TempPathFactory, sample_workbook: Path
) -> Iterator[Server]:
    """Yield a .docx-only server whose clerk's current data is the sample workbook."""
    data_dir = tmp_path_factory.mktemp("web-periods")
    tokens = seed_periods(data_dir, sample_workbook)
    running = start_server(data_dir, "--no-pdf")
    running.tokens = tokens
    yield running
    running.stop()


def test_user_add_takes_a_unit(tmp_path: Path) -> None:
    run = [sys.executable, "-m", "generator", "user", "add", "can-bo-tt", "--org", "binh-lu",
           "--role", "unit", "--unit", "tt-pvhcc", "--password-stdin", "--data-dir",
           str(tmp_path)]  # fmt: skip
    done = subprocess.run(
        run, input="mat-khau-dai-du\n", capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout.strip() == "Đã thêm người dùng can-bo-tt (unit) thuộc binh-lu, đơn vị tt-pvhcc."
    )
    without_unit = [*run[:5], "can-bo-khac", *run[6:10], *run[12:]]
    missing = subprocess.run(
        without_unit, input="mat-khau-dai-du\n", capture_output=True, text=True, check=False
    )
    assert missing.returncode != 0
    assert "vai trò unit cần --unit" in missing.stderr + missing.stdout


def test_the_whole_period_through_the_api(periods_server: Server) -> None:
    server = periods_server
    with server.api("van-thu-a") as clerk:
        opened = clerk.post("/api/v1/periods/binh-lu/2026-H1", json={"due": "2026-06-20"})
        assert opened.status_code == 201, opened.text
        assert opened.json() == {"org": "binh-lu", "ky": "2026-H1", "due": "2026-06-20",
                                 "locked": False}  # fmt: skip
        bad = clerk.post("/api/v1/periods/binh-lu/2026-H2", json={"due": "2026-06-20"})
        assert bad.status_code == 422
    with server.api("tt") as unit:
        form = unit.get("/api/v1/periods/binh-lu/2026-H1/forms/tt-pvhcc.xlsx")
        assert form.status_code == 200
        book = openpyxl.load_workbook(io.BytesIO(form.content))
        rows = {r[0].value: r for r in book["ChiSo"].iter_rows(min_row=2)}
        rows["so_van_ban_chi_dao"][5].value = 3
        rows["chi_tieu.ct-05"][5].value = "chín lăm"
        filled = io.BytesIO()
        book.save(filled)
        wrong = unit.post("/api/v1/periods/binh-lu/2026-H1/submissions/tt-pvhcc",
                          files={"data": ("tt.xlsx", filled.getvalue(), XLSX_TYPE)})  # fmt: skip
        assert wrong.status_code == 422
        cell = f"F{rows['chi_tieu.ct-05'][5].row}"
        assert wrong.json()["errors"] == [
            {"where": f"tt.xlsx › ChiSo!{cell}", "field": "gia_tri",
             "message": "cần một số phần trăm như 95 hoặc 95%, nhận được 'chín lăm'"}
        ]  # fmt: skip
        rows["chi_tieu.ct-05"][5].value = 98
        filled = io.BytesIO()
        book.save(filled)
        sent = unit.post("/api/v1/periods/binh-lu/2026-H1/submissions/tt-pvhcc",
                         files={"data": ("tt.xlsx", filled.getvalue(), XLSX_TYPE)})  # fmt: skip
        assert sent.status_code == 201, sent.text
        # Another unit's form, submission or the whole status: 404, never 403.
        assert unit.get("/api/v1/periods/binh-lu/2026-H1/forms/cong-an.xlsx").status_code == 404
        other = unit.post("/api/v1/periods/binh-lu/2026-H1/submissions/cong-an", json={})
        assert other.status_code == 404
        assert unit.get("/api/v1/periods/binh-lu/2026-H1/status").status_code == 404
        assert unit.get("/api/v1/jobs/abc").status_code == 404
    with server.api("ca") as unit:
        sent = unit.post("/api/v1/periods/binh-lu/2026-H1/submissions/cong-an",
                         json={"chi_tieu.ct-05": "95", "so_van_ban_chi_dao": 1})  # fmt: skip
        assert sent.status_code == 201, sent.text
    with server.api("van-thu-khac") as stranger:
        assert stranger.get("/api/v1/periods/binh-lu/2026-H1/status").status_code == 404
    with server.api("so-noi-vu") as province:
        assert province.get("/api/v1/periods/binh-lu/2026-H1/status").status_code == 200
        assert province.post("/api/v1/periods/binh-lu/2026-H1/aggregate").status_code == 403
        rollup = province.get("/api/v1/periods/2026-H1/rollup.xlsx")
        assert rollup.status_code == 200
    with server.api("van-thu-a") as clerk:
        state = clerk.get("/api/v1/periods/binh-lu/2026-H1/status").json()
        assert set(state) >= {"due", "locked", "units"}
        by_unit = {u["unit"]: u for u in state["units"]}
        assert by_unit["tt-pvhcc"]["status"] == "da_gui" and by_unit["tt-pvhcc"]["by"] == "tt"
        assert by_unit["vhxh"]["status"] in ("chua_gui", "qua_han")
        job = clerk.post("/api/v1/periods/binh-lu/2026-H1/aggregate")
        assert job.status_code == 202, job.text
        done = wait_job(clerk, job.json()["url"])
        assert done["status"] == "done", done["errors"]
        names = [d["docx"] for d in done["documents"]]  # type: ignore[union-attr]
        docx = clerk.get(f"{job.json()['url']}/files/{names[0]}")
        target = server.data_dir / "bc.docx"
        target.write_bytes(docx.content)
        assert lint_errors(target) == []
        state = clerk.get("/api/v1/periods/binh-lu/2026-H1/status").json()
    # A unit user reaches nothing else of its organisation: the Tổng hợp job, its files, the
    # organisation's page are all "not found".
    with server.api("tt") as unit:
        assert unit.get(job.json()["url"]).status_code == 404
        assert unit.get(f"{job.json()['url']}/files/{names[0]}").status_code == 404
        assert unit.post("/api/v1/periods/binh-lu/2026-H1/aggregate").status_code == 404
        assert unit.post("/api/v1/periods/binh-lu/2026-H1/lock").status_code == 404


def test_units_submitting_at_the_same_moment_through_the_server_lose_nothing(
    periods_server: Server,
) -> None:
    server = periods_server
    with server.api("van-thu-a") as clerk:
        opened = clerk.post("/api/v1/periods/binh-lu/2026", json={"due": "31/12/2026"})
        assert opened.status_code == 201, opened.text
    rounds = 4
    start = threading.Barrier(len(UNITS))
    answers: list[int] = []

    def send(user: str, unit: str) -> None:
        with server.api(user) as client:
            start.wait()
            for n in range(rounds):
                answer = client.post(f"/api/v1/periods/binh-lu/2026/submissions/{unit}",
                                     json={"so_van_ban_chi_dao": n + 1})  # fmt: skip
                answers.append(answer.status_code)

    threads = [threading.Thread(target=send, args=item) for item in UNITS.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [201] * (len(UNITS) * rounds)
    with server.api("van-thu-a") as clerk:
        for user, unit in UNITS.items():
            kept = clerk.get(f"/api/v1/periods/binh-lu/2026/submissions/{unit}").json()
            assert [s["by"] for s in kept] == [user] * rounds
            assert [s["figures"]["values"]["so_van_ban_chi_dao"] for s in kept] == [1, 2, 3, 4]


def test_a_period_never_opened_is_a_vietnamese_page_not_a_crash(periods_server: Server) -> None:
    from tests.web.test_security import csrf_of, login

    clerk = login(periods_server, "van-thu-a")
    token = csrf_of(clerk, "/bao-cao-dinh-ky/binh-lu")
    for action in ("khoa", "tong-hop"):
        answer = clerk.post(f"/bao-cao-dinh-ky/binh-lu/2027-H1/{action}", data={"csrf": token})
        assert answer.status_code == 422
        assert "chưa mở kỳ báo cáo 2027-H1" in answer.text
    assert clerk.get("/bao-cao-dinh-ky/binh-lu/2027-H1").status_code == 404
    unit = login(periods_server, "tt")
    assert unit.get("/to-chuc/binh-lu").status_code == 404
    assert unit.get("/bao-cao-dinh-ky/binh-lu").status_code == 404
