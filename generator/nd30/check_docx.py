"""Check a .docx model against ND30: page setup, fonts, colours, page numbers, size sets.

The component checks (heading, số, date, body, nơi nhận, signer) live in `check_parts`; this
module runs them all in order.
"""

from __future__ import annotations

from generator.nd30 import rules, text_rules
from generator.nd30.check_lines import check_lines
from generator.nd30.check_parts import check_parts, where
from generator.nd30.docx_model import DocModel, Para, Part, Section
from generator.nd30.findings import Collector, mm, pt
from generator.nd30.recognise import Components, recognise

_MM = 56.6929
_BLACK = {"auto", "000000", "black"}
_SIDES = {"top": "trên", "bottom": "dưới", "left": "trái", "right": "phải"}


def check_docx(doc: DocModel, out: Collector) -> Components:
    """Run every .docx check on `doc`, adding findings to `out`; return the components."""
    comp = recognise(doc)
    _check_sections(doc, comp, out)
    _check_fonts(doc, comp, out)
    _check_page_numbers(doc, out)
    if not _has_heading(comp):
        out.add(
            "", "ND30-Đ8", what="thể thức văn bản hành chính (không thấy Quốc hiệu, Số, ngày tháng)"
        )
        return comp
    check_parts(doc, comp, out)
    check_lines(doc, comp, out)
    _check_size_sets(comp, out)
    return comp


def _has_heading(comp: Components) -> bool:
    return any(p is not None for p in (comp.quoc_hieu, comp.tieu_ngu, comp.so, comp.ngay))


def _check_sections(doc: DocModel, comp: Components, out: Collector) -> None:
    """Check paper size, orientation and margins of every section."""
    # The heading and signature tables are layout, not the "bảng, biểu" that justify landscape.
    layout = {p.table for p in (comp.quoc_hieu, comp.so, comp.ngay, comp.noi_nhan) if p is not None}
    for section in doc.sections:
        place = f"phần {section.index + 1} (trang in)" if len(doc.sections) > 1 else "trang in"
        if section.width is not None and section.height is not None:
            short, long_ = sorted((section.width / _MM, section.height / _MM))
            tol = rules.PAGE_SIZE_TOLERANCE_MM
            if abs(short - rules.A4_MM[0]) > tol or abs(long_ - rules.A4_MM[1]) > tol:
                out.add(place, "ND30-I.1", found=f"{short:.0f} × {long_:.0f} mm")
        if section.landscape and not section.tables - layout:
            out.add(place, "ND30-I.2", section=section.index + 1)
        _check_margins(section, place, out)


def _check_margins(section: Section, place: str, out: Collector) -> None:
    """Check the four margins; a landscape section may also follow them on the turned sheet."""
    margins = section.margins
    if section.landscape:
        # Held portrait, the landscape page's left edge is the sheet's top edge.
        turned = {
            "top": margins.get("left", 0),
            "bottom": margins.get("right", 0),
            "left": margins.get("bottom", 0),
            "right": margins.get("top", 0),
        }
        if all(_inside(turned[k], side) for k, side in _SIDES.items()):
            return
    for key, side in _SIDES.items():
        if key in margins and not _inside(margins[key], side):
            lo, hi = rules.MARGINS_MM[side]
            out.add(
                place, "ND30-I.3", side=side, lo=f"{lo:g}", hi=f"{hi:g}", found=mm(margins[key])
            )


def _inside(value: int, side: str) -> bool:
    lo, hi = rules.MARGINS_MM[side]
    tol = rules.MARGIN_TOLERANCE_MM
    return lo - tol <= value / _MM <= hi + tol


def _all_paragraphs(doc: DocModel) -> list[tuple[Para, str | None]]:
    """Return body paragraphs and header/footer paragraphs with the part name for the latter."""
    pairs: list[tuple[Para, str | None]] = [(p, None) for p in doc.paragraphs]
    for part in doc.parts.values():
        pairs += [(p, part.name) for p in part.paragraphs]
    return pairs


