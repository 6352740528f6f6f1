"""Check the solid lines under Tiêu ngữ, the issuing agency and the trích yếu, and their lengths.

A line may be a paragraph border (its length is the paragraph's width between indents), a drawn
shape (its width is stored), or typed underscores (measured as text). ND30 gives each length
relative to the text line above: equal for Tiêu ngữ, 1/3 to 1/2 for the other two.
"""

from __future__ import annotations

import re

from generator.nd30 import rules
from generator.nd30.check_parts import where
from generator.nd30.docx_model import DocModel, Para
from generator.nd30.findings import Collector
from generator.nd30.metrics import text_width_pt
from generator.nd30.recognise import Components

_UNDERSCORES = re.compile(r"^\s*_{3,}\s*$")


def check_lines(doc: DocModel, comp: Components, out: Collector) -> None:
    """Check the three heading lines of a document whose components were recognised."""
    checks = (
        (
            [comp.tieu_ngu] if comp.tieu_ngu else [],
            "ND30-1.b.ke",
            rules.RULE_LINE_TIEU_NGU,
            "bằng độ dài dòng chữ",
        ),
        (comp.co_quan, "ND30-2.b.ke", rules.RULE_LINE_PARTIAL, "từ 1/3 đến 1/2 dòng chữ"),
        (comp.trich_yeu, "ND30-5.b.ke", rules.RULE_LINE_PARTIAL, "từ 1/3 đến 1/2 dòng chữ"),
    )
    for paras, rule_id, bounds, wanted in checks:
        if paras:
            _check(comp, doc.paragraphs, paras, (rule_id, wanted), bounds, out=out)


def _neighbours(para: Para, paras: list[Para]) -> list[Para]:
    """Return up to two following paragraphs in the same container that hold no words."""
    found: list[Para] = []
    for other in paras:
        if other.index <= para.index or len(found) == 2:
            continue
        if (other.table, other.row, other.col) != (para.table, para.row, para.col):
            continue
        if other.text.strip() and not _UNDERSCORES.match(other.text):
            break
        found.append(other)
    return found


def _line_length(para: Para, own: bool) -> float | None:
    """Return the length in pt of a line carried by `para`, 0.0 if unmeasurable, None if none."""
    if para.drawing_widths:
        return max(para.drawing_widths)
    if _UNDERSCORES.match(para.text):
        size = para.size or 13.0
        return text_width_pt(para.text.strip(), size, para.any_run("bold"))
    if para.props.border_bottom or (para.props.border_top and not own):
        if para.width is None:
            return 0.0
        return max(para.width - para.props.ind_left - para.props.ind_right, 0) / 20
    if para.has_drawing:
        return 0.0
    return None


def _text_width(para: Para) -> float:
    """Return the printed width in pt of a paragraph's text, capped at the room it has."""
    width = 0.0
    for run in para.runs:
        text = run.text.upper() if run.caps else run.text
        width += text_width_pt(text.replace("\n", ""), run.size, run.bold, run.italic)
    if para.width is not None:
        room = max(para.width - para.props.ind_left - para.props.ind_right, 0) / 20
        if room:
            width = min(width, room)
    return width


def _check(
    comp: Components,
    everything: list[Para],
    paras: list[Para],
    rule: tuple[str, str],
    bounds: tuple[float, float],
    *,
    out: Collector,
) -> None:
    """Find the line under `paras` and compare its length with the widest text line."""
    rule_id, wanted = rule
    last = paras[-1]
    length = _line_length(last, own=True) if last.props.border_bottom else None
    if length is None:
        for neighbour in _neighbours(last, everything):
            length = _line_length(neighbour, own=False)
            if length is not None:
                break
    place = where(comp, last)
    if length is None:
        out.add(place, rule_id, problem="không có (phải có đường kẻ ngang, nét liền)")
        return
    if length == 0.0:
        return  # A shape we cannot measure: its presence is all we can confirm.
    text = max(_text_width(p) for p in paras)
    if text <= 0:
        return
    ratio = length / text
    lo, hi = bounds
    if not lo <= ratio <= hi:
        out.add(
            place,
            rule_id,
            problem=f"phải dài {wanted}, thấy {length:.0f} pt so với dòng chữ {text:.0f} pt "
            f"({ratio:.0%})",
        )
