"""Read a .docx into a neutral model: paragraphs with resolved formatting, tables and sections.

Formatting is resolved the way Word does it (docDefaults → table style → paragraph style chain →
character style chain → direct formatting), and theme fonts (minorHAnsi …) are looked up in the
theme, because templates made with python-docx or Word usually put fonts and sizes on styles.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from generator.nd30.styles import (  # Run: defined where formatting is resolved
    ParaProps,
    Run,
    StyleSheet,
    W,
    attr,
    qn,
    read_styles,
    twips,
)

_MAX_PART_BYTES = 50_000_000


@dataclass
class Para:
    """One paragraph of the body, a table cell, a header or a footer."""

    index: int
    text: str
    runs: list[Run]
    props: ParaProps  # alignment, indents, spacing, line, borders as the styles resolve them
    drawing_widths: list[float]
    has_drawing: bool
    has_page_field: bool
    section: int = 0
    table: int | None = None
    row: int = 0
    col: int = 0
    width: float | None = None

    @property
    def size(self) -> float | None:
        """Return the largest font size among the runs that carry text."""
        sizes = [run.size for run in self.runs if run.text.strip()]
        return max(sizes) if sizes else None

    @property
    def sizes(self) -> set[float]:
        """Return every font size used by the runs that carry text."""
        return {run.size for run in self.runs if run.text.strip()}

    def all_runs(self, flag: str) -> bool:
        """Return whether every run with text has `flag` (bold, italic, caps) set."""
        runs = [run for run in self.runs if run.text.strip()]
        return bool(runs) and all(getattr(run, flag) for run in runs)

    def any_run(self, flag: str) -> bool:
        """Return whether some run with text has `flag` set."""
        return any(getattr(run, flag) for run in self.runs if run.text.strip())

    def shown_text(self) -> str:
        """Return the text as printed, with caps formatting applied."""
        return "".join(run.text.upper() if run.caps else run.text for run in self.runs)


@dataclass
class Section:
    """Page setup of one section, in twips, with its header and footer parts."""

    index: int
    width: int | None
    height: int | None
    landscape: bool
    margins: dict[str, int]
    title_pg: bool
    headers: dict[str, str] = field(default_factory=dict)
    footers: dict[str, str] = field(default_factory=dict)
    tables: set[int] = field(default_factory=set)


@dataclass
class Part:
    """A header or footer part."""

    name: str
    paragraphs: list[Para]

    @property
    def has_page_field(self) -> bool:
        """Return whether a PAGE field appears anywhere in the part."""
        return any(p.has_page_field for p in self.paragraphs)


@dataclass
class DocModel:
    """Everything the checks need from one .docx."""

    paragraphs: list[Para]
    sections: list[Section]
    parts: dict[str, Part]
    table_count: int


class DocxReadError(Exception):
    """The file is not a readable .docx; the message is Vietnamese."""


def _text_of(p: etree._Element) -> tuple[list[tuple[etree._Element, str]], bool, bool, list[float]]:
    """Return (run, text) pairs, drawing flag, PAGE field flag and line drawing widths."""
    pairs: list[tuple[etree._Element, str]] = []
    has_drawing = False
    page_field = False
    widths: list[float] = []
    skip = {qn("w:txbxContent"), qn("w:del"), qn("w:pPr"), qn("w:rPr"), f"{{{_MC}}}Fallback"}
    stack = list(reversed(list(p)))
    while stack:
        node = stack.pop()
        tag = node.tag
        if not isinstance(tag, str) or tag in skip:
            continue
        if tag == qn("w:fldSimple") and re.search(r"\bPAGE\b", attr(node, "instr") or ""):
            page_field = True
        if tag == qn("w:r"):
            pairs.append((node, _run_text(node)))
            instr = "".join(t.text or "" for t in node.iter(qn("w:instrText")))
            if re.search(r"\bPAGE\b", instr):
                page_field = True
            drawing = _drawing_width(node)
            if drawing is not None:
                has_drawing = True
                if drawing > 0:
                    widths.append(drawing)
            continue
        stack.extend(reversed(list(node)))
    return pairs, has_drawing, page_field, widths


_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def _run_text(r: etree._Element) -> str:
    """Return the visible text of a run (tabs as tab, breaks as newline)."""
    out: list[str] = []
    for node in r:
        if node.tag == qn("w:t"):
            out.append(node.text or "")
        elif node.tag == qn("w:tab"):
            out.append("\t")
        elif node.tag in (qn("w:br"), qn("w:cr")):
            out.append("\n")
        elif node.tag in (qn("w:noBreakHyphen"), qn("w:softHyphen")):
            out.append("-")
    return "".join(out)


def _drawing_width(r: etree._Element) -> float | None:
    """Return the width in pt of a flat drawing (a line) in the run, 0 for other drawings."""
    for extent in r.iter(f"{{{_WP}}}extent"):
        cx = int(extent.get("cx", "0") or 0)
        cy = int(extent.get("cy", "0") or 0)
        # A horizontal rule is wide and at most a few points high.
        return cx / 12700 if cy <= 12700 * 4 and cx > 0 else 0.0
    for line in r.iter("{urn:schemas-microsoft-com:vml}line"):
        start, end = line.get("from", "0,0"), line.get("to", "0,0")
        return _vml_length(start, end)
    if r.find(f".//{qn('w:drawing')}") is not None or r.find(f".//{qn('w:pict')}") is not None:
        return 0.0
    return None


def _vml_length(start: str, end: str) -> float:
    """Return the horizontal length in pt of a VML line given its from/to attributes."""

    def x_pt(point: str) -> float:
        raw = point.split(",", maxsplit=1)[0].strip()
        match = re.fullmatch(r"(-?[\d.]+)(pt|in|cm|mm|px)?", raw)
        if not match:
            return 0.0
        value = float(match.group(1))
        factor = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "px": 0.75}
        return value * factor.get(match.group(2) or "px", 0.75)

    return abs(x_pt(end) - x_pt(start))


class _Reader:
    """Walk document.xml, building paragraphs in document order."""

    def __init__(self, sheet: StyleSheet) -> None:
        self.sheet = sheet
        self.paragraphs: list[Para] = []
        self.table_count = 0

    def para(
        self,
        p: etree._Element,
        section: int,
        *,
        table: int | None = None,
        table_style: str | None = None,
        cell: tuple[int, int] = (0, 0),
        width: float | None = None,
    ) -> Para:
        """Build one Para with resolved properties and add it to the list."""
        pairs, has_drawing, page_field, widths = _text_of(p)
        props = self.sheet.paragraph_props(p, table_style)
        runs = [self.sheet.run(r, text, props.style_id, table_style) for r, text in pairs if text]
        text = unicodedata.normalize("NFC", "".join(run.text for run in runs))
        para = Para(
            index=len(self.paragraphs) + 1,
            text=text,
            runs=runs,
            props=props,
            drawing_widths=widths,
            has_drawing=has_drawing,
            has_page_field=page_field,
            section=section,
            table=table,
            row=cell[0],
            col=cell[1],
            width=width,
        )
        self.paragraphs.append(para)
        return para

    def table(self, tbl: etree._Element, section: int, top: int | None) -> None:
        """Read a table's paragraphs; nested tables count as the outer table."""
        self.table_count += 1
        number = top if top is not None else self.table_count
        style_el = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}")
        style = attr(style_el, "val") if style_el is not None else None
        grid = [twips(attr(col, "w")) for col in tbl.iter(qn("w:gridCol"))]
        margins = self.sheet.cell_margins(tbl, style)
        for row_no, tr in enumerate(tbl.findall(qn("w:tr"))):
            col_no = 0
            for tc in tr.findall(qn("w:tc")):
                span_el = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
                span = int(attr(span_el, "val") or 1) if span_el is not None else 1
                width = _cell_width(tc, grid, col_no, span) - margins
                for child in tc:
                    if child.tag == qn("w:p"):
                        self.para(
                            child,
                            section,
                            table=number,
                            table_style=style,
                            cell=(row_no, col_no),
                            width=width,
                        )
                    elif child.tag == qn("w:tbl"):
                        self.table(child, section, number)
                col_no += span

    def body(self, container: etree._Element, section: list[int], sections: list[Section]) -> None:
        """Read block-level content, tracking which section each paragraph falls in."""
        for child in container:
            if child.tag == qn("w:p"):
                width = sections[min(section[0], len(sections) - 1)]
                self.para(child, section[0], width=_text_width(width))
                if child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
                    section[0] += 1
            elif child.tag == qn("w:tbl"):
                current = sections[min(section[0], len(sections) - 1)]
                current.tables.add(self.table_count + 1)
                self.table(child, section[0], None)
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    self.body(content, section, sections)


