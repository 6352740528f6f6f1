"""Make a converted PDF signed-ready: metadata and empty signature fields, one incremental update.

The signer's field "ChuKyNguoiKy" sits at ô 7c (between the authority lines and the name) and the
agency's field "ChuKyCoQuan" at ô 8 (over the left third of 7c), per ND30 Phụ lục I. Only
incremental updates are written, so earlier bytes (and any earlier signature) stay intact.
"""

from __future__ import annotations

import os
import uuid
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import SigningError
from generator.pdf.locate import Box, SignaturePlaces, locate
from generator.pdf.rawfields import SignedReadyMeta, raw_fields_update
from generator.pdf.rawpdf import RawPdf, UnsupportedError

if TYPE_CHECKING:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

# pyHanko is imported where it is used: its signing package alone takes a third of a second to
# import (aiohttp), and LibreOffice's files get their fields without it (`rawfields`).

__all__ = [
    "SEAL_FIELD",
    "SIGNER_FIELD",
    "SignedReadyMeta",
    "add_empty_fields",
    "existing_fields",
    "fields_update",
    "make_signed_ready",
    "pyhanko_fields_update",
    "signature_fields",
    "write_update",
]

SIGNER_FIELD = "ChuKyNguoiKy"
SEAL_FIELD = "ChuKyCoQuan"


def existing_fields(pdf: Path) -> dict[str, bool]:
    """Return the signature fields of `pdf` by name, True when already signed."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields as sig_fields

    try:
        with pdf.open("rb") as handle:
            if handle.read(5) != b"%PDF-":
                raise SigningError(f"{pdf}: tệp không phải PDF (không bắt đầu bằng %PDF-).")
            handle.seek(0)
            writer = IncrementalPdfFileWriter(handle, strict=False)
            return {
                name: value is not None
                for name, value, _ in sig_fields.enumerate_sig_fields(
                    writer.prev, filled_status=None
                )
            }
    except (OSError, PdfError) as err:
        raise SigningError(f"{pdf}: không đọc được PDF ({err}).") from err


def write_update(pdf: Path, data: bytes) -> None:
    """Write `data` (the PDF with its update) next to `pdf`, then replace `pdf` atomically."""
    temporary = pdf.with_name(f".{pdf.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, pdf)
    finally:
        temporary.unlink(missing_ok=True)


def add_empty_fields(
    pdf: Path, fields: list[tuple[str, int, Box]], meta: SignedReadyMeta | None = None
) -> list[str]:
    """Add the named empty fields (page, box) incrementally; fields already there are kept."""
    try:
        data = pdf.read_bytes()
    except OSError as err:
        raise SigningError(f"{pdf}: không đọc được PDF ({err}).") from err
    updated = fields_update(data, pdf, fields, meta)
    if updated is not None:
        try:
            write_update(pdf, updated)
        except OSError as err:
            raise SigningError(f"{pdf}: không thêm được ô chữ ký ({err}).") from err
    return [name for name, _, _ in fields]


def fields_update(
    data: bytes,
    pdf: Path,
    fields: list[tuple[str, int, Box]],
    meta: SignedReadyMeta | None,
    raw: RawPdf | None = None,
) -> bytes | None:
    """Return `data` followed by one incremental update adding the fields missing from it.

    None when every field is already there (writing again would add nothing). `pdf` only
    names the file in messages: the bytes are parsed once, in memory.
    """
    if not data.startswith(b"%PDF-"):
        raise SigningError(f"{pdf}: tệp không phải PDF (không bắt đầu bằng %PDF-).")
    try:
        return raw_fields_update(raw or data, fields, meta)  # LibreOffice's files, as raw bytes
    except UnsupportedError:
        return pyhanko_fields_update(data, pdf, fields, meta)


def pyhanko_fields_update(
    data: bytes, pdf: Path, fields: list[tuple[str, int, Box]], meta: SignedReadyMeta | None
) -> bytes | None:
    """Return what `fields_update` returns, written by pyHanko (any PDF it can read)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields as sig_fields

    try:
        writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
        present = {
            name for name, _, _ in sig_fields.enumerate_sig_fields(writer.prev, filled_status=None)
        }
    except PdfError as err:
        raise SigningError(f"{pdf}: không đọc được PDF ({err}).") from err
    if all(name in present for name, _, _ in fields):
        return None
    try:
        if writer.prev.encrypted:
            raise SigningError(f"{pdf}: PDF đã mã hóa, không thể chuẩn bị ký.")
        if meta is not None:
            _set_meta(writer, meta)
        for name, page, box in fields:
            if name not in present:
                spec = sig_fields.SigFieldSpec(name, on_page=page, box=_rounded(box))
                sig_fields.append_signature_field(writer, spec)
        out = BytesIO()
        writer.write(out)  # type: ignore[no-untyped-call]  # pyHanko leaves it unannotated
    except PdfError as err:
        raise SigningError(f"{pdf}: không thêm được ô chữ ký ({err}).") from err
    return out.getvalue()


def _rounded(box: Box) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = box
    return round(x0), round(y0), round(x1), round(y1)


def _set_meta(writer: IncrementalPdfFileWriter, meta: SignedReadyMeta) -> None:
    """Set Info and XMP together: PDF/A needs both to agree."""
    from pyhanko.pdf_utils.generic import NameObject, TextStringObject
    from pyhanko.pdf_utils.metadata.model import NS, VENDOR, ExpandedName, XmpStructure, XmpValue

    # pyHanko only updates Info entries that already exist when the file has XMP, and it
    # writes the producer as itself in XMP: create the entries first, with matching values.
    if "/Info" in writer.trailer:
        info = writer.trailer["/Info"]
        for key, value in (
            ("/Title", meta.title),
            ("/Author", meta.author),
            ("/Subject", meta.subject),
            ("/Keywords", meta.keywords),
            ("/Producer", VENDOR),
        ):
            info[NameObject(key)] = TextStringObject(value)
        writer.mark_update(writer.trailer.raw_get("/Info"))
    document = writer.document_meta
    document.title = meta.title
    document.author = meta.author
    document.subject = meta.subject
    # pyHanko 0.38 spells the XMP property "pdf:keywords"; PDF/A wants "pdf:Keywords".
    keywords = ExpandedName(ns=NS["pdf"], local_name="Keywords")
    document.xmp_extra = [XmpStructure.of((keywords, XmpValue(meta.keywords)))]


def make_signed_ready(
    pdf: Path, meta: SignedReadyMeta, places: SignaturePlaces | None = None
) -> list[str]:
    """Set the metadata and add "ChuKyNguoiKy" (ô 7c) and "ChuKyCoQuan" (ô 8); return the names.

    `places` is what `locate` found on this same PDF earlier (found when None).
    """
    if places is None:
        places = locate(pdf, meta.signer_lines, meta.signer_name)
    return add_empty_fields(pdf, signature_fields(places), meta)


def signature_fields(places: SignaturePlaces) -> list[tuple[str, int, Box]]:
    """Return the two fields of a document: the signer's at ô 7c, the agency's at ô 8."""
    return [(SIGNER_FIELD, places.page, places.signer), (SEAL_FIELD, places.page, places.seal)]


__all__ = [
    "SEAL_FIELD",
    "SIGNER_FIELD",
    "SignedReadyMeta",
    "add_empty_fields",
    "fields_update",
    "make_signed_ready",
    "pyhanko_fields_update",
    "signature_fields",
    "write_update",
]
