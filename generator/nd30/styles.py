"""Resolve effective paragraph and run properties through docDefaults, styles and themes.

Word applies formatting in layers: document defaults, then the table style, the paragraph style
chain (basedOn), the character style chain, and finally direct formatting. The later layer wins
attribute by attribute. Theme font references (asciiTheme="minorHAnsi") are looked up in the
theme part.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_PREFIXES = {"w": W, "a": _A}
# Word's built-in defaults when a document specifies nothing.
_DEFAULT_FONT = "Times New Roman"
_DEFAULT_HALF_POINTS = 20
_DEFAULT_CELL_MARGIN = 108
_TOGGLES = ("b", "i", "caps")


def qn(name: str) -> str:
    """Return the Clark name of a prefixed name such as "w:p"."""
    prefix, local = name.split(":")
    return f"{{{_PREFIXES[prefix]}}}{local}"


def attr(el: etree._Element | None, name: str) -> str | None:
    """Return the w:-namespaced attribute `name` of `el`."""
    if el is None:
        return None
    value = el.get(f"{{{W}}}{name}")
    return None if value is None else str(value)


def twips(value: str | None) -> int:
    """Return a twips measure as int, tolerating decimals and unit suffixes."""
    if not value:
        return 0
    text = value.strip()
    units = {"mm": 56.6929, "cm": 566.929, "in": 1440.0, "pt": 20.0}
    for suffix, factor in units.items():
        if text.endswith(suffix):
            return round(float(text[: -len(suffix)]) * factor)
    try:
        return round(float(text))
    except ValueError:
        return 0


def _on(el: etree._Element) -> bool:
    """Return the value of an OOXML on/off property element."""
    return (attr(el, "val") or "true").lower() not in ("0", "false", "off", "none")


@dataclass(frozen=True)
class Run:
    """A piece of text with its effective formatting (re-exported by `docx_model`)."""

    text: str
    fonts: tuple[str, ...]
    size: float
    bold: bool
    italic: bool
    caps: bool
    color: str | None


@dataclass(frozen=True)
class ParaProps:
    """Effective paragraph properties (twips for lengths)."""

    style_id: str | None
    align: str
    first_line: int
    ind_left: int
    ind_right: int
    before: int
    after: int
    line: int | None
    line_rule: str
    contextual: bool
    border_bottom: bool
    border_top: bool


class StyleSheet:
    """The styles and theme of one document, able to resolve layered properties."""

    def __init__(self, styles: etree._Element | None, theme: etree._Element | None) -> None:
        self.styles: dict[str, etree._Element] = {}
        self.default_para: str | None = None
        self.default_rpr: etree._Element | None = None
        self.default_ppr: etree._Element | None = None
        if styles is not None:
            for style in styles.iter(qn("w:style")):
                sid = attr(style, "styleId")
                if sid:
                    self.styles[sid] = style
                    if attr(style, "type") == "paragraph" and _on_default(style):
                        self.default_para = sid
            self.default_rpr = styles.find(
                f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}"
            )
            self.default_ppr = styles.find(
                f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}"
            )
        self.theme = _theme_fonts(theme)

    def chain(self, style_id: str | None, kind: str) -> list[etree._Element]:
        """Return the `kind` (rPr, pPr, tblPr) elements of a style chain, base first."""
        found: list[etree._Element] = []
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            el = style.find(qn(f"w:{kind}"))
            if el is not None:
                found.append(el)
            based = style.find(qn("w:basedOn"))
            style_id = attr(based, "val") if based is not None else None
        return list(reversed(found))

    def paragraph_props(self, p: etree._Element, table_style: str | None) -> ParaProps:
        """Return the effective properties of paragraph `p`."""
        ppr = p.find(qn("w:pPr"))
        style_el = ppr.find(qn("w:pStyle")) if ppr is not None else None
        style_id = attr(style_el, "val") if style_el is not None else self.default_para
        layers = [
            self.default_ppr,
            *self.chain(table_style, "pPr"),
            *self.chain(style_id, "pPr"),
            ppr,
        ]
        align, contextual = "left", False
        ind: dict[str, str] = {}
        spacing: dict[str, str] = {}
        bottom = top = False
        for layer in layers:
            if layer is None:
                continue
            for child in layer:
                if child.tag == qn("w:jc"):
                    align = attr(child, "val") or align
                elif child.tag == qn("w:ind"):
                    ind.update({etree.QName(k).localname: str(v) for k, v in child.attrib.items()})
                elif child.tag == qn("w:spacing"):
                    spacing.update(
                        {etree.QName(k).localname: str(v) for k, v in child.attrib.items()}
                    )
                elif child.tag == qn("w:contextualSpacing"):
                    contextual = _on(child)
                elif child.tag == qn("w:pBdr"):
                    bottom = _border(child, "bottom") or bottom
                    top = _border(child, "top") or top
        first = twips(ind.get("firstLine")) - twips(ind.get("hanging"))
        if "hanging" in ind and "firstLine" in ind:
            first = -twips(ind["hanging"])
        line = twips(spacing["line"]) if "line" in spacing else None
        auto_before = (spacing.get("beforeAutospacing") or "0") in ("1", "true", "on")
        auto_after = (spacing.get("afterAutospacing") or "0") in ("1", "true", "on")
        return ParaProps(
            style_id=style_id,
            align={"start": "left", "end": "right"}.get(align, align),
            first_line=first,
            ind_left=twips(ind.get("left") or ind.get("start")),
            ind_right=twips(ind.get("right") or ind.get("end")),
            before=280 if auto_before else twips(spacing.get("before")),
            after=280 if auto_after else twips(spacing.get("after")),
            line=line,
            line_rule=spacing.get("lineRule", "auto"),
            contextual=contextual,
            border_bottom=bottom,
            border_top=top,
        )

    def run(
        self, r: etree._Element, text: str, para_style: str | None, table_style: str | None
    ) -> Run:
        """Return a Run with the effective formatting of `r`."""
        rpr = r.find(qn("w:rPr"))
        char_el = rpr.find(qn("w:rStyle")) if rpr is not None else None
        char_style = attr(char_el, "val") if char_el is not None else None
        layers = [
            self.default_rpr,
            *self.chain(table_style, "rPr"),
            *self.chain(para_style, "rPr"),
            *self.chain(char_style, "rPr"),
            rpr,
        ]
        fonts: dict[str, str] = {}
        flags = dict.fromkeys(_TOGGLES, False)
        size, color = _DEFAULT_HALF_POINTS, None
        for layer in layers:
            if layer is None:
                continue
            for child in layer:
                local = etree.QName(child).localname
                if local == "rFonts":
                    self._merge_fonts(child, fonts)
                elif local == "sz":
                    size = twips(attr(child, "val")) or size
                elif local in _TOGGLES:
                    flags[local] = _on(child)
                elif local == "color":
                    color = attr(child, "val") or color
        names = tuple(fonts.get(slot, _DEFAULT_FONT) for slot in ("ascii", "hAnsi", "cs"))
        return Run(text, names, size / 2, flags["b"], flags["i"], flags["caps"], color)

    def _merge_fonts(self, el: etree._Element, fonts: dict[str, str]) -> None:
        """Apply one rFonts element: theme attributes override plain names at the same level."""
        for slot, theme_attr in (
            ("ascii", "asciiTheme"),
            ("hAnsi", "hAnsiTheme"),
            ("cs", "cstheme"),
        ):
            theme_ref = attr(el, theme_attr)
            if theme_ref:
                resolved = self.theme.get(theme_ref, "")
                if resolved:
                    fonts[slot] = resolved
                    continue
            name = attr(el, slot)
            if name:
                fonts[slot] = name

    def cell_margins(self, tbl: etree._Element, table_style: str | None) -> float:
        """Return left + right cell margins of a table in twips."""
        total = {"left": _DEFAULT_CELL_MARGIN, "right": _DEFAULT_CELL_MARGIN}
        layers = [*self.chain(table_style, "tblPr"), tbl.find(qn("w:tblPr"))]
        for layer in layers:
            mar = layer.find(qn("w:tblCellMar")) if layer is not None else None
            if mar is None:
                continue
            for side, names in (("left", ("left", "start")), ("right", ("right", "end"))):
                for name in names:
                    el = mar.find(qn(f"w:{name}"))
                    if el is not None:
                        total[side] = twips(attr(el, "w"))
        return float(total["left"] + total["right"])


def _on_default(style: etree._Element) -> bool:
    """Return whether a style element is marked as the default of its type."""
    return (attr(style, "default") or "0") in ("1", "true", "on")


def _border(pbdr: etree._Element, side: str) -> bool:
    """Return whether a paragraph border side is a visible line."""
    el = pbdr.find(qn(f"w:{side}"))
    return el is not None and (attr(el, "val") or "nil") not in ("nil", "none")


def _theme_fonts(theme: etree._Element | None) -> dict[str, str]:
    """Return theme font references (majorHAnsi …) mapped to typefaces."""
    fonts: dict[str, str] = {}
    if theme is None:
        return fonts
    for kind in ("major", "minor"):
        scheme = theme.find(f".//{{{_A}}}{kind}Font")
        if scheme is None:
            continue
        latin = scheme.find(f"{{{_A}}}latin")
        cs = scheme.find(f"{{{_A}}}cs")
        latin_face = latin.get("typeface", "") if latin is not None else ""
        cs_face = cs.get("typeface", "") if cs is not None else ""
        fonts[f"{kind}HAnsi"] = fonts[f"{kind}Ascii"] = str(latin_face)
        fonts[f"{kind}Bidi"] = str(cs_face)
    return fonts


def read_styles(styles: etree._Element | None, theme: etree._Element | None) -> StyleSheet:
    """Return the StyleSheet of a document from its styles and theme parts."""
    return StyleSheet(styles, theme)
