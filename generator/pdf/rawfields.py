"""Add empty signature fields and the document's metadata to a LibreOffice PDF, as raw bytes.

The same incremental update pyHanko writes for `fields.fields_update` (fields with an empty
appearance on the signer's page, /AcroForm, Info and XMP set together), without parsing the
file into objects first: about 1 ms instead of 8. The original bytes are kept as they are, the
update is appended after them, so a later signature still covers everything before it.

Only files `rawpdf` reads (LibreOffice's shape, no earlier update, no form yet) take this
path; anything else raises `UnsupportedError` and pyHanko does the work.

Kept after measuring it against the libraries (issue 19, `bench/bench_libs.py`, the large set
of 210 documents, one run, library and hand-written interleaved; the machine was shared, load
average 18-26 on 2 cores). End to end, with pypdf reading the objects and text and pyHanko
writing the fields, vanban's own CPU per document is 1.9-2.3x (39-41 ms against 17-22 ms);
alone, this update takes 0.39 ms against 5.38 with pyHanko (13.9x). pikepdf cannot do it at all:
qpdf has no incremental update, it rewrites the file, and the converted bytes must stay the
prefix of the file with fields. Not within 15 %, so this stays; pyHanko remains the path for
any other file. Figures: generator/pdf/README.md, "Hand-written parts against the libraries".
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from generator.pdf.locate import Box
from generator.pdf.rawpdf import (
    RawPdf,
    UnsupportedError,
    integer,
    plain_stream,
    text_string,
)

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DC = "http://purl.org/dc/elements/1.1/"
PDF_NS = "http://ns.adobe.com/pdf/1.3/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
for _prefix, _uri in (
    ("x", "adobe:ns:meta/"),
    ("rdf", RDF),
    ("dc", DC),
    ("pdf", PDF_NS),
    ("xmp", "http://ns.adobe.com/xap/1.0/"),
    ("pdfaid", "http://www.aiim.org/pdfa/ns/id/"),
):
    ET.register_namespace(_prefix, _uri)
# The properties the metadata update owns; any other one in the XMP is kept as it was.
_OWNED = {f"{{{DC}}}title", f"{{{DC}}}creator", f"{{{DC}}}description", f"{{{PDF_NS}}}Keywords"}
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_.\-]+")
_PACKET_ID = "W5M0MpCehiHzreSzNTczkc9d"
# Print (4) + Locked (128), as pyHanko marks its signature widgets.
_WIDGET_FLAGS = 132


@dataclass(frozen=True)
class SignedReadyMeta:
    """Document metadata and the signer block to find: trích yếu, cơ quan, số/ký hiệu, loại."""

    title: str
    author: str
    subject: str
    keywords: str
    signer_lines: list[str]
    signer_name: str


def raw_fields_update(
    source: bytes | RawPdf, fields: list[tuple[str, int, Box]], meta: SignedReadyMeta | None
) -> bytes:
    """Return the PDF followed by one update adding `fields` (name, page, box) and `meta`."""
    pdf = source if isinstance(source, RawPdf) else RawPdf(source)
    data = pdf.data
    root = pdf.ref(pdf.trailer[b"/Root"])
    catalog = pdf.entries(root)
    if b"/AcroForm" in catalog:
        raise UnsupportedError("the file already has a form")
    pages = pdf.pages()
    size = integer(pdf.trailer.get(b"/Size", b""))
    objects: dict[int, bytes] = {}
    acroform, size = size, size + 1
    widgets: dict[int, list[int]] = {}
    for name, page, box in fields:
        if not 0 <= page < len(pages):
            raise UnsupportedError(f"no page {page}")
        widget, appearance, size = size, size + 1, size + 2
        x0, y0, x1, y1 = (round(value) for value in box)
        objects[widget] = (
            b"<</Type/Annot/Subtype/Widget/FT/Sig/T%s/F %d/Rect[%d %d %d %d]/P %d 0 R"
            b"/AP<</N %d 0 R>>>>"
            % (_string(name), _WIDGET_FLAGS, x0, y0, x1, y1, pages[page], appearance)
        )
        objects[appearance] = (
            b"<</Type/XObject/Subtype/Form/BBox[0 0 %d %d]/Resources<<>>/Length 0>>\n"
            b"stream\n\nendstream" % (x1 - x0, y1 - y0)
        )
        widgets.setdefault(pages[page], []).append(widget)
    for page, added in widgets.items():
        entries = pdf.entries(page)
        annots = entries.get(b"/Annots", b"[]")
        if not annots.startswith(b"["):
            raise UnsupportedError("the page's annotations are an indirect array")
        entries[b"/Annots"] = annots[:-1] + b"".join(b" %d 0 R" % w for w in added) + b"]"
        objects[page] = _dictionary(entries)
    every = b" ".join(b"%d 0 R" % w for added in widgets.values() for w in added)
    objects[acroform] = b"<</Fields[%s]/SigFlags 1>>" % every
    catalog[b"/AcroForm"] = b"%d 0 R" % acroform
    if b"/Version" not in catalog and data[5:8] < b"1.7":
        catalog[b"/Version"] = b"/1.7"  # as pyHanko does: signature fields are PDF 1.7 forms
    objects[root] = _dictionary(catalog)
    if meta is not None:
        info, size = _metadata(pdf, catalog, meta, objects, size)
        trailer_extra = b"/Info %d 0 R" % info
    else:
        trailer_extra = b"/Info " + pdf.trailer[b"/Info"] if b"/Info" in pdf.trailer else b""
    return _append_update(data, pdf, objects, size, b"/Root %d 0 R%s" % (root, trailer_extra))


def _metadata(
    pdf: RawPdf,
    catalog: dict[bytes, bytes],
    meta: SignedReadyMeta,
    objects: dict[int, bytes],
    size: int,
) -> tuple[int, int]:
    """Add the Info dictionary and the XMP packet, agreeing, to `objects`; return the Info
    object's number and the new size."""
    entries: dict[bytes, bytes] = {}
    if b"/Info" in pdf.trailer:
        info = pdf.ref(pdf.trailer[b"/Info"])
        entries = pdf.entries(info)
    else:
        info, size = size, size + 1
    for key, value in (
        (b"/Title", meta.title),
        (b"/Author", meta.author),
        (b"/Subject", meta.subject),
        (b"/Keywords", meta.keywords),
    ):
        entries[key] = text_string(value)
    objects[info] = _dictionary(entries)
    if b"/Metadata" in catalog:
        metadata = pdf.ref(catalog[b"/Metadata"])
        packet = _updated_xmp(plain_stream(pdf, metadata), meta)
        objects[metadata] = b"<</Type/Metadata/Subtype/XML/Length %d>>\nstream\n%s\nendstream" % (
            len(packet),
            packet,
        )
    return info, size


