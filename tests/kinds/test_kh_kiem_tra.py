"""Kế hoạch kiểm tra (KH): context building, golden text of every case, zero lint errors."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from generator.build import BuildResult
from generator.kinds.kh_kiem_tra import build_context, ke_hoach_citation
from generator.sources import load_dataset
from tests.kinds.conftest import TODAY, case_data, check_golden, lint_errors

CASES = ["minimal", "draft", "special", "binh-lu"]


def test_context_of_the_minimal_plan() -> None:
    data = load_dataset(case_data("minimal"))
    ctx = build_context(data, today=TODAY)
    assert ctx["so_ky_hieu"] == "12/KH-UBND"
    assert ctx["dia_danh_ngay"] == "An Hòa, ngày 05 tháng 3 năm 2026"
    assert ctx["trich_yeu"] == "Kiểm tra công tác cải cách hành chính năm 2026"
    assert ctx["can_cu"][-1].endswith("năm 2026.")
    assert ctx["can_cu"][0].endswith("năm 2026;")
    assert ctx["muc_dich"] == [
        "Đánh giá kết quả thực hiện công tác cải cách hành chính tại các cơ quan, đơn vị;",
        "Kịp thời phát hiện, chấn chỉnh những hạn chế, tồn tại.",
    ]
    assert ctx["lich"] == [
        {"don_vi": "Văn phòng HĐND và UBND", "thoi_gian": "Sáng ngày 15/9/2026"},
        {"don_vi": "Trung tâm Phục vụ hành chính công", "thoi_gian": "Ngày 16/9/2026"},
    ]
    # "giao" for a unit under the UBND, "đề nghị" for an independent body (decided in the template).
    assert [(p["don_vi"], p["doc_lap"]) for p in ctx["to_chuc_thuc_hien"]] == [
        ("Phòng Văn hóa - Xã hội", False),
        ("Ủy ban MTTQ Việt Nam xã An Hòa", True),
    ]
    assert ctx["noi_nhan"] == [
        "- Sở Nội vụ tỉnh Lai Châu (b/c);",
        "- Chủ tịch, các Phó Chủ tịch UBND xã;",
        "- Các cơ quan, đơn vị được kiểm tra;",
        "- Lưu: VT, VHXH.",
    ]
    assert ctx["tham_quyen"] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert ctx["nguoi_ky"] == "Nguyễn Văn An"
    assert ctx["ket_thuc"].endswith("để xem xét, giải quyết")


def test_citation_of_a_numbered_and_a_draft_plan() -> None:
    assert ke_hoach_citation(load_dataset(case_data("minimal"))) == (
        "Kế hoạch số 12/KH-UBND ngày 05/3/2026 của Ủy ban nhân dân xã An Hòa về kiểm tra công "
        "tác cải cách hành chính năm 2026"
    )
    assert ke_hoach_citation(load_dataset(case_data("draft"))) == (
        "Kế hoạch số       /KH-UBND ngày      tháng      năm 2026 của Ủy ban nhân dân xã An Hòa "
        "về kiểm tra công tác cải cách hành chính năm 2026"
    )


def test_draft_prints_blanks() -> None:
    ctx = build_context(load_dataset(case_data("draft")), today=TODAY)
    assert ctx["so_ky_hieu"] == "      /KH-UBND"
    assert ctx["dia_danh_ngay"] == "An Hòa, ngày      tháng      năm 2026"


@pytest.mark.parametrize("case", CASES)
def test_golden_text(
    case: str, inspection_set: Callable[[str], BuildResult], update_goldens: bool
) -> None:
    check_golden(inspection_set(case).documents[0].docx, case, update_goldens)


@pytest.mark.parametrize("case", ["minimal", "special", "binh-lu"])
def test_lints_without_errors(case: str, inspection_set: Callable[[str], BuildResult]) -> None:
    assert lint_errors(inspection_set(case).documents[0].docx) == []


def test_draft_set_lints_clean(inspection_set: Callable[[str], BuildResult]) -> None:
    # A draft's blank day and month ("ngày      tháng      năm 2026") are what the signer fills
    # in by hand; the lint accepts them.
    for doc in inspection_set("draft").documents:
        assert lint_errors(doc.docx) == [], doc.docx.name
