"""The shared ND30 building blocks of every template, written with python-docx.

A template builder calls these in order: `new_document`, `tables.add_header_table`, `add_title`,
the body helpers (`add_can_cu`, `add_heading`, `add_body`, `add_tag`, `tables.add_data_table` …),
`tables.add_closing_table`, optionally `tables.add_phu_luc_section`, then `save`. This module holds
the page, styles, paragraphs and rules; `tables.py` the tables and the phụ lục section.
Every number comes from ND30 Phụ lục I (reference/nd30-format.md): A4 portrait, margins
20/20/30/15 mm, Times New Roman on all four rFonts with lang vi-VN in every run, the two
borderless tables at the top and bottom, the page number centred in the top margin from page 2.

Formatting is written as direct formatting on every paragraph and run (not only through styles)
so that Word, LibreOffice and the lint all read the same sizes. Jinja tags are plain text: `{{ x }}`
in a run, `{%p … %}` alone in a paragraph (docxtpl drops that paragraph), `{%tr … %}` alone in a
table row. The header and closing blocks read these context keys, shared by every kind:

- `co_quan_chu_quan`: list of upper-case lines of the parent body (may be empty), not bold;
- `co_quan`: list of upper-case lines of the issuing body, bold;
- `so_ky_hieu`: "45/KH-UBND" (a draft: "      /KH-UBND"); the template prints "Số: ";
- `dia_danh_ngay`: "Bình Lư, ngày 05 tháng 3 năm 2026";
- `trich_yeu`: the summary line under the tên loại;
- `can_cu`: list of căn cứ lines, punctuated ("…;" and the last "…."), printed italic;
- `noi_nhan`: list of Nơi nhận lines ("- …;" and the last "- Lưu: VT, …");
- `tham_quyen`: list of the signer's upper-case authority lines; `nguoi_ky`: the signer's name.

The short rules under the issuing body, Tiêu ngữ and trích yếu are empty paragraphs with a top
border, indented to a fixed width and centred; their paragraph styles (RULE_STYLES) let
`generator.render.fit_rules` resize them to the rendered text, since a template cannot know how
long the commune's name or the trích yếu will be.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Twips

from generator.nd30.metrics import text_width_pt
from generator.templating.slim import slim

Align = Literal["left", "center", "right", "both"]
Container = Any  # a python-docx Document, _Cell or header: anything with add_paragraph()

FONT = "Times New Roman"
LANG = "vi-VN"

# Page setup (mm): inside every ND30 range (top/bottom 20–25, left 30–35, right 15–20).
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20, 20, 30, 15
HEADER_DISTANCE = 10
A4 = (210, 297)
TEXT_WIDTH_TWIPS = round((A4[0] - MARGIN_LEFT - MARGIN_RIGHT) * 56.7)
TEXT_WIDTH_LANDSCAPE_TWIPS = round((A4[1] - MARGIN_LEFT - MARGIN_RIGHT) * 56.7)

# Sizes (pt): the "13" set of the Mục V footnote, as in the Phụ lục III model forms.
SIZE_CO_QUAN = 13
SIZE_QUOC_HIEU = 13
SIZE_TIEU_NGU = 14
SIZE_SO = 13
SIZE_NGAY = 14
SIZE_TEN_LOAI = 14
SIZE_BODY = 14
SIZE_TABLE = 13
SIZE_NOI_NHAN_LABEL = 12
SIZE_NOI_NHAN = 11
SIZE_NGUOI_KY = 14
SIZE_PAGE_NUMBER = 14

# Body paragraph (twips): first-line indent 1.27 cm, 6 pt after, line spacing 1.2 (single–1.5).
FIRST_LINE = 720
SPACE_AFTER = 120
LINE = 288

# Header and closing tables (twips): left ≈ 6.0 cm, right ≈ 10.7 cm, pulled 0.2 cm into the left
# margin so the text of both columns lines up with the body (cells have 0.19 cm padding).
HEADER_COLUMNS = (3402, 6066)
TABLE_INDENT = -113
CELL_PADDING = 108

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"

# ASCII names keep the style ids ASCII ("VBKeCoQuan"); Word shows the names to the clerk.
RULE_CO_QUAN = "VB Ke Co Quan"
RULE_TIEU_NGU = "VB Ke Tieu Ngu"
RULE_TRICH_YEU = "VB Ke Trich Yeu"
# Rule style name → fraction of the text line above it (ND30 II.1.b, II.2.b, II.5.b).
RULE_STYLES: dict[str, float] = {RULE_CO_QUAN: 0.4, RULE_TIEU_NGU: 1.0, RULE_TRICH_YEU: 0.4}


@dataclass(frozen=True)
class Run:
    """A run of text with its look; `size` None means the paragraph's default size."""

    text: str
    bold: bool = False
    italic: bool = False
    size: float | None = None


# --- low-level XML ------------------------------------------------------------------------


