"""The queue's use cases without Celery: numbers reserved here, sets built "elsewhere" (in
process), results settled in the register; the set lock; URLs and an unreachable queue."""

from __future__ import annotations

import io
import json
import threading
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.batch.jobs import OrgJob, SetJob
from generator.batch.runner import BatchOptions
from generator.cli import cli
from generator.cli.batch import ProgressBar
from generator.errors import UsageError
from generator.queue.app import check_url
from generator.register import Register
from generator.service.queued import (
    SetTask,
    TaskResult,
    prepare_tasks,
    run_set_task,
    set_lock,
    settle,
)
from tests.batch.test_batch import make_province
from tests.queue.conftest import free_port

INSPECTION = (SetJob("inspection"),)


def _options(out: Path, *, issue: bool = True) -> BatchOptions:
    return BatchOptions(out=out, today=date(2026, 3, 5), pdf=False, issue=issue)


def _round_trip(task: SetTask) -> SetTask:
    return SetTask.from_json(json.loads(json.dumps(task.as_json())))


def test_numbers_reserved_by_the_submitter_are_the_ones_built_and_reused(tmp_path: Path) -> None:
    [org] = make_province(1, tmp_path / "tinh")
    options = _options(tmp_path / "out")
    name, [(task, issued)] = prepare_tasks(OrgJob(org, INSPECTION), options)
    assert name == "Ủy ban nhân dân xã Tân Hà"
    assert [i.so for i in issued] == list(range(1, len(issued) + 1))
    assert {i.status for i in issued} == {"reserved"}
    # The worker side needs no register: only the JSON task.
    result = run_set_task(_round_trip(task), converter=None)
    result = TaskResult.from_json(json.loads(json.dumps(result.as_json())))
    assert result.outcome is not None and result.outcome.status == "built"
    manifest = json.loads((Path(result.outcome.folder or "") / "manifest.json").read_text())
    assert [d["so_ky_hieu"] for d in manifest["documents"]] == [i.so_ky_hieu for i in issued]
    register_path = tmp_path / "tinh/so-dang-ky.sqlite"
    with Register(register_path) as register:
        settle(register, issued, result)
        entries = register.entries("tan-ha", 2026)
    assert {e.status for e in entries} == {"issued"}
    assert [e.sha256_docx for e in entries] == [d["sha256_docx"] for d in manifest["documents"]]
    # The same task delivered again finds the set complete and reports the same files.
    again = run_set_task(_round_trip(task), converter=None)
    assert again.outcome is not None and again.outcome.status == "skipped"
    assert again.files == result.files
    # Preparing the same set again (a rerun) gives the same numbers back.
    _, [(_, reissued)] = prepare_tasks(OrgJob(org, INSPECTION), options)
    assert [i.so_ky_hieu for i in reissued] == [i.so_ky_hieu for i in issued]


def test_a_failed_set_gives_its_numbers_back(tmp_path: Path) -> None:
    [org] = make_province(1, tmp_path / "tinh")
    options = _options(tmp_path / "out")
    _, [(task, issued)] = prepare_tasks(OrgJob(org, INSPECTION), options)
    broken = SetTask.from_json({**task.as_json(), "numbers": {"khong-co": [1, "2026-03-05"]}})
    result = run_set_task(broken, converter=None)
    assert result.outcome is not None and result.outcome.status == "failed"
    assert "không có số cho văn bản" in (result.outcome.error or "")
    with Register(tmp_path / "tinh/so-dang-ky.sqlite") as register:
        settle(register, issued, result)
        assert register.entries("tan-ha", 2026) == []


def test_a_worker_reports_bad_data_instead_of_raising(tmp_path: Path) -> None:
    make_province(2, tmp_path / "tinh", broken=1)
    broken = tmp_path / "tinh/tan-loi"
    options = _options(tmp_path / "out", issue=False)
    _, [(task, issued)] = prepare_tasks(OrgJob(broken, INSPECTION), options)
    assert issued == [] and task.numbers is None
    result = run_set_task(task, converter=None)
    assert result.outcome is None and result.name == "tan-loi"
    assert "khong-co-nguoi-nay" in (result.data_error or "")


def test_the_set_lock_makes_a_second_run_wait(tmp_path: Path) -> None:
    entered, release = threading.Event(), threading.Event()
    order: list[str] = []

    def first() -> None:
        with set_lock(tmp_path, "inspection"):
            order.append("first in")
            entered.set()
            release.wait(30)
            order.append("first out")

    def second() -> None:
        with set_lock(tmp_path, "inspection"):
            order.append("second in")

    one = threading.Thread(target=first)
    one.start()
    assert entered.wait(30)
    two = threading.Thread(target=second)
    two.start()
    two.join(1.0)
    assert two.is_alive()  # still waiting for the lock
    release.set()
    one.join(30)
    two.join(30)
    assert order == ["first in", "first out", "second in"]
    assert list(tmp_path.iterdir()) == []  # the lock file goes with the last holder


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://127.0.0.1:6379/0", "cần bắt đầu bằng redis://"),
        ("redis://127.0.0.1:cong/0", "cổng không phải là số"),
        ("redis:///0", "thiếu tên máy chủ"),
        ("redis://127.0.0.1:6379/mot", "số cơ sở dữ liệu cần là một số"),
    ],
)
def test_a_bad_queue_url_is_explained(url: str, problem: str) -> None:
    with pytest.raises(UsageError) as caught:
        check_url(url)
    assert problem in str(caught.value)
    assert "ví dụ redis://127.0.0.1:6379/0" in str(caught.value)


def test_batch_on_an_unreachable_queue_says_so(tmp_path: Path) -> None:
    make_province(1, tmp_path / "tinh")
    url = f"redis://127.0.0.1:{free_port()}/0"
    args = ["batch", str(tmp_path / "tinh"), "--bo", "inspection", "--no-pdf", "--queue", url]
    result = CliRunner().invoke(cli, [*args, "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"Lỗi: không kết nối được hàng đợi {url}" in result.stderr
    assert "kiểm tra redis-server đang chạy" in result.stderr


def test_the_progress_bar_counts_what_workers_render() -> None:
    stream = io.StringIO()
    bar = ProgressBar(2, stream)
    bar.heard({"type": "started", "task": "t1"})
    assert stream.getvalue() == ""
    bar.heard({"type": "rendered", "task": "t1", "done": 1, "total": 7})
    assert stream.getvalue().startswith("[........................] 0/2 tổ chức · 1 văn bản · ")
