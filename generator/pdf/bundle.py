"""Merge a document set's unsigned PDFs into one bundle.pdf with one Vietnamese bookmark each.

The bundle is cloned from the first PDF/A file rather than started from a bare writer, so the
catalog keeps its XMP claim and /OutputIntents (a bare writer silently drops PDF/A identity).
`Bundle` takes the documents one at a time, in order, so a caller can merge each PDF as soon as
it exists and only write the file at the end.
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


class Bundle:
    """A bundle being merged in document order; `write()` puts it in place atomically."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.documents = 0
        self._writer: PdfWriter | None = None

    def add(self, source: Path | PdfReader, title: str) -> None:
        """Append one unsigned PDF (a path or an open reader) with its bookmark `title`."""
        try:
            if self._writer is None:
                self._writer, start = PdfWriter(clone_from=source), 0
            else:
                start = len(self._writer.pages)
                reader = source if isinstance(source, PdfReader) else PdfReader(source)
                self._writer.append(reader, import_outline=False)
            title = unicodedata.normalize("NFC", title)
            self._writer.add_outline_item(title=title, page_number=start)
        except (OSError, PdfReadError, ValueError) as err:
            raise ConversionError(f"{self.out}: không gộp được bộ văn bản ({err}).") from err
        self.documents += 1

    def write(self) -> int:
        """Write the bundle to `out` (whole or not at all); return its page count."""
        if self._writer is None:
            raise ConversionError(f"{self.out}: không có văn bản nào để gộp.")
        writer = self._writer
        writer.page_mode = "/UseOutlines"
        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.out.with_name(f".{self.out.name}.{uuid.uuid4().hex[:8]}.tmp")
            try:
                with temporary.open("wb") as handle:
                    writer.write(handle)
                os.replace(temporary, self.out)
            finally:
                temporary.unlink(missing_ok=True)
        except (OSError, PdfReadError, ValueError) as err:
            raise ConversionError(f"{self.out}: không gộp được bộ văn bản ({err}).") from err
        return len(writer.pages)


def build_bundle(items: Sequence[tuple[Path, str]], out: Path) -> int:
    """Write `out` from (pdf, bookmark title) pairs in order; return its page count.

    Pass the unsigned PDFs (before signature fields are added): the bundle is for reading, and
    each document keeps its own fields and signatures in its own file.
    """
    bundle = Bundle(out)
    for path, title in items:
        bundle.add(path, title)
    return bundle.write()
