"""Báo cáo kết quả CCHC (BC): golden text of each period kind, zero lint errors, the CLI job."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

from generator.build import BuildResult, build_set
from generator.cli import cli
from generator.kinds.bc_ket_qua import build_context
from generator.sources import load_dataset
from tests.docx_text import docx_text
from tests.kinds.conftest import lint_errors
from tests.report.conftest import BINH_LU, CASES, TODAY, case_folder

# (case, period): quý I and 6 tháng from the sample commune, the later kinds from a case.
PERIODS = [
    ("binh-lu", "2026-Q1"),
    ("binh-lu", "2026-H1"),
    ("ca-nam", "2026-Q3"),
    ("ca-nam", "2026-9M"),
    ("ca-nam", "2026"),
]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], BuildResult]:
    """Return a function building a case's report for a period once per module."""
    built: dict[tuple[str, str], BuildResult] = {}
    root = tmp_path_factory.mktemp("report")

    def build(case: str, period: str) -> BuildResult:
        if (case, period) not in built:
            data = load_dataset(case_folder(case, root / "data"))
            built[case, period] = build_set(
                data, "report", root / "out" / case, today=TODAY, period=period
            )
        return built[case, period]

    return build


@pytest.mark.parametrize(("case", "period"), PERIODS)
def test_golden_text(
    case: str, period: str, report: Callable[[str, str], BuildResult], update_goldens: bool
) -> None:
    docx = report(case, period).documents[0].docx
    expected = CASES / case / "expected" / f"{period}.txt"
    actual = docx_text(docx, headers=True)
    if update_goldens:
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(actual, encoding="utf-8")
    assert expected.is_file(), f"no golden file {expected}; run pytest --update-goldens"
    assert actual == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize(("case", "period"), PERIODS)
def test_lints_without_errors(
    case: str, period: str, report: Callable[[str, str], BuildResult]
) -> None:
    assert lint_errors(report(case, period).documents[0].docx) == []


@pytest.mark.parametrize(
    ("period", "title"),
    [
        ("2026-Q1", "quý I năm 2026 và phương hướng, nhiệm vụ quý II năm 2026"),
        ("2026-H1", "6 tháng đầu năm 2026 và phương hướng, nhiệm vụ 6 tháng cuối năm 2026"),
    ],
)
def test_title_and_cut_off_follow_the_period(period: str, title: str) -> None:
    ctx = build_context(load_dataset(BINH_LU), today=TODAY, item=period)
    assert ctx["trich_yeu"] == f"Kết quả thực hiện công tác cải cách hành chính {title}"
    assert ctx["chot_so_lieu"].startswith("Thời gian chốt số liệu: từ ngày 15/12/2025 đến ngày")
    assert [m["so"] for m in ctx["muc"]] == ["I.", "II.", "III.", "IV.", "V."]


def test_province_cut_off_override(tmp_path: Path) -> None:
    folder = tmp_path / "binh-lu"
    shutil.copytree(BINH_LU, folder)
    org = folder / "to-chuc.yaml"
    org.write_text(
        org.read_text(encoding="utf-8") + "chot_so_lieu:\n  6_thang: ['01/01', '31/05']\n",
        encoding="utf-8",
    )
    ctx = build_context(load_dataset(folder), today=TODAY, item="2026-H1")
    assert ctx["chot_so_lieu"] == "Thời gian chốt số liệu: từ ngày 01/01/2026 đến ngày 31/5/2026."


def test_phu_luc_tables_repeat_their_header_and_the_chart_is_embedded(
    report: Callable[[str, str], BuildResult],
) -> None:
    result = report("binh-lu", "2026-H1")
    doc = Document(str(result.documents[0].docx))
    landscape = [s for s in doc.sections if s.page_width > s.page_height]
    assert len(landscape) == 2
    data_tables = [t for t in doc.tables if len(t.columns) >= 6]
    assert len(data_tables) == 2
    for table in data_tables:
        first = table.rows[0]._tr
        assert first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    # Group rows span the whole table.
    spans = data_tables[0]._tbl.findall(f".//{qn('w:gridSpan')}")
    assert {s.get(qn("w:val")) for s in spans} == {"8"}
    assert len(doc.inline_shapes) == 1
    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
    assert manifest["extras"] == ["01-bao-cao-ket-qua-cchc-phu-luc.xlsx"]
    assert (result.folder / manifest["extras"][0]).is_file()


def test_cli_builds_the_report_in_one_command(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "build",
            "report",
            str(BINH_LU),
            "--period",
            "2026-H1",
            "--out",
            str(tmp_path),
            "--no-pdf",
        ],
    )
    folder = tmp_path / "binh-lu" / "2026" / "report-2026-h1"
    assert result.exit_code == 0, result.output
    assert result.output == (
        "  Đã tạo 01-bao-cao-ket-qua-cchc.docx: Báo cáo kết quả thực hiện công tác CCHC 6 tháng "
        "đầu năm 2026 (số 68/BC-UBND)\n"
        "  Đã tạo 01-bao-cao-ket-qua-cchc-phu-luc.xlsx: bảng số liệu kèm theo\n"
        f"Đã lập 1 văn bản trong {folder}.\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--period", "2026-H3"],
            "Lỗi: mã kỳ báo cáo '2026-H3' không hợp lệ; cần một trong các dạng 2026-Q1 (quý I), "
            "2026-H1 (6 tháng đầu năm), 2026-Q3 (quý III), 2026-9M (9 tháng), 2026 (năm)\n",
        ),
        (
            [],
            "Lỗi: bộ báo cáo cần kỳ báo cáo: thêm --ky, ví dụ --ky 2026-H1 (dữ liệu có các kỳ: "
            "2026-Q1, 2026-H1); 'vanban build all' lập mọi kỳ\n",
        ),
        (
            ["--period", "2026-Q3"],
            "Lỗi: kỳ báo cáo 2026-Q3 (quý III năm 2026) không có trong bao_cao; thêm kỳ này vào "
            "dữ liệu báo cáo (bao-cao.yaml hoặc trang BaoCao của sổ Excel) với van_ban và số liệu, "
            "hoặc chọn một kỳ đã có: 2026-Q1, 2026-H1\n",
        ),
    ],
)
def test_cli_refuses_bad_periods(args: list[str], message: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["build", "report", str(BINH_LU), "--out", str(tmp_path), *args]
    )
    assert result.exit_code == 1
    assert result.output == message
    assert not (tmp_path / "binh-lu" / "2026").exists() or not any(
        (tmp_path / "binh-lu" / "2026").iterdir()
    )
