"""`vanban batch --templates --queue`: the task carries the template paths (shared storage),
and a worker builds with them, or says which template it cannot see."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from generator.batch.jobs import OrgJob, SetJob
from generator.batch.runner import BatchOptions
from generator.service.queued import SetTask, prepare_tasks, run_set_task
from generator.service.templates import load_templates
from tests.batch.test_batch import make_province
from tests.batch.test_batch_templates import HEADING, commune_kh
from tests.queue.conftest import ROOT, start_worker
from tests.service.test_templates import KH_TEMPLATE, province


def test_the_task_carries_the_templates_and_the_worker_uses_them(
    exported: Path, tmp_path: Path
) -> None:
    folder = province(exported, tmp_path / "mau-tinh")
    [org] = make_province(1, tmp_path / "tinh")
    out = tmp_path / "out"
    options = BatchOptions(
        out=out, today=date(2026, 3, 5), pdf=False, templates=load_templates(folder)
    )
    _, [(task, _)] = prepare_tasks(OrgJob(org, (SetJob("inspection"),)), options)
    sent = SetTask.from_json(json.loads(json.dumps(task.as_json())))
    assert sent.templates == {"kh_kiem_tra": str((folder / KH_TEMPLATE).resolve())}
    result = run_set_task(sent, converter=None)
    assert result.outcome is not None and result.outcome.status == "built", result
    assert f"{HEADING}\n" in commune_kh(out, "tan-ha")
    # A worker that does not see the folder (not on shared storage) fails the set and says why.
    (folder / KH_TEMPLATE).rename(folder / "da-chuyen.docx")
    again = run_set_task(SetTask.from_json({**sent.as_json(), "force": True}), converter=None)
    assert again.outcome is not None and again.outcome.status == "failed"
    assert again.outcome.error == (
        f"máy worker không thấy mẫu riêng {(folder / KH_TEMPLATE).resolve()}; thư mục mẫu "
        "(--templates) phải nằm trên thư mục chung mà mọi worker thấy ở cùng đường dẫn"
    )


@pytest.mark.redis
@pytest.mark.slow
def test_two_communes_on_a_real_worker_get_the_province_templates(
    exported: Path, tmp_path: Path, redis_url: str
) -> None:
    folder = province(exported, tmp_path / "mau-tinh")
    make_province(2, tmp_path / "tinh")
    out = tmp_path / "out"
    worker = start_worker(redis_url, tmp_path, "w1")
    try:
        worker.wait_ready()
        command = [sys.executable, "-m", "generator", "batch", str(tmp_path / "tinh")]
        command += ["--out", str(out), "--bo", "inspection", "--no-pdf", "--queue", redis_url]
        command += ["--templates", str(folder)]
        done = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
        )
    finally:
        worker.stop()
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[0] == f"Dùng mẫu riêng trong {folder}: {KH_TEMPLATE}."
    for slug, name in (("tan-ha", "Tân Hà"), ("tan-loi", "Tân Lợi")):
        text = commune_kh(out, slug)
        assert f"{HEADING}\n" in text
        assert f"báo cáo Chủ tịch Ủy ban nhân dân xã {name} trước ngày 15 tháng 10" in text
