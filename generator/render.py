"""Render a docxtpl template with a context into a .docx, safely and atomically.

The Jinja environment is sandboxed, escapes every value for XML (`autoescape=True`: docxtpl's
default silently cuts text at the first "<", see reference/env-spike.md §3), and is strict: an
unknown name or attribute is an error, never an empty string. Before rendering, the template's
variables are checked against the context so a clerk who edited a template gets one message
naming the template and every missing name. After rendering, the short rules under the issuing
body, the Tiêu ngữ and the trích yếu are resized to the text actually printed above them.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import StrictUndefined, meta
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from generator.atomic import atomic_target
from generator.errors import RenderError, TemplateError
from generator.nd30.metrics import text_width_pt
from generator.render_lean import CachedTemplate, bounded_cache, prepare
from generator.templating.skeleton import CELL_PADDING, RULE_STYLES
from generator.vi.filters import FILTERS

__all__ = [
    "Image",
    "check_template",
    "fit_rules",
    "fit_rules_in",
    "make_environment",
    "render",
    "shown",
    "template_parts",
    "template_variables",
]

T = TypeVar("T")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Image:
    """A picture for the context (a chart): PNG bytes and the printed width in millimetres.

    Put `{{ name }}` alone in a run of the template; `render` turns it into an inline image.
    Context builders stay pure: they hand over bytes, never a DocxTemplate.
    """

    data: bytes
    width_mm: float


def _with_images(value: Any, tpl: DocxTemplate) -> Any:
    """Return `value` with every Image replaced by a docxtpl InlineImage of `tpl`."""
    if isinstance(value, Image):
        return InlineImage(tpl, io.BytesIO(value.data), width=Mm(value.width_mm))
    if isinstance(value, dict):
        return {k: _with_images(v, tpl) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_with_images(v, tpl) for v in value]
    return value


def shown(path: Path) -> str:
    """Return `path` as the user should read it: relative to the working folder when inside."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _undefined_message(err: jinja2.UndefinedError) -> str:
    text = err.message or ""
    found = re.match(r"^'[^']*' has no attribute '([^']+)'$", text)
    if found:
        return f"không có thuộc tính '{found[1]}'"
    found = re.match(r"^'([^']+)' is undefined$", text)
    if found:
        return f"không có biến '{found[1]}'"
    return text


# No template may load another one ({% include %}, {% import %}, {% extends %}): an empty loader
# answers every name with "not found" (without a loader Jinja raises a bare TypeError).
_NO_FILES = jinja2.DictLoader({})


def make_environment() -> SandboxedEnvironment:
    """Return the sandboxed, strict, autoescaping Jinja environment with the Vietnamese filters."""
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True, loader=_NO_FILES)
    env.filters.update(FILTERS)
    return env


# A set renders the same few templates dozens of times: cleaning their XML (docxtpl's regexes),
# compiling it (Jinja) and listing its variables took about 0.1 s of the 0.15 s of a render
# (measured on 42 inspection documents). All three depend only on the template, so keep them.
_CACHED = 32


class _CompilingEnvironment(SandboxedEnvironment):
    """The render environment, keeping the compiled template of each XML source it has seen."""

    def __init__(self) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=True, loader=_NO_FILES)
        self.filters.update(FILTERS)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        """Return the compiled template of `source`, compiling it once."""
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        return bounded_cache(
            self._compiled, source, lambda: super(_CompilingEnvironment, self).from_string(source)
        )


@functools.cache
def _render_environment() -> _CompilingEnvironment:
    return _CompilingEnvironment()


def template_parts(tpl: DocxTemplate, path: Path) -> list[tuple[str, str]]:
    """Return (part label, Jinja source) for the body, headers and footers, as docxtpl sees them.

    Paragraphs are split onto their own lines exactly as docxtpl does before rendering, so a
    Jinja line number points at one paragraph.
    """
    try:
        tpl.init_docx()
    except Exception as err:  # docx/zip errors have no common base class
        raise TemplateError(f"{shown(path)}: không mở được mẫu .docx ({err})") from None
    sources = [("phần nội dung", tpl.patch_xml(tpl.get_xml()))]
    for uri, label in ((tpl.HEADER_URI, "đầu trang"), (tpl.FOOTER_URI, "chân trang")):
        for _key, part in tpl.get_headers_footers(uri):
            sources.append((label, tpl.patch_xml(tpl.get_part_xml(part))))
    return [(label, re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)) for label, xml in sources]


def _line_text(source: str, lineno: int | None) -> str:
    if lineno is None:
        return ""
    lines = source.splitlines()
    if not 1 <= lineno <= len(lines):
        return ""
    text = " ".join(_TAG.sub("", lines[lineno - 1]).split())
    return text if len(text) <= 90 else text[:87] + "…"


