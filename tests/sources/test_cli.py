"""CLI tests of `vanban check` and `vanban init` through click's CliRunner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.sources import sample
from tests.sources.conftest import MINI, set_cells

OK_MINI = (
    "Dữ liệu hợp lệ: Ủy ban nhân dân xã Mẫu (3 đơn vị; 4 cán bộ; 1 chỉ tiêu, 1 nhiệm vụ kế "
    "hoạch; 1 thông báo kết luận kiểm tra; 1 kỳ báo cáo).\n"
)


def test_check_valid_folder_and_workbook(mini_xlsx: Path) -> None:
    runner = CliRunner()
    for data in (str(MINI), str(mini_xlsx)):
        result = runner.invoke(cli, ["check", data])
        assert result.exit_code == 0, result.output
        assert result.stdout == OK_MINI


def test_check_lists_every_problem_and_exits_1(mini_xlsx: Path, tmp_path: Path) -> None:
    set_cells(mini_xlsx, "CanBo", B3=None, C2="Anh")
    set_cells(mini_xlsx, "ChiTieu", E2="chín lăm")
    before = sorted(p.name for p in tmp_path.iterdir())
    result = CliRunner().invoke(cli, ["check", str(mini_xlsx)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Dữ liệu có 3 lỗi cần sửa:\n"
        f"- {mini_xlsx} › CanBo!C2 (Danh xưng): cần một trong các giá trị 'Ông', 'Bà', nhận "
        "được 'Anh'\n"
        f"- {mini_xlsx} › CanBo!B3 (Họ và tên): thiếu giá trị bắt buộc\n"
        f"- {mini_xlsx} › ChiTieu!E2 (Mục tiêu): cần một số phần trăm như 95 hoặc 95%, nhận "
        "được 'chín lăm'\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_check_refuses_a_file_that_is_not_xlsx(tmp_path: Path) -> None:
    fake = tmp_path / "du-lieu.xlsx"
    fake.write_text("không phải Excel", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(fake)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Lỗi: {fake}: không phải tệp Excel .xlsx hợp lệ; mở bằng Excel và lưu lại dạng Sổ làm "
        "việc Excel (.xlsx)\n"
    )


def test_init_writes_yaml_and_workbook_that_check_accepts(tmp_path: Path) -> None:
    target = tmp_path / "xa-moi"
    runner = CliRunner()
    result = runner.invoke(cli, ["init", str(target)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in sample.sample_folder().glob("*.yaml"))
    assert result.stdout == (
        f"Đã tạo bộ dữ liệu mẫu trong {target}: {', '.join(names)}, du-lieu.xlsx.\n"
        f"Sửa dữ liệu ở một bên: sổ du-lieu.xlsx (kiểm tra bằng 'vanban check "
        f"{target / 'du-lieu.xlsx'}') hoặc các tệp YAML ('vanban check "
        f"{target / 'to-chuc.yaml'}'). 'vanban check {target}' đọc thư mục khi hai bên giống "
        "nhau, và dừng lại hỏi dùng bên nào khi chúng khác nhau.\n"
    )
    assert sorted(p.name for p in target.iterdir()) == sorted([*names, "du-lieu.xlsx"])
    from_yaml = runner.invoke(cli, ["check", str(target)])
    from_excel = runner.invoke(cli, ["check", str(target / "du-lieu.xlsx")])
    assert from_yaml.exit_code == from_excel.exit_code == 0
    assert from_yaml.stdout == from_excel.stdout
    assert from_yaml.stdout.startswith("Dữ liệu hợp lệ: Ủy ban nhân dân xã Bình Lư (")


def test_init_refuses_to_overwrite_unless_asked(tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "xa"
    target.mkdir()
    (target / "du-lieu.xlsx").write_bytes("dữ liệu cũ".encode())
    result = runner.invoke(cli, ["init", str(target)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Lỗi: {target} đã có du-lieu.xlsx; không ghi đè. Chọn thư mục khác hoặc thêm --ghi-de "
        "để ghi đè.\n"
    )
    assert (target / "du-lieu.xlsx").read_bytes() == "dữ liệu cũ".encode()
    for flag in ("--ghi-de", "--force"):
        forced = runner.invoke(cli, ["init", str(target), flag])
        assert forced.exit_code == 0, forced.output
    assert (target / "du-lieu.xlsx").read_bytes().startswith(b"PK")


def test_init_without_the_sample_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "khong-co" / "binh-lu"
    monkeypatch.setattr(sample, "sample_folder", lambda: missing)
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "xa")])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Lỗi: không tìm thấy bộ dữ liệu mẫu ở {missing} (bản cài đặt thiếu thư mục "
        "data/binh-lu); cài lại vanban từ mã nguồn đầy đủ\n"
    )
    assert not (tmp_path / "xa").exists()
