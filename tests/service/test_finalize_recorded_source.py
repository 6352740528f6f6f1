"""A set remembers the data it was built from (manifest.json): `vanban finalize` without
--du-lieu renders the drafts citing a new number from it, while it is still there unchanged.
Real LibreOffice, as the other finalize tests."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.service.test_finalize import finalize, manifest
from tests.service.test_finalize_citations import DATA, KH, QD, TBS, issue, registered, text

DRAFT_KH = "Kế hoạch số /KH-UBND ngày tháng năm 2026"
SET = Path("out") / "an-hoa" / "2026" / "inspection"
FAR = "../../../../"  # from the set folder back to the folder holding out/ and the data

pytestmark = [
    pytest.mark.soffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="cần LibreOffice"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder holding the data (du-lieu/) and the draft set built from it (out/)."""
    root = tmp_path_factory.mktemp("recorded")
    shutil.copytree(DATA, root / "du-lieu")
    result = CliRunner().invoke(
        cli, ["build", "inspection", str(root / "du-lieu"), "--out", str(root / "out")]
    )
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def root(built: Path, tmp_path: Path) -> Path:
    """Return this test's own copy of the data and the set, side by side as built."""
    shutil.copytree(built, tmp_path / "root", symlinks=True)
    return tmp_path / "root"


