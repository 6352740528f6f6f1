"""Build ND30 test documents with python-docx: a correct Quyết định, or one with a single defect.

`build_document(path, defect)` writes the document. Each defect name maps to the one rule id the
linter must report for it (`DEFECTS`).
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from generator.nd30.metrics import text_width_pt

# defect name -> the rule id the linter must raise for it, and nothing else.
DEFECTS: dict[str, str] = {
    "paper_letter": "ND30-I.1",
    "landscape_no_table": "ND30-I.2",
    "margin_left_25": "ND30-I.3",
    "arial_run": "ND30-I.4",
    "theme_font": "ND30-I.4",
    "red_run": "ND30-I.4.mau",
    "size_set": "ND30-I.5",
    "page_in_footer": "ND30-I.7",
    "page_left": "ND30-I.7",
    "page_on_first": "ND30-I.7.trang1",
    "no_page_number": "ND30-I.7.thieu",
    "quoc_hieu_not_bold": "ND30-1.a",
    "tieu_ngu_no_spaces": "ND30-1.b",
    "tieu_ngu_line_short": "ND30-1.b.ke",
    "tieu_ngu_no_line": "ND30-1.b.ke",
    "co_quan_not_bold": "ND30-2.b",
    "chu_quan_size_14": "ND30-2.b.chu-quan",
    "co_quan_line_long": "ND30-2.b.ke",
    "so_unknown_code": "ND30-3.b",
    "so_code_mismatch": "ND30-3.b",
    "so_size_14": "ND30-3.c",
    "so_unpadded": "ND30-3.c.so",
    "so_spaces": "ND30-3.c.so",
    "thang_03": "ND30-4.b",
    "thang_1": "ND30-4.b",
    "ngay_5": "ND30-4.b",
    "date_upright": "ND30-4.c",
    "date_no_comma": "ND30-4.c",
    "ten_loai_not_bold": "ND30-5.b",
    "trich_yeu_left": "ND30-5.b",
    "trich_yeu_no_line": "ND30-5.b.ke",
    "can_cu_upright": "ND30-6.a",
    "can_cu_last_semicolon": "ND30-6.a",
    "body_size_12": "ND30-6.e",
    "body_left": "ND30-6.e.can-deu",
    "body_no_indent": "ND30-6.e.lui-dau",
    "body_no_spacing": "ND30-6.e.doan",
    "body_double": "ND30-6.e.dong",
    "dieu_not_bold": "ND30-6.đ",
    "heading_left": "ND30-6.e.tieu-de",
    "no_closing": "ND30-PLIII.ket-thuc",
    "no_authority": "ND30-7.a",
    "kt_no_title": "ND30-7.a",
    "signer_prefix": "ND30-7.b",
    "no_name": "ND30-7.c",
    "hoc_vi": "ND30-7.c.hoc-vi",
    "signer_not_bold": "ND30-7.đ",
    "noi_nhan_size_14": "ND30-9.d",
    "noi_nhan_list_13": "ND30-9.d.ds",
    "no_luu": "ND30-9.d.luu",
    "no_quoc_hieu": "ND30-Đ8",
}

FONT = "Times New Roman"
HEAD_LEFT = Cm(6.5)
HEAD_RIGHT = Cm(10.0)
BODY = [
    "Điều 1. Thành lập Đoàn kiểm tra công tác cải cách hành chính năm 2026 của Ủy ban nhân dân "
    "xã Bình Lư gồm các ông, bà có tên trong danh sách kèm theo.",
    "Điều 2. Đoàn kiểm tra có nhiệm vụ kiểm tra việc thực hiện nhiệm vụ cải cách hành chính tại "
    "các đơn vị theo Kế hoạch số 12/KH-UBND ngày 05 tháng 3 năm 2026.",
    "Điều 3. Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã, các thành viên Đoàn kiểm tra "
    "và các đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./.",
]


def _font(run_or_style: object, size: float, bold: bool = False, italic: bool = False) -> None:
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name = FONT
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    rpr = run_or_style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    rpr.rFonts.set(qn("w:cs"), FONT)


def _para(
    container: object,
    text: str,
    size: float,
    bold: bool = False,
    italic: bool = False,
    *,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
    first: Paragraph | None = None,
) -> Paragraph:
    """Add (or fill `first`) a paragraph with one run."""
    para = first if first is not None else container.add_paragraph()  # type: ignore[attr-defined]
    para.alignment = align
    fmt = para.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), 1.0
    if text:
        _font(para.add_run(text), size, bold, italic)
    return para


def _rule(container: object, room_pt: float, length_pt: float, omit: bool = False) -> None:
    """Add an empty paragraph whose bottom border is a centred line `length_pt` long."""
    if omit:
        return
    para = _para(container, "", 6)
    side = max((room_pt - length_pt) / 2, 0)
    para.paragraph_format.left_indent = Pt(side)
    para.paragraph_format.right_indent = Pt(side)
    ppr = para._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def _set_widths(table: object, widths: tuple[int, int]) -> None:
    """Set cell and grid widths: Word reads the cells, LibreOffice the grid."""
    for row in table.rows:  # type: ignore[attr-defined]
        row.cells[0].width, row.cells[1].width = widths
    for col, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):  # type: ignore[attr-defined]
        col.w = width


def _no_borders(table: object) -> None:
    tbl_pr = table._tbl.tblPr  # type: ignore[attr-defined]
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _room(cell_width: int) -> float:
    """Return the text room of a cell in pt (width minus default cell margins)."""
    return cell_width / 12700 - 2 * 5.4


def _page_field(para: Paragraph, size: float) -> None:
    run = para.add_run()
    _font(run, size)
    for kind, text in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "2"),
        ("end", None),
    ):
        if kind is not None:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._r.append(t)


def build_document(path: Path, defect: str | None = None, extra_paragraphs: int = 0) -> Path:
    """Write a one-defect (or correct, when `defect` is None) Quyết định to `path`.

    `extra_paragraphs` adds body text so the document runs onto more pages (page numbers).
    """
    d = defect or ""
    doc = Document()
    normal = doc.styles["Normal"]
    _font(normal, 14)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if d == "paper_letter":
        section.page_width, section.page_height = Mm(216), Mm(279)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(25 if d == "margin_left_25" else 30), Mm(15)
    section.header_distance = Mm(10)
    if d == "landscape_no_table":
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    _page_number(doc, d)
    _head(doc, d)
    _content(doc, d, extra_paragraphs)
    _signature(doc, d)
    doc.save(str(path))
    return path


def _page_number(doc: Document, d: str) -> None:
    section = doc.sections[0]
    if d == "no_page_number":
        return
    section.different_first_page_header_footer = d != "page_on_first"
    if d != "page_on_first":
        section.first_page_header.is_linked_to_previous = False
    part = section.footer if d == "page_in_footer" else section.header
    para = part.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.LEFT if d == "page_left" else WD_ALIGN_PARAGRAPH.CENTER
    _page_field(para, 14)


def _head(doc: Document, d: str) -> None:
    if d == "landscape_no_table":
        # The heading table would make the section "hold a table"; use paragraphs instead.
        _head_paragraphs(doc)
        return
    table = doc.add_table(rows=2, cols=2)
    table.autofit = False
    _no_borders(table)
    _set_widths(table, (HEAD_LEFT, HEAD_RIGHT))
    left, right = table.cell(0, 0), table.cell(0, 1)
    first = left.paragraphs[0]
    if d == "chu_quan_size_14":
        _para(left, "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU", 14, first=first)
        first = None
    agency_bold = d != "co_quan_not_bold"
    _para(left, "ỦY BAN NHÂN DÂN", 13, agency_bold, first=first)
    _para(left, "XÃ BÌNH LƯ", 13, agency_bold)
    agency_text = text_width_pt("ỦY BAN NHÂN DÂN", 13, agency_bold)
    ratio = 1.0 if d == "co_quan_line_long" else 0.4
    _rule(left, _room(HEAD_LEFT), agency_text * ratio)
    _quoc_hieu(right, d)
    so = {
        "so_unpadded": "Số: 5/QĐ-UBND",
        "so_spaces": "Số: 05 / QĐ - UBND",
        "so_unknown_code": "Số: 05/QDD-UBND",
        "so_code_mismatch": "Số: 05/KH-UBND",
    }.get(d, "Số: 05/QĐ-UBND")
    _para(
        table.cell(1, 0), so, 14 if d == "so_size_14" else 13, first=table.cell(1, 0).paragraphs[0]
    )
    date = {
        "thang_03": "Bình Lư, ngày 05 tháng 03 năm 2026",
        "thang_1": "Bình Lư, ngày 15 tháng 1 năm 2026",
        "ngay_5": "Bình Lư, ngày 5 tháng 3 năm 2026",
        "date_no_comma": "Bình Lư ngày 05 tháng 3 năm 2026",
    }.get(d, "Bình Lư, ngày 05 tháng 3 năm 2026")
    cell = table.cell(1, 1)
    _para(cell, date, 14, italic=d != "date_upright", first=cell.paragraphs[0])


def _quoc_hieu(cell: _Cell, d: str) -> None:
    if d == "no_quoc_hieu":
        _para(cell, "", 13, first=cell.paragraphs[0])
        return
    _para(
        cell,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        13,
        d != "quoc_hieu_not_bold",
        first=cell.paragraphs[0],
    )
    motto = (
        "Độc lập-Tự do-Hạnh phúc" if d == "tieu_ngu_no_spaces" else "Độc lập - Tự do - Hạnh phúc"
    )
    _para(cell, motto, 13 if d == "size_set" else 14, True)
    width = text_width_pt(motto, 14, True) * (0.5 if d == "tieu_ngu_line_short" else 1.0)
    _rule(cell, _room(HEAD_RIGHT), width, omit=d == "tieu_ngu_no_line")


def _text_room(doc: Document) -> float:
    """Return the width between the margins of the first section, in pt."""
    section = doc.sections[0]
    return float(section.page_width - section.left_margin - section.right_margin) / 12700


def _head_paragraphs(doc: Document) -> None:
    room = _text_room(doc)
    _para(doc, "ỦY BAN NHÂN DÂN XÃ BÌNH LƯ", 13, True)
    _rule(doc, room, text_width_pt("ỦY BAN NHÂN DÂN XÃ BÌNH LƯ", 13, True) * 0.4)
    _para(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, True)
    _para(doc, "Độc lập - Tự do - Hạnh phúc", 14, True)
    _rule(doc, room, text_width_pt("Độc lập - Tự do - Hạnh phúc", 14, True))
    _para(doc, "Số: 05/QĐ-UBND", 13)
    _para(doc, "Bình Lư, ngày 05 tháng 3 năm 2026", 14, italic=True)


def _body_para(doc: Document, text: str, d: str, italic: bool = False) -> Paragraph:
    align = (
        WD_ALIGN_PARAGRAPH.LEFT if d == "body_left" and not italic else WD_ALIGN_PARAGRAPH.JUSTIFY
    )
    para = doc.add_paragraph()
    para.alignment = align
    fmt = para.paragraph_format
    fmt.first_line_indent = Cm(0 if d == "body_no_indent" and not italic else 1.27)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0 if d == "body_no_spacing" and not italic else 6)
    fmt.line_spacing = 2.0 if d == "body_double" and not italic else 1.0
    size = 12 if d == "body_size_12" and not italic else 14
    head, _sep, rest = text.partition(". ") if text.startswith("Điều") else ("", "", text)
    if head:
        _font(para.add_run(head + ". "), size, bold=d != "dieu_not_bold")
    run = para.add_run(rest)
    _font(run, size, italic=italic)
    if d == "arial_run" and text.startswith("Điều 2"):
        run.font.name = "Arial"
    if d == "theme_font" and text.startswith("Điều 2"):
        rfonts = run._r.rPr.rFonts
        for key in ("w:ascii", "w:hAnsi", "w:cs"):
            rfonts.attrib.pop(qn(key), None)
        rfonts.set(qn("w:asciiTheme"), "minorHAnsi")
        rfonts.set(qn("w:hAnsiTheme"), "minorHAnsi")
    if d == "red_run" and text.startswith("Điều 2"):
        run.font.color.rgb = RGBColor(0xFF, 0, 0)
    return para


def _content(doc: Document, d: str, extra: int = 0) -> None:
    text_room = _text_room(doc)
    title = _para(doc, "QUYẾT ĐỊNH", 14, d != "ten_loai_not_bold")
    title.paragraph_format.space_before = Pt(12)
    trich_yeu = "Về việc thành lập Đoàn kiểm tra công tác cải cách hành chính năm 2026"
    align = WD_ALIGN_PARAGRAPH.LEFT if d == "trich_yeu_left" else WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, trich_yeu, 14, True, align=align)
    _rule(
        doc,
        text_room,
        min(text_width_pt(trich_yeu, 14, True), text_room) * 0.4,
        omit=d == "trich_yeu_no_line",
    )
    authority = _para(doc, "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BÌNH LƯ", 14, True)
    authority.paragraph_format.space_before = Pt(12)
    can_cu = [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ "
        "về công tác văn thư;",
        "Theo đề nghị của Công chức Văn phòng - Thống kê xã.",
    ]
    if d == "can_cu_last_semicolon":
        can_cu[-1] = can_cu[-1][:-1] + ";"
    for line in can_cu:
        para = _body_para(doc, line, "", italic=d != "can_cu_upright")
        if d == "can_cu_upright":
            for run in para.runs:
                run.font.italic = False
    _para(doc, "QUYẾT ĐỊNH:", 14, True).paragraph_format.space_after = Pt(6)
    body = list(BODY)
    filler = (
        "Đoàn kiểm tra xem xét hồ sơ, tài liệu và kết quả thực hiện nhiệm vụ cải cách hành chính "
        "của đơn vị; trao đổi với công chức phụ trách và ghi nhận kiến nghị, đề xuất."
    )
    body[1:1] = [filler] * extra
    if d == "no_closing":
        body[-1] = body[-1].removesuffix("/.")
    for text in body:
        _body_para(doc, text, d)
        if d == "heading_left" and text.startswith("Điều 1"):
            heading = _body_para(doc, "Thành phần Đoàn kiểm tra", d)
            heading.alignment = WD_ALIGN_PARAGRAPH.LEFT
            for run in heading.runs:
                run.font.bold = True


def _signature(doc: Document, d: str) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    _no_borders(table)
    left, right = table.cell(0, 0), table.cell(0, 1)
    _set_widths(table, (HEAD_LEFT, HEAD_RIGHT))
    _para(
        left,
        "Nơi nhận:",
        14 if d == "noi_nhan_size_14" else 12,
        True,
        True,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        first=left.paragraphs[0],
    )
    items = ["- Như Điều 3;", "- Chủ tịch, các PCT UBND xã;", "- Lưu: VT, VP."]
    if d == "no_luu":
        items = items[:-1]
        items[-1] = items[-1][:-1] + "."
    for item in items:
        _para(left, item, 13 if d == "noi_nhan_list_13" else 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    bold = d != "signer_not_bold"
    prefix = "T/M ỦY BAN NHÂN DÂN" if d == "signer_prefix" else "TM. ỦY BAN NHÂN DÂN"
    if d == "no_authority":  # the name alone, as a clerk deleting the TM. lines leaves it
        _para(right, "", 14, first=right.paragraphs[0])
    else:
        _para(right, prefix, 14, bold, first=right.paragraphs[0])
        _para(right, "KT. CHỦ TỊCH" if d == "kt_no_title" else "CHỦ TỊCH", 14, bold)
    for _ in range(4):
        _para(right, "", 14)
    if d != "no_name":
        name = "TS. Nguyễn Văn Hưởng" if d == "hoc_vi" else "Nguyễn Văn Hưởng"
        _para(right, name, 14, True)