def _append_update(
    data: bytes, pdf: RawPdf, objects: dict[int, bytes], size: int, entries: bytes
) -> bytes:
    """Return `data` with `objects` appended as one update: bodies, table, trailer `entries`."""
    out = bytearray(data)
    if not out.endswith(b"\n"):
        out += b"\n"
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    table_at = len(out)
    out += b"xref\n0 1\n0000000000 65535 f \n"
    numbers = sorted(offsets)
    start = 0
    while start < len(numbers):
        end = start
        while end + 1 < len(numbers) and numbers[end + 1] == numbers[end] + 1:
            end += 1
        out += b"%d %d\n" % (numbers[start], end - start + 1)
        for number in numbers[start : end + 1]:
            out += b"%010d 00000 n \n" % offsets[number]
        start = end + 1
    first_id = _first_id(pdf.trailer.get(b"/ID", b""))
    new_id = hashlib.md5(bytes(out[len(data) :])).hexdigest().upper().encode("ascii")
    out += b"trailer\n<</Size %d%s/ID[%s <%s>]/Prev %d>>\nstartxref\n%d\n%%%%EOF\n" % (
        size,
        entries,
        first_id or b"<" + new_id + b">",
        new_id,
        pdf.xref_at,
        table_at,
    )
    return bytes(out)


def _first_id(value: bytes) -> bytes:
    """Return the first string of the trailer's /ID array (b"" when there is none)."""
    found = re.match(rb"\[\s*(<[0-9A-Fa-f\s]*>)", value)
    return found.group(1) if found is not None else b""


def _dictionary(entries: dict[bytes, bytes]) -> bytes:
    return b"<<" + b"\n".join(key + b" " + value for key, value in entries.items()) + b">>"


def _string(text: str) -> bytes:
    """Return `text` as a PDF string: literal when plain ASCII, UTF-16 otherwise."""
    if _PLAIN_NAME.fullmatch(text):
        return b"(" + text.encode("ascii") + b")"
    return text_string(text)


def _updated_xmp(packet: bytes, meta: SignedReadyMeta) -> bytes:
    """Return the XMP packet with title, creator, description and keywords set to `meta`."""
    try:
        root = ET.fromstring(packet)
    except ET.ParseError as err:
        raise UnsupportedError(f"unreadable XMP ({err})") from None
    rdf = root if root.tag == f"{{{RDF}}}RDF" else root.find(f"{{{RDF}}}RDF")
    if rdf is None:
        raise UnsupportedError("XMP without rdf:RDF")
    for description in rdf.findall(f"{{{RDF}}}Description"):
        for child in list(description):
            if child.tag in _OWNED:
                description.remove(child)
        for attribute in [a for a in description.attrib if a in _OWNED]:
            del description.attrib[attribute]
    ours = ET.SubElement(rdf, f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""})
    for tag, container, value in (
        ("title", "Alt", meta.title),
        ("creator", "Seq", meta.author),
        ("description", "Alt", meta.subject),
    ):
        holder = ET.SubElement(ET.SubElement(ours, f"{{{DC}}}{tag}"), f"{{{RDF}}}{container}")
        item = ET.SubElement(holder, f"{{{RDF}}}li")
        if container == "Alt":
            item.set(XML_LANG, "x-default")
        item.text = value
    ET.SubElement(ours, f"{{{PDF_NS}}}Keywords").text = meta.keywords
    body = ET.tostring(root, encoding="unicode")
    padding = (" " * 99 + "\n") * 20  # room to edit the packet in place, as XMP expects
    return (
        f'<?xpacket begin="\ufeff" id="{_PACKET_ID}"?>\n{body}\n{padding}<?xpacket end="w"?>'
    ).encode()
