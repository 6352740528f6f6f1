"""Quyết định thành lập Đoàn (QĐ): authority, căn cứ citing the KH, both Điều layouts, golden."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build import BuildResult
from generator.kinds import KINDS
from generator.kinds.qd_doan import build_context, quyet_dinh_citation
from generator.render import render
from generator.sources import load_dataset
from tests.docx_text import docx_lines
from tests.kinds.conftest import TODAY, case_data, check_golden, lint_errors

CASES = ["minimal", "draft", "special", "binh-lu"]


def test_context_of_a_decision_by_the_chairman() -> None:
    data = load_dataset(case_data("minimal"))
    ctx = build_context(data, today=TODAY)
    assert ctx["so_ky_hieu"] == "15/QĐ-UBND"
    assert ctx["tham_quyen_ban_hanh"] == "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ AN HÒA"
    assert ctx["can_cu"] == [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
        "Căn cứ Kế hoạch số 12/KH-UBND ngày 05/3/2026 của Ủy ban nhân dân xã An Hòa về kiểm "
        "tra công tác cải cách hành chính năm 2026;",
        "Theo đề nghị của Trưởng phòng Văn hóa - Xã hội.",
    ]
    assert [m["vai_tro"] for m in ctx["thanh_vien"]] == [
        "Trưởng đoàn",
        "Phó Trưởng đoàn",
        "Thành viên",
        "Thư ký",
    ]
    assert ctx["thanh_vien"][0] == {
        "ho_ten": "Ông Phạm Văn Dũng",
        "chuc_vu_don_vi": "Phó Chủ tịch UBND xã",
        "vai_tro": "Trưởng đoàn",
    }
    assert ctx["nhiem_vu"][-1] == (
        "Báo cáo kết quả kiểm tra về Chủ tịch Ủy ban nhân dân xã An Hòa trước ngày 30/9/2026."
    )
    assert ctx["thi_hanh"] == (
        "Chánh Văn phòng HĐND và UBND xã, Thủ trưởng các cơ quan, đơn vị có liên quan và các "
        "ông (bà) có tên tại Điều 1"
    )
    assert ctx["noi_nhan"][0] == "- Như Điều 3;"
    # Issued under the Chủ tịch's own authority: no "TM." line even if the block has one.
    assert ctx["tham_quyen"] == ["CHỦ TỊCH"]


def test_decision_by_the_committee_signs_on_its_behalf() -> None:
    data = load_dataset(case_data("minimal"))
    assert data.kiem_tra is not None
    data.kiem_tra.quyet_dinh.tham_quyen_ban_hanh = "ubnd"
    data.kiem_tra.quyet_dinh.van_ban.nguoi_ky = "tm-ct"
    ctx = build_context(data, today=TODAY)
    assert ctx["tham_quyen_ban_hanh"] == "ỦY BAN NHÂN DÂN XÃ AN HÒA"
    assert ctx["tham_quyen"] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert quyet_dinh_citation(data).startswith(
        "Quyết định số 15/QĐ-UBND ngày 10/3/2026 của Ủy ban nhân dân xã An Hòa về việc thành lập"
    )


def _articles(tmp_path: Path, layout: str) -> list[str]:
    data = load_dataset(case_data("minimal"))
    assert data.kiem_tra is not None
    data.kiem_tra.quyet_dinh.bo_cuc_dieu = layout  # type: ignore[assignment]
    out = render(
        KINDS["qd_doan"].template_path, build_context(data, today=TODAY), tmp_path / "qd.docx"
    )
    return [line for line in docx_lines(out) if line.startswith(("Điều", "Đoàn kiểm tra có"))]


def test_article_2_holds_the_duties_by_default(tmp_path: Path) -> None:
    assert _articles(tmp_path, "2_nhiem_vu_3_hieu_luc") == [
        "Điều 1. Thành lập Đoàn kiểm tra công tác cải cách hành chính năm 2026 của Ủy ban nhân "
        "dân xã An Hòa, gồm các ông (bà) có tên sau:",
        "Điều 2. Nhiệm vụ của Đoàn kiểm tra:",
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng HĐND và UBND xã, Thủ "
        "trưởng các cơ quan, đơn vị có liên quan và các ông (bà) có tên tại Điều 1 chịu trách "
        "nhiệm thi hành Quyết định này./.",
    ]


def test_article_2_can_be_the_validity(tmp_path: Path) -> None:
    assert _articles(tmp_path, "2_hieu_luc_3_thi_hanh") == [
        "Điều 1. Thành lập Đoàn kiểm tra công tác cải cách hành chính năm 2026 của Ủy ban nhân "
        "dân xã An Hòa, gồm các ông (bà) có tên sau:",
        "Đoàn kiểm tra có nhiệm vụ:",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
        "Điều 3. Chánh Văn phòng HĐND và UBND xã, Thủ trưởng các cơ quan, đơn vị có liên quan "
        "và các ông (bà) có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
    ]


@pytest.mark.parametrize("case", CASES)
def test_golden_text(
    case: str, inspection_set: Callable[[str], BuildResult], update_goldens: bool
) -> None:
    check_golden(inspection_set(case).documents[1].docx, case, update_goldens)


@pytest.mark.parametrize("case", ["minimal", "special", "binh-lu"])
def test_lints_without_errors(case: str, inspection_set: Callable[[str], BuildResult]) -> None:
    assert lint_errors(inspection_set(case).documents[1].docx) == []