def _cell_width(tc: etree._Element, grid: list[int], col: int, span: int) -> float:
    """Return a cell's width in twips from tcW (dxa) or the table grid."""
    tcw = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
    if tcw is not None and (attr(tcw, "type") or "dxa") == "dxa" and attr(tcw, "w"):
        value = twips(attr(tcw, "w"))
        if value > 0:
            return float(value)
    return float(sum(grid[col : col + span])) if grid[col : col + span] else 0.0


def _text_width(section: Section) -> float | None:
    """Return the text width of a section's page in twips."""
    if section.width is None:
        return None
    return float(section.width - section.margins.get("left", 0) - section.margins.get("right", 0))


def _section(sect: etree._Element | None, index: int) -> Section:
    """Return a Section from a w:sectPr element (None gives Word's defaults)."""
    if sect is None:
        return Section(index, None, None, False, {}, False)
    size = sect.find(qn("w:pgSz"))
    mar = sect.find(qn("w:pgMar"))
    width = twips(attr(size, "w")) if size is not None and attr(size, "w") else None
    height = twips(attr(size, "h")) if size is not None and attr(size, "h") else None
    landscape = size is not None and attr(size, "orient") == "landscape"
    if width and height and width > height:
        landscape = True
    margins: dict[str, int] = {}
    if mar is not None:
        for name in ("top", "bottom", "left", "right", "header", "footer"):
            if attr(mar, name) is not None:
                margins[name] = abs(twips(attr(mar, name)))
    title = sect.find(qn("w:titlePg"))
    title_pg = title is not None and (attr(title, "val") or "1") not in ("0", "false", "off")
    found = Section(index, width, height, landscape, margins, title_pg)
    for tag, target in (("w:headerReference", found.headers), ("w:footerReference", found.footers)):
        for ref in sect.findall(qn(tag)):
            rid = ref.get(f"{{{_R}}}id")
            if rid:
                target[attr(ref, "type") or "default"] = rid
    return found


