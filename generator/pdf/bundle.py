"""Merge a document set's unsigned PDFs into one bundle.pdf with one Vietnamese bookmark each.

The bundle keeps the first document's PDF/A identity (its XMP claim and /OutputIntents: a bare
writer silently drops them) and opens with the outline shown. `Bundle` takes the documents one
at a time, in order, so a caller can merge each PDF as soon as it exists and only write the file
at the end.

Documents as LibreOffice writes them are merged as raw objects (`rawpdf`): each document's page
tree becomes one branch of the bundle's, its objects copied as bytes with their references
renumbered, about a millisecond a document. A file of another shape (cross-reference stream,
incremental update, encryption) sends the whole bundle through pypdf instead, which parses and
clones every object (about ten times slower, same result).
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
import uuid
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from generator.errors import ConversionError
from generator.pdf.rawpdf import (
    RawPdf,
    UnsupportedError,
    integer,
    refs_in,
    renumber,
    text_string,
)

# Catalog entries of the first document the bundle keeps: language and PDF/A identity.
_KEPT = (b"/Lang", b"/OutputIntents", b"/Metadata", b"/ViewerPreferences")
_CATALOG, _PAGES, _OUTLINES = 1, 2, 3
_VERSION = re.compile(rb"%PDF-(\d\.\d)")

BUNDLE_NAME = "bundle.pdf"  # the set's merged PDF, beside its documents


class Bundle:
    """A bundle being merged in document order; `write()` puts it in place atomically."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.documents = 0
        self._items: list[tuple[bytes, str]] = []
        self._raw: _RawMerge | None = _RawMerge()

    def add(self, source: Path | bytes, title: str, raw: RawPdf | None = None) -> None:
        """Append one unsigned PDF (a path or its bytes) with its bookmark `title`.

        `raw` is the same file's raw objects when already read (`source` must be its bytes).
        """
        try:
            data = source if isinstance(source, bytes) else source.read_bytes()
        except OSError as err:
            raise ConversionError(f"{self.out}: không gộp được bộ văn bản ({err}).") from err
        title = unicodedata.normalize("NFC", title)
        self._items.append((data, title))
        if self._raw is not None:
            try:
                self._raw.add(raw if raw is not None and raw.data is data else data, title)
            except UnsupportedError:
                self._raw = None  # pypdf merges every document at write()
        self.documents += 1

    @property
    def raw(self) -> bool:
        """Return True while every document so far merges as raw objects (not through pypdf)."""
        return self._raw is not None

    def write(self) -> int:
        """Write the bundle to `out` (whole or not at all); return its page count."""
        if not self._items:
            raise ConversionError(f"{self.out}: không có văn bản nào để gộp.")
        try:
            if self._raw is not None:
                content, pages = self._raw.finish()
            else:
                content, pages = _merge_with_pypdf(self._items)
            self.out.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.out.with_name(f".{self.out.name}.{uuid.uuid4().hex[:8]}.tmp")
            try:
                temporary.write_bytes(content)
                os.replace(temporary, self.out)
            finally:
                temporary.unlink(missing_ok=True)
        except (OSError, PdfReadError, ValueError, KeyError) as err:
            raise ConversionError(f"{self.out}: không gộp được bộ văn bản ({err}).") from err
        return pages


