"""YAML files and du-lieu.xlsx side by side (issue 17): never read one silently when the other
says something else; the sample commune's name left in cells after a rename is warned about."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.errors import SourceError
from generator.sources import load_dataset
from generator.sources.sample import sample_folder
from tests.sources.conftest import set_cells


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder written by `vanban init` (copied by each test that edits it)."""
    target = tmp_path_factory.mktemp("init") / "xa"
    result = CliRunner().invoke(cli, ["init", str(target)])
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture
def xa(initialised: Path, tmp_path: Path) -> Path:
    target = tmp_path / "xa"
    shutil.copytree(initialised, target)
    return target


def _age(path: Path, seconds: int) -> None:
    stat = path.stat()
    os.utime(path, (stat.st_atime - seconds, stat.st_mtime - seconds))


def test_a_fresh_folder_reads_because_both_sides_agree(xa: Path) -> None:
    assert load_dataset(xa, "xa").to_chuc.ten_day_du == "Ủy ban nhân dân xã Bình Lư"


def test_an_edited_workbook_is_not_ignored(xa: Path) -> None:
    for yaml_file in xa.glob("*.yaml"):
        _age(yaml_file, 3600)
    set_cells(xa / "du-lieu.xlsx", "ToChuc", B3="Ủy ban nhân dân phường Mới")
    with pytest.raises(SourceError) as caught:
        load_dataset(xa, "xa")
    message = str(caught.value)
    assert message.startswith(
        "xa: thư mục có cả các tệp YAML và sổ Excel du-lieu.xlsx, và hai bên không giống nhau "
        "(sửa gần nhất: du-lieu.xlsx, lúc "
    )
    assert message.endswith(
        "vanban không tự chọn một bên. Chỉ rõ dữ liệu: xa/du-lieu.xlsx để dùng sổ Excel, hoặc "
        "xa/to-chuc.yaml để dùng các tệp YAML (hoặc chuyển bên không dùng ra khỏi thư mục)"
    )
    excel = load_dataset(xa / "du-lieu.xlsx", "xa/du-lieu.xlsx")
    assert excel.to_chuc.ten_day_du == "Ủy ban nhân dân phường Mới"
    yaml = load_dataset(xa / "to-chuc.yaml", "xa/to-chuc.yaml")
    assert yaml.to_chuc.ten_day_du == "Ủy ban nhân dân xã Bình Lư"


def test_edited_yaml_is_named_as_the_newer_side(xa: Path) -> None:
    _age(xa / "du-lieu.xlsx", 3600)
    path = xa / "to-chuc.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Bình Lư", "Mới"), encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_dataset(xa, "xa")
    assert "(sửa gần nhất: các tệp YAML, lúc " in str(caught.value)


def test_check_and_build_on_the_folder_refuse_with_the_message(xa: Path, tmp_path: Path) -> None:
    set_cells(xa / "du-lieu.xlsx", "ToChuc", B3="Ủy ban nhân dân phường Mới")
    runner = CliRunner()
    for args in (
        ["check", str(xa)],
        ["build", "plan", str(xa), "--no-pdf", "--out", str(tmp_path)],
    ):
        result = runner.invoke(cli, args)
        assert result.exit_code == 1, result.output
        assert "thư mục có cả các tệp YAML và sổ Excel du-lieu.xlsx" in result.output
        assert "Traceback" not in result.output


def test_a_broken_workbook_beside_yaml_is_not_skipped(xa: Path) -> None:
    set_cells(xa / "du-lieu.xlsx", "CanBo", B2=None)
    with pytest.raises(SourceError):
        load_dataset(xa, "xa")


def test_check_warns_about_the_sample_name_left_after_a_rename(tmp_path: Path) -> None:
    folder = tmp_path / "moi"
    shutil.copytree(sample_folder(), folder)
    path = folder / "to-chuc.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "ten_day_du: Ủy ban nhân dân xã Bình Lư", "ten_day_du: Ủy ban nhân dân xã Mới"
    )
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(folder)])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Cảnh báo: tổ chức đã đổi tên thành Ủy ban nhân dân xã Mới, nhưng ")
    assert lines[0].endswith("ô (trường) vẫn ghi tên xã mẫu 'Bình Lư'; kiểm tra lại:")
    assert len(lines) == 7  # the count, five places, "… và N chỗ khác"
    assert lines[1].startswith(f"- {folder}/to-chuc.yaml › ")
    assert "BÌNH LƯ" in lines[1]  # case is ignored
    assert lines[6].startswith("- … và ")


def test_build_warns_about_the_sample_name_before_building(tmp_path: Path) -> None:
    folder = tmp_path / "moi"
    shutil.copytree(sample_folder(), folder)
    for path in folder.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("Bình Lư", "Mới").replace("BÌNH LƯ", "MỚI"), "utf-8")
    path = folder / "to-chuc.yaml"
    text = path.read_text(encoding="utf-8")
    assert "ten: Trạm Y tế xã Mới" in text
    path.write_text(text.replace("ten: Trạm Y tế xã Mới", "ten: Trạm Y tế xã Bình Lư"), "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "plan", str(folder), "--no-pdf", "--out", str(out)])
    assert result.exit_code == 0, result.output
    warning = (
        "Cảnh báo: tổ chức đã đổi tên thành Ủy ban nhân dân xã Mới, nhưng 1 ô (trường) vẫn ghi "
        "tên xã mẫu 'Bình Lư'; kiểm tra lại:\n"
        f"- {folder}/to-chuc.yaml › don_vi[10].ten (dòng 76): 'Trạm Y tế xã Bình Lư'\n"
    )
    assert result.stderr == warning
    # Given before the documents are made, so the clerk reads it before opening them.
    assert result.output.startswith(warning)
    assert "Đã lập 1 văn bản" in result.stdout


def test_no_warning_while_the_organisation_is_the_sample(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(sample_folder())])
    assert result.exit_code == 0
    assert result.stderr == ""
