"""ND30 layout facts read back from the rendered inspection set (nd30-format.md §1–§3)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from generator.build import BuildResult
from tests.docx_text import element_lines

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TNR = "Times New Roman"


@pytest.fixture(scope="module", params=["minimal", "draft"])
def documents(request: pytest.FixtureRequest, inspection_set: Callable[[str], BuildResult]) -> Any:
    return [Document(str(d.docx)) for d in inspection_set(request.param).documents]


def _runs(element: Any) -> list[Any]:
    return [r for r in element.iter(f"{W}r") if "".join(t.text or "" for t in r.iter(f"{W}t"))]


def _size(paragraph: Any) -> float:
    sizes = {int(r.find(f"{W}rPr/{W}sz").get(f"{W}val")) / 2 for r in _runs(paragraph)}
    assert len(sizes) == 1, sizes
    return sizes.pop()


def _flag(paragraph: Any, name: str) -> bool:
    flags = {r.find(f"{W}rPr/{W}{name}") is not None for r in _runs(paragraph)}
    assert len(flags) == 1
    return flags.pop()


def test_page_setup_is_a4_portrait_with_margins_in_range(documents: list[Any]) -> None:
    for doc in documents:
        for section in doc.sections:
            assert (section.page_width.mm, section.page_height.mm) == pytest.approx(
                (210, 297), abs=0.1
            )
            assert 20 <= section.top_margin.mm <= 25 and 20 <= section.bottom_margin.mm <= 25
            assert 30 <= section.left_margin.mm <= 35 and 15 <= section.right_margin.mm <= 20


def test_every_run_is_times_new_roman_vietnamese_black(documents: list[Any]) -> None:
    for doc in documents:
        parts = [doc.element.body] + [
            s.header._element for s in doc.sections if not s.header.is_linked_to_previous
        ]
        for part in parts:
            for run in part.iter(f"{W}r"):
                fonts = run.find(f"{W}rPr/{W}rFonts")
                assert fonts is not None
                assert {fonts.get(f"{W}{k}") for k in ("ascii", "hAnsi", "cs", "eastAsia")} == {TNR}
                assert run.find(f"{W}rPr/{W}lang").get(f"{W}val") == "vi-VN"
                assert run.find(f"{W}rPr/{W}color").get(f"{W}val") == "000000"
        defaults = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
        assert {defaults.get(f"{W}{k}") for k in ("ascii", "hAnsi", "cs", "eastAsia")} == {TNR}


def test_heading_table_is_borderless_with_sizes_of_each_component(documents: list[Any]) -> None:
    for doc in documents:
        table = doc.tables[0]
        borders = table._tbl.find(f"{W}tblPr/{W}tblBorders")
        assert {b.get(f"{W}val") for b in borders} == {"nil"}
        (agency, republic), (number, date) = [row.cells for row in table.rows]
        named = [p for p in agency.paragraphs if p.text]
        assert all(_size(p._p) == 13 and _flag(p._p, "b") for p in named)
        quoc_hieu, tieu_ngu = [p for p in republic.paragraphs if p.text]
        assert quoc_hieu.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        assert (_size(quoc_hieu._p), _flag(quoc_hieu._p, "b")) == (13, True)
        assert tieu_ngu.text == "Độc lập - Tự do - Hạnh phúc"
        assert (_size(tieu_ngu._p), _flag(tieu_ngu._p, "b")) == (14, True)
        # The rules are centred paragraph borders: 1/3–1/2 under the agency, full under Tiêu ngữ.
        for cell in (agency, republic):
            rule = cell.paragraphs[-1]._p
            assert rule.find(f"{W}pPr/{W}pBdr/{W}top").get(f"{W}val") == "single"
        # Số (13 pt) and the italic date line (14 pt) share the second row.
        assert re.fullmatch(r"Số: (\d{2,}| {6})/[A-ZĐ]{2}-UBND", number.paragraphs[0].text)
        assert _size(number.paragraphs[0]._p) == 13
        assert re.fullmatch(
            r"An Hòa, ngày( \d\d | {6})tháng( \d{1,2} | {6})năm 2026",
            date.paragraphs[0].text,
        )
        assert (_size(date.paragraphs[0]._p), _flag(date.paragraphs[0]._p, "i")) == (14, True)


def test_title_body_and_closing(documents: list[Any]) -> None:
    for doc in documents:
        body = [p for p in doc.paragraphs if p.text.strip()]
        ten_loai, trich_yeu = body[0], body[1]
        assert ten_loai.text in ("KẾ HOẠCH", "QUYẾT ĐỊNH", "THÔNG BÁO")
        for p in (ten_loai, trich_yeu):
            assert p.alignment == 1 and _flag(p._p, "b") and _size(p._p) == 14
        can_cu = [p for p in body if p.text.startswith(("Căn cứ", "Theo đề nghị"))]
        for p in can_cu:
            assert _flag(p._p, "i") and p.text[-1] in ";."
        if can_cu:
            assert can_cu[-1].text.endswith(".")
        closing = [p for p in body if p.text.endswith("./.")]
        assert len(closing) == 1
        content = body[2 : body.index(closing[0]) + 1]
        for p in content:
            fmt = p.paragraph_format
            if p.alignment == 1:  # centred lines: authority line, "QUYẾT ĐỊNH:"
                continue
            assert p.alignment == 3 and _size(p._p) == 14
            assert fmt.first_line_indent.cm == pytest.approx(1.27, abs=0.01)
            assert fmt.space_after.pt >= 6 and 1.0 <= fmt.line_spacing <= 1.5


def test_noi_nhan_and_signer_block(documents: list[Any]) -> None:
    for doc in documents:
        closing = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("Nơi nhận:"))
        left, right = closing.rows[0].cells
        label, *items = [p for p in left.paragraphs if p.text]
        assert label.text == "Nơi nhận:" and _size(label._p) == 12
        assert _flag(label._p, "b") and _flag(label._p, "i")
        assert all(_size(p._p) == 11 and p.text.startswith("- ") for p in items)
        assert all(p.text.endswith(";") for p in items[:-1])
        assert re.fullmatch(r"- Lưu: VT, [A-ZĐ]+\.", items[-1].text)
        signer = [p for p in right.paragraphs if p.text]
        assert all(_flag(p._p, "b") and _size(p._p) == 14 for p in signer)
        assert all(p.text.isupper() for p in signer[:-1]) and not signer[-1].text.isupper()
        blank = [p for p in right.paragraphs if not p.text]
        assert len(blank) >= 4  # room for the signature and the seal
        assert closing.rows[0]._tr.find(f"{W}trPr/{W}cantSplit") is not None


def test_page_numbers_from_page_2_in_a_different_first_page_header(documents: list[Any]) -> None:
    for doc in documents:
        for section in doc.sections:
            assert section.different_first_page_header_footer
            assert element_lines(section.first_page_header._element) == []
            header = section.header._element
            instr = "".join(i.text for i in header.iter(qn("w:instrText")))
            assert instr.strip() == "PAGE"
            p = header.find(qn("w:p"))
            assert p.find(f"{W}pPr/{W}jc").get(f"{W}val") == "center"
            assert _size(p) == 14


def test_data_tables_repeat_their_header_and_never_split_rows(documents: list[Any]) -> None:
    for doc in documents:
        for table in doc.tables:
            if table._tbl.find(f"{W}tblPr/{W}tblBorders/{W}top").get(f"{W}val") == "nil":
                continue
            rows = table.rows
            assert rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None
            assert all(r._tr.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
            assert len(rows) >= 2


def test_sizes_are_consistent_within_each_document(documents: list[Any]) -> None:
    for doc in documents:
        sizes = {
            int(sz.get(f"{W}val")) / 2 for r in _runs(doc.element.body) for sz in r.iter(f"{W}sz")
        }
        assert sizes <= {11, 12, 13, 14}