class _RawMerge:
    """The bundle as renumbered raw objects: 1 catalog, 2 page tree, 3 outline, then documents."""

    def __init__(self) -> None:
        self.next_number = 4
        self.objects: list[tuple[int, bytes]] = []
        self.branches: list[int] = []  # each document's page tree, renumbered
        self.marks: list[tuple[int, int, str]] = []  # outline item, first page, title
        self.pages = 0
        self.kept = b""
        self.info: int | None = None
        self.version = b"1.4"
        self.ids: list[bytes] = []

    def add(self, source: bytes | RawPdf, title: str) -> None:
        """Copy the document's page tree and what it uses (UnsupportedError: leave it to pypdf)."""
        pdf = source if isinstance(source, RawPdf) else RawPdf(source)
        data = pdf.data
        root = pdf.ref(pdf.trailer[b"/Root"])
        catalog = pdf.entries(root)
        tree = pdf.ref(catalog[b"/Pages"])
        count = integer(pdf.value(pdf.entries(tree).get(b"/Count", b"")))
        first = _first_page(pdf, tree)
        starts, kept = [tree], {}
        info = pdf.ref(pdf.trailer[b"/Info"]) if b"/Info" in pdf.trailer else None
        if not self.marks:  # the first document gives the bundle its identity
            kept = {key: catalog[key] for key in _KEPT if key in catalog}
            for value in kept.values():
                starts.extend(refs_in(value, 0, len(value)))
            if info is not None:
                starts.append(info)
        order = pdf.closure(starts, skip=lambda number: number == root)
        mapping = {old: self.next_number + position for position, old in enumerate(order)}

        def new_number(old: int) -> int:
            number = mapping.get(old)
            if number is None:
                raise UnsupportedError(f"reference to object {old} outside the page tree")
            return number

        objects = [
            (mapping[old], pdf.copy(old, new_number, b"/Parent 2 0 R" if old == tree else b""))
            for old in order
        ]
        kept_bytes = b"".join(
            key + b" " + renumber(value, 0, len(value), new_number) for key, value in kept.items()
        )
        # Nothing is changed before here, so an UnsupportedError file leaves the merge as it was.
        self.objects.extend(objects)
        self.next_number += len(order)
        self.branches.append(mapping[tree])
        self.marks.append((self.next_number, mapping[first], title))
        self.next_number += 1
        self.pages += count
        if len(self.marks) == 1:
            self.kept = kept_bytes
            self.info = mapping[info] if info is not None else None
        version = _VERSION.match(data)
        if version is not None and version.group(1) > self.version:
            self.version = version.group(1)
        self.ids.append(pdf.trailer.get(b"/ID", b""))

    def finish(self) -> tuple[bytes, int]:
        """Return the bundle's bytes and page count."""
        kids = b" ".join(b"%d 0 R" % branch for branch in self.branches)
        fixed = [
            (
                _CATALOG,
                b"<</Type/Catalog/Pages 2 0 R/Outlines 3 0 R/PageMode/UseOutlines"
                + self.kept
                + b">>",
            ),
            (_PAGES, b"<</Type/Pages/Kids[%s]/Count %d>>" % (kids, self.pages)),
            (
                _OUTLINES,
                b"<</Type/Outlines/First %d 0 R/Last %d 0 R/Count %d>>"
                % (self.marks[0][0], self.marks[-1][0], len(self.marks)),
            ),
        ]
        objects = [(number, b"%d 0 obj\n%s\nendobj\n" % (number, body)) for number, body in fixed]
        objects.extend(self.objects)
        for position, (number, page, title) in enumerate(self.marks):
            links = b""
            if position > 0:
                links += b"/Prev %d 0 R" % self.marks[position - 1][0]
            if position + 1 < len(self.marks):
                links += b"/Next %d 0 R" % self.marks[position + 1][0]
            body = b"<</Title %s/Parent 3 0 R%s/Dest[%d 0 R/Fit]>>" % (
                text_string(title),
                links,
                page,
            )
            objects.append((number, b"%d 0 obj\n%s\nendobj\n" % (number, body)))
        header = b"%%PDF-%s\n%%\xe2\xe3\xcf\xd3\n" % self.version
        offsets = [0] * self.next_number
        position = len(header)
        for number, chunk in objects:
            offsets[number] = position
            position += len(chunk)
        table = [b"xref\n0 %d\n0000000000 65535 f \n" % self.next_number]
        table.extend(b"%010d 00000 n \n" % offset for offset in offsets[1:])
        digest = hashlib.md5(b"".join(self.ids) + str(self.marks).encode("utf-8")).hexdigest()
        info = b"/Info %d 0 R" % self.info if self.info is not None else b""
        trailer = b"trailer\n<</Size %d/Root 1 0 R%s/ID[<%s><%s>]>>\nstartxref\n%d\n%%%%EOF\n" % (
            self.next_number,
            info,
            digest.encode("ascii"),
            digest.encode("ascii"),
            position,
        )
        content = b"".join([header, *(chunk for _, chunk in objects), *table, trailer])
        return content, self.pages


def _first_page(pdf: RawPdf, tree: int) -> int:
    """Return the first page (leaf) of the page tree node `tree`."""
    node = tree
    for _ in range(64):
        entries = pdf.entries(node)
        if entries.get(b"/Type") != b"/Pages":
            return node
        kids = pdf.value(entries.get(b"/Kids", b"[]"))
        first = refs_in(kids, 0, len(kids))
        if not first:
            raise UnsupportedError("a page tree node without kids")
        node = first[0]
    raise UnsupportedError("page tree too deep")


def _merge_with_pypdf(items: Sequence[tuple[bytes, str]]) -> tuple[bytes, int]:
    """Return the bundle's bytes and page count, merged by pypdf (any PDF it can read)."""
    writer: PdfWriter | None = None
    for data, title in items:
        reader = PdfReader(BytesIO(data))
        if writer is None:
            writer, start = PdfWriter(clone_from=reader), 0
        else:
            start = len(writer.pages)
            writer.append(reader, import_outline=False)
        writer.add_outline_item(title=title, page_number=start)
    if writer is None:
        raise ValueError("no documents")
    writer.page_mode = "/UseOutlines"
    out = BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)


def build_bundle(items: Sequence[tuple[Path, str]], out: Path) -> int:
    """Write `out` from (pdf, bookmark title) pairs in order; return its page count.

    Pass the unsigned PDFs (before signature fields are added): the bundle is for reading, and
    each document keeps its own fields and signatures in its own file.
    """
    bundle = Bundle(out)
    for path, title in items:
        bundle.add(path, title)
    return bundle.write()
