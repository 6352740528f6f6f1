"""Data tables and phụ lục sections of the ND30 skeleton.

Split from skeleton.py: bordered data tables whose header row repeats on every page and whose
rows never split, and the phụ lục section (restarted page numbers, landscape allowed for a table).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docx.enum.section import WD_SECTION
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from generator.nd30.metrics import text_width_pt
from generator.templating.skeleton import (
    CELL_PADDING,
    HEADER_COLUMNS,
    QUOC_HIEU,
    RULE_CO_QUAN,
    RULE_STYLES,
    RULE_TIEU_NGU,
    RULE_TRICH_YEU,
    SIZE_BODY,
    SIZE_CO_QUAN,
    SIZE_NGAY,
    SIZE_NGUOI_KY,
    SIZE_NOI_NHAN,
    SIZE_NOI_NHAN_LABEL,
    SIZE_QUOC_HIEU,
    SIZE_SO,
    SIZE_TABLE,
    SIZE_TEN_LOAI,
    SIZE_TIEU_NGU,
    TABLE_INDENT,
    TEXT_WIDTH_LANDSCAPE_TWIPS,
    TEXT_WIDTH_TWIPS,
    TIEU_NGU,
    Align,
    Container,
    add_rule,
    add_tag,
    page_number_header,
    page_setup,
    paragraph,
)


def table_grid(
    container: Container,
    rows: int,
    widths: Sequence[int],
    *,
    borders: bool,
    indent: int = TABLE_INDENT,
    center: bool = False,
) -> Any:
    """Return a fixed-layout table with these column widths (twips), borderless or single."""
    table = container.add_table(rows=rows, cols=len(widths))
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    edge = 'w:val="single" w:sz="4" w:space="0" w:color="000000"' if borders else 'w:val="nil"'
    border_xml = "".join(
        f"<w:{side} {edge}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    placement = '<w:jc w:val="center"/>' if center else f'<w:tblInd w:w="{indent}" w:type="dxa"/>'
    padding = (
        f'<w:tblCellMar><w:left w:w="{CELL_PADDING}" w:type="dxa"/>'
        f'<w:right w:w="{CELL_PADDING}" w:type="dxa"/></w:tblCellMar>'
    )
    new_pr = parse_xml(
        f'<w:tblPr {nsdecls("w")}><w:tblW w:w="{sum(widths)}" w:type="dxa"/>{placement}'
        f'<w:tblBorders>{border_xml}</w:tblBorders><w:tblLayout w:type="fixed"/>{padding}'
        '<w:tblLook w:val="0000"/></w:tblPr>'
    )
    tbl_pr.getparent().replace(tbl_pr, new_pr)
    grid = tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(width))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width * 635  # twips → EMU
            # python-docx leaves one empty paragraph per cell; builders add their own.
            for p in list(cell._tc.findall(qn("w:p"))):
                cell._tc.remove(p)
    return table


def row_props(row: Any, *, header: bool = False) -> None:
    """Forbid the row from splitting across pages; mark a header row to repeat on each page."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
    if header:
        tr_pr.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))


def cell_center(cell: Any) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    tc_pr.append(parse_xml(f'<w:vAlign {nsdecls("w")} w:val="center"/>'))


def add_header_table(doc: Any) -> Any:
    """Append the borderless two-column heading (ô 1–4) and return the table.

    Row 1: the parent body (not bold) and the issuing body (bold caps) with a short centred rule
    on the left; Quốc hiệu (13 bold caps) and Tiêu ngữ (14 bold) with a rule of its own length on
    the right. Row 2: "Số: {{ so_ky_hieu }}" (13) on the left and the italic date line (14) on
    the right, so that the two sit on the same line.
    """
    table = table_grid(doc, 2, HEADER_COLUMNS, borders=False)
    left, right = table.rows[0].cells
    centred: dict[str, Any] = {"align": "center", "size": SIZE_CO_QUAN}
    add_tag(left, "{%p for dong in co_quan_chu_quan %}")
    paragraph(left, ["{{ dong }}"], **centred)
    add_tag(left, "{%p endfor %}")
    add_tag(left, "{%p for dong in co_quan %}")
    paragraph(left, ["{{ dong }}"], bold=True, **centred)
    add_tag(left, "{%p endfor %}")
    sample = text_width_pt("ỦY BAN NHÂN DÂN", SIZE_CO_QUAN, bold=True)
    add_rule(left, RULE_CO_QUAN, sample * RULE_STYLES[RULE_CO_QUAN], HEADER_COLUMNS[0])
    paragraph(right, [QUOC_HIEU], size=SIZE_QUOC_HIEU, align="center", bold=True)
    paragraph(right, [TIEU_NGU], size=SIZE_TIEU_NGU, align="center", bold=True)
    tieu_ngu = text_width_pt(TIEU_NGU, SIZE_TIEU_NGU, bold=True)
    add_rule(right, RULE_TIEU_NGU, tieu_ngu, HEADER_COLUMNS[1])
    left2, right2 = table.rows[1].cells
    paragraph(left2, ["Số: {{ so_ky_hieu }}"], size=SIZE_SO, align="center", before=60)
    paragraph(
        right2, ["{{ dia_danh_ngay }}"], size=SIZE_NGAY, align="center", italic=True, before=60
    )
    return table


