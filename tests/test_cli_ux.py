"""What a clerk reads from `vanban`: help, click's own errors, disk errors and build summaries."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli, os_message

ROOT = Path(__file__).resolve().parents[1]
BINH_LU = ROOT / "data" / "binh-lu"

BUILD_HELP = """\
Cách dùng: vanban build [TÙY_CHỌN] BỘ DỮ_LIỆU

  Lập bộ văn bản BỘ từ DỮ_LIỆU (thư mục YAML hoặc sổ Excel .xlsx).

  BỘ là một trong:
    inspection  Kế hoạch kiểm tra, Quyết định thành lập Đoàn, các Thông báo kết luận
    report      Báo cáo kết quả CCHC của kỳ --ky, kèm phụ lục số liệu (.docx và .xlsx)
    plan        Kế hoạch CCHC (năm hoặc nhiều năm) kèm phụ lục nhiệm vụ
    all         mọi bộ mà dữ liệu có, mọi kỳ báo cáo đã có van_ban

  Kết quả ghi vào THƯ_MỤC/<xã>/<năm>/<bộ>[-<kỳ>]/ kèm manifest.json (và bundle.pdf khi có PDF); bộ
  văn bản chỉ xuất hiện khi đã tạo xong toàn bộ. Văn bản đã hoàn thiện (vanban finalize) được giữ
  nguyên, trừ khi có --lap-lai-da-hoan-thien.

Tùy chọn:
  --out THƯ_MỤC                   Thư mục ghi kết quả.  [mặc định: out]
  --ky, --period KỲ               Kỳ báo cáo của bộ report: 2026-Q1 (quý I), 2026-H1 (6 tháng),
                                  2026-Q3 (quý III), 2026-9M (9 tháng) hoặc 2026 (năm).
  --no-pdf                        Chỉ tạo .docx, không chuyển sang PDF.
  -j, --jobs N                    Số tiến trình LibreOffice chạy song song; mặc định = số nhân của
                                  máy.
  --issue                         Cấp số, ngày ban hành từ sổ đăng ký văn bản đi.
  --so-dang-ky TỆP                Tệp sổ đăng ký; mặc định so-dang-ky.sqlite cạnh DỮ_LIỆU.
  --ngay NGÀY                     Ngày ban hành khi cấp số (dd/mm/yyyy); mặc định hôm nay.
  --templates THƯ_MỤC             Thư mục mẫu riêng (vanban template export); loại nào không có mẫu
                                  ở đó thì dùng mẫu mặc định.
  --chi VĂN_BẢN                   Với --issue: chỉ cấp số cho các văn bản này (KH, QĐ, TB, TB:<mã
                                  đơn vị>, BC; nhiều văn bản cách nhau bằng dấu phẩy); văn bản khác
                                  giữ số đã cấp hoặc còn là dự thảo.
  --lap-lai-da-hoan-thien, --rebuild-finalised
                                  Lập lại cả văn bản đã hoàn thiện (vanban finalize) từ dữ liệu; bản
                                  đã hoàn thiện được giữ trong versions/ của bộ mới. Không có tùy
                                  chọn này thì văn bản đã hoàn thiện được giữ nguyên, chỉ lập lại
                                  các văn bản khác.
  -h, --help                      Hiện hướng dẫn này rồi thoát.
