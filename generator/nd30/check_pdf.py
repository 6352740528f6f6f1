"""Check a PDF: page size, embedded fonts, text rules, page numbers, PDF/A claim, signature fields.

A PDF keeps less than a .docx: no styles, only positioned text. So the text rules (số, ngày
tháng, nơi nhận, "/.") run on extracted lines, and page numbers are found by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

from generator.nd30 import rules, text_rules
from generator.nd30.findings import Collector
from generator.nd30.recognise import fold

_PT_PER_MM = 72 / 25.4
# Page numbers sit in the top margin: within this distance of the top edge.
_TOP_BAND_MM = 25.0
_BOTTOM_BAND_MM = 25.0
_CENTRE_TOLERANCE_MM = 25.0


@dataclass(frozen=True)
class TextItem:
    """A run of text with its start point in PDF user space (origin bottom left)."""

    x: float
    y: float
    size: float
    text: str


@dataclass(frozen=True)
class SigField:
    """An AcroForm signature field: name, 1-based page (0 if unknown) and rectangle."""

    name: str
    page: int
    rect: tuple[float, float, float, float]
    signed: bool


@dataclass
class PdfFacts:
    """What the checks read from a PDF; also useful to tests elsewhere in the project."""

    pages: list[tuple[float, float]]
    fonts: dict[str, bool] = field(default_factory=dict)
    pdfa_part: str | None = None
    version: str = ""
    signature_fields: list[SigField] = field(default_factory=list)
    text: list[list[TextItem]] = field(default_factory=list)


def _resolve(obj: Any) -> Any:
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _fonts(resources: Any, found: dict[str, bool], depth: int = 0) -> None:
    """Collect font base names (without subset tag) and whether each is embedded."""
    resources = _resolve(resources)
    if not isinstance(resources, DictionaryObject) or depth > 5:
        return
    for font_ref in (_resolve(resources.get("/Font")) or {}).values():
        font = _resolve(font_ref)
        name = str(font.get("/BaseFont", font.get("/Name", "?"))).lstrip("/")
        name = re.sub(r"^[A-Z]{6}\+", "", name)
        descriptor = _resolve(font.get("/FontDescriptor"))
        if font.get("/Subtype") == "/Type0":
            descendant = _resolve(font["/DescendantFonts"])[0]
            descriptor = _resolve(_resolve(descendant).get("/FontDescriptor"))
        embedded = font.get("/Subtype") == "/Type3" or (
            descriptor is not None
            and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        )
        found[name] = found.get(name, True) and embedded
    for xobject_ref in (_resolve(resources.get("/XObject")) or {}).values():
        xobject = _resolve(xobject_ref)
        if xobject.get("/Subtype") == "/Form":
            _fonts(xobject.get("/Resources"), found, depth + 1)


def _signature_fields(reader: PdfReader) -> list[SigField]:
    """Return every /Sig field with its widget page and rectangle."""
    page_numbers = {
        page.indirect_reference.idnum: n
        for n, page in enumerate(reader.pages, 1)
        if page.indirect_reference is not None
    }
    root: Any = _resolve(reader.trailer["/Root"])
    acroform = _resolve(root.get("/AcroForm"))
    if acroform is None:
        return []
    found: list[SigField] = []
    stack = [(f, "") for f in _resolve(acroform.get("/Fields", []))]
    while stack:
        ref, parent_name = stack.pop()
        node = _resolve(ref)
        name = ".".join(n for n in (parent_name, str(node.get("/T", ""))) if n)
        kids = _resolve(node.get("/Kids"))
        if kids:
            stack += [(kid, name) for kid in kids]
            continue
        kind = node.get("/FT")
        if kind is None and "/Parent" in node:
            kind = _resolve(node["/Parent"]).get("/FT")
        if kind != "/Sig":
            continue
        page_ref = node.get("/P")
        page = page_numbers.get(page_ref.idnum, 0) if isinstance(page_ref, IndirectObject) else 0
        rect = tuple(float(v) for v in node.get("/Rect", [0, 0, 0, 0]))
        found.append(SigField(name, page, (rect[0], rect[1], rect[2], rect[3]), "/V" in node))
    return found


def _page_text(page: Any) -> list[TextItem]:
    """Return the positioned text runs of one page."""
    items: list[TextItem] = []

    def visit(text: str, cm: Any, tm: Any, _font: Any, size: float) -> None:
        if text.strip():
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            items.append(TextItem(x, y, float(size), text))

    page.extract_text(visitor_text=visit)
    return items


def _pdfa_part(reader: PdfReader) -> str | None:
    """Return the PDF/A part claimed in the XMP metadata ("2" for PDF/A-2b), or None."""
    root: Any = _resolve(reader.trailer["/Root"])
    stream = _resolve(root.get("/Metadata"))
    if stream is None:
        return None
    xmp = stream.get_data().decode("utf-8", "replace")
    # The claim is written either as an element or as an attribute of rdf:Description.
    match = re.search(r"pdfaid:part(?:>\s*|\s*=\s*[\"'])(\d)", xmp)
    return match.group(1) if match else None


def read_pdf(path: Path) -> PdfFacts:
    """Return the facts the checks need from the PDF at `path`."""
    reader = PdfReader(str(path))
    if reader.is_encrypted:
        raise ValueError("tệp PDF có mật khẩu")
    facts = PdfFacts(pages=[])
    facts.version = reader.pdf_header.removeprefix("%PDF-")
    for page in reader.pages:
        box = page.mediabox
        width, height = float(box.width), float(box.height)
        if int(page.get("/Rotate", 0) or 0) % 180:
            width, height = height, width
        facts.pages.append((width, height))
        _fonts(page.get("/Resources"), facts.fonts)
        facts.text.append(_page_text(page))
    facts.pdfa_part = _pdfa_part(reader)
    facts.signature_fields = _signature_fields(reader)
    return facts


def check_pdf(path: Path, out: Collector, *, signature_fields: bool = True) -> PdfFacts:
    """Run every PDF check on the file at `path`, adding findings to `out`.

    `signature_fields=False` skips the signature-field check (a set's unsigned bundle).
    """
    facts = read_pdf(path)
    _check_pages(facts, out)
    _check_fonts(facts, out)
    if facts.pdfa_part is None:
        out.add("", "PDF-A", problem="không khai báo chuẩn PDF/A (thiếu pdfaid:part trong XMP)")
    if not any(items for items in facts.text):
        version_note = ""
        if facts.version and facts.version < "1.4":
            version_note = f"; bản quét phải là PDF 1.4 trở lên, thấy PDF {facts.version}"
        out.add(
            "",
            "PDF-chu",
            problem="không có lớp chữ (bản quét?), chỉ kiểm tra được khổ giấy" + version_note,
        )
        return facts
    _check_text(facts, out)
    _check_page_numbers(facts, out)
    if signature_fields:
        _check_signature_fields(facts, out)
    return facts


def _check_pages(facts: PdfFacts, out: Collector) -> None:
    for number, (width, height) in enumerate(facts.pages, 1):
        short, long_ = sorted((width / _PT_PER_MM, height / _PT_PER_MM))
        tol = rules.PAGE_SIZE_TOLERANCE_MM
        if abs(short - rules.A4_MM[0]) > tol or abs(long_ - rules.A4_MM[1]) > tol:
            out.add(f"trang {number}", "ND30-I.1", found=f"{short:.0f} × {long_:.0f} mm")


def _check_fonts(facts: PdfFacts, out: Collector) -> None:
    for name, embedded in sorted(facts.fonts.items()):
        if not embedded:
            out.add("", "PDF-phong", problem=f"“{name}” không được nhúng vào tệp")
        family = name.replace(" ", "")
        if not any(family.startswith(ok.replace(" ", "")) for ok in rules.PDF_FONT_NAMES):
            out.add("", "ND30-I.4", found=f"“{name}”")


def _lines(items: list[TextItem]) -> list[str]:
    """Return the page's text as lines, top to bottom, items on one baseline joined by spaces."""
    rows: dict[int, list[TextItem]] = {}
    for item in items:
        rows.setdefault(round(item.y / 3), []).append(item)
    ordered = sorted(rows.items(), key=lambda kv: -kv[0])
    return [" ".join(i.text.strip() for i in sorted(row, key=lambda i: i.x)) for _, row in ordered]


def _check_text(facts: PdfFacts, out: Collector) -> None:
    """Check số, ngày tháng, nơi nhận and the closing "/." on the extracted text."""
    first = _lines(facts.text[0])
    code = None
    for line in first:
        name = next((n for n in rules.LOAI_VAN_BAN if fold(n) == fold(line)), None)
        if name is not None:
            code = rules.LOAI_VAN_BAN[name]
            break
    joined = "\n".join(first)
    so = re.search(r"Số\s*:\s*(\S+)", joined)
    if so is None:
        out.add("trang 1", "ND30-Đ8", what="số, ký hiệu (dòng “Số:”)")
    else:
        for rule_id, values in text_rules.so_problems(f"Số: {so.group(1)}", code):
            out.add("trang 1 (số, ký hiệu)", rule_id, **values)
    # A draft leaves the day (and maybe the month) blank: "ngày      tháng 3 năm 2026".
    date = re.search(r"ngày\s+(\S*?)\s*tháng\s+(\S*?)\s*năm\s+(\S+)", joined)
    if date is None:
        out.add("trang 1", "ND30-Đ8", what="địa danh và ngày tháng")
    else:
        line = f"X, ngày {date.group(1)} tháng {date.group(2)} năm {date.group(3)}"
        for rule_id, values in text_rules.date_problems(line):
            if rule_id == "ND30-4.b":
                out.add("trang 1 (ngày tháng)", rule_id, **values)
    everything = "\n".join(i.text for items in facts.text for i in items)
    if "/." not in everything:
        out.add("", "ND30-PLIII.ket-thuc", found="không có “/.” trong văn bản")
    _check_noi_nhan(facts, out)


def _check_noi_nhan(facts: PdfFacts, out: Collector) -> None:
    """Find "Nơi nhận:" and check that its left-column list ends with "- Lưu: VT, …"."""
    for number, items in enumerate(facts.text, 1):
        label = next((i for i in items if i.text.strip().startswith("Nơi nhận")), None)
        if label is None:
            continue
        width = facts.pages[number - 1][0]
        column = [i for i in items if i.y < label.y - 1 and i.x < width * 0.45]
        lines: list[str] = []
        for line in _lines(column):
            if line.startswith(("-", "–")) or not lines:
                lines.append(line)
            else:
                lines[-1] += " " + line
        for _pos, (rule_id, values) in text_rules.noi_nhan_list_problems(lines):
            if rule_id == "ND30-9.d.luu":
                out.add(f"trang {number} (nơi nhận)", rule_id, **values)
        return
    out.add("", "ND30-Đ8", what="nơi nhận (“Nơi nhận:”)")


def _page_number(
    items: list[TextItem], height: float, top: bool, width: float = 0.0
) -> TextItem | None:
    """Return the digits in the top (or bottom) band that read as the page number.

    In the bottom band only digits alone on their line near the centre count: the last row of
    a table can reach into the band (a 20 mm margin is less than the band) and its figures
    are not a page number.
    """
    band = (_TOP_BAND_MM if top else _BOTTOM_BAND_MM) * _PT_PER_MM
    for item in items:
        inside = item.y > height - band if top else item.y < band
        if not inside or not item.text.strip().isdigit():
            continue
        if top:
            return item
        alone = not any(
            other is not item and other.text.strip() and abs(other.y - item.y) < item.size / 2
            for other in items
        )
        centre = item.x + len(item.text.strip()) * item.size * 0.25
        if alone and abs(centre - width / 2) <= _CENTRE_TOLERANCE_MM * _PT_PER_MM:
            return item
    return None


def _check_page_numbers(facts: PdfFacts, out: Collector) -> None:
    """Check numbers in the top margin, centred, from page 2 on, and none on page 1."""
    width, height = facts.pages[0]
    first = _page_number(facts.text[0], height, top=True)
    if first is not None:
        out.add("trang 1", "ND30-I.7.trang1", found=f"thấy số trang “{first.text.strip()}”")
    if len(facts.pages) < 2:
        return
    seen = False
    for number in range(2, len(facts.pages) + 1):
        width, height = facts.pages[number - 1]
        items = facts.text[number - 1]
        found = _page_number(items, height, top=True)
        if found is None:
            if _page_number(items, height, top=False, width=width) is not None:
                out.add(
                    f"trang {number}", "ND30-I.7", problem="phải đặt ở lề trên, không ở chân trang"
                )
                return
            continue
        seen = True
        centre = found.x + len(found.text.strip()) * found.size * 0.25
        if abs(centre - width / 2) > _CENTRE_TOLERANCE_MM * _PT_PER_MM:
            out.add(f"trang {number}", "ND30-I.7", problem="phải canh giữa theo chiều ngang")
        if not rules.SIZE_SO_TRANG[0] <= round(found.size, 1) <= rules.SIZE_SO_TRANG[1]:
            out.add(
                f"trang {number}",
                "ND30-I.7",
                problem=f"phải cỡ chữ 13 đến 14, thấy {found.size:g} pt",
            )
    if not seen:
        out.add("", "ND30-I.7.thieu")


def _check_signature_fields(facts: PdfFacts, out: Collector) -> None:
    """Report missing signature fields, and fields outside the signer block's right half."""
    if not facts.signature_fields:
        out.add("", "PDF-ky-so", problem="không có trường chữ ký số (ô 7c, ô 8)")
        return
    for sig in facts.signature_fields:
        if sig.page == 0:
            continue
        width = facts.pages[sig.page - 1][0]
        centre = (sig.rect[0] + sig.rect[2]) / 2
        if centre < width * 0.4:
            out.add(
                f"trang {sig.page}",
                "PDF-ky-so",
                problem=f"trường chữ ký “{sig.name}” nằm bên trái trang; "
                "ô 7c, ô 8 ở khối chữ ký bên phải",
            )
