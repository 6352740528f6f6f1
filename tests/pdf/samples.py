"""ND30-like test documents built with python-docx, and what we know about them by construction."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table

SIGNER_LINES = ["TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH"]
SIGNER_NAME = "Nguyễn Thị Nhàn"
BODY = (
    "Thực hiện Kế hoạch cải cách hành chính giai đoạn 2026 - 2030, Ủy ban nhân dân xã Bình Lư "
    "tổ chức kiểm tra công tác cải cách hành chính tại các cơ quan, đơn vị; bảo đảm đúng tiến độ, "
    "chất lượng và hiệu quả, gắn với trách nhiệm người đứng đầu & các tiêu chí <đánh giá> "
    '"chỉ số hài lòng" của người dân, tổ chức.'
)
NOI_NHAN = ["- Thường trực Đảng ủy xã;", "- Các cơ quan, đơn vị;", "- Lưu: VT, VHXH."]


@dataclass(frozen=True)
class Sample:
    """A test document and what we know about it by construction."""

    name: str
    paragraphs: int
    noi_nhan: list[str]
    so: str = "Số: 12/KH-UBND"
    phu_luc: bool = False


SAMPLES = [
    Sample("ngan", paragraphs=4, noi_nhan=NOI_NHAN),
    Sample("noi-nhan-dai", paragraphs=4, noi_nhan=[f"- Đơn vị số {i};" for i in range(1, 19)]),
    Sample("dai", paragraphs=24, noi_nhan=NOI_NHAN, phu_luc=True),
    Sample("du-thao", paragraphs=2, noi_nhan=NOI_NHAN, so="Số:       /KH-UBND"),
]


def _no_borders(table: Table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _cant_split(table: Table) -> None:
    for row in table.rows:
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))


def _line(
    cell_or_doc: object,
    text: str,
    *,
    bold: bool = False,
    size: float = 14,
    first: bool = False,
    center: bool = True,
) -> None:
    paragraph = cell_or_doc.paragraphs[0] if first else cell_or_doc.add_paragraph()  # type: ignore[attr-defined]
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)


def build_docx(sample: Sample, path: Path) -> Path:
    """Write an ND30-like .docx for `sample` and return its path."""
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for key in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(key), "Times New Roman")

    head = document.add_table(rows=2, cols=2)
    _no_borders(head)
    _line(head.cell(0, 0), "ỦY BAN NHÂN DÂN", size=13, first=True)
    _line(head.cell(0, 0), "XÃ BÌNH LƯ", bold=True, size=13)
    _line(head.cell(0, 1), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=13, first=True)
    _line(head.cell(0, 1), "Độc lập - Tự do - Hạnh phúc", bold=True)
    _line(head.cell(1, 0), sample.so, size=13, first=True)
    _line(head.cell(1, 1), "Bình Lư, ngày 05 tháng 3 năm 2026", size=14, first=True)

    _line(document, "KẾ HOẠCH", bold=True)
    _line(document, "Kiểm tra công tác cải cách hành chính năm 2026", bold=True)
    for number in range(sample.paragraphs):
        paragraph = document.add_paragraph(f"{number + 1}. {BODY}")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Mm(10)

    bottom = document.add_table(rows=1, cols=2)
    _no_borders(bottom)
    _cant_split(bottom)
    left, right = bottom.cell(0, 0), bottom.cell(0, 1)
    _line(left, "Nơi nhận:", bold=True, size=12, first=True, center=False)
    for entry in sample.noi_nhan:
        _line(left, entry, size=11, center=False)
    _line(right, SIGNER_LINES[0], bold=True, first=True)
    for text in SIGNER_LINES[1:]:
        _line(right, text, bold=True)
    for _ in range(4):
        _line(right, "")
    _line(right, SIGNER_NAME, bold=True)

    if sample.phu_luc:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _line(document, "PHỤ LỤC", bold=True)
        _line(document, "Danh sách đơn vị được kiểm tra", bold=True)
        for number in range(6):
            document.add_paragraph(f"{number + 1}. Phòng Văn hóa - Xã hội, đơn vị số {number + 1}.")
    document.save(str(path))
    return path


def alive(pid: int) -> bool:
    """Return True when `pid` runs (a killed child waiting for init to reap it is not alive)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def soffice_processes(marker: Path) -> list[int]:
    """Return the pids of live processes whose command line names `marker`."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if str(marker).encode() in command and alive(int(entry.name)):
            pids.append(int(entry.name))
    return pids
