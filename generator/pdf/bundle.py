"""Merge a document set's unsigned PDFs into one bundle.pdf with one Vietnamese bookmark each.

The bundle is cloned from the first PDF/A file rather than started from a bare writer, so the
catalog keeps its XMP claim and /OutputIntents (a bare writer silently drops PDF/A identity).
"""

from __future__ import annotations

import os
import unicodedata
import uuid
from collections.abc import Sequence
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from generator.errors import ConversionError


def build_bundle(items: Sequence[tuple[Path, str]], out: Path) -> int:
    """Write `out` from (pdf, bookmark title) pairs in order; return its page count.

    Pass the unsigned PDFs (before signature fields are added): the bundle is for reading, and
    each document keeps its own fields and signatures in its own file.
    """
    if not items:
        raise ConversionError(f"{out}: không có văn bản nào để gộp.")
    first, *rest = items
    try:
        writer = PdfWriter(clone_from=first[0])
        titles = [unicodedata.normalize("NFC", title) for _, title in items]
        writer.add_outline_item(title=titles[0], page_number=0)
        for (path, _), title in zip(rest, titles[1:], strict=True):
            start = len(writer.pages)
            writer.append(PdfReader(path), import_outline=False)
            writer.add_outline_item(title=title, page_number=start)
        writer.page_mode = "/UseOutlines"
        out.parent.mkdir(parents=True, exist_ok=True)
        temporary = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            with temporary.open("wb") as handle:
                writer.write(handle)
            os.replace(temporary, out)
        finally:
            temporary.unlink(missing_ok=True)
        return len(writer.pages)
    except (OSError, PdfReadError, ValueError) as err:
        raise ConversionError(f"{out}: không gộp được bộ văn bản ({err}).") from err