def run_xml(text: str, size: float, *, bold: bool = False, italic: bool = False) -> str:
    """Return the XML of a run with Times New Roman on all four slots, lang vi-VN, black."""
    half_points = round(size * 2)
    flags = ""
    if bold:
        flags += "<w:b/><w:bCs/>"
    if italic:
        flags += "<w:i/><w:iCs/>"
    return (
        f"<w:r {nsdecls('w')}><w:rPr>"
        f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"/>'
        f'{flags}<w:color w:val="000000"/><w:sz w:val="{half_points}"/>'
        f'<w:szCs w:val="{half_points}"/><w:lang w:val="{LANG}" w:eastAsia="{LANG}"/>'
        f'</w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
    )


def _rpr_xml(size: float, *, bold: bool = False, italic: bool = False) -> str:
    """Return a paragraph-mark rPr, so an empty paragraph has the same height and font."""
    inner = run_xml("", size, bold=bold, italic=italic)
    return inner[inner.index("<w:rPr>") : inner.index("</w:rPr>") + len("</w:rPr>")]


def paragraph(
    container: Container,
    runs: Sequence[Run | str] = (),
    *,
    size: float = SIZE_BODY,
    align: Align = "both",
    first_line: int = 0,
    left: int = 0,
    right: int = 0,
    before: int = 0,
    after: int = 0,
    line: int = 240,
    line_rule: Literal["auto", "exact"] = "auto",
    keep_next: bool = False,
    style: str | None = None,
    border_top: bool = False,
    bold: bool = False,
    italic: bool = False,
) -> Any:
    """Append a paragraph with fully explicit formatting to `container` and return it.

    Strings in `runs` take the paragraph's `size`, `bold` and `italic`; Run items override them.
    """
    p = container.add_paragraph()
    element = p._p
    for child in list(element):
        element.remove(child)
    parts = [f"<w:pPr {nsdecls('w')}>"]
    if style is not None:
        style_id = container.part.document.styles[style].style_id
        parts.append(f'<w:pStyle w:val="{style_id}"/>')
    if keep_next:
        parts.append("<w:keepNext/>")
    if border_top:
        parts.append(
            '<w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'
        )
    parts.append(
        f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" '
        f'w:lineRule="{line_rule}"/>'
    )
    if first_line or left or right:
        parts.append(f'<w:ind w:left="{left}" w:right="{right}" w:firstLine="{first_line}"/>')
    parts.append(f'<w:jc w:val="{align}"/>')
    parts.append(_rpr_xml(size, bold=bold, italic=italic))
    parts.append("</w:pPr>")
    element.append(parse_xml("".join(parts)))
    for item in runs:
        spec = item if isinstance(item, Run) else Run(item, bold, italic)
        element.append(
            parse_xml(
                run_xml(
                    spec.text,
                    spec.size if spec.size is not None else size,
                    bold=spec.bold,
                    italic=spec.italic,
                )
            )
        )
    return p


# --- document ---------------------------------------------------------------------------


def new_document() -> Any:
    """Return an empty ND30 document: A4 portrait, margins, fonts, styles, page-number header."""
    doc = Document()
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _set_defaults(doc)
    section = doc.sections[0]
    page_setup(section, landscape=False)
    page_number_header(section)
    for name in RULE_STYLES:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.hidden = False
    return doc


def _set_defaults(doc: Any) -> None:
    """Put Times New Roman (all four slots), 14 pt, black and vi-VN in docDefaults and Normal."""
    styles = doc.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        # Theme attributes win over the explicit names in Word, so they must go.
        for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{attr}"), None)
        for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts.set(qn(f"w:{attr}"), FONT)
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        styles.remove(defaults)
    styles.insert(
        0,
        parse_xml(
            f"<w:docDefaults {nsdecls('w')}><w:rPrDefault>"
            + _rpr_xml(SIZE_BODY)
            + "</w:rPrDefault><w:pPrDefault><w:pPr>"
            '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
            "</w:pPr></w:pPrDefault></w:docDefaults>"
        ),
    )
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = None
    for color in styles.iter(qn("w:color")):
        color.set(qn("w:val"), "000000")
        for attr in ("themeColor", "themeShade", "themeTint"):
            color.attrib.pop(qn(f"w:{attr}"), None)
    settings = doc.settings.element
    if settings.find(qn("w:themeFontLang")) is not None:
        settings.find(qn("w:themeFontLang")).set(qn("w:val"), LANG)
    core = doc.core_properties
    core.author = "vanban"
    core.language = LANG
    core.title = ""
    core.comments = ""


def _mm_up(mm: float) -> Twips:
    """Return `mm` in whole twips rounded up, so a margin at a range's floor stays inside it."""
    return Twips(math.ceil(mm * 1440 / 25.4))


def page_setup(section: Any, *, landscape: bool) -> None:
    width, height = (Mm(A4[1]), Mm(A4[0])) if landscape else (Mm(A4[0]), Mm(A4[1]))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = width, height
    section.top_margin, section.bottom_margin = _mm_up(MARGIN_TOP), _mm_up(MARGIN_BOTTOM)
    section.left_margin, section.right_margin = _mm_up(MARGIN_LEFT), _mm_up(MARGIN_RIGHT)
    section.header_distance = section.footer_distance = Mm(HEADER_DISTANCE)
    section.gutter = 0


