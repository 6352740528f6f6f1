"""Kế hoạch CCHC (KH): golden text, appendix counts from its rows, merged cells, every chỉ tiêu
and appendix row of the sample (the seed plan, word for word) in the output, zero lint errors.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from generator.build import BuildResult, build_set
from generator.kinds.kh_cchc import build_context, counts, group_heading, phu_luc_rows
from generator.model import DuLieu
from generator.sources import load_dataset
from tests.docx_text import docx_lines, docx_text
from tests.kinds.conftest import lint_errors
from tests.report.conftest import BINH_LU, TODAY

EXPECTED = Path(__file__).resolve().parents[1] / "cases" / "plan" / "binh-lu" / "expected"


@pytest.fixture(scope="module")
def data() -> DuLieu:
    return load_dataset(BINH_LU)


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory, data: DuLieu) -> BuildResult:
    return build_set(data, "plan", tmp_path_factory.mktemp("plan"), today=TODAY)


def test_golden_text(plan: BuildResult, update_goldens: bool) -> None:
    expected = EXPECTED / "ke-hoach-cchc.txt"
    actual = docx_text(plan.documents[0].docx, headers=True)
    if update_goldens:
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(actual, encoding="utf-8")
    assert expected.is_file(), f"no golden file {expected}; run pytest --update-goldens"
    assert actual == expected.read_text(encoding="utf-8")


def test_appendix_counts_match_its_rows(data: DuLieu) -> None:
    assert data.ke_hoach is not None
    rows = phu_luc_rows(data.ke_hoach)
    groups = [i for i, r in enumerate(rows) if r["nhom"]]
    assert len(groups) == len(data.ke_hoach.linh_vuc)
    for start, end in zip(groups, [*groups[1:], len(rows)], strict=True):
        body = rows[start + 1 : end]
        muc_tieu = sum(1 for r in body if r["vm_muc_tieu"] == "restart" and r["muc_tieu"])
        nhiem_vu = sum(1 for r in body if r["vm_nhiem_vu"] == "restart" and r["nhiem_vu"])
        assert rows[start]["tieu_de"].endswith(
            f"({muc_tieu} Mục tiêu; {nhiem_vu} Nhiệm vụ; {len(body)} Hoạt động)"
        )
    first = rows[0]["tieu_de"]
    assert first == "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH (4 Mục tiêu; 5 Nhiệm vụ; 5 Hoạt động)"


def test_counts_are_computed_not_typed(data: DuLieu) -> None:
    assert data.ke_hoach is not None
    rows = [t for t in data.ke_hoach.nhiem_vu if t.linh_vuc == "II"]
    assert counts(rows) == (3, 3, 7)
    fewer = rows[:2]
    assert group_heading("CẢI CÁCH THỂ CHẾ", fewer) == (
        "CẢI CÁCH THỂ CHẾ (1 Mục tiêu; 1 Nhiệm vụ; 2 Hoạt động)"
    )


def test_every_chi_tieu_and_appendix_row_is_printed(plan: BuildResult, data: DuLieu) -> None:
    assert data.ke_hoach is not None
    lines = docx_lines(plan.documents[0].docx)
    text = "\n".join(lines)
    for item in data.ke_hoach.chi_tieu:
        assert f"+ {item.noi_dung}" in lines
    assert "- Giai đoạn 2026-2027:" in lines and "- Giai đoạn 2028-2030:" in lines
    table_rows = [line.split(" | ") for line in lines if line.count(" | ") == 7]
    activities = {cells[3] for cells in table_rows}
    for task in data.ke_hoach.nhiem_vu:
        assert task.hoat_dong in activities
        for value in (task.muc_tieu, task.nhiem_vu, task.ket_qua, task.ten_chu_tri, task.thoi_gian):
            if value:
                assert value in text


def test_merged_cells_and_repeated_header(plan: BuildResult, data: DuLieu) -> None:
    assert data.ke_hoach is not None
    doc = Document(str(plan.documents[0].docx))
    assert doc.sections[-1].page_width > doc.sections[-1].page_height
    table = doc.tables[-1]._tbl
    trs = table.findall(qn("w:tr"))
    assert trs[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    merges = [m.get(qn("w:val")) for m in table.iter(qn("w:vMerge"))]
    rows = phu_luc_rows(data.ke_hoach)
    continued = sum(
        (r["vm_muc_tieu"] == "continue") + (r["vm_nhiem_vu"] == "continue")
        for r in rows
        if not r["nhom"]
    )
    assert merges.count("continue") == continued > 0
    assert len(trs) == 1 + len(rows)


def test_context_body(data: DuLieu) -> None:
    ctx = build_context(data, today=TODAY)
    assert [m["so"] + " " + m["tieu_de"] for m in ctx["muc"]] == [
        "I. MỤC TIÊU, YÊU CẦU",
        "II. CHỈ TIÊU, NHIỆM VỤ TRỌNG TÂM",
        "III. TỔ CHỨC THỰC HIỆN",
        "IV. KINH PHÍ THỰC HIỆN",
    ]
    nhiem_vu = ctx["muc"][1]["muc_con"][1]["muc_con"]
    assert [m["so"] for m in nhiem_vu][:3] == ["a)", "b)", "c)"]
    assert ctx["ket_thuc"].endswith("xem xét, giải quyết./.")
    assert ctx["tham_quyen"] == ["TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH"]


def test_lints_without_errors(tmp_path: Path, data: DuLieu) -> None:
    """The sample plan is a draft; the lint is run on the numbered plan (see the report)."""
    numbered = data.model_copy(deep=True)
    assert numbered.ke_hoach is not None
    numbered.ke_hoach.van_ban.so = 15
    result = build_set(numbered, "plan", tmp_path, today=TODAY)
    assert lint_errors(result.documents[0].docx) == []


def test_sub_sections_below_the_numbered_levels_are_printed(data: DuLieu) -> None:
    """A muc_con under an "a)" section is not dropped: it becomes "- Tiêu đề:" and its text."""
    from generator.model.van_ban import Muc

    plan = data.ke_hoach
    assert plan is not None
    deep = plan.model_copy(deep=True)
    deep.nhiem_vu_giai_phap[0].muc_con = [
        Muc(tieu_de="Số hóa hồ sơ", doan=["- Số hóa khi tiếp nhận.", "Trả kết quả điện tử."]),
        Muc(tieu_de="Ký số", muc_con=[Muc(tieu_de="Cấp chứng thư số cho công chức")]),
    ]
    ctx = build_context(data.model_copy(update={"ke_hoach": deep}), today=TODAY)
    first = ctx["muc"][1]["muc_con"][1]["muc_con"][0]
    assert first["doan"][-5:] == [
        "- Số hóa hồ sơ:",
        "+ Số hóa khi tiếp nhận.",
        "Trả kết quả điện tử.",
        "- Ký số:",
        "- Cấp chứng thư số cho công chức.",
    ]
