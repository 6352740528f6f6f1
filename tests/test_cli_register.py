"""CLI tests for `vanban register list|show|void|export`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from generator.cli import cli
from generator.register import Register
from tests.docx_text import docx_text

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
        "Số, ký hiệu  Ngày        Dãy số  Trạng thái     Bộ văn bản              Trích yếu\n"
        "-----------  ----------  ------  -------------  ----------------------  "
        "----------------------------\n"
        "01/KH-UBND   05/03/2026  chung   đã ban hành    Kiểm tra CCHC năm 2026  "
        "Văn bản 01-ke-hoach-kiem-tra\n"
        "02/QĐ-UBND   10/03/2026  chung   chưa hoàn tất  Kiểm tra CCHC năm 2026  "
        "Văn bản 02-quyet-dinh-doan\n"
        "03/TB-UBND   20/05/2026  chung   chưa hoàn tất  Kiểm tra CCHC năm 2026  "
        "Văn bản 03-thong-bao\n"
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


def _issue(data: Path, tmp_path: Path, *extra: str) -> tuple[int, list[str], str]:
    """Run `build inspection --issue` and return (exit code, "Đã cấp số" lines, stderr)."""
    register_file = tmp_path / "so.sqlite"
    args = ["build", "inspection", str(data), "--out", str(tmp_path / "out"), "--no-pdf"]
    args += ["--issue", "--so-dang-ky", str(register_file), *extra]
    result = CliRunner().invoke(cli, args)
    lines = [ln for ln in result.stdout.splitlines() if ln.startswith("Đã cấp số")]
    return result.exit_code, lines, result.stderr


def test_a_whole_set_dated_before_its_inspections_is_refused(tmp_path: Path) -> None:
    data = Path(__file__).resolve().parents[1] / "data" / "binh-lu"
    code, lines, err = _issue(data, tmp_path, "--ngay", "05/03/2026")
    assert (code, lines) == (1, [])
    assert err.startswith(
        "Lỗi: không cấp số ngày 05/03/2026: Thông báo kết luận (vp-hdnd-ubnd) ngày 05/3/2026 "
        "sớm hơn buổi kiểm tra của nó ngày 15/9/2026; ngày sau phải từ ngày trước trở đi; "
    )
    assert err.rstrip().endswith(
        "Cấp riêng từng văn bản khi đến lúc ban hành, ví dụ --chi KH,QĐ bây giờ, rồi --chi "
        "TB:<mã đơn vị> --ngay <ngày> sau buổi kiểm tra của đơn vị đó"
    )
    with Register(tmp_path / "so.sqlite") as reg:
        assert reg.entries("binh-lu", 2026) == []  # nothing allocated


def test_build_issue_numbers_the_set_in_steps(tmp_path: Path) -> None:
    """KH and QĐ now, one TB after its inspection, the other TBs later: each keeps its number."""
    data = Path(__file__).resolve().parents[1] / "data" / "binh-lu"
    register_file = tmp_path / "so.sqlite"
    first = _issue(data, tmp_path, "--chi", "KH,QĐ", "--ngay", "05/03/2026")
    assert first == (
        0,
        [f"Đã cấp số ({register_file}): 01/KH-UBND, 02/QĐ-UBND; còn 7 văn bản dự thảo chưa cấp số"],
        "",
    )
    second = _issue(data, tmp_path, "--chi", "TB:kinh-te", "--ngay", "05/10/2026")
    assert second[:2] == (
        0,
        [
            f"Đã cấp số ({register_file}): 01/KH-UBND, 02/QĐ-UBND, 03/TB-UBND; còn 6 văn bản "
            "dự thảo chưa cấp số"
        ],
    )
    folder = tmp_path / "out" / "binh-lu" / "2026" / "inspection"
    tb = docx_text(folder / "04-thong-bao-phong-kinh-te.docx")
    assert "Số: 03/TB-UBND" in tb and "Kế hoạch số 01/KH-UBND" in tb
    third = _issue(data, tmp_path, "--chi", "TB", "--ngay", "15/10/2026")
    assert third[:2] == (
        0,
        [
            f"Đã cấp số ({register_file}): 01/KH-UBND, 02/QĐ-UBND, 04/TB-UBND, 03/TB-UBND, "
            "05/TB-UBND, 06/TB-UBND, 07/TB-UBND, 08/TB-UBND, 09/TB-UBND"
        ],
    )
    with Register(register_file) as reg:
        entries = reg.entries("binh-lu", 2026)
    assert [e.status for e in entries] == ["issued"] * 9
    assert [e.ngay.isoformat() for e in entries[:3]] == ["2026-03-05", "2026-03-05", "2026-10-05"]
    assert entries[1].trich_yeu == (
        "Về việc thành lập Đoàn kiểm tra công tác cải cách hành chính năm 2026"
    )


def test_choosing_documents_names_what_the_set_has(tmp_path: Path) -> None:
    data = Path(__file__).resolve().parents[1] / "data" / "binh-lu"
    code, _, err = _issue(data, tmp_path, "--chi", "TB:khong-co")
    assert code == 1
    assert err == (
        "Lỗi: --chi: bộ văn bản không có văn bản 'TB:khong-co'; chọn trong: KH, QĐ, TB, "
        "TB:vp-hdnd-ubnd, TB:kinh-te, TB:tt-pvhcc, TB:cong-an, TB:tram-y-te, TB:thcs-binh-lu, "
        "TB:th-binh-lu\n"
    )
    result = CliRunner().invoke(cli, ["build", "inspection", str(data), "--chi", "KH"])
    assert result.exit_code != 0
    assert "--chi chỉ dùng cùng --issue" in result.stderr


def test_set_names_read_in_vietnamese() -> None:
    from generator.register.names import set_label

    assert set_label("2026/inspection") == "Kiểm tra CCHC năm 2026"
    assert set_label("2026/report-2026-h1") == "Báo cáo 6 tháng đầu năm 2026"
    assert set_label("2026/report-2026") == "Báo cáo năm 2026"
    assert set_label("2026/plan") == "Kế hoạch CCHC"
    assert set_label("tu-soan") == "tu-soan"


def test_register_list_finds_the_register_the_last_build_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clerk builds from a folder anywhere, then lists without naming the register."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    data = Path(__file__).resolve().parents[1] / "data" / "binh-lu"
    code, lines, _ = _issue(data, tmp_path, "--chi", "KH", "--ngay", "05/03/2026")
    assert code == 0, lines
    monkeypatch.chdir(tmp_path)  # no data/so-dang-ky.sqlite here
    code, out = run("register", "list")
    assert code == 0, out
    assert out.splitlines()[:2] == [
        f"(Sổ đăng ký: {tmp_path / 'so.sqlite'})",
        "Sổ đăng ký văn bản đi năm 2026 - Ủy ban nhân dân xã Bình Lư",
    ]
    assert "Kiểm tra CCHC năm 2026" in out