_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_R = "http://schemas.openxmlformats.org/package/2006/relationships"


def _read_part(zf: zipfile.ZipFile, name: str) -> etree._Element | None:
    """Return the parsed XML part, or None when it is absent."""
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _MAX_PART_BYTES:
        raise DocxReadError(f"phần {name} quá lớn ({info.file_size} byte)")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(zf.read(name), parser)


def read_docx(path: Path) -> DocModel:
    """Return the model of the .docx at `path`; raise DocxReadError for anything unreadable."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as err:
        raise DocxReadError(
            "không phải tệp .docx (không mở được như tệp nén Office Open XML)"
        ) from err
    with zf:
        try:
            document = _read_part(zf, "word/document.xml")
            if document is None:
                raise DocxReadError("tệp nén không có word/document.xml, không phải văn bản Word")
            theme = _read_part(zf, "word/theme/theme1.xml")
            sheet = read_styles(_read_part(zf, "word/styles.xml"), theme)
            rels = _read_part(zf, "word/_rels/document.xml.rels")
            body = document.find(qn("w:body"))
            if body is None:
                raise DocxReadError("word/document.xml không có phần thân (w:body)")
            sect_elements = [s for s in body.iter(qn("w:sectPr")) if s.getparent() is not None]
            sections = [_section(s, i) for i, s in enumerate(sect_elements)] or [_section(None, 0)]
            reader = _Reader(sheet)
            reader.body(body, [0], sections)
            parts = _read_parts(zf, rels, sheet, sections)
        except etree.XMLSyntaxError as err:
            raise DocxReadError(f"XML hỏng trong tệp ({err.msg})") from err
    return DocModel(reader.paragraphs, sections, parts, reader.table_count)


def _read_parts(
    zf: zipfile.ZipFile, rels: etree._Element | None, sheet: StyleSheet, sections: list[Section]
) -> dict[str, Part]:
    """Return header and footer parts keyed by relationship id."""
    targets: dict[str, str] = {}
    if rels is not None:
        for rel in rels.iter(f"{{{_PKG_R}}}Relationship"):
            target = rel.get("Target", "")
            if target.startswith("/"):
                targets[rel.get("Id", "")] = target.lstrip("/")
            else:
                targets[rel.get("Id", "")] = "word/" + target
    wanted = {rid for s in sections for rid in (*s.headers.values(), *s.footers.values())}
    parts: dict[str, Part] = {}
    for rid in wanted:
        name = targets.get(rid)
        root = _read_part(zf, name) if name else None
        if root is None or name is None:
            continue
        reader = _Reader(sheet)
        for p in root.iter(qn("w:p")):
            reader.para(p, 0)
        parts[rid] = Part(name, reader.paragraphs)
    return parts


__all__ = ["DocModel", "DocxReadError", "Para", "Part", "Run", "Section", "W", "read_docx"]
