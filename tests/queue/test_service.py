"""The queue's use cases without Celery: numbers reserved here, sets built "elsewhere" (in
process), results settled in the register; the set lock; URLs and an unreachable queue."""

from __future__ import annotations

import io
import json
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.batch.jobs import OrgJob, SetJob
from generator.batch.one_set import SetOutcome
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


def _options(
    out: Path, *, issue: bool = True, only: tuple[str, ...] = ("KH", "QĐ")
) -> BatchOptions:
    # The KH and the QĐ on 05/03/2026: the TBs wait for their inspections (in September).
    return BatchOptions(out=out, today=date(2026, 3, 5), pdf=False, issue=issue, only=only)


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
    numbered = [d for d in manifest["documents"] if d["so_ky_hieu"]]
    assert [d["so_ky_hieu"] for d in numbered] == [i.so_ky_hieu for i in issued]
    assert [i.so_ky_hieu for i in issued] == ["01/KH-UBND", "02/QĐ-UBND"]
    register_path = tmp_path / "tinh/so-dang-ky.sqlite"
    with Register(register_path) as register:
        settle(register, issued, result)
        entries = register.entries("tan-ha", 2026)
    assert {e.status for e in entries} == {"issued"}
    assert [e.sha256_docx for e in entries] == [d["sha256_docx"] for d in numbered]
    # The same task delivered again finds the set complete and reports the same files.
    again = run_set_task(_round_trip(task), converter=None)
    assert again.outcome is not None and again.outcome.status == "skipped"
    assert again.files == result.files
    # Preparing the same set again (a rerun) gives the same numbers back.
    _, [(_, reissued)] = prepare_tasks(OrgJob(org, INSPECTION), options)
    assert [i.so_ky_hieu for i in reissued] == [i.so_ky_hieu for i in issued]


def test_the_submitter_refuses_a_set_dated_before_its_inspections(tmp_path: Path) -> None:
    """The dates are checked where the numbers are reserved: that set fails, nothing reserved."""
    [org] = make_province(1, tmp_path / "tinh")
    options = _options(tmp_path / "out", only=())
    _, [refused] = prepare_tasks(OrgJob(org, INSPECTION), options)
    assert isinstance(refused, SetOutcome) and refused.status == "failed"
    assert (refused.error or "").startswith("không cấp số ngày 05/03/2026: ")
    assert "sớm hơn buổi kiểm tra của nó" in (refused.error or "")
    with Register(tmp_path / "tinh/so-dang-ky.sqlite") as register:
        assert register.entries("tan-ha", 2026) == []
    # Later, the TBs after their inspections: the worker builds the KH and QĐ numbers too.
    prepare_tasks(OrgJob(org, INSPECTION), _options(tmp_path / "out"))
    later = replace(_options(tmp_path / "out", only=("TB",)), issue_date=date(2026, 10, 15))
    _, [(task, issued)] = prepare_tasks(OrgJob(org, INSPECTION), later)
    assert {i.key.split(":")[0] for i in issued} == {"tb_ket_luan"}
    result = run_set_task(_round_trip(task), converter=None)
    assert result.outcome is not None and result.outcome.status == "built"
    manifest = json.loads((Path(result.outcome.folder or "") / "manifest.json").read_text())
    numbers = [d["so_ky_hieu"] for d in manifest["documents"]]
    assert numbers[:2] == ["01/KH-UBND", "02/QĐ-UBND"] and all(numbers)
    with Register(tmp_path / "tinh/so-dang-ky.sqlite") as register:
        settle(register, issued, result)  # by register key: the TBs only, not the KH and QĐ
        entries = {e.so_ky_hieu: e for e in register.entries("tan-ha", 2026)}
    for d in manifest["documents"][2:]:
        assert entries[d["so_ky_hieu"]].sha256_docx == d["sha256_docx"]
    assert [entries[n].status for n in numbers[:2]] == ["reserved", "reserved"]


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
