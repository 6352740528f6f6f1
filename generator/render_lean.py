"""The fast path of `render`: docxtpl's own steps on the XML, without a python-docx package.

docxtpl opens the template as a python-docx package for every document, swaps the rendered
body into it and saves the whole package again: about two thirds of a render (measured on the
inspection set: 36 ms of which 7 ms opening, 6 ms moving the body tree, 7 ms saving). None of
that depends on the context. This path keeps, per template, the zip entries, the body as
docxtpl's cleaned Jinja source and the headers/footers that hold Jinja tags; a render then runs
docxtpl's `render_xml_part` (Jinja, then its listing rules), `fix_tables` and `fix_docpr_ids`,
resizes the rules, splices the body back into document.xml as text, and writes the zip.

A template the path does not cover (pictures in the context, footnotes, Jinja in the document
properties, a body with namespaces of its own) gets `None` from `prepare`, and `render` uses
the full docxtpl path. tests/test_render_lean.py checks both give the same XML.

Kept after measuring it against docxtpl's own render (issue 19, `bench/bench_libs.py`, the
large set of 210 documents, one run, interleaved; the machine was shared, load average 18-26
on 2 cores): end to end with `render_lean` off, vanban's own CPU per document is 1.5-1.6x
(28-32 ms against 17-22 ms); alone, a render takes 6.7 ms here against 21.6 with docxtpl
(3.2x, with the cached XML cleaning of `CachedTemplate`) and 48.1 with plain `DocxTemplate`
(7.2x). Not within 15 %, so this path stays; docxtpl renders whatever it does not cover.
Figures: generator/pdf/README.md, "Hand-written parts against the libraries".
"""

from __future__ import annotations

import functools
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from docx.opc.oxml import serialize_part_xml
from docx.oxml.parser import parse_xml
from docxtpl import DocxTemplate
from lxml import etree

__all__ = ["CachedTemplate", "LeanTemplate", "bounded_cache", "prepare"]

_DOCUMENT = "word/document.xml"
_STYLES = "word/styles.xml"
_CORE = "docProps/core.xml"
_FOOTNOTES = "word/footnotes.xml"
_PART = re.compile(r"^word/(header|footer)\d*\.xml$")
_JINJA = ("{{", "{%", "{#")
_BODY_START = re.compile(r"^<w:body\b[^>]*>")
_CACHED = 32
T = TypeVar("T")


@dataclass(frozen=True)
class LeanTemplate:
    """What a render needs of one template, read once."""

    path: Path
    entries: tuple[tuple[str, bytes], ...]
    head: str
    tail: str
    body: str
    parts: dict[str, str]
    styles: Any

    def render(self, context: dict[str, Any], env: Any, fit: Any) -> dict[str, bytes]:
        """Return the rendered entries by name (document.xml and the headers/footers).

        `fit(body, styles)` resizes the rules in the rendered body element. Jinja errors
        propagate as raised, for the caller to word.
        """
        tpl = CachedTemplate(str(self.path))
        tpl.docx_ids_index = 1000
        tpl.current_rendering_part = None
        tree = tpl.fix_tables(tpl.render_xml_part(self.body, None, context, env))
        tpl.fix_docpr_ids(tree)
        fit(tree, self.styles)
        body = _BODY_START.sub("<w:body>", etree.tostring(tree, encoding="unicode"), count=1)
        rendered = {_DOCUMENT: (self.head + body + self.tail).encode("utf-8")}
        for name, source in self.parts.items():
            xml = tpl.render_xml_part(source, None, context, env)
            rendered[name] = serialize_part_xml(parse_xml(xml.encode("utf-8")))
        return rendered

    def write(self, rendered: dict[str, bytes], out: Path) -> None:
        """Write the package: the template's entries, in order, with `rendered` replacing some.

        zlib level 1: half the time of the default level 6 (4 against 8 ms for a Thông báo),
        for a file about 40 % larger (64 against 46 KB).
        """
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
            for name, data in self.entries:
                target.writestr(name, rendered.get(name, data))


class CachedTemplate(DocxTemplate):  # type: ignore[misc]  # docxtpl has no type information
    """DocxTemplate reusing the cleaned XML of a part it has cleaned before (a pure function).

    The fast path uses only its XML steps (cleaning, Jinja, listing rules, tables, picture ids).
    """

    _patched: dict[str, str] = {}  # noqa: RUF012  (shared on purpose, across instances)

    def patch_xml(self, src_xml: str) -> str:
        """Return docxtpl's cleaned XML for `src_xml`, computing it once."""
        return bounded_cache(
            self._patched, src_xml, lambda: str(super(CachedTemplate, self).patch_xml(src_xml))
        )

    def resolve_listing(self, xml: str) -> str:
        """Return docxtpl's listing rules applied; they only act on tab, \\a, newline and form
        feed, so XML without any of these is returned as it is (5 ms a document saved)."""
        if not any(char in xml for char in "\t\a\n\f"):
            return xml
        return str(super().resolve_listing(xml))


def bounded_cache(store: dict[str, T], key: str, make: Callable[[], T]) -> T:
    """Return `store[key]`, made by `make()` the first time; the store holds at most 32 items
    (a set renders a few templates many times; a template edited in between gets a new key)."""
    found = store.get(key)
    if found is None:
        if len(store) >= _CACHED:
            store.clear()
        found = store[key] = make()
    return found


def prepare(path: Path) -> LeanTemplate | None:
    """Return the template read for the fast path, or None when it needs the full one."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _prepare(path, stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=_CACHED)
def _prepare(path: Path, _size: int, _mtime_ns: int) -> LeanTemplate | None:
    try:
        with zipfile.ZipFile(path) as source:
            entries = tuple((info.filename, source.read(info)) for info in source.infolist())
        return _read(path, entries)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError):
        return None  # a broken template: the full path reports it in its own words


def _read(path: Path, entries: tuple[tuple[str, bytes], ...]) -> LeanTemplate | None:
    by_name = dict(entries)
    if _DOCUMENT not in by_name or _STYLES not in by_name or _FOOTNOTES in by_name:
        return None
    if any(mark.encode() in by_name.get(_CORE, b"") for mark in _JINJA):
        return None
    steps = CachedTemplate(str(path))
    document = by_name[_DOCUMENT].decode("utf-8")
    root = etree.fromstring(by_name[_DOCUMENT])
    body = root.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}body")
    start, end = document.find("<w:body>"), document.rfind("</w:body>")
    if body is None or start < 0 or end < 0 or document.count("<w:body>") != 1:
        return None
    if body.nsmap != root.nsmap:
        return None  # the splice keeps only the root's declarations
    parts = {}
    for name, data in entries:
        if _PART.match(name) and any(mark.encode() in data for mark in _JINJA):
            xml = etree.tostring(etree.fromstring(data), encoding="unicode")
            parts[name] = steps.patch_xml(xml)
    return LeanTemplate(
        path=path,
        entries=entries,
        head=document[:start],
        tail=document[end + len("</w:body>") :],
        body=steps.patch_xml(etree.tostring(body, encoding="unicode")),
        parts=parts,
        styles=etree.fromstring(by_name[_STYLES]),
    )
