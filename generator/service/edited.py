"""An edited .docx as finalising reads and changes it: open revisions, identity, số and ngày.

Word and LibreOffice keep tracked changes (w:ins, w:del, moves, formatting changes) and
comments inside the file; a document that still holds any is not final, so each is named with
the paragraph it sits in ("đoạn 12 «Căn cứ Luật Tổ chức…»"). The identity (tên loại, ký hiệu,
trích yếu, cơ quan, signer block) is read through the same recognition `vanban lint` uses. Số
and ngày are written into the Số line and the date line in place, keeping each paragraph's
first run (its formatting) and every other part of the package byte for byte.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from generator.nd30.docx_model import read_docx
from generator.nd30.recognise import fold, recognise
from generator.nd30.rules import LOAI_VAN_BAN
from generator.service.setfolder import FinalizeError

__all__ = ["Identity", "fill_number", "identity_of", "open_revisions", "paragraph_texts"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCUMENT = "word/document.xml"
_PART = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_PART_LABEL = {"document": "", "header": "đầu trang ", "footer": "chân trang "}
# Safe for files from outside: no entities resolved, no network, no huge trees.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_CHANGES = {
    "ins": "đoạn chèn chưa chấp nhận",
    "del": "đoạn xóa chưa chấp nhận",
    "moveFrom": "đoạn di chuyển chưa chấp nhận",
    "moveTo": "đoạn di chuyển chưa chấp nhận",
    "pPrChange": "thay đổi định dạng đoạn chưa chấp nhận",
    "rPrChange": "thay đổi định dạng chữ chưa chấp nhận",
    "tblPrChange": "thay đổi định dạng bảng chưa chấp nhận",
    "trPrChange": "thay đổi định dạng hàng bảng chưa chấp nhận",
    "tcPrChange": "thay đổi định dạng ô bảng chưa chấp nhận",
    "sectPrChange": "thay đổi định dạng trang chưa chấp nhận",
    "cellIns": "ô bảng chèn chưa chấp nhận",
    "cellDel": "ô bảng xóa chưa chấp nhận",
}
_SO_LINE = re.compile(r"^\s*Số\s*:")
_DATE_LINE = re.compile(r"ngày\s.*tháng\s.*năm", re.IGNORECASE)
_HEAD = 40
_CODES = {fold(name): code for name, code in LOAI_VAN_BAN.items()}


def _xml(archive: zipfile.ZipFile, name: str, path: Path) -> etree._Element:
    try:
        return etree.fromstring(archive.read(name), _PARSER)
    except (KeyError, etree.XMLSyntaxError) as err:
        raise FinalizeError(f"{path.name}: phần {name} của tệp .docx bị hỏng ({err})") from None


def _text(p: etree._Element) -> str:
    parts = [t.text or "" for t in p.iter(f"{_W}t", f"{_W}delText")]
    return " ".join("".join(parts).split())


def _quote(text: str, words: int = 8) -> str:
    shown = text.split()
    if not shown:
        return "«(đoạn trống)»"
    more = "…" if len(shown) > words else ""
    return f"«{' '.join(shown[:words])}{more}»"


def open_revisions(path: Path) -> list[str]:
    """Return one line per tracked change or comment still in the file, with its paragraph.

    Paragraphs are counted in document order (table cells included) as `vanban lint` does.
    """
    problems: list[str] = []
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if _PART.match(n)]
            comments = _comments(archive, path)
            for name in sorted(names, key=lambda n: (n != _DOCUMENT, n)):
                root = _xml(archive, name, path)
                kind = re.sub(r"\d+$", "", Path(name).stem)
                problems += _part_revisions(root, _PART_LABEL.get(kind, ""), comments)
    except zipfile.BadZipFile:
        raise FinalizeError(f"{path.name}: không phải tệp .docx hợp lệ") from None
    return problems


def _comments(archive: zipfile.ZipFile, path: Path) -> dict[str, str]:
    """Return comment id → "tác giả: nội dung" from word/comments.xml (empty without one)."""
    if "word/comments.xml" not in archive.namelist():
        return {}
    root = _xml(archive, "word/comments.xml", path)
    found = {}
    for comment in root.iter(f"{_W}comment"):
        author = comment.get(f"{_W}author") or "?"
        found[comment.get(f"{_W}id") or ""] = f"{author}: {_quote(_text(comment), 12)}"
    return found


def _part_revisions(root: etree._Element, label: str, comments: dict[str, str]) -> list[str]:
    problems: list[str] = []
    for number, p in enumerate(root.iter(f"{_W}p"), start=1):
        if any(a.tag == f"{_W}comment" for a in p.iterancestors()):
            continue
        seen: dict[str, None] = {}
        for node in p.iter():
            if not isinstance(node.tag, str) or not node.tag.startswith(_W):
                continue
            local = node.tag[len(_W) :]
            if local in _CHANGES:
                author = node.get(f"{_W}author")
                seen[_CHANGES[local] + (f" của {author}" if author else "")] = None
            elif local in ("commentRangeStart", "commentReference"):
                said = comments.get(node.get(f"{_W}id") or "", "")
                seen["ghi chú (comment) chưa xóa" + (f" — {said}" if said else "")] = None
        # A row inserted or deleted as a whole carries its mark on the row, not the paragraph.
        row = next((a for a in p.iterancestors(f"{_W}tr")), None)
        if row is not None:
            for mark in ("ins", "del"):
                if row.find(f"{_W}trPr/{_W}{mark}") is not None:
                    seen[f"hàng bảng {'chèn' if mark == 'ins' else 'xóa'} chưa chấp nhận"] = None
        if seen:
            problems.append(f"{label}đoạn {number} {_quote(_text(p))}: {'; '.join(seen)}")
    return problems


def paragraph_texts(path: Path) -> list[str]:
    """Return the text of each paragraph of the document body (table cells included), with
    its runs joined and its spaces collapsed."""
    try:
        with zipfile.ZipFile(path) as archive:
            root = _xml(archive, _DOCUMENT, path)
    except zipfile.BadZipFile:
        raise FinalizeError(f"{path.name}: không phải tệp .docx hợp lệ") from None
    return [_text(p) for p in root.iter(f"{_W}p")]


@dataclass
class Identity:
    """What an edited document says it is: its loai code, trích yếu, cơ quan and signer."""

    loai_van_ban: str | None
    trich_yeu: str
    co_quan: str
    so_ky_hieu: str | None
    ky_hieu: str = ""
    dia_danh: str = ""
    tham_quyen: list[str] = field(default_factory=list)
    nguoi_ky: str = ""
    noi_nhan: list[str] = field(default_factory=list)


def identity_of(path: Path) -> Identity:
    """Return the identity of the document in `path` (parts not found are empty)."""
    comp = recognise(read_docx(path))
    code = _CODES.get(fold(comp.ten_loai_name or "")) if comp.ten_loai_name else None
    so = comp.so.text if comp.so is not None else ""
    number = re.sub(r"^\s*Số\s*:\s*", "", so).strip()
    if code is None and "/" in number:
        code = number.split("/", 1)[1].split("-", 1)[0] or None
    signer = [" ".join(p.text.split()) for p in comp.nguoi_ky if p.text.strip()]
    date_line = comp.ngay.text if comp.ngay is not None else ""
    return Identity(
        loai_van_ban=code,
        trich_yeu=" ".join(" ".join(p.text.split()) for p in comp.trich_yeu),
        co_quan=" ".join(" ".join(p.text.split()) for p in comp.co_quan),
        so_ky_hieu=number if number and not number.startswith("/") else None,
        ky_hieu=number.split("/", 1)[1].strip() if "/" in number else "",
        dia_danh=date_line.split(",", 1)[0].strip() if "," in date_line else "",
        tham_quyen=signer[:-1],
        nguoi_ky=signer[-1] if signer else "",
        noi_nhan=[" ".join(p.text.split()) for p in comp.noi_nhan_list],
    )


def fill_number(source: Path, out: Path, so_ky_hieu: str, date_text: str) -> None:
    """Write `source` to `out` with the Số line and the date line of the heading filled in.

    `date_text` is the whole date line ("An Hòa, ngày 05 tháng 3 năm 2026"). Raise
    FinalizeError when the document has no Số line or no date line to fill.
    """
    with zipfile.ZipFile(source) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    by_name = {info.filename: data for info, data in entries}
    root = etree.fromstring(by_name[_DOCUMENT], _PARSER)
    paragraphs = list(root.iter(f"{_W}p"))[:_HEAD]
    so = next((p for p in paragraphs if _SO_LINE.match(_text(p))), None)
    day = next(
        (p for p in paragraphs if _DATE_LINE.search(_text(p)) and "Căn cứ" not in _text(p)),
        None,
    )
    wanted = (("dòng Số", so), ("dòng địa danh, ngày tháng", day))
    missing = [name for name, p in wanted if p is None]
    if so is None or day is None:
        raise FinalizeError(
            f"{source.name}: không tìm thấy {' và '.join(missing)} ở phần đầu văn bản để điền "
            "số và ngày ban hành"
        )
    _set_text(so, f"Số: {so_ky_hieu}")
    _set_text(day, date_text)
    by_name[_DOCUMENT] = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info, _data in entries:
            target.writestr(info, by_name[info.filename])


def _set_text(p: etree._Element, text: str) -> None:
    """Put `text` in the paragraph's first text run and empty the others (formatting kept)."""
    texts = list(p.iter(f"{_W}t"))
    if not texts:
        raise FinalizeError(f"đoạn {_quote(_text(p))} không có chữ để điền")
    texts[0].text = text
    texts[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    for extra in texts[1:]:
        extra.text = ""
