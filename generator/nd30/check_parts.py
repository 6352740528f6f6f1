"""Check the recognised components of a .docx: heading, số, date, body, nơi nhận, signer."""

from __future__ import annotations

import re

from generator.nd30 import rules, text_rules
from generator.nd30.docx_model import DocModel, Para
from generator.nd30.findings import Collector, cm, pt
from generator.nd30.recognise import Components, fold

_ROMAN_HEADING_RE = re.compile(r"^\s*[IVXLC]+\s*[.:]\s")
_DIEU_RE = re.compile(r"^\s*Điều\s+\d+\s*\.")


def where(comp: Components, para: Para) -> str:
    """Return where a paragraph is, as a clerk finds it in Word: its first words and part,
    "đoạn 14 “Bình Lư, ngày 05 tháng…” (ngày tháng)"; the number stays for scripts."""
    label = comp.labels.get(para.index)
    start = text_rules.first_words(para.text) if para.text.strip() else ""
    quoted = f" “{start}”" if start else ""
    return f"đoạn {para.index}{quoted} ({label})" if label else f"đoạn {para.index}{quoted}"


def _size(para: Para, bounds: tuple[float, float]) -> str | None:
    """Return "cỡ chữ …" when some run is outside `bounds`, else None."""
    lo, hi = bounds
    wrong = sorted(s for s in para.sizes if not lo <= s <= hi)
    if not wrong:
        return None
    want = pt(lo) if lo == hi else f"từ {lo:g} đến {pt(hi)}"
    return f"phải cỡ chữ {want}, thấy {', '.join(pt(s) for s in wrong)}"


def _style(
    para: Para,
    bounds: tuple[float, float],
    bold: bool | None = None,
    italic: bool = False,
    caps: bool | None = None,
) -> list[str]:
    """Return style problems of a component paragraph (size, bold, italic, case)."""
    problems = [p for p in [_size(para, bounds)] if p]
    if bold is True and not para.all_runs("bold"):
        problems.append("phải in đậm")
    if bold is False and para.any_run("bold"):
        problems.append("không in đậm")
    if italic and not para.all_runs("italic"):
        problems.append("phải in nghiêng")
    if not italic and para.any_run("italic"):
        problems.append("phải kiểu chữ đứng, không nghiêng")
    shown = para.shown_text()
    if caps is True and shown != shown.upper():
        problems.append("phải in hoa")
    if caps is False and shown == shown.upper() and any(c.isalpha() for c in shown):
        problems.append("phải in thường, không in hoa toàn bộ")
    return problems


def _emit(
    out: Collector, comp: Components, para: Para, rule_id: str, problems: list[str], **extra: str
) -> None:
    for problem in problems:
        out.add(where(comp, para), rule_id, problem=problem, **extra)


def check_parts(doc: DocModel, comp: Components, out: Collector) -> None:
    """Check every recognised component of `doc`, reporting the ones that are missing."""
    missing = {
        "Quốc hiệu": comp.quoc_hieu,
        "Tiêu ngữ": comp.tieu_ngu,
        "số, ký hiệu (dòng “Số:”)": comp.so,
        "địa danh và ngày tháng": comp.ngay,
        "nơi nhận (“Nơi nhận:”)": comp.noi_nhan,
    }
    for what, para in missing.items():
        if para is None:
            out.add("", "ND30-Đ8", what=what)
    if not comp.co_quan:
        out.add("", "ND30-Đ8", what="tên cơ quan, tổ chức ban hành")
    if comp.ten_loai is None and comp.vv is None:
        out.add("", "ND30-Đ8", what="tên loại và trích yếu nội dung")
    _heading(comp, out)
    _numbers(comp, out)
    _title(comp, out)
    _can_cu(comp, out)
    _body(comp, out)
    _noi_nhan(comp, out)
    _signer(comp, out)


