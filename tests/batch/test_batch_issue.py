"""`vanban batch --issue` keeps the inspection chain's date order and issues parts separately."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from generator.cli import cli
from generator.register import Register

from .test_batch import batch, make_province

TAN_HA, TAN_LOI = "Ủy ban nhân dân xã Tân Hà", "Ủy ban nhân dân xã Tân Lợi"
DMY = re.compile(r"^(\d\d)/(\d\d)/(\d{4})$")


def _later(node: Any, days: int) -> Any:
    """Return `node` with every dd/mm/yyyy date in it moved `days` later."""
    if isinstance(node, dict):
        return {key: _later(value, days) for key, value in node.items()}
    if isinstance(node, list):
        return [_later(value, days) for value in node]
    found = DMY.match(node) if isinstance(node, str) else None
    if found is None:
        return node
    moved = date(int(found[3]), int(found[2]), int(found[1])) + timedelta(days=days)
    return f"{moved:%d/%m/%Y}"


def _inspections_later(commune: Path, days: int) -> None:
    """Move the commune's inspections (schedule, conclusions and their deadlines) later."""
    path = commune / "kiem-tra.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["ke_hoach"]["lich"] = _later(data["ke_hoach"]["lich"], days)
    data["ket_luan"] = _later(data["ket_luan"], days)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _report(out: Path) -> dict[str, dict[str, Any]]:
    raw = json.loads((out / "batch-report.json").read_text(encoding="utf-8"))
    return {org["name"]: org["sets"][0] for org in raw["organisations"]}


def test_a_commune_whose_inspections_come_after_the_issue_date_is_refused(
    tmp_path: Path,
) -> None:
    province, out = tmp_path / "tinh", tmp_path / "out"
    make_province(2, province)
    _inspections_later(province / "tan-loi", 30)  # mid- to late October
    args = ["--bo", "inspection", "--no-pdf", "--issue", "--chi", "TB", "--ngay", "15/10/2026"]
    code, stdout = batch(str(province), "--out", str(out), *args)
    assert code == 1, stdout
    sets = _report(out)
    assert sets[TAN_HA]["status"] == "built"
    assert sets[TAN_LOI]["status"] == "failed"
    error = sets[TAN_LOI]["error"]
    assert error.startswith("không cấp số ngày 15/10/2026: ")
    assert re.search(
        r"Thông báo kết luận \([a-z-]+\) ngày 15/10/2026 sớm hơn buổi kiểm tra của nó", error
    )
    assert error.endswith(
        "Cấp riêng từng văn bản khi đến lúc ban hành, ví dụ --chi KH,QĐ bây giờ, rồi --chi "
        "TB:<mã đơn vị> --ngay <ngày> sau buổi kiểm tra của đơn vị đó"
    )
    row = next(line for line in stdout.splitlines() if line.startswith(TAN_LOI))
    assert "lỗi" in row and "không cấp số ngày 15/10/2026" in row
    with Register(province / "so-dang-ky.sqlite") as reg:
        assert reg.entries("tan-loi", 2026) == []  # refused before any number was reserved
        assert {e.status for e in reg.entries("tan-ha", 2026)} == {"issued"}


def test_the_kh_and_qd_first_then_the_tbs_after_their_inspections(tmp_path: Path) -> None:
    province, out = tmp_path / "tinh", tmp_path / "out"
    make_province(2, province)
    base = [str(province), "--out", str(out), "--bo", "inspection", "--no-pdf", "--issue"]
    code, stdout = batch(*base, "--chi", "KH,QĐ", "--ngay", "05/03/2026")
    assert code == 0, stdout
    code, stdout = batch(*base, "--chi", "TB", "--ngay", "15/10/2026")
    assert code == 0, stdout
    for org in ("tan-ha", "tan-loi"):
        with Register(province / "so-dang-ky.sqlite") as reg:
            entries = reg.entries(org, 2026)
        numbers = [e.so_ky_hieu for e in entries]
        assert numbers[:2] == ["01/KH-UBND", "02/QĐ-UBND"]
        assert len(set(numbers)) == len(numbers) > 3
        assert [e.so for e in entries] == list(range(1, len(entries) + 1))
        assert {e.status for e in entries} == {"issued"}
        assert [e.ngay.isoformat() for e in entries[:2]] == ["2026-03-05"] * 2
        assert {e.ngay.isoformat() for e in entries[2:]} == {"2026-10-15"}
        manifest = json.loads(
            (out / org / "2026/inspection/manifest.json").read_text(encoding="utf-8")
        )
        assert sorted(d["so_ky_hieu"] for d in manifest["documents"]) == sorted(numbers)
        # The TBs issued by the second run hold the hashes of the files it made.
        shas = {d["so_ky_hieu"]: d["sha256_docx"] for d in manifest["documents"]}
        assert all(shas[e.so_ky_hieu] == e.sha256_docx for e in entries[2:])
    with Register(province / "so-dang-ky.sqlite") as reg:
        assert reg.pending() == []


def test_choosing_in_a_batch_reads_like_build(tmp_path: Path) -> None:
    province, out = tmp_path / "tinh", tmp_path / "out"
    make_province(1, province)
    result = CliRunner().invoke(cli, ["batch", str(province), "--bo", "inspection", "--chi", "KH"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Lỗi: --chi chỉ dùng cùng --issue (chọn văn bản được cấp số lần này)\n"
    args = ["--bo", "inspection", "--no-pdf", "--issue", "--chi", "TB:khong-co"]
    code, _ = batch(str(province), "--out", str(out), *args, "--ngay", "15/10/2026")
    assert code == 1
    error = _report(out)[TAN_HA]["error"]
    assert error.startswith("--chi: bộ văn bản không có văn bản 'TB:khong-co'; chọn trong: KH, QĐ")
