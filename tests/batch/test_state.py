"""Tests for the batch's resumability and atomicity helpers, and for the job list."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from generator.atomic import atomic_target, sha256_file, write_atomic
from generator.batch.jobs import OrgJob, SetJob, plan
from generator.batch.state import DocState, SetState, input_hash
from generator.errors import SourceError, UsageError

KNOWN = ["inspection", "report", "plan"]


def test_atomic_target_leaves_nothing_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "a.docx"
    write_atomic(target, b"old")
    with pytest.raises(RuntimeError), atomic_target(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["a.docx"]


def test_input_hash_changes_with_context_template_and_options(tmp_path: Path) -> None:
    template = tmp_path / "t.docx"
    template.write_bytes(b"template")
    base = input_hash({"a": date(2026, 3, 5)}, template, {"pdf": True})
    assert base == input_hash({"a": date(2026, 3, 5)}, template, {"pdf": True})
    assert base != input_hash({"a": date(2026, 3, 6)}, template, {"pdf": True})
    assert base != input_hash({"a": date(2026, 3, 5)}, template, {"pdf": False})
    template.write_bytes(b"template v2")
    assert base != input_hash({"a": date(2026, 3, 5)}, template, {"pdf": True})


def test_state_round_trip_and_validity(tmp_path: Path) -> None:
    doc = tmp_path / "01-a.docx"
    doc.write_bytes(b"docx")
    state = SetState(tmp_path)
    state.documents["kh"] = DocState("h1", {"01-a.docx": sha256_file(doc)}, pages=2)
    state.save()
    loaded = SetState.load(tmp_path)
    assert loaded.documents["kh"].still_valid(tmp_path, "h1")
    assert not loaded.documents["kh"].still_valid(tmp_path, "h2")
    doc.write_bytes(b"docx, edited by hand")
    assert not loaded.documents["kh"].still_valid(tmp_path, "h1")
    (tmp_path / ".vanban-state.json").write_text("{broken", encoding="utf-8")
    assert SetState.load(tmp_path).documents == {}


def _org(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "to-chuc.yaml").write_text("ma: x\n", encoding="utf-8")
    return folder


def test_plan_from_a_folder(tmp_path: Path) -> None:
    a, b = _org(tmp_path / "a"), _org(tmp_path / "b")
    (tmp_path / "ghi-chu").mkdir()
    jobs = plan(tmp_path, ["inspection", "report"], ["2026-H1"], KNOWN)
    sets = (SetJob("inspection"), SetJob("report", "2026-H1"))
    assert jobs == [OrgJob(a, sets), OrgJob(b, sets)]
    with pytest.raises(UsageError) as err:
        plan(tmp_path, ["report"], [], KNOWN)
    assert (
        str(err.value) == "--bo: bộ 'report' cần kỳ báo cáo (ky_bao_cao hoặc --ky), ví dụ 2026-H1"
    )
    with pytest.raises(UsageError, match="không có bộ văn bản 'x'; các bộ có sẵn: inspection"):
        plan(tmp_path, ["x"], [], KNOWN)


def test_plan_from_a_job_list(tmp_path: Path) -> None:
    a, b = _org(tmp_path / "xa" / "a"), _org(tmp_path / "xa" / "b")
    jobs_file = tmp_path / "jobs.yaml"
    jobs_file.write_text(
        "jobs:\n"
        "  - to_chuc: xa/*\n"
        "    bo_van_ban: [inspection]\n"
        "  - to_chuc: xa/b\n"
        "    bo_van_ban: report\n"
        "    ky_bao_cao: [2026-Q1, 2026-H1]\n",
        encoding="utf-8",
    )
    assert plan(jobs_file, [], [], KNOWN) == [
        OrgJob(a.resolve(), (SetJob("inspection"),)),
        OrgJob(
            b.resolve(),
            (SetJob("inspection"), SetJob("report", "2026-Q1"), SetJob("report", "2026-H1")),
        ),
    ]
    jobs_file.write_text("to_chuc: [xa/c]\nbo_van_ban: [inspection]\n", encoding="utf-8")
    with pytest.raises(SourceError) as err:
        plan(jobs_file, [], [], KNOWN)
    assert str(err.value) == f"{jobs_file} › to_chuc: không tìm thấy dữ liệu tổ chức 'xa/c'"