def _heading(comp: Components, out: Collector) -> None:
    """Check Quốc hiệu, Tiêu ngữ and the agency names."""
    if comp.quoc_hieu is not None:
        para = comp.quoc_hieu
        problems = _style(para, rules.SIZE_QUOC_HIEU, bold=True, caps=True)
        if (
            text_rules.squash(para.shown_text()) != rules.QUOC_HIEU
            and "phải in hoa" not in problems
        ):
            problems.append(
                f"phải viết “{rules.QUOC_HIEU}”, thấy “{text_rules.squash(para.shown_text())}”"
            )
        _emit(out, comp, para, "ND30-1.a", problems)
    if comp.tieu_ngu is not None:
        para = comp.tieu_ngu
        problems = _style(para, rules.SIZE_TIEU_NGU, bold=True, caps=False)
        if text_rules.squash(para.shown_text()) != rules.TIEU_NGU and not any(
            "hoa" in p for p in problems
        ):
            problems.append(
                f"phải viết “{rules.TIEU_NGU}” (gạch nối có cách chữ), "
                f"thấy “{text_rules.squash(para.shown_text())}”"
            )
        _emit(out, comp, para, "ND30-1.b", problems)
    for para in comp.co_quan:
        _emit(out, comp, para, "ND30-2.b", _style(para, rules.SIZE_CO_QUAN, bold=True, caps=True))
    for para in comp.chu_quan:
        _emit(
            out,
            comp,
            para,
            "ND30-2.b.chu-quan",
            _style(para, rules.SIZE_CO_QUAN, bold=False, caps=True),
        )


def _numbers(comp: Components, out: Collector) -> None:
    """Check the Số line and the date line."""
    code = rules.LOAI_VAN_BAN.get(comp.ten_loai_name) if comp.ten_loai_name else None
    if comp.so is not None:
        para = comp.so
        problems = _style(para, rules.SIZE_SO)
        _emit(out, comp, para, "ND30-3.c", problems)
        for rule_id, values in text_rules.so_problems(para.text, code):
            out.add(where(comp, para), rule_id, **values)
    if comp.ngay is not None:
        para = comp.ngay
        _emit(out, comp, para, "ND30-4.c", _style(para, rules.SIZE_NGAY, italic=True))
        for rule_id, values in text_rules.date_problems(para.text):
            out.add(where(comp, para), rule_id, **values)
        so = comp.so
        # In a heading table, Số and the date must share a row (ô 3 and ô 4 on one line).
        in_table = so is not None and so.table is not None and so.table == para.table
        if in_table and so is not None and para.row != so.row:
            out.add(where(comp, para), "ND30-4.c", problem="phải cùng một dòng với số, ký hiệu")


def _title(comp: Components, out: Collector) -> None:
    """Check tên loại, trích yếu and the V/v line of a công văn."""
    if comp.ten_loai is not None:
        para = comp.ten_loai
        problems = _style(para, rules.SIZE_TEN_LOAI, bold=True, caps=True)
        if para.props.align != "center":
            problems.append("phải canh giữa")
        _emit(out, comp, para, "ND30-5.b", problems, part="tên loại văn bản")
        if not comp.trich_yeu:
            out.add(where(comp, para), "ND30-Đ8", what="trích yếu nội dung dưới tên loại")
    for para in comp.trich_yeu:
        problems = _style(para, rules.SIZE_TEN_LOAI, bold=True, caps=False)
        if para.props.align != "center":
            problems.append("phải canh giữa")
        _emit(out, comp, para, "ND30-5.b", problems, part="trích yếu")
    if comp.vv is not None:
        _emit(
            out,
            comp,
            comp.vv,
            "ND30-5.b",
            _style(comp.vv, rules.SIZE_VV, bold=False),
            part="trích yếu công văn",
        )