def _check_fonts(doc: DocModel, comp: Components, out: Collector) -> None:
    """Check that every run with text is Times New Roman and black."""
    for para, part in _all_paragraphs(doc):
        place = f"{_part_label(part)}" if part else where(comp, para)
        for run in para.runs:
            if not run.text.strip():
                continue
            wrong = sorted({f for f in run.fonts if f and f not in rules.FONT_NAMES})
            if wrong:
                out.add(place, "ND30-I.4", found=", ".join(f"“{f}”" for f in wrong))
            if run.color and run.color.lower() not in _BLACK:
                out.add(place, "ND30-I.4.mau", found=run.color)


def _part_label(name: str) -> str:
    kind = "chân trang" if "footer" in name else "đầu trang"
    return f"{kind} ({name.rsplit('/', 1)[-1]})"


def _page_parts(doc: DocModel, kind: str) -> list[tuple[Section, str, Part]]:
    """Return (section, reference type, part) for headers or footers, with inheritance."""
    found: list[tuple[Section, str, Part]] = []
    inherited: dict[str, str] = {}
    for section in doc.sections:
        refs = section.headers if kind == "header" else section.footers
        inherited = {**inherited, **refs}
        for ref_type, rid in inherited.items():
            part = doc.parts.get(rid)
            if part is not None:
                found.append((section, ref_type, part))
    return found


def _check_page_numbers(doc: DocModel, out: Collector) -> None:
    """Check the PAGE field: top margin, centred, 13–14 pt upright, absent on page 1."""
    for _section, _ref, part in _page_parts(doc, "footer"):
        if part.has_page_field:
            out.add(
                _part_label(part.name), "ND30-I.7", problem="phải đặt ở lề trên, không ở chân trang"
            )
    headers = _page_parts(doc, "header")
    numbered = [(s, t, part) for s, t, part in headers if part.has_page_field]
    if not numbered:
        if not any(part.has_page_field for _s, _t, part in _page_parts(doc, "footer")):
            out.add("", "ND30-I.7.thieu")
        return
    first = doc.sections[0]
    first_ref = "first" if first.title_pg else "default"
    for section, ref_type, part in numbered:
        if section.index == 0 and ref_type == first_ref:
            found = (
                "trang đầu có trường PAGE"
                if first.title_pg
                else "chưa bật “trang đầu khác” (titlePg)"
            )
            out.add(_part_label(part.name), "ND30-I.7.trang1", found=found)
    for _section, _ref, part in numbered:
        for para in (p for p in part.paragraphs if p.has_page_field):
            place = _part_label(part.name)
            if para.props.align != "center":
                align = para.props.align
                out.add(
                    place,
                    "ND30-I.7",
                    problem=f"phải canh giữa, thấy canh {text_rules.align_vi(align)}",
                )
            size = para.size
            lo, hi = rules.SIZE_SO_TRANG
            if size is not None and not lo <= size <= hi:
                out.add(place, "ND30-I.7", problem=f"phải cỡ chữ 13 đến 14, thấy {pt(size)}")
            if para.any_run("italic"):
                out.add(place, "ND30-I.7", problem="phải kiểu chữ đứng, thấy chữ nghiêng")


def _check_size_sets(comp: Components, out: Collector) -> None:
    """Check the Mục V footnote: Quốc hiệu, Tiêu ngữ and date sizes form one coherent set."""
    parts = (comp.quoc_hieu, comp.tieu_ngu, comp.ngay)
    sizes = tuple(p.size if p is not None else None for p in parts)
    if None not in sizes and sizes not in rules.SIZE_SETS:
        qh, tn, ngay = (pt(s) for s in sizes if s is not None)
        out.add(
            "",
            "ND30-I.5",
            found=f"Quốc hiệu {qh}, Tiêu ngữ {tn}, ngày tháng {ngay} "
            "(bộ cỡ hợp lệ: 13/14/14 hoặc 12/13/13)",
        )
    body_sizes = sorted({s for p in comp.body for s in p.sizes})
    if len(body_sizes) > 1:
        out.add(
            "",
            "ND30-I.5",
            found="phần nội dung dùng nhiều cỡ chữ " + ", ".join(pt(s) for s in body_sizes),
        )
