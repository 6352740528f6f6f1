"""Document sets and set builds: file names, atomic output folder, manifest, `vanban build`."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import generator.build as build_module
from generator.build import build_set
from generator.cli import cli
from generator.errors import RenderError, UsageError
from generator.sets import SETS, get_set, inspection_jobs, numbered, unique
from generator.sources import load_dataset

CASES = Path(__file__).resolve().parent / "cases" / "inspection"
TODAY = date(2026, 11, 1)


def test_unique_and_numbered_names() -> None:
    assert unique(["a", "b", "a", "a", "a-2"]) == ["a", "b", "a-2", "a-3", "a-2-2"]
    assert numbered(["x", "x"]) == ["01-x.docx", "02-x-2.docx"]


def test_file_names_from_data_stay_plain_names_inside_the_folder() -> None:
    jobs = inspection_jobs(load_dataset(CASES / "special" / "data"))
    assert [j.file_name for j in jobs] == [
        "01-ke-hoach-kiem-tra.docx",
        "02-quyet-dinh-doan.docx",
        "03-thong-bao-van-phong-hdnd-ubnd-xa-an-hoa-moi.docx",
        "04-thong-bao-trung-tam-phuc-vu-hanh-chinh-cong-va-bo-phan-tiep.docx",
        "05-thong-bao-x.docx",
        "06-thong-bao-con-1.docx",
        "07-thong-bao-to-dan-pho-so-1.docx",
        "08-thong-bao-to-dan-pho-so-1-2.docx",
    ]
    for job in jobs:
        assert Path(job.file_name).name == job.file_name


def test_unknown_set_and_period_on_the_inspection_set() -> None:
    with pytest.raises(UsageError) as err:
        get_set("kiem-tra")
    assert str(err.value) == (
        f"không có bộ văn bản 'kiem-tra'; các bộ có sẵn: {', '.join([*SETS, 'all'])}"
    )
    with pytest.raises(UsageError) as err:
        inspection_jobs(load_dataset(CASES / "minimal" / "data"), "2026-6T")
    assert str(err.value) == "bộ văn bản kiểm tra không chia theo kỳ; bỏ tùy chọn --period"


def test_build_writes_the_set_and_its_manifest(tmp_path: Path) -> None:
    data = load_dataset(CASES / "minimal" / "data")
    result = build_set(data, "inspection", tmp_path, today=TODAY)
    assert result.folder == tmp_path / "an-hoa" / "2026" / "inspection"
    assert sorted(p.name for p in result.folder.iterdir()) == [
        "01-ke-hoach-kiem-tra.docx",
        "02-quyet-dinh-doan.docx",
        "03-thong-bao-van-phong-hdnd-va-ubnd.docx",
        "04-thong-bao-trung-tam-phuc-vu-hanh-chinh-cong.docx",
        "manifest.json",
    ]
    assert sorted(p.name for p in result.folder.parent.iterdir()) == ["inspection"]
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["set"] == "inspection" and manifest["period"] is None
    assert manifest["organisation"] == {"ma": "an-hoa", "ten": "Ủy ban nhân dân xã An Hòa"}
    assert manifest["bundle"] is None
    first = manifest["documents"][0]
    assert first == {
        "kind": "kh_kiem_tra",
        "loai_van_ban": "KH",
        "so_ky_hieu": "12/KH-UBND",
        "trich_yeu": "Kiểm tra công tác cải cách hành chính năm 2026",
        "docx": "01-ke-hoach-kiem-tra.docx",
        "pdf": None,
        "pages": None,
        "sha256_docx": hashlib.sha256((result.folder / first["docx"]).read_bytes()).hexdigest(),
        "sha256_pdf": None,
        "signature_fields": None,
        "bookmark": "1. Kế hoạch số 12/KH-UBND ngày 05/3/2026 về kiểm tra công tác cải cách hành "
        "chính năm 2026",
    }
    assert [d["kind"] for d in manifest["documents"]] == [
        "kh_kiem_tra",
        "qd_doan",
        "tb_ket_luan",
        "tb_ket_luan",
    ]
    assert result.documents[1].bookmark == (
        "2. Quyết định số 15/QĐ-UBND ngày 10/3/2026 về việc thành lập Đoàn kiểm tra công tác "
        "cải cách hành chính năm 2026"
    )
    assert result.documents[1].tham_quyen == ["CHỦ TỊCH"]


def test_a_draft_set_has_no_numbers_in_the_manifest(tmp_path: Path) -> None:
    result = build_set(load_dataset(CASES / "draft" / "data"), "inspection", tmp_path, today=TODAY)
    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
    assert [d["so_ky_hieu"] for d in manifest["documents"]] == [None] * 4


def test_a_failure_leaves_the_previous_set_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = load_dataset(CASES / "minimal" / "data")
    first = build_set(data, "inspection", tmp_path, today=TODAY)
    before = {p.name: p.read_bytes() for p in first.folder.iterdir()}
    real_render = build_module.render
    calls: list[Any] = []

    def failing_render(template: Path, context: Any, out: Path) -> Path:
        calls.append(out)
        if len(calls) == 3:
            raise RenderError("hỏng giữa chừng")
        return real_render(template, context, out)

    monkeypatch.setattr(build_module, "render", failing_render)
    with pytest.raises(RenderError):
        build_set(data, "inspection", tmp_path, today=TODAY)
    assert {p.name: p.read_bytes() for p in first.folder.iterdir()} == before
    assert sorted(p.name for p in first.folder.parent.iterdir()) == ["inspection"]


def test_ctrl_c_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(template: Path, context: Any, out: Path) -> Path:
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "render", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_set(load_dataset(CASES / "minimal" / "data"), "inspection", tmp_path, today=TODAY)
    assert list(tmp_path.iterdir()) == []


def test_cli_build_prints_progress_and_the_folder(tmp_path: Path) -> None:
    data = CASES / "minimal" / "data"
    args = ["build", "inspection", str(data), "--out", str(tmp_path), "--no-pdf"]
    result = CliRunner().invoke(cli, args)
    folder = tmp_path / "an-hoa" / "2026" / "inspection"
    assert result.exit_code == 0, result.output
    assert result.output == (
        "  Đã tạo 01-ke-hoach-kiem-tra.docx: Kế hoạch kiểm tra công tác CCHC (số 12/KH-UBND)\n"
        "  Đã tạo 02-quyet-dinh-doan.docx: Quyết định thành lập Đoàn kiểm tra (số 15/QĐ-UBND)\n"
        "  Đã tạo 03-thong-bao-van-phong-hdnd-va-ubnd.docx: Thông báo kết luận kiểm tra tại "
        "Văn phòng HĐND và UBND (số 40/TB-UBND)\n"
        "  Đã tạo 04-thong-bao-trung-tam-phuc-vu-hanh-chinh-cong.docx: Thông báo kết luận kiểm "
        "tra tại Trung tâm Phục vụ hành chính công (số 41/TB-UBND)\n"
        f"Đã lập 4 văn bản trong {folder}.\n"
    )


def test_cli_build_all_builds_every_set_the_data_supports(tmp_path: Path) -> None:
    data = CASES / "minimal" / "data"
    args = ["build", "all", str(data), "--out", str(tmp_path), "--no-pdf"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Bộ văn bản kiểm tra công tác CCHC:\n")
    assert (tmp_path / "an-hoa" / "2026" / "inspection" / "manifest.json").is_file()


def test_cli_build_without_inspection_data(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "to-chuc.yaml").write_bytes((CASES / "minimal" / "data" / "to-chuc.yaml").read_bytes())
    result = CliRunner().invoke(cli, ["build", "inspection", str(data), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == (
        "Lỗi: dữ liệu chưa có phần kiểm tra (kiem-tra.yaml) nên không lập được bộ văn bản "
        "kiểm tra\n"
    )