def template_variables(path: Path, env: jinja2.Environment | None = None) -> set[str]:
    """Return the names a template reads from its context; raise TemplateError on bad syntax."""
    env = env or make_environment()
    tpl = DocxTemplate(str(path))
    names: set[str] = set()
    for label, source in template_parts(tpl, path):
        try:
            ast = env.parse(source)
        except jinja2.TemplateSyntaxError as err:
            where = _line_text(source, err.lineno)
            near = f" ở đoạn «{where}»" if where else ""
            raise TemplateError(
                f"{shown(path)}: mẫu có lỗi cú pháp Jinja trong {label}{near} "
                f"(dòng {err.lineno} của XML): {err.message}. Sửa thẻ {{{{ … }}}} hoặc "
                "{%p … %} trong mẫu rồi chạy lại."
            ) from None
        names |= meta.find_undeclared_variables(ast)
    return names


@functools.lru_cache(maxsize=_CACHED)
def _variables_of(path: Path, _size: int, _mtime_ns: int) -> frozenset[str]:
    """Return the template's variables; the file's size and time make an edited one re-read."""
    return frozenset(template_variables(path, _render_environment()))


def check_template(path: Path, context: Mapping[str, Any]) -> None:
    """Raise TemplateError naming the template and every variable missing from the context."""
    try:
        stat = path.stat()
        names: set[str] | frozenset[str] = _variables_of(path, stat.st_size, stat.st_mtime_ns)
    except OSError:
        names = template_variables(path)  # reports the missing or unreadable file itself
    missing = sorted(names - set(context) - set(FILTERS))
    if missing:
        known = ", ".join(sorted(context))
        raise TemplateError(
            f"{shown(path)}: mẫu dùng biến không có trong dữ liệu của loại văn bản này: "
            f"{', '.join(missing)}. Các biến có sẵn: {known}."
        )


def render(template: Path, context: Mapping[str, Any], out: Path) -> Path:
    """Render `template` with `context` into `out` atomically and return `out`.

    The file appears under its final name only when complete (temporary name, then rename).
    Raise TemplateError for a broken template or a name/attribute the context lacks.
    A context without pictures takes the fast path (render_lean.py: docxtpl's steps on the
    XML, no python-docx package); one with pictures goes through docxtpl whole.
    """
    check_template(template, context)
    lean = None if _has_images(context) else prepare(template)
    try:
        if lean is not None:
            rendered = _words_errors(template, lambda: lean.render(
                dict(context), _render_environment(), fit_rules_in
            ))  # fmt: skip
            with atomic_target(out) as tmp:
                lean.write(rendered, tmp)
            return out
        tpl = CachedTemplate(str(template))
        _words_errors(template, lambda: tpl.render(
            _with_images(dict(context), tpl), jinja_env=_render_environment(), autoescape=True
        ))  # fmt: skip
        fit_rules(tpl.docx)
        with atomic_target(out) as tmp:
            tpl.save(str(tmp))
    except OSError as err:
        raise RenderError(f"{shown(out)}: không ghi được tệp ({err.strerror})") from None
    return out


def _words_errors(template: Path, step: Callable[[], T]) -> T:
    """Run a rendering step; turn Jinja's errors into TemplateError naming the template."""
    try:
        return step()
    except jinja2.UndefinedError as err:
        raise TemplateError(
            f"{shown(template)}: mẫu dùng một giá trị không có trong dữ liệu "
            f"({_undefined_message(err)}); kiểm tra tên biến sau dấu chấm trong mẫu."
        ) from None
    except SecurityError as err:
        raise TemplateError(
            f"{shown(template)}: mẫu bị chặn vì truy cập phần không được phép ({err}); mẫu chỉ "
            "được dùng các biến của loại văn bản và các bộ lọc có sẵn"
        ) from None
    except jinja2.TemplateNotFound as err:
        raise TemplateError(
            f"{shown(template)}: mẫu không được nạp tệp khác ('{err.name}'); bỏ các thẻ "
            "{% include %}, {% import %}, {% extends %}"
        ) from None
    except jinja2.TemplateError as err:
        raise TemplateError(f"{shown(template)}: lỗi khi điền mẫu: {err}") from None