def folder_sha256(folder: Path) -> str:
    """Return the SHA-256 over the YAML files' names and hashes, in name order."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.yaml")):
        digest.update(f"{path.name}\0{hashlib.sha256(path.read_bytes()).hexdigest()}\n".encode())
    return digest.hexdigest()


def test_the_manifest_records_the_data_relative_to_the_set(built: Path) -> None:
    data = manifest(built / SET)
    assert data["data"] == f"{FAR}du-lieu"
    assert data["data_sha256"] == folder_sha256(built / "du-lieu")
    assert data["templates"] is None
    assert data["set"] == "inspection" and len(data["documents"]) == 4  # the old keys stay


def test_finalize_without_du_lieu_uses_the_recorded_data(root: Path, tmp_path: Path) -> None:
    the_set = root / SET
    before = manifest(the_set)
    assert all(DRAFT_KH in text(the_set / name) for name in (QD, *TBS))
    register = tmp_path / "so-dang-ky.sqlite"
    edited = tmp_path / "ke-hoach.docx"
    shutil.copyfile(the_set / KH, edited)
    result = finalize(str(edited), "--set-dir", str(the_set), *issue(register, "12/03/2026"))
    assert result.exit_code == 0, result.output
    assert registered(register)["kh_kiem_tra:ke-hoach-kiem-tra"] == ("01/KH-UBND", "2026-03-12")
    cited = "Kế hoạch số 01/KH-UBND ngày 12/3/2026"
    lines = result.output.splitlines()
    assert f"Dùng dữ liệu đã lập bộ: {root / 'du-lieu'}" in lines
    assert "Cảnh báo" not in result.output
    assert lines[-1] == f"Đã lập lại 3 dự thảo trích dẫn số 01/KH-UBND: {QD}, {', '.join(TBS)}."
    assert f"Căn cứ {cited} của Ủy ban nhân dân xã An Hòa" in text(the_set / QD)
    for name in TBS:
        assert f"Thực hiện {cited} của Ủy ban nhân dân xã An Hòa" in text(the_set / name)
    after = manifest(the_set)  # finalize's rewrite keeps what the build recorded
    assert {k: after[k] for k in ("data", "data_sha256", "templates")} == {
        k: before[k] for k in ("data", "data_sha256", "templates")
    }


def _drafts(the_set: Path) -> dict[str, bytes]:
    return {n: (the_set / n).read_bytes() for n in (QD, *TBS)}


def _left_alone(result_output: str, the_set: Path, kept: dict[str, bytes], why: str) -> None:
    lines = result_output.splitlines()
    assert f"Cảnh báo: {why}" in lines, result_output
    assert (
        f"Cảnh báo: các dự thảo {QD}, {', '.join(TBS)} chưa trích dẫn «Kế hoạch số 01/KH-UBND "
        "ngày 12/3/2026»; hoàn thiện lại kèm --du-lieu DỮ_LIỆU (dữ liệu đã dùng để lập bộ) để "
        "vanban lập lại các dự thảo này" in lines
    )
    assert "Đã lập lại" not in result_output
    assert _drafts(the_set) == kept


def test_changed_data_is_not_used(root: Path, tmp_path: Path) -> None:
    the_set = root / SET
    kept = _drafts(the_set)
    data = root / "du-lieu" / "kiem-tra.yaml"
    data.write_text(data.read_text(encoding="utf-8") + "\n# sửa sau khi lập bộ\n", "utf-8")
    edited = tmp_path / "ke-hoach.docx"
    shutil.copyfile(the_set / KH, edited)
    result = finalize(
        str(edited), "--set-dir", str(the_set), *issue(tmp_path / "so.sqlite", "12/03/2026")
    )
    assert result.exit_code == 0, result.output
    _left_alone(
        result.output, the_set, kept,
        f"dữ liệu đã dùng để lập bộ ({root / 'du-lieu'}) đã thay đổi sau khi lập bộ, nên không "
        "được dùng để lập lại các dự thảo; nếu vẫn muốn dùng, hoàn thiện lại kèm --du-lieu "
        f"{root / 'du-lieu'}",
    )  # fmt: skip


def test_moved_data_is_named_and_du_lieu_still_overrides(root: Path, tmp_path: Path) -> None:
    the_set = root / SET
    kept = _drafts(the_set)
    (root / "du-lieu").rename(root / "du-lieu-cu")
    edited = tmp_path / "ke-hoach.docx"
    shutil.copyfile(the_set / KH, edited)
    register = tmp_path / "so.sqlite"
    result = finalize(str(edited), "--set-dir", str(the_set), *issue(register, "12/03/2026"))
    assert result.exit_code == 0, result.output
    _left_alone(
        result.output, the_set, kept,
        f"không thấy dữ liệu đã dùng để lập bộ ({root / 'du-lieu'}, ghi trong manifest.json), "
        "nên không lập lại được các dự thảo; hoàn thiện lại kèm --du-lieu DỮ_LIỆU (thư mục YAML "
        "hoặc tệp .xlsx đã dùng để lập bộ)",
    )  # fmt: skip
    # Finalised again with the data where it is now: the drafts follow.
    result = finalize(
        str(edited), "--set-dir", str(the_set), *issue(register, "12/03/2026"),
        "--du-lieu", str(root / "du-lieu-cu"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("Đã lập lại 3 dự thảo trích dẫn số 01/KH-")


def test_missing_templates_are_named(root: Path, tmp_path: Path) -> None:
    the_set = root / SET
    kept = _drafts(the_set)
    path = the_set / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["templates"] = f"{FAR}mau-rieng"  # as if built with templates moved since
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    edited = tmp_path / "ke-hoach.docx"
    shutil.copyfile(the_set / KH, edited)
    result = finalize(
        str(edited), "--set-dir", str(the_set), *issue(tmp_path / "so.sqlite", "12/03/2026")
    )
    assert result.exit_code == 0, result.output
    _left_alone(
        result.output, the_set, kept,
        f"không thấy thư mục mẫu riêng đã dùng để lập bộ ({root / 'mau-rieng'}, ghi trong "
        "manifest.json), nên không lập lại được các dự thảo; hoàn thiện lại kèm --du-lieu "
        "DỮ_LIỆU --templates THƯ_MỤC",
    )  # fmt: skip


def test_build_with_a_workbook_records_the_file_hash(tmp_path: Path) -> None:
    """A workbook's hash is the file's own SHA-256 (what sha256sum prints)."""
    from generator.sources import load_dataset
    from generator.sources.xlsx_writer import write_workbook

    workbook = tmp_path / "so-lieu" / "du-lieu.xlsx"
    workbook.parent.mkdir()
    write_workbook(load_dataset(DATA), workbook)
    out = tmp_path / "ket-qua"
    result = CliRunner().invoke(
        cli, ["build", "inspection", str(workbook), "--out", str(out), "--no-pdf"]
    )
    assert result.exit_code == 0, result.output
    data = manifest(out / "an-hoa" / "2026" / "inspection")
    assert data["data"] == "../../../../so-lieu/du-lieu.xlsx"
    assert data["data_sha256"] == hashlib.sha256(workbook.read_bytes()).hexdigest()


def test_batch_queued_and_web_builds_record_the_data(tmp_path: Path) -> None:
    from generator.batch.jobs import OrgJob, SetJob
    from generator.batch.runner import BatchOptions
    from generator.service.jobs import BuildSpec, run_build
    from generator.service.queued import prepare_tasks, run_set_task
    from tests.batch.test_batch import ARGS, batch, make_province

    [org] = make_province(1, tmp_path / "tinh")
    expected = folder_sha256(org)
    out = tmp_path / "lo"
    code, stdout = batch(str(tmp_path / "tinh"), "--out", str(out), *ARGS)
    assert code == 0, stdout
    made = manifest(out / "tan-ha" / "2026" / "inspection")
    assert (made["data"], made["data_sha256"]) == (f"{FAR}tinh/{org.name}", expected)
    options = BatchOptions(out=tmp_path / "hang", today=date(2026, 3, 5), pdf=False)
    _, [(task, _)] = prepare_tasks(OrgJob(org, (SetJob("inspection"),)), options)
    done = run_set_task(task, converter=None)
    assert done.outcome is not None and done.outcome.status == "built", done
    made = manifest(Path(done.outcome.folder or ""))
    assert (made["data"], made["data_sha256"]) == (f"{FAR}tinh/{org.name}", expected)
    spec = BuildSpec(data=str(org), set_name="inspection", out=str(tmp_path / "web" / "out"))
    run_build(spec, converter=None, events=lambda _event: None)
    made = manifest(tmp_path / "web" / "out" / "tan-ha" / "2026" / "inspection")
    assert (made["data"], made["data_sha256"]) == (f"{FAR}../tinh/{org.name}", expected)
