"""`vanban lint` through click's CliRunner: whole output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.nd30.builders import build_document


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def test_clean_file_exits_0(runner: CliRunner) -> None:
    build_document(Path("01-quyet-dinh.docx"))
    result = runner.invoke(cli, ["lint", "01-quyet-dinh.docx"])
    assert result.exit_code == 0
    assert result.output == (
        "01-quyet-dinh.docx: đạt, không có lỗi\nTổng cộng: 1 tệp, 0 lỗi, 0 cảnh báo\n"
    )


def test_findings_grouped_by_file_with_summary(runner: CliRunner) -> None:
    build_document(Path("02-quyet-dinh-doan.docx"), "thang_03")
    build_document(Path("03-thong-bao.docx"), "hoc_vi")
    build_document(Path("04.docx"))
    result = runner.invoke(cli, ["lint", "02-quyet-dinh-doan.docx", "03-thong-bao.docx", "04.docx"])
    assert result.exit_code == 1
    assert result.output == (
        "02-quyet-dinh-doan.docx: đoạn 8 “Bình Lư, ngày 05 tháng 03…” (ngày tháng): ND30-4.b chỉ "
        "tháng 1 và 2 có số 0 phía trước, thấy “tháng 03”\n"
        "03-thong-bao.docx: đoạn 30 “TS. Nguyễn Văn Hưởng” (người ký): ND30-7.c.hoc-vi không ghi "
        "học hàm, học vị trước họ tên người ký (trừ ngành được phép), thấy “TS.”\n"
        "04.docx: đạt, không có lỗi\n"
        "Tổng cộng: 3 tệp, 1 lỗi, 1 cảnh báo\n"
    )


def test_warnings_alone_exit_0(runner: CliRunner) -> None:
    build_document(Path("a.docx"), "no_page_number")
    result = runner.invoke(cli, ["lint", "a.docx"])
    assert result.exit_code == 0
    assert result.output.endswith("Tổng cộng: 1 tệp, 0 lỗi, 1 cảnh báo\n")


def test_json_output(runner: CliRunner) -> None:
    build_document(Path("b.docx"), "so_unpadded")
    result = runner.invoke(cli, ["lint", "--json", "b.docx"])
    assert result.exit_code == 1
    assert json.loads(result.output) == {
        "files": [
            {
                "file": "b.docx",
                "findings": [
                    {
                        "file": "b.docx",
                        "location": "đoạn 7 “Số: 5/QĐ-UBND” (số, ký hiệu)",
                        "rule_id": "ND30-3.c.so",
                        "severity": "error",
                        "message": "số, ký hiệu số nhỏ hơn 10 phải có số 0 phía trước, thấy “5”",
                        "ref": "Phụ lục I, Phần I, Mục II.3.c",
                    }
                ],
            }
        ],
        "summary": {"files": 1, "errors": 1, "warnings": 0},
    }


def test_folder_is_searched_and_bad_files_reported(runner: CliRunner) -> None:
    Path("out").mkdir()
    build_document(Path("out/01.docx"))
    Path("out/02.docx").write_text("không phải Word", encoding="utf-8")
    Path("out/ghi-chu.txt").write_text("bỏ qua", encoding="utf-8")
    result = runner.invoke(cli, ["lint", "out"])
    assert result.exit_code == 1
    assert result.output == (
        "out/01.docx: đạt, không có lỗi\n"
        "out/02.docx: VB-tep không đọc được tệp: không phải tệp .docx (không mở được như tệp nén "
        "Office Open XML)\n"
        "Tổng cộng: 2 tệp, 1 lỗi, 0 cảnh báo\n"
    )


def test_no_file_argument_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["lint"])
    assert result.exit_code == 2
    assert result.output == (
        "Cách dùng: cli lint [TÙY_CHỌN] TỆP...\n"
        "Gõ 'cli lint --help' để xem hướng dẫn.\n\n"
        "Lỗi: Thiếu tham số 'TỆP...'.\n"
    )
