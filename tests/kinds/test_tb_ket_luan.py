"""Thông báo kết luận (TB): citations match the KH and QĐ, kiến nghị, phụ lục, golden text."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from generator.build import BuildResult
from generator.sources import load_dataset
from tests.docx_text import docx_lines
from tests.kinds.conftest import case_data, check_golden, lint_errors

CASES = ["minimal", "draft", "special", "binh-lu"]


@pytest.mark.parametrize("case", CASES)
def test_golden_text(
    case: str, inspection_set: Callable[[str], BuildResult], update_goldens: bool
) -> None:
    for doc in inspection_set(case).documents[2:]:
        check_golden(doc.docx, case, update_goldens)


@pytest.mark.parametrize("case", ["minimal", "special", "binh-lu"])
def test_lints_without_errors(case: str, inspection_set: Callable[[str], BuildResult]) -> None:
    for doc in inspection_set(case).documents[2:]:
        assert lint_errors(doc.docx) == []


def _cited_date(date_line: str) -> str:
    """Return how a date line "X, ngày 05 tháng 3 năm 2026" is cited: "ngày 05/3/2026"."""
    words = date_line.split(", ", 1)[1]
    parts = words.split()
    if len(parts) == 6 and parts[1].isdigit() and parts[3].isdigit():
        return f"ngày {parts[1]}/{parts[3]}/{parts[5]}"
    return words  # a draft keeps its blanks


@pytest.mark.parametrize("case", ["minimal", "draft", "binh-lu"])
def test_each_notice_cites_the_plan_and_the_decision_as_they_were_issued(
    case: str, inspection_set: Callable[[str], BuildResult]
) -> None:
    kh, qd, *tbs = inspection_set(case).documents
    org = load_dataset(case_data(case)).to_chuc.ten_day_du
    expected = []
    for doc, name, issuer in ((kh, "Kế hoạch", org), (qd, "Quyết định", f"Chủ tịch {org}")):
        lines = docx_lines(doc.docx)
        so, date_line = lines[1].split(" | ")
        trich_yeu = lines[3]
        about = trich_yeu[0].lower() + trich_yeu[1:]
        about = about if about.startswith("về ") else f"về {about}"
        expected.append(
            f"{name} số {so.removeprefix('Số: ')} {_cited_date(date_line)} của {issuer} {about}"
        )
    assert tbs
    for tb in tbs:
        opening = docx_lines(tb.docx)[4]
        assert opening.startswith(f"Thực hiện {expected[0]}; {expected[1]}, ngày "), opening


def test_a_notice_without_findings_says_so_and_has_no_appendix(
    inspection_set: Callable[[str], BuildResult],
) -> None:
    lines = docx_lines(inspection_set("minimal").documents[3].docx)
    assert "Qua kiểm tra, chưa phát hiện tồn tại, hạn chế." in lines
    assert "Phụ lục" not in lines
    assert lines[-1].startswith("Nơi nhận:")
    # Nothing to remedy: no remediation plan, no report, no deadline.
    assert not any("kế hoạch khắc phục" in line for line in lines)
    assert not any("Khẩn trương khắc phục" in line for line in lines)


def test_a_notice_with_requirements_lists_deadlines_and_the_appendix(
    inspection_set: Callable[[str], BuildResult],
) -> None:
    lines = docx_lines(inspection_set("minimal").documents[2].docx)
    assert (
        "- Cập nhật đầy đủ văn bản lên hệ thống quản lý văn bản (thực hiện: Văn phòng HĐND và "
        "UBND; hoàn thành trước ngày 30/10/2026)." in lines
    )
    appendix = lines[lines.index("Phụ lục") :]
    assert appendix == [
        "Phụ lục",
        "TỒN TẠI, HẠN CHẾ VÀ YÊU CẦU KHẮC PHỤC",
        "(Kèm theo Thông báo số 40/TB-UBND ngày 25/9/2026 của Ủy ban nhân dân xã An Hòa)",
        "STT | Tồn tại, hạn chế | Yêu cầu khắc phục | Đơn vị thực hiện | Thời hạn",
        "1 | Việc cập nhật văn bản lên hệ thống còn chậm | Cập nhật đầy đủ văn bản lên hệ thống "
        "quản lý văn bản | Văn phòng HĐND và UBND | 30/10/2026",
    ]