"""

USAGE = (
    "Cách dùng: vanban build [TÙY_CHỌN] BỘ DỮ_LIỆU\nGõ 'vanban build --help' để xem hướng dẫn.\n\n"
)


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), prog_name="vanban", terminal_width=100)
    return result.exit_code, result.stdout, result.stderr


def test_build_help_names_the_sets_and_has_no_english_metavars() -> None:
    code, out, err = _run("build", "--help")
    assert (code, out, err) == (0, BUILD_HELP, "")


def test_group_help_lists_each_command_in_one_short_line() -> None:
    code, out, _ = _run("--help")
    assert code == 0
    listed = out.split("Các lệnh:\n", 1)[1].splitlines()
    mine = {line.split()[0]: line.split(None, 1)[1] for line in listed if line.strip()}
    assert {k: mine[k] for k in ("build", "check", "init", "lint")} == {
        "build": "Lập bộ văn bản (.docx, PDF/A, bundle.pdf) từ dữ liệu.",
        "check": "Kiểm tra dữ liệu, liệt kê mọi lỗi một lần.",
        "init": "Tạo bộ dữ liệu mẫu (YAML và Excel) để sửa theo xã mình.",
        "lint": "Kiểm tra thể thức văn bản .docx, .pdf theo NĐ 30.",
    }


def test_out_that_is_a_file_is_refused_in_vietnamese(tmp_path: Path) -> None:
    a_file = tmp_path / "ket-qua"
    a_file.write_text("", encoding="utf-8")
    code, out, err = _run("build", "plan", str(BINH_LU), "--no-pdf", "--out", str(a_file))
    assert (code, out) == (2, "")
    assert err == (
        f"{USAGE}Lỗi: Giá trị không hợp lệ cho '--out': '{a_file}' là một tệp, cần một thư mục.\n"
    )


@pytest.mark.parametrize("jobs", ["0", "-2"])
def test_jobs_below_one_is_refused_in_vietnamese(jobs: str, tmp_path: Path) -> None:
    code, out, err = _run("build", "plan", str(BINH_LU), "--jobs", jobs, "--out", str(tmp_path))
    assert (code, out) == (2, "")
    assert err == (
        f"{USAGE}Lỗi: Giá trị không hợp lệ cho '--jobs' / '-j': cần một số từ 1 trở lên, "
        f"nhận được {jobs}.\n"
    )


def test_out_below_a_file_gives_a_message_not_a_traceback(tmp_path: Path) -> None:
    a_file = tmp_path / "ket-qua"
    a_file.write_text("", encoding="utf-8")
    code, out, err = _run("build", "plan", str(BINH_LU), "--no-pdf", "--out", str(a_file / "x"))
    assert (code, out) == (1, "")
    assert err == (
        f"Lỗi: không ghi hoặc đọc được '{a_file / 'x' / 'binh-lu' / '2026'}': một phần của "
        "đường dẫn là tệp, không phải thư mục\n"
    )


def test_missing_data_folder_is_named(tmp_path: Path) -> None:
    code, out, err = _run("build", "all", str(tmp_path / "khong-co"), "--no-pdf")
    assert (code, out) == (1, "")
    assert err == f"Lỗi: {tmp_path / 'khong-co'}: không tìm thấy thư mục hoặc tệp dữ liệu này\n"


def test_issue_date_in_the_wrong_form_is_explained(tmp_path: Path) -> None:
    args = ("build", "plan", str(BINH_LU), "--no-pdf", "--issue", "--ngay", "2026-03-05")
    code, out, err = _run(*args, "--out", str(tmp_path))
    assert (code, out) == (2, "")
    assert err == (
        f"{USAGE}Lỗi: Giá trị không hợp lệ cho '--ngay': '2026-03-05' không phải một ngày dạng "
        "ngày/tháng/năm, ví dụ 05/03/2026.\n"
    )


def test_unknown_set_lists_the_choices() -> None:
    code, out, err = _run("build", "kiem-tra", str(BINH_LU))
    assert (code, out) == (2, "")
    assert err == (
        f"{USAGE}Lỗi: Giá trị không hợp lệ cho 'BỘ': 'kiem-tra' không thuộc các lựa chọn "
        "'inspection', 'report', 'plan', 'all'.\n"
    )


def test_period_on_the_inspection_set_is_refused(tmp_path: Path) -> None:
    for option in ("--ky", "--period"):
        args = ("build", "inspection", str(BINH_LU), "--no-pdf", option, "2026-Q1")
        code, out, err = _run(*args, "--out", str(tmp_path))
        assert (code, out) == (1, "")
        assert err == "Lỗi: bộ văn bản kiểm tra không chia theo kỳ; bỏ tùy chọn --period\n"
    assert list(tmp_path.iterdir()) == []


def test_data_with_nothing_to_build_is_an_error(tmp_path: Path) -> None:
    data = tmp_path / "du-lieu"
    data.mkdir()
    shutil.copy(BINH_LU / "to-chuc.yaml", data)
    code, out, err = _run("build", "all", str(data), "--no-pdf", "--out", str(tmp_path / "out"))
    assert (code, out) == (1, "")
    assert err == (
        "Lỗi: dữ liệu chưa có phần nào để lập văn bản; thêm phần kiểm tra (kiem-tra.yaml hoặc "
        "trang KiemTra của sổ Excel), kế hoạch (ke-hoach.yaml hoặc trang KeHoach) hoặc một kỳ "
        "báo cáo có van_ban (bao-cao.yaml hoặc trang BaoCao)\n"
    )


def test_build_all_ends_with_one_summary_line(tmp_path: Path) -> None:
    code, out, err = _run("build", "all", str(BINH_LU), "--no-pdf", "--out", str(tmp_path))
    assert (code, err) == (0, "")
    folder = tmp_path / "binh-lu" / "2026"
    assert out.splitlines()[-5:] == [
        f"Đã lập 9 văn bản trong {folder / 'inspection'}.",
        f"Đã lập 1 văn bản trong {folder / 'report-2026-q1'}.",
        f"Đã lập 1 văn bản trong {folder / 'report-2026-h1'}.",
        f"Đã lập 1 văn bản trong {folder / 'plan'}.",
        f"Xong 4 bộ, 12 văn bản; thư mục kết quả: {folder}.",
    ]


def test_disk_errors_read_in_vietnamese() -> None:
    denied = PermissionError(errno.EACCES, "Permission denied", "/srv/out")
    assert os_message(denied) == (
        "không ghi hoặc đọc được '/srv/out': không có quyền ghi hoặc đọc; chọn thư mục khác "
        "hoặc xin cấp quyền"
    )
    assert os_message(OSError(errno.ENOSPC, "No space left on device")) == (
        "ổ đĩa đã đầy; giải phóng dung lượng rồi chạy lại"
    )
    assert os_message(OSError(errno.EIO, "Input/output error", "/mnt/usb/a.docx")) == (
        "không ghi hoặc đọc được '/mnt/usb/a.docx': lỗi hệ thống (Input/output error)"
    )


@pytest.mark.soffice
def test_lint_of_a_built_draft_plan_is_clean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The draft's blank day passes in the PDF too, and the set's bundle.pdf is not linted."""
    if shutil.which("soffice") is None:
        pytest.skip("cần LibreOffice (soffice)")
    monkeypatch.setenv("HOME", str(tmp_path))
    code, _, _ = _run("build", "plan", str(BINH_LU), "--out", str(tmp_path / "out"))
    assert code == 0
    folder = tmp_path / "out" / "binh-lu" / "2026" / "plan"
    assert (folder / "bundle.pdf").is_file()
    code, out, err = _run("lint", str(tmp_path / "out"))
    assert (code, err) == (0, "")
    assert out == (
        f"{folder / '01-ke-hoach-cchc.docx'}: đạt, không có lỗi\n"
        f"{folder / '01-ke-hoach-cchc.pdf'}: đạt, không có lỗi\n"
        "Tổng cộng: 2 tệp, 0 lỗi, 0 cảnh báo\n"
    )


