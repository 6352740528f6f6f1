"""CLI tests for `vanban register list|show|void|export`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from generator.cli import cli
from generator.register import Register

from .register.test_store import req


@pytest.fixture
def register_file(tmp_path: Path) -> Path:
    """Return a register with three numbers of Bình Lư in 2026, one of them issued."""
    path = tmp_path / "so-dang-ky.sqlite"
    with Register(path) as reg:
        got = reg.issue(
            [
                req("01-ke-hoach-kiem-tra", "KH"),
                req("02-quyet-dinh-doan", "QĐ", date(2026, 3, 10)),
                req("03-thong-bao", "TB", date(2026, 5, 20)),
            ]
        )
        reg.record_hashes(got[0], "a" * 64, "b" * 64)
    return path


def run(*args: str) -> tuple[int, str]:
    """Return the exit code and the whole output of `vanban <args>`."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_list(register_file: Path) -> None:
    code, out = run("register", "list", "--so-dang-ky", str(register_file))
    assert code == 0
    assert out == (
        "Sổ đăng ký văn bản đi năm 2026 - Ủy ban nhân dân xã Bình Lư\n"
        "Số, ký hiệu  Ngày        Dãy số  Trạng thái     Bộ văn bản       Trích yếu\n"
        "-----------  ----------  ------  -------------  ---------------  "
        "----------------------------\n"
        "01/KH-UBND   05/03/2026  chung   đã ban hành    2026/inspection  "
        "Văn bản 01-ke-hoach-kiem-tra\n"
        "02/QĐ-UBND   10/03/2026  chung   chưa hoàn tất  2026/inspection  "
        "Văn bản 02-quyet-dinh-doan\n"
        "03/TB-UBND   20/05/2026  chung   chưa hoàn tất  2026/inspection  Văn bản 03-thong-bao\n"
        "3 số đã cấp: 1 đã ban hành, 2 chưa hoàn tất.\n"
    )


def test_void_then_show(register_file: Path) -> None:
    code, out = run(
        "register", "void", "02/QĐ-UBND", "--ly-do", "ký nhầm", "--so-dang-ky", str(register_file)
    )
    assert (code, out) == (
        0,
        "Đã hủy số 02/QĐ-UBND năm 2026 (lý do: ký nhầm). "
        "Số này vẫn được ghi trong sổ và không cấp lại.\n",
    )
    code, out = run("register", "show", "02/QĐ-UBND", "--so-dang-ky", str(register_file))
    assert code == 0
    lines = out.splitlines()
    assert lines[:3] == [
        "Số, ký hiệu:   02/QĐ-UBND",
        "Ngày ban hành: 10/03/2026",
        "Cơ quan:       Ủy ban nhân dân xã Bình Lư",
    ]
    assert "Trạng thái:    đã hủy số" in lines
    assert "Lý do hủy số:  ký nhầm" in lines
    assert not any(line.startswith("SHA-256") for line in lines)


def test_void_needs_a_reason(register_file: Path) -> None:
    code, out = run("register", "void", "02/QĐ-UBND", "--so-dang-ky", str(register_file))
    assert code == 2
    assert out.endswith("Lỗi: Thiếu tùy chọn '--ly-do'.\n")


def test_export(register_file: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "so.xlsx"
    code, out = run(
        "register", "export", str(out_file), "--so-dang-ky", str(register_file), "--nam", "2026"
    )
    assert (code, out) == (
        0,
        f"Đã xuất sổ đăng ký văn bản đi năm 2026 của Ủy ban nhân dân xã Bình Lư (3 số) "
        f"ra {out_file}.\n",
    )
    assert load_workbook(out_file)["Sổ chung"]["A11"].value == "03/TB-UBND"


def test_errors_name_the_problem(register_file: Path, tmp_path: Path) -> None:
    missing = tmp_path / "khong-co.sqlite"
    assert run("register", "list", "--so-dang-ky", str(missing)) == (
        1,
        f"Lỗi: {missing}: không tìm thấy sổ đăng ký văn bản đi; sổ được tạo khi cấp số lần đầu "
        "('vanban build … --issue'), hoặc chỉ rõ tệp bằng --so-dang-ky\n",
    )
    assert run("register", "list", "--so-dang-ky", str(register_file), "--to-chuc", "x") == (
        1,
        "Lỗi: sổ đăng ký không có tổ chức 'x' (có: binh-lu)\n",
    )
    assert run("register", "show", "9/KH-UBND", "--so-dang-ky", str(register_file)) == (
        1,
        "Lỗi: không có văn bản số 9/KH-UBND của binh-lu trong năm 2026; "
        "xem danh sách bằng 'vanban register list'\n",
    )
    assert run("register", "export", "so.csv", "--so-dang-ky", str(register_file)) == (
        1,
        "Lỗi: so.csv: tệp xuất phải có đuôi .xlsx\n",
    )


def test_several_organisations_need_to_chuc(register_file: Path) -> None:
    with Register(register_file) as reg:
        reg.issue([req("a", org="tan-ha")])
    assert run("register", "list", "--so-dang-ky", str(register_file)) == (
        1,
        "Lỗi: sổ đăng ký có 2 tổ chức (binh-lu, tan-ha); chọn một bằng --to-chuc\n",
    )
    code, out = run("register", "list", "--so-dang-ky", str(register_file), "--to-chuc", "tan-ha")
    assert code == 0
    assert out.endswith("1 số đã cấp: 1 chưa hoàn tất.\n")


def test_build_issue_numbers_the_set_once(tmp_path: Path) -> None:
    data = Path(__file__).resolve().parents[1] / "data" / "binh-lu"
    register_file = tmp_path / "so.sqlite"
    args = ["build", "inspection", str(data), "--out", str(tmp_path / "out"), "--no-pdf"]
    args += ["--issue", "--so-dang-ky", str(register_file), "--ngay", "05/03/2026"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    numbers = [ln for ln in first.output.splitlines() if ln.startswith("Đã cấp số")]
    assert numbers == [
        f"Đã cấp số ({register_file}): 01/KH-UBND, 02/QĐ-UBND, 03/TB-UBND, 04/TB-UBND, "
        "05/TB-UBND, 06/TB-UBND, 07/TB-UBND, 08/TB-UBND, 09/TB-UBND"
    ]
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0, again.output
    assert [ln for ln in again.output.splitlines() if ln.startswith("Đã cấp số")] == numbers
    with Register(register_file) as reg:
        entries = reg.entries("binh-lu", 2026)
    assert [e.status for e in entries] == ["issued"] * 9
    assert entries[1].trich_yeu == (
        "Về việc thành lập Đoàn kiểm tra công tác cải cách hành chính năm 2026"
    )