def _can_cu(comp: Components, out: Collector) -> None:
    """Check căn cứ lines: italic 13–14, ";" after each, "." after the last."""
    for pos, para in enumerate(comp.can_cu):
        problems = _style(para, rules.SIZE_BODY, italic=True)
        text = text_rules.squash(para.text)
        last = pos == len(comp.can_cu) - 1
        if last and not text.endswith("."):
            problems.append(f"dòng cuối phải kết thúc bằng dấu chấm, thấy “…{text[-20:]}”")
        if not last and not text.endswith(";"):
            problems.append(f"mỗi căn cứ phải kết thúc bằng dấu chấm phẩy, thấy “…{text[-20:]}”")
        _emit(out, comp, para, "ND30-6.a", problems)


def _is_title_like(para: Para) -> bool:
    """Return whether a body paragraph is a heading line (I. …, a bold khoản title, all caps)."""
    text = text_rules.squash(para.text)
    if _ROMAN_HEADING_RE.match(text):
        return True
    letters = [c for c in para.shown_text() if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return True
    return para.all_runs("bold") and len(text) < 150 and not text.endswith((";", ".", "/."))


def _body(comp: Components, out: Collector) -> None:
    """Check body paragraphs (6.e), centred headings, Điều lines and the closing "/."."""
    for para in comp.headings:
        wrong = sorted(s for s in para.sizes if not rules.SIZE_BODY[0] <= s <= rules.SIZE_BODY[1])
        if wrong:
            out.add(where(comp, para), "ND30-6.e", found=", ".join(pt(s) for s in wrong))
    for para in comp.body:
        _paragraph(comp, para, out)
        if _DIEU_RE.match(para.text) and para.runs and not para.runs[0].bold:
            out.add(where(comp, para), "ND30-6.đ", problem="“Điều …” và tiêu đề điều phải in đậm")
    content = comp.body or comp.can_cu
    if content:
        closing = text_rules.closing_problem(content[-1].text)
        if closing:
            out.add(where(comp, content[-1]), closing[0], **closing[1])
    elif comp.ten_loai is not None or comp.vv is not None:
        out.add("", "ND30-Đ8", what="phần nội dung văn bản")


def _paragraph(comp: Components, para: Para, out: Collector) -> None:
    """Check one body paragraph against Mục II.6.e."""
    place = where(comp, para)
    wrong = sorted(s for s in para.sizes if not rules.SIZE_BODY[0] <= s <= rules.SIZE_BODY[1])
    if wrong:
        out.add(place, "ND30-6.e", found=", ".join(pt(s) for s in wrong))
    title = _is_title_like(para)
    if para.props.align not in ("both", "distribute"):
        if title:
            out.add(
                place,
                "ND30-6.e.tieu-de",
                problem="nên canh đều hai lề như nội dung, thấy canh "
                f"{text_rules.align_vi(para.props.align)}",
            )
        else:
            out.add(
                place, "ND30-6.e.can-deu", found=f"canh {text_rules.align_vi(para.props.align)}"
            )
    lo, hi = rules.FIRST_LINE_TWIPS
    tol = rules.FIRST_LINE_TOLERANCE_TWIPS
    if not lo - tol <= para.props.first_line <= hi + tol:
        if title:
            out.add(
                place,
                "ND30-6.e.tieu-de",
                problem=f"nên lùi đầu dòng 1 cm hoặc 1,27 cm, thấy {cm(para.props.first_line)}",
            )
        else:
            out.add(place, "ND30-6.e.lui-dau", found=cm(para.props.first_line))
    props = para.props
    spacing = 0 if props.contextual else props.before + props.after
    if spacing < rules.MIN_PARAGRAPH_SPACING_TWIPS - 1:
        found = "bỏ khoảng cách giữa các đoạn cùng kiểu" if props.contextual else pt(spacing / 20)
        out.add(place, "ND30-6.e.doan", found=found)
    _line_spacing(comp, para, out)


def _line_spacing(comp: Components, para: Para, out: Collector) -> None:
    """Check line spacing: from single to 1.5 lines."""
    if para.props.line is None:
        return
    size = para.size or rules.SIZE_BODY[0]
    if para.props.line_rule == "auto":
        lo, hi = rules.LINE_AUTO_RANGE
        if not lo <= para.props.line <= hi:
            out.add(
                where(comp, para),
                "ND30-6.e.dong",
                found=f"{para.props.line / 240:g} dòng".replace(".", ","),
            )
        return
    points = para.props.line / 20
    low, high = rules.LINE_EXACT_FACTOR
    too_low = para.props.line_rule == "exact" and points < size * low
    if too_low or points > size * high:
        out.add(where(comp, para), "ND30-6.e.dong", found=f"{pt(points)} ({para.props.line_rule})")


def _noi_nhan(comp: Components, out: Collector) -> None:
    """Check the Nơi nhận label (12 pt bold italic) and its 11 pt list ending in "- Lưu: VT"."""
    if comp.noi_nhan is None:
        return
    label = comp.noi_nhan
    problems = _style(label, rules.SIZE_NOI_NHAN_LABEL, bold=True, italic=True)
    if not text_rules.squash(label.text).startswith("Nơi nhận:"):
        problems.append(f"phải viết “Nơi nhận:”, thấy “{text_rules.squash(label.text)}”")
    _emit(out, comp, label, "ND30-9.d", problems)
    items = comp.noi_nhan_list
    for para in items:
        problem = _size(para, rules.SIZE_NOI_NHAN_LIST)
        if problem:
            out.add(where(comp, para), "ND30-9.d.ds", problem=problem)
        if para.any_run("italic"):
            out.add(where(comp, para), "ND30-9.d.ds", problem="phải kiểu chữ đứng, không nghiêng")
    for pos, (rule_id, values) in text_rules.noi_nhan_list_problems([p.text for p in items]):
        place = where(comp, items[pos]) if items else where(comp, label)
        out.add(place, rule_id, **values)


def _signer(comp: Components, out: Collector) -> None:
    """Check the signer block: quyền hạn prefix, chức vụ caps bold, name present and bold."""
    lines = [p for p in comp.nguoi_ky if not text_rules.squash(p.text).startswith("(")]
    if not lines:
        if comp.noi_nhan is not None:
            out.add("", "ND30-Đ8", what="khối chữ ký (quyền hạn, chức vụ, họ tên người ký)")
        return
    caps = [p for p in lines if _all_caps(p)]
    names = [p for p in lines if not _all_caps(p)]
    if not caps:
        out.add(
            where(comp, lines[0]),
            "ND30-7.a",
            problem="quyền hạn, chức vụ của người ký (ô 7a) phía trên chữ ký và họ tên",
        )
    if caps:
        problem = text_rules.signer_prefix_problem(caps[0].text)
        if problem:
            out.add(where(comp, caps[0]), problem[0], **problem[1])
        # KT., TL., TUQ. sign for someone else: the signer's own title (ô 7b) must follow.
        last = text_rules.squash(caps[-1].text)
        if re.match(r"^(KT|TL|TUQ)\.\s", last):
            out.add(
                where(comp, caps[-1]),
                "ND30-7.a",
                problem=f"chức vụ của người ký (ô 7b) dưới dòng “{last}”",
            )
    for para in caps:
        _emit(
            out,
            comp,
            para,
            "ND30-7.đ",
            _style(para, rules.SIZE_NGUOI_KY, bold=True, caps=True),
            part="quyền hạn, chức vụ",
        )
    if not names:
        out.add(
            where(comp, lines[-1]),
            "ND30-7.c",
            problem="không có (dòng cuối khối chữ ký phải là họ và tên)",
        )
        return
    name = names[-1]
    _emit(
        out,
        comp,
        name,
        "ND30-7.đ",
        _style(name, rules.SIZE_NGUOI_KY, bold=True, caps=False),
        part="họ tên người ký",
    )
    first_word = text_rules.squash(name.text).split(" ")[0]
    if fold(first_word) in {fold(h) for h in rules.HOC_VI}:
        out.add(where(comp, name), "ND30-7.c.hoc-vi", found=f"“{first_word}”")


def _all_caps(para: Para) -> bool:
    letters = [c for c in para.shown_text() if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)