def add_closing_table(doc: Any) -> Any:
    """Append the bottom table: Nơi nhận (12 bold italic, list 11) left, signer block right.

    The signer block is `tham_quyen` (bold caps, centred), room for the signature and seal,
    then `nguoi_ky` (bold). The single row never splits across pages.
    """
    paragraph(doc, [], size=SIZE_BODY, after=0)
    table = table_grid(doc, 1, HEADER_COLUMNS, borders=False)
    row_props(table.rows[0])
    left, right = table.rows[0].cells
    paragraph(left, ["Nơi nhận:"], size=SIZE_NOI_NHAN_LABEL, align="left", bold=True, italic=True)
    add_tag(left, "{%p for dong in noi_nhan %}")
    paragraph(left, ["{{ dong }}"], size=SIZE_NOI_NHAN, align="left")
    add_tag(left, "{%p endfor %}")
    add_tag(right, "{%p for dong in tham_quyen %}")
    paragraph(right, ["{{ dong }}"], size=SIZE_NGUOI_KY, align="center", bold=True)
    add_tag(right, "{%p endfor %}")
    # Room for the handwritten signature and the seal (ô 7c, ô 8): about five lines.
    for _ in range(5):
        paragraph(right, [], size=SIZE_NGUOI_KY, align="center")
    paragraph(right, ["{{ nguoi_ky }}"], size=SIZE_NGUOI_KY, align="center", bold=True)
    return table


@dataclass(frozen=True)
class Column:
    """A column of a data table: header text, width in cm, the cell's Jinja text, alignment."""

    header: str
    width_cm: float
    cell: str
    align: Align = "left"


def add_data_table(
    doc: Container,
    columns: Sequence[Column],
    items: str,
    var: str = "r",
    *,
    center: bool = True,
) -> Any:
    """Append a bordered table: a header row repeated on each page, one row per item of `items`.

    Rows never split across pages. Cells are 13 pt, single-spaced; `loop.index` gives the STT.
    """
    widths = [round(c.width_cm * 567) for c in columns]
    table = table_grid(doc, 4, widths, borders=True, center=center)
    header, loop_open, body, loop_close = table.rows
    row_props(header, header=True)
    for row in (loop_open, body, loop_close):
        row_props(row)
    for cell, column in zip(header.cells, columns, strict=True):
        cell_center(cell)
        paragraph(
            cell, [column.header], size=SIZE_TABLE, align="center", bold=True, before=40, after=40
        )
    for cell, column in zip(body.cells, columns, strict=True):
        cell_center(cell)
        paragraph(cell, [column.cell], size=SIZE_TABLE, align=column.align, before=40, after=40)
    for row, tag in (
        (loop_open, f"{{%tr for {var} in {items} %}}"),
        (loop_close, "{%tr endfor %}"),
    ):
        for i, cell in enumerate(row.cells):
            paragraph(cell, [tag] if i == 0 else [], size=SIZE_TABLE, align="left")
    return table


def add_phu_luc_section(
    doc: Any,
    *,
    title: str,
    kem_theo: str,
    so: str = "",
    landscape: bool = True,
    condition: str | None = None,
) -> int:
    """Start a new section for a phụ lục, append its heading and return its text width (twips).

    The section restarts page numbers at 1, hides the number on its first page and has its own
    page-number header. The heading is "Phụ lục {so}" (14 bold), `title` (bold caps), `kem_theo`
    (the italic "(Kèm theo … số … ngày …)" line) and a short rule. Landscape is allowed because
    the section holds a table (ND30 Mục I.2).

    With `condition` (a Jinja expression), the whole phụ lục, section break included, is printed
    only when it is true; the caller closes it with `add_tag(doc, "{%p endif %}")` after its
    content. A conditional phụ lục must be portrait: without it the document keeps only the
    last section's page setup.
    """
    if condition is not None and landscape:
        raise ValueError("a conditional phụ lục must be portrait (its section may disappear)")
    # Word wants a paragraph, not a table, right before a section break or the end of the body.
    paragraph(doc, [], size=2, line=40, line_rule="exact")
    if condition is not None:
        add_tag(doc, f"{{%p if {condition} %}}")
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    page_setup(section, landscape=landscape)
    sect_pr = section._sectPr
    for old in sect_pr.findall(qn("w:pgNumType")):
        sect_pr.remove(old)
    # pgNumType follows pgMar in the schema (pgSz, pgMar, paperSrc, pgBorders, lnNumType, …).
    sect_pr.find(qn("w:pgMar")).addnext(parse_xml(f'<w:pgNumType {nsdecls("w")} w:start="1"/>'))
    page_number_header(section)
    width = TEXT_WIDTH_LANDSCAPE_TWIPS if landscape else TEXT_WIDTH_TWIPS
    label = f"Phụ lục {so}".rstrip()
    paragraph(doc, [label], size=SIZE_TEN_LOAI, align="center", bold=True)
    paragraph(doc, [title], size=SIZE_TEN_LOAI, align="center", bold=True)
    paragraph(doc, [kem_theo], size=SIZE_TEN_LOAI, align="center", italic=True)
    sample = text_width_pt(title.replace("{{", "").replace("}}", ""), SIZE_TEN_LOAI, True)
    add_rule(doc, RULE_TRICH_YEU, min(sample, width / 20) * 0.4, width)
    paragraph(doc, [], size=SIZE_BODY, after=120)
    return width
