"""Each deliberate defect in a built Quyết định raises exactly its rule; a correct one is clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.nd30.lint import lint_errors, lint_file
from generator.nd30.rules import RULES_BY_ID
from tests.nd30.builders import DEFECTS, build_document


def test_correct_document_lints_clean(tmp_path: Path) -> None:
    path = build_document(tmp_path / "dung.docx")
    assert lint_file(path) == []
    assert lint_errors(build_document(tmp_path / "dai.docx", extra_paragraphs=30)) == []


def test_lint_errors_leaves_out_warnings(tmp_path: Path) -> None:
    assert lint_errors(build_document(tmp_path / "a.docx", "no_page_number")) == []
    assert lint_errors(build_document(tmp_path / "b.docx", "ngay_5")) == [
        "b.docx: đoạn 8 “Bình Lư, ngày 5 tháng 3…” (ngày tháng): ND30-4.b ngày nhỏ hơn 10 phải "
        "có số 0 phía trước, thấy “ngày 5”"
    ]


@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_defect_raises_exactly_its_rule(tmp_path: Path, defect: str) -> None:
    path = build_document(tmp_path / f"{defect}.docx", defect)
    findings = lint_file(path)
    assert {f.rule_id for f in findings} == {DEFECTS[defect]}, [f.line() for f in findings]
    assert all(f.severity == RULES_BY_ID[DEFECTS[defect]].severity for f in findings)


def test_every_docx_rule_has_a_defect() -> None:
    pdf_only = {"PDF-phong", "PDF-A", "PDF-chu", "PDF-ky-so", "VB-tep"}
    assert set(RULES_BY_ID) - pdf_only == set(DEFECTS.values())


def test_month_03_message_matches_the_issue(tmp_path: Path) -> None:
    path = build_document(tmp_path / "02-quyet-dinh-doan.docx", "thang_03")
    (finding,) = lint_file(path)
    assert finding.line() == (
        "02-quyet-dinh-doan.docx: đoạn 8 “Bình Lư, ngày 05 tháng 03…” (ngày tháng): ND30-4.b chỉ "
        "tháng 1 và 2 có số 0 phía trước, thấy \u201ctháng 03\u201d"
    )


def test_month_1_message(tmp_path: Path) -> None:
    path = build_document(tmp_path / "qd.docx", "thang_1")
    (finding,) = lint_file(path)
    assert finding.message == "tháng 1 và 2 phải có số 0 phía trước, thấy \u201ctháng 1\u201d"
    assert finding.location == "đoạn 8 “Bình Lư, ngày 15 tháng 1…” (ngày tháng)"


def test_repeated_finding_is_merged_with_a_count(tmp_path: Path) -> None:
    path = build_document(tmp_path / "qd.docx", "body_no_indent")
    (finding,) = lint_file(path)
    assert finding.location == "đoạn 17 “Điều 1. Thành lập Đoàn kiểm…” (nội dung) và 2 chỗ khác"
    assert finding.message == "đầu dòng phải lùi vào 1 cm hoặc 1,27 cm, thấy 0 cm"


def test_draft_date_with_blank_day_and_month_is_accepted() -> None:
    from generator.nd30.text_rules import date_problems

    assert date_problems("Bình Lư, ngày      tháng      năm 2026") == []
    assert date_problems("Bình Lư, ngày      tháng 3 năm 2026") == []
    assert [rule for rule, _ in date_problems("Bình Lư ngày      tháng 3 năm 2026")] == ["ND30-4.c"]
