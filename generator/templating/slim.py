"""Drop what python-docx's blank document carries and no vanban template uses.

python-docx starts from Word 2010's blank document: 167 style definitions and 276 latent-style
entries (styles.xml, 343 KB), a second copy of them for Word 2010 (stylesWithEffects.xml,
438 KB), a thumbnail, web settings and a customXml item. Every rendered document and every
LibreOffice conversion parsed all of it again (about 40 % of a render, measured on the
inspection set). A template keeps the styles its parts use (with the styles they are based on,
link to or continue with) and the document defaults; Word still offers its built-in styles to a
clerk who edits the file, from its own definitions.
"""

from __future__ import annotations

from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

__all__ = ["slim"]

# Parts of the blank document no template needs: Word 2010's duplicate styles, web settings,
# customXml (bibliography sources) and, at package level, the thumbnail.
_DROPPED = (
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    RT.WEB_SETTINGS,
    RT.CUSTOM_XML,
)
_REFERENCES = ("w:pStyle", "w:rStyle", "w:tblStyle", "w:numStyle")
_LINKS = ("w:basedOn", "w:next", "w:link")


def slim(doc: Any) -> None:
    """Remove unused parts and style definitions from a python-docx Document, in place."""
    part = doc.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype in _DROPPED:
            part.drop_rel(rel_id)
    package_rels = part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rel_id]
    _drop_unused_styles(doc)


def _used_style_ids(doc: Any) -> set[str]:
    """Return the style ids the document body, headers, footers and numbering refer to."""
    roots = [doc.element]
    for rel in doc.part.rels.values():
        if rel.is_external:
            continue
        element = getattr(rel.target_part, "element", None)
        if element is not None and rel.reltype in (RT.HEADER, RT.FOOTER, RT.NUMBERING):
            roots.append(element)
    used: set[str] = set()
    for root in roots:
        for tag in _REFERENCES:
            for ref in root.iter(qn(tag)):
                value = ref.get(qn("w:val"))
                if value:
                    used.add(value)
    return used


def _drop_unused_styles(doc: Any) -> None:
    """Keep the default styles, the used ones and everything they depend on; drop the rest."""
    styles = doc.styles.element
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    by_id = {style.get(qn("w:styleId")): style for style in styles.iterchildren(qn("w:style"))}
    keep = _used_style_ids(doc)
    keep |= {sid for sid, style in by_id.items() if style.get(qn("w:default")) in ("1", "true")}
    pending = list(keep)
    while pending:
        style = by_id.get(pending.pop())
        if style is None:
            continue
        for tag in _LINKS:
            link = style.find(qn(tag))
            value = link.get(qn("w:val")) if link is not None else None
            if value and value not in keep:
                keep.add(value)
                pending.append(value)
    for sid, style in by_id.items():
        if sid not in keep:
            styles.remove(style)