def _sample(tmp_path: Path) -> Path:
    data = tmp_path / "du-lieu"
    shutil.copytree(BINH_LU, data)
    return data


def test_check_names_the_line_of_a_file_not_in_utf8_and_says_how_to_fix_it(
    tmp_path: Path,
) -> None:
    data = _sample(tmp_path)
    text = (data / "kiem-tra.yaml").read_text(encoding="utf-8")
    (data / "kiem-tra.yaml").write_bytes(("nam: 2026\n" + text).encode("cp1258", "replace"))
    code, out, err = _run("check", str(data))
    assert (code, out) == (1, "")
    assert err == (
        "Dữ liệu có 1 lỗi cần sửa:\n"
        f"- {data / 'kiem-tra.yaml'} (dòng 2): tệp không phải văn bản UTF-8 (có thể đã lưu bằng "
        "bảng mã TCVN3, VNI hoặc Windows-1258); mở tệp bằng trình soạn thảo (Notepad, VS Code…) "
        "và lưu lại với bảng mã UTF-8\n"
    )


def test_check_reads_notepads_utf16(tmp_path: Path) -> None:
    data = _sample(tmp_path)
    text = (data / "to-chuc.yaml").read_text(encoding="utf-8")
    (data / "to-chuc.yaml").write_bytes(text.encode("utf-16"))
    code, out, err = _run("check", str(data))
    assert (code, err) == (0, "")
    assert out.startswith("Dữ liệu hợp lệ: Ủy ban nhân dân xã Bình Lư (14 đơn vị; 18 cán bộ;")