def page_number_header(section: Any) -> None:
    """Put a centred PAGE field in the header and an empty first-page header (no number on p.1)."""
    section.different_first_page_header_footer = True
    first = section.first_page_header
    first.is_linked_to_previous = False
    for p in first.paragraphs:
        _format_empty(p)
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    element = p._p
    for child in list(element):
        element.remove(child)
    element.append(
        parse_xml(
            f'<w:pPr {nsdecls("w")}><w:jc w:val="center"/>{_rpr_xml(SIZE_PAGE_NUMBER)}</w:pPr>'
        )
    )
    field_parts = [
        '<w:fldChar w:fldCharType="begin"/>',
        '<w:instrText xml:space="preserve"> PAGE </w:instrText>',
        '<w:fldChar w:fldCharType="separate"/>',
        "<w:t>2</w:t>",
        '<w:fldChar w:fldCharType="end"/>',
    ]
    template = run_xml("", SIZE_PAGE_NUMBER)
    for part in field_parts:
        element.append(parse_xml(template.replace('<w:t xml:space="preserve"></w:t>', part)))
    for footer in (section.footer, section.first_page_footer):
        footer.is_linked_to_previous = False
        for fp in footer.paragraphs:
            _format_empty(fp)


def _format_empty(p: Any) -> None:
    element = p._p
    for child in list(element):
        element.remove(child)
    element.append(parse_xml(f"<w:pPr {nsdecls('w')}>{_rpr_xml(SIZE_PAGE_NUMBER)}</w:pPr>"))


def save(doc: Any, path: Path) -> None:
    """Write the template to `path` with fixed zip timestamps, so rebuilding changes no byte."""
    slim(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))


def add_rule(container: Container, style: str, width_pt: float, available: int) -> Any:
    """Append a centred rule `width_pt` long: an empty paragraph with a top border.

    The paragraph is 3 pt high after 3 pt of space, so the rule sits just under the text
    above; `available` is the width (twips) of the container, cell padding included.
    """
    inner = available - 2 * CELL_PADDING if available < TEXT_WIDTH_TWIPS else available
    width = min(round(width_pt * 20), inner)
    side = max((inner - width) // 2, 0)
    return paragraph(
        container,
        [],
        size=2,
        align="center",
        left=side,
        right=side,
        before=60,
        line=60,
        line_rule="exact",
        style=style,
        border_top=True,
    )


# --- title and body ------------------------------------------------------------------------


def add_title(doc: Any, ten_loai: str, trich_yeu: str = "{{ trich_yeu }}") -> None:
    """Append tên loại (bold caps) and trích yếu (bold), centred, with a short rule under them."""
    paragraph(doc, [ten_loai], size=SIZE_TEN_LOAI, align="center", bold=True, before=360)
    paragraph(doc, [trich_yeu], size=SIZE_TEN_LOAI, align="center", bold=True)
    sample = text_width_pt("Kiểm tra công tác cải cách hành chính năm 2026", SIZE_TEN_LOAI, True)
    add_rule(doc, RULE_TRICH_YEU, sample * RULE_STYLES[RULE_TRICH_YEU], TEXT_WIDTH_TWIPS)
    paragraph(doc, [], size=SIZE_BODY, after=120)


def add_centered(doc: Container, text: str, *, bold: bool = True, after: int = SPACE_AFTER) -> Any:
    """Append a centred body-size line such as "QUYẾT ĐỊNH:" or the authority line."""
    return paragraph(doc, [text], align="center", bold=bold, after=after, line=LINE)


def add_tag(container: Container, tag: str) -> Any:
    """Append a paragraph holding only a docxtpl paragraph tag (`{%p … %}`), dropped on render."""
    return paragraph(container, [tag], size=SIZE_BODY, align="left")


def add_can_cu(doc: Any, items: str = "can_cu") -> None:
    """Append the căn cứ lines: one italic body paragraph per item of the list `items`."""
    add_tag(doc, f"{{%p for dong in {items} %}}")
    add_body(doc, ["{{ dong }}"], italic=True)
    add_tag(doc, "{%p endfor %}")


def add_body(
    doc: Container,
    runs: Sequence[Run | str],
    *,
    bold: bool = False,
    italic: bool = False,
    indent: bool = True,
    keep_next: bool = False,
) -> Any:
    """Append a body paragraph: justified, 14 pt, first-line 1.27 cm, 6 pt after, line 1.2."""
    return paragraph(
        doc,
        runs,
        bold=bold,
        italic=italic,
        first_line=FIRST_LINE if indent else 0,
        after=SPACE_AFTER,
        line=LINE,
        keep_next=keep_next,
    )


def add_heading(doc: Container, text: str) -> Any:
    """Append a bold heading line ("I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích") kept with the next."""
    return add_body(doc, [text], bold=True, keep_next=True)


def add_list(doc: Container, items: str, line: str = "- {{ x }}", var: str = "x") -> None:
    """Append one body paragraph per item of the list `items`, written as `line`."""
    add_tag(doc, f"{{%p for {var} in {items} %}}")
    add_body(doc, [line])
    add_tag(doc, "{%p endfor %}")