def _has_images(value: Any) -> bool:
    if isinstance(value, Image):
        return True
    if isinstance(value, Mapping):
        return any(_has_images(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_has_images(v) for v in value)
    return False


# --- rules under headings -----------------------------------------------------------------


def _style_names(styles: Any) -> dict[str, str]:
    """Return style id → name of the rule styles, read from the styles XML (python-docx's style
    objects cost 6 ms a document; the rule styles are custom, so their names need no mapping)."""
    found = {}
    for style in styles.iterchildren(f"{_W}style"):
        name = style.find(f"{_W}name")
        value = name.get(f"{_W}val") if name is not None else None
        if value in RULE_STYLES:
            found[style.get(f"{_W}styleId")] = value
    return found


def _para_runs(p: Any) -> list[tuple[str, float, bool, bool]]:
    """Return (text, size pt, bold, italic) of each run of a paragraph element."""
    found = []
    for r in p.iter(f"{_W}r"):
        text = "".join(t.text or "" for t in r.iter(f"{_W}t"))
        rpr = r.find(f"{_W}rPr")
        size, bold, italic = 14.0, False, False
        if rpr is not None:
            sz = rpr.find(f"{_W}sz")
            size = int(sz.get(f"{_W}val")) / 2 if sz is not None else size
            bold = _on(rpr.find(f"{_W}b"))
            italic = _on(rpr.find(f"{_W}i"))
        found.append((text, size, bold, italic))
    return found


def _on(el: Any) -> bool:
    return el is not None and el.get(f"{_W}val") not in ("0", "false", "off")


def _width_pt(p: Any) -> float:
    return sum(text_width_pt(t, s, b, i) for t, s, b, i in _para_runs(p))


def _available_twips(rule: Any) -> int:
    """Return the text width (twips) of the cell or page column holding the rule paragraph."""
    parent = rule.getparent()
    if parent.tag == f"{_W}tc":
        tcw = parent.find(f"{_W}tcPr/{_W}tcW")
        if tcw is not None:
            return int(tcw.get(f"{_W}w")) - 2 * CELL_PADDING
    # Body paragraph: the width of the section it belongs to.
    follow = rule
    while follow is not None:
        sect = follow.find(f"{_W}pPr/{_W}sectPr") if follow.tag == f"{_W}p" else None
        if follow.tag == f"{_W}sectPr":
            sect = follow
        if sect is not None:
            pg_sz, pg_mar = sect.find(f"{_W}pgSz"), sect.find(f"{_W}pgMar")
            return (
                int(pg_sz.get(f"{_W}w"))
                - int(pg_mar.get(f"{_W}left"))
                - int(pg_mar.get(f"{_W}right"))
            )
        follow = follow.getnext()
    return 9355


def fit_rules(doc: Any) -> None:
    """Resize the rules of a python-docx Document (see `fit_rules_in`)."""
    fit_rules_in(doc.element.body, doc.styles.element)


def fit_rules_in(body: Any, styles: Any) -> None:
    """Resize every rule paragraph (styles in RULE_STYLES) to its fraction of the text above.

    "The text above" is the run of consecutive non-empty paragraphs just before the rule in the
    same cell or body, with the same boldness as the nearest one (so the not-bold parent body
    above the issuing body is left out). The rule length aims at the widest of those lines and,
    where the ranges overlap, also suits the last line.
    """
    names = _style_names(styles)
    for style in body.iter(f"{_W}pStyle"):
        name = names.get(style.get(f"{_W}val") or "")
        if name is None:
            continue
        rule = style.getparent().getparent()
        lines = _lines_above(rule)
        if not lines:
            continue
        ratio = RULE_STYLES[name]
        if ratio >= 1:
            # A full-length rule belongs to the one line right above it (Tiêu ngữ).
            lines = lines[-1:]
        available = _available_twips(rule) / 20
        widths = [min(_width_pt(p), available) for p in lines]
        length = _rule_length(max(widths), widths[-1], ratio)
        side = max(round((available - length) * 10), 0)  # half the leftover, in twips
        ind = rule.find(f"{_W}pPr/{_W}ind")
        if ind is not None:
            ind.set(f"{_W}left", str(side))
            ind.set(f"{_W}right", str(side))


def _lines_above(rule: Any) -> list[Any]:
    lines: list[Any] = []
    bold: bool | None = None
    node = rule.getprevious()
    while node is not None and node.tag == f"{_W}p":
        runs = [r for r in _para_runs(node) if r[0].strip()]
        if not runs:
            break
        this_bold = all(r[2] for r in runs)
        if bold is None:
            bold = this_bold
        elif this_bold != bold:
            break
        lines.insert(0, node)
        node = node.getprevious()
    return lines


def _rule_length(widest: float, last: float, ratio: float) -> float:
    """Return a rule length: `ratio` of the widest line for the Tiêu ngữ rule; for the short
    rules, between a third of the widest line and half of the last line (so it suits either
    reading of "the text line" for a name on two lines), kept within 0.3–0.5 of the widest."""
    if ratio >= 1:
        return widest * ratio
    middle = (widest / 3 + last / 2) / 2
    return min(max(middle, widest * 0.3), widest * 0.5)
