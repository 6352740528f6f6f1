"""End-to-end tests of `vanban batch`: broken organisation, resume, kill, Ctrl-C, real PDFs."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.register import Register

from ..conftest import VANBAN

ROOT = Path(__file__).resolve().parents[2]


def _make_province() -> Callable[..., list[Path]]:
    spec = importlib.util.spec_from_file_location("make_province", ROOT / "bench/make_province.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_province  # type: ignore[no-any-return]


make_province = _make_province()
ARGS = ["--bo", "inspection", "--no-pdf", "--ngay", "05/03/2026"]


def batch(*args: str) -> tuple[int, str]:
    """Run `vanban batch` in-process; return exit code and stdout."""
    result = CliRunner().invoke(cli, ["batch", *args])
    return result.exit_code, result.stdout


def statuses(out: Path) -> dict[str, str]:
    """Return organisation name → status of its set (or its data error) from batch-report.json."""
    report = json.loads((out / "batch-report.json").read_text(encoding="utf-8"))
    found = {}
    for org in report["organisations"]:
        found[org["name"]] = "data-error" if org["error"] else org["sets"][0]["status"]
    return found


def check_outputs(out: Path) -> list[Path]:
    """Assert every visible set folder is complete; return the set folders."""
    sets = [p.parent for p in out.glob("*/*/*/manifest.json")]
    for folder in sets:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        names = {d["docx"] for d in manifest["documents"]}
        visible = {p.name for p in folder.iterdir() if not p.name.startswith(".")}
        assert visible == names | {"manifest.json"}
        for name in names:
            with zipfile.ZipFile(folder / name) as docx:
                assert docx.testzip() is None
    assert not [p for p in out.rglob(".*") if p.name != ".vanban-state.json"]
    return sets


def check_register(path: Path, out: Path) -> None:
    """Assert numbers are contiguous, nothing is half-issued and hashes match the files."""
    with Register(path) as reg:
        assert reg.pending() == []
        for org in reg.orgs():
            entries = reg.entries(org, 2026)
            assert [e.so for e in entries] == list(range(1, len(entries) + 1))
            for entry in entries:
                if entry.status == "issued":
                    folder = out / org / entry.set_name
                    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
                    shas = {d["so_ky_hieu"]: d["sha256_docx"] for d in manifest["documents"]}
                    assert shas[entry.so_ky_hieu] == entry.sha256_docx


def test_broken_organisation_is_reported_and_the_others_finish(tmp_path: Path) -> None:
    make_province(3, tmp_path / "tinh", broken=1)
    out = tmp_path / "out"
    code, stdout = batch(str(tmp_path / "tinh"), "--out", str(out), *ARGS)
    assert code == 1
    lines = stdout.splitlines()
    assert lines[0] == "Bắt đầu: 3 tổ chức, 3 bộ văn bản."
    assert lines[1].startswith("Tổ chức                     Bộ văn bản  Văn bản  Trang  Trạng thái")
    assert any(
        line.startswith("tan-kim ") and "lỗi dữ liệu" in line and "khong-co-nguoi-nay" in line
        for line in lines
    )
    assert lines[-1].startswith("Xong sau ")
    assert lines[-1].endswith(
        "11 văn bản đã tạo, 0 văn bản không đổi, 1 tổ chức có lỗi. "
        f"Báo cáo: {out}/batch-report.json"
    )
    assert statuses(out) == {
        "Ủy ban nhân dân xã Tân Hà": "built",
        "Ủy ban nhân dân xã Tân Lợi": "built",
        "tan-kim": "data-error",
    }
    assert len(check_outputs(out)) == 2


def test_rerun_skips_unchanged_and_redoes_changed(tmp_path: Path) -> None:
    make_province(2, tmp_path / "tinh")
    out = tmp_path / "out"
    assert batch(str(tmp_path / "tinh"), "--out", str(out), *ARGS)[0] == 0
    kh = out / "tan-ha/2026/inspection/01-ke-hoach-kiem-tra.docx"
    first_mtime = kh.stat().st_mtime_ns
    data = tmp_path / "tinh/tan-loi/kiem-tra.yaml"
    data.write_text(
        data.read_text(encoding="utf-8").replace(
            "Kiểm tra công tác", "Kiểm tra toàn diện công tác"
        ),
        encoding="utf-8",
    )
    assert batch(str(tmp_path / "tinh"), "--out", str(out), *ARGS)[0] == 0
    assert statuses(out) == {
        "Ủy ban nhân dân xã Tân Hà": "skipped",
        "Ủy ban nhân dân xã Tân Lợi": "built",
    }
    assert kh.stat().st_mtime_ns == first_mtime
    assert batch(str(tmp_path / "tinh"), "--out", str(out), *ARGS, "--force")[0] == 0
    assert set(statuses(out).values()) == {"built"}
    # A set whose files were damaged by hand is rebuilt even though its inputs are unchanged.
    kh.write_bytes(b"hong")
    assert batch(str(tmp_path / "tinh"), "--out", str(out), *ARGS)[0] == 0
    assert statuses(out)["Ủy ban nhân dân xã Tân Hà"] == "built"
    check_outputs(out)


def _start(province: Path, out: Path, *extra: str) -> subprocess.Popen[str]:
    command = [*VANBAN, "batch", str(province), "--out", str(out)]
    return subprocess.Popen(
        # The KH and the QĐ on ARGS's date: the TBs wait for their inspections (in September).
        [*command, *ARGS, "--issue", "--chi", "KH,QĐ", *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _wait_for_first_set(out: Path, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while not list(out.glob("*/*/*/manifest.json")):
        assert proc.poll() is None, "the batch ended before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.05)


@pytest.mark.slow
def test_kill_then_resume_leaves_consistent_outputs_and_register(tmp_path: Path) -> None:
    province, out = tmp_path / "tinh", tmp_path / "out"
    make_province(6, province)
    proc = _start(province, out, "--workers", "2")
    _wait_for_first_set(out, proc)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    # Right after the kill: only complete sets are visible (temporaries are hidden names).
    for folder in out.glob("*/*/*"):
        if not folder.name.startswith("."):
            assert (folder / "manifest.json").is_file()
    resumed = _start(province, out)
    stdout, stderr = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, stderr
    assert len(check_outputs(out)) == 6
    check_register(province / "so-dang-ky.sqlite", out)
    report = json.loads((out / "batch-report.json").read_text(encoding="utf-8"))
    assert report["documents_skipped"] > 0 or report["documents_built"] > 0
    assert "không đổi" in stdout


@pytest.mark.slow
def test_ctrl_c_gives_numbers_back_and_resume_completes(tmp_path: Path) -> None:
    province, out = tmp_path / "tinh", tmp_path / "out"
    make_province(6, province)
    proc = _start(province, out, "--workers", "2")
    _wait_for_first_set(out, proc)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130
    assert "Đã dừng theo yêu cầu (Ctrl-C)" in stderr
    check_outputs(out)
    with Register(province / "so-dang-ky.sqlite") as reg:
        assert reg.pending() == []
    resumed = _start(province, out)
    _, stderr = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, stderr
    assert len(check_outputs(out)) == 6
    check_register(province / "so-dang-ky.sqlite", out)


@pytest.mark.soffice
@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="cần LibreOffice")
def test_real_pdfs_and_register_hashes(tmp_path: Path) -> None:
    province, out = tmp_path / "tinh", tmp_path / "out"
    make_province(1, province)
    args = ["--bo", "inspection", "--issue", "--chi", "KH,QĐ", "--ngay", "05/03/2026"]
    code, stdout = batch(str(province), "--out", str(out), *args)
    assert code == 0, stdout
    manifest = json.loads((out / "tan-ha/2026/inspection/manifest.json").read_text("utf-8"))
    assert all(d["pdf"] and d["pages"] >= 1 for d in manifest["documents"])
    assert manifest["bundle"] == "bundle.pdf"
    assert all(
        d["signature_fields"] == ["ChuKyNguoiKy", "ChuKyCoQuan"] for d in manifest["documents"]
    )
    for d in manifest["documents"]:
        assert (out / "tan-ha/2026/inspection" / d["pdf"]).read_bytes().startswith(b"%PDF-")
    with Register(province / "so-dang-ky.sqlite") as reg:
        entries = reg.entries("tan-ha", 2026)
    assert [e.so_ky_hieu for e in entries] == ["01/KH-UBND", "02/QĐ-UBND"]
    assert [e.sha256_pdf for e in entries] == [d["sha256_pdf"] for d in manifest["documents"][:2]]


@pytest.mark.soffice
@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="cần LibreOffice")
def test_several_sets_stream_through_one_worker(tmp_path: Path) -> None:
    # One worker process builds both sets of both communes with one PDF stage, streaming.
    province, out = tmp_path / "tinh", tmp_path / "out"
    make_province(2, province)
    args = ["--bo", "inspection", "--bo", "report", "--ky", "2026-H1", "--workers", "1"]
    code, stdout = batch(str(province), "--out", str(out), *args)
    assert code == 0, stdout
    manifests = sorted(out.glob("*/2026/*/manifest.json"))
    assert {p.parent.name for p in manifests} == {"inspection", "report-2026-h1"}
    assert len(manifests) == 4
    for path in manifests:
        manifest = json.loads(path.read_text("utf-8"))
        assert manifest["bundle"] == "bundle.pdf"
        for d in manifest["documents"]:
            assert d["pages"] >= 1
            assert d["signature_fields"] == ["ChuKyNguoiKy", "ChuKyCoQuan"]
            pdf = path.parent / d["pdf"]
            assert hashlib.sha256(pdf.read_bytes()).hexdigest() == d["sha256_pdf"]
