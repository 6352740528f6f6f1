"""Find the thể thức components of a document by content and position.

Works on any Word file, not only on the project's templates: the heading may be a table or plain
paragraphs, the signer block a table or not. Whatever cannot be found stays None, and the checker
reports "không nhận ra …" for it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from generator.nd30.docx_model import DocModel, Para
from generator.nd30.rules import LOAI_VAN_BAN, QUOC_HIEU

# The heading area never runs past this many paragraphs in any model form.
_HEAD_LIMIT = 40
_SO_RE = re.compile(r"^\s*Số\s*[:.]")
_DATE_RE = re.compile(r"ngày\s+\S*.*?tháng\s+\S*.*?năm", re.IGNORECASE)
_CAN_CU_RE = re.compile(r"^\s*(Căn cứ|Theo đề nghị|Xét đề nghị|Theo|Xét)\b")
_NOI_NHAN_RE = re.compile(r"^\s*Nơi\s+nhận", re.IGNORECASE)
_CENTRED_HEADING_RE = re.compile(r"^\s*(Phần|Chương|Mục|Tiểu mục)\s+[\dIVXLC]+\b")
_DECISION_RE = re.compile(r"^\s*(QUYẾT ĐỊNH|QUYẾT NGHỊ|CHỈ THỊ)\s*:\s*$")


def fold(text: str) -> str:
    """Return `text` upper-cased without tone marks, with Đ kept, for matching."""
    decomposed = unicodedata.normalize("NFD", text.upper().replace("Đ", "\x00"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", stripped.replace("\x00", "Đ")).strip()


_TEN_LOAI = {fold(name): name for name in LOAI_VAN_BAN}


@dataclass
class Components:
    """The recognised parts of one document; lists are in document order."""

    quoc_hieu: Para | None = None
    tieu_ngu: Para | None = None
    chu_quan: list[Para] = field(default_factory=list)
    co_quan: list[Para] = field(default_factory=list)
    so: Para | None = None
    ngay: Para | None = None
    ten_loai: Para | None = None
    ten_loai_name: str | None = None
    trich_yeu: list[Para] = field(default_factory=list)
    vv: Para | None = None
    can_cu: list[Para] = field(default_factory=list)
    headings: list[Para] = field(default_factory=list)
    body: list[Para] = field(default_factory=list)
    noi_nhan: Para | None = None
    noi_nhan_list: list[Para] = field(default_factory=list)
    nguoi_ky: list[Para] = field(default_factory=list)
    labels: dict[int, str] = field(default_factory=dict)

    def label(self, para: Para, name: str) -> None:
        """Remember the component name used in finding locations for `para`."""
        self.labels.setdefault(para.index, name)


def _cell(paras: list[Para], para: Para) -> list[Para]:
    """Return the paragraphs in the same table cell as `para` (or just `para` outside tables)."""
    if para.table is None:
        return [para]
    return [p for p in paras if (p.table, p.row, p.col) == (para.table, para.row, para.col)]


def _is_quoc_hieu(p: Para) -> bool:
    return fold(p.text) in (fold(QUOC_HIEU), fold("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"))


def _is_tieu_ngu(p: Para) -> bool:
    letters = re.sub(r"[\s\-\u2010-\u2015]", "", fold(p.text))
    return letters == "ĐOCLAPTUDOHANHPHUC"


def _head(doc: DocModel, comp: Components) -> int:
    """Recognise the heading block; return the index in doc.paragraphs where the heading ends."""
    paras = doc.paragraphs
    head = paras[:_HEAD_LIMIT]
    comp.quoc_hieu = next((p for p in head if _is_quoc_hieu(p)), None)
    comp.tieu_ngu = next((p for p in head if _is_tieu_ngu(p)), None)
    comp.so = next((p for p in head if _SO_RE.match(p.text)), None)
    comp.ngay = next(
        (p for p in head if _DATE_RE.search(p.text) and not _CAN_CU_RE.match(p.text)), None
    )
    anchors = [p for p in (comp.quoc_hieu, comp.tieu_ngu, comp.so, comp.ngay) if p is not None]
    head_table = next((p.table for p in anchors if p.table is not None), None)
    if comp.so is not None:
        if comp.so.table is not None:
            above = [p for p in _cell(paras, comp.so) if p.index < comp.so.index]
            above += [
                p
                for p in paras
                if p.table == comp.so.table and p.col == comp.so.col and p.row < comp.so.row
            ]
            above.sort(key=lambda p: p.index)
        else:
            above = [p for p in paras[: comp.so.index - 1] if p.table is None]
        names = [
            p
            for p in above
            if p.text.strip() and p not in anchors and not _is_rule_text(p.text) and _looks_caps(p)
        ]
        _split_agency(names, comp)
        vv = next(
            (
                p
                for p in paras[comp.so.index : comp.so.index + 4]
                if p.text.strip().startswith("V/v")
            ),
            None,
        )
        comp.vv = vv
    end = max((p.index for p in anchors), default=0)
    if head_table is not None:
        end = max([end, *(p.index for p in paras if p.table == head_table)])
    if comp.vv is not None:
        end = max(end, comp.vv.index)
    return end


def _looks_caps(p: Para) -> bool:
    shown = p.shown_text()
    letters = [c for c in shown if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _is_rule_text(text: str) -> bool:
    return bool(re.fullmatch(r"\s*[_\-–—=.]{3,}\s*", text))


def _split_agency(names: list[Para], comp: Components) -> None:
    """Split the agency lines into parent (not bold, first) and issuing body (bold, last)."""
    if not names:
        return
    # Without any bold line there is no telling parent from issuer: take all as the issuer.
    if all(p.all_runs("bold") for p in names) or not any(p.any_run("bold") for p in names):
        comp.co_quan = names
        return
    leading = 0
    while not names[leading].any_run("bold"):
        leading += 1
    comp.chu_quan, comp.co_quan = names[:leading], names[leading:]


def recognise(doc: DocModel) -> Components:
    """Return the components found in `doc`."""
    comp = Components()
    paras = doc.paragraphs
    end = _head(doc, comp)
    comp.noi_nhan = next((p for p in paras[end:] if _NOI_NHAN_RE.match(p.text)), None)
    stop = comp.noi_nhan.index - 1 if comp.noi_nhan is not None else len(paras)
    if comp.noi_nhan is not None and comp.noi_nhan.table is not None:
        stop = min(p.index for p in paras if p.table == comp.noi_nhan.table) - 1
        cell = _cell(paras, comp.noi_nhan)
        comp.noi_nhan_list = [p for p in cell if p.index > comp.noi_nhan.index and p.text.strip()]
        signer = [
            p
            for p in paras
            if p.table == comp.noi_nhan.table and p.col != comp.noi_nhan.col and p.text.strip()
        ]
        comp.nguoi_ky = signer
    elif comp.noi_nhan is not None:
        following = [p for p in paras[comp.noi_nhan.index :] if p.text.strip()]
        comp.noi_nhan_list = [p for p in following if p.text.lstrip().startswith(("-", "–"))]
    _content(paras[end:stop], comp)
    _name_labels(comp)
    return comp


def _content(paras: list[Para], comp: Components) -> None:
    """Recognise tên loại, trích yếu, căn cứ, headings and body among paragraphs after the head."""
    rest = [p for p in paras if p.text.strip() and p.table is None]
    pos = 0
    if rest and comp.vv is None:
        first = rest[0]
        name = _TEN_LOAI.get(fold(first.text))
        if name is not None or (_looks_caps(first) and len(first.text.split()) <= 6):
            comp.ten_loai, comp.ten_loai_name = first, name
            pos = 1
            while pos < len(rest) and len(comp.trich_yeu) < 3:
                p = rest[pos]
                if _CAN_CU_RE.match(p.text) or _is_rule_text(p.text):
                    break
                if comp.trich_yeu and (not p.all_runs("bold") or p.props.align != "center"):
                    break
                if comp.trich_yeu and _looks_caps(p):
                    break
                comp.trich_yeu.append(p)
                pos += 1
    in_can_cu = False
    for p in rest[pos:]:
        if _is_rule_text(p.text):
            continue
        starts = in_can_cu or p.text.lstrip().startswith("Căn cứ")
        if _CAN_CU_RE.match(p.text) and starts and not comp.body:
            comp.can_cu.append(p)
            in_can_cu = True
            continue
        in_can_cu = False
        if _is_heading(p):
            comp.headings.append(p)
        else:
            comp.body.append(p)


def _is_heading(p: Para) -> bool:
    """Return whether `p` is a centred heading (authority line, QUYẾT ĐỊNH:, Chương …)."""
    centred = p.props.align == "center"
    if _DECISION_RE.match(p.text) or (_CENTRED_HEADING_RE.match(p.text) and centred):
        return True
    return centred and _looks_caps(p) and p.all_runs("bold")


def _name_labels(comp: Components) -> None:
    """Attach a readable component name to each recognised paragraph."""
    singles = {
        "quốc hiệu": comp.quoc_hieu,
        "tiêu ngữ": comp.tieu_ngu,
        "số, ký hiệu": comp.so,
        "ngày tháng": comp.ngay,
        "tên loại": comp.ten_loai,
        "trích yếu công văn": comp.vv,
        "nơi nhận": comp.noi_nhan,
    }
    for name, para in singles.items():
        if para is not None:
            comp.label(para, name)
    groups = {
        "cơ quan chủ quản": comp.chu_quan,
        "cơ quan ban hành": comp.co_quan,
        "trích yếu": comp.trich_yeu,
        "căn cứ": comp.can_cu,
        "đề mục": comp.headings,
        "nội dung": comp.body,
        "nơi nhận": comp.noi_nhan_list,
        "người ký": comp.nguoi_ky,
    }
    for name, paras in groups.items():
        for para in paras:
            comp.label(para, name)
