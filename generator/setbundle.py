"""The set's bundle.pdf merged again from the PDFs in its folder (finalize, and a build that keeps
finalised documents).

Every document's unsigned first revision goes in (the order that keeps signatures valid), with
its bookmark from the manifest, or from the old bundle's outline for a set built before
bookmarks were recorded there. This module sits beside `generator.build` (it imports nothing
that imports the build), so a build can use it without a cycle.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from generator.pdf.bundle import BUNDLE_NAME, Bundle
from generator.service.match import TEN_LOAI
from generator.service.setfolder import FinalizeError, SetManifest, unsigned_revision

__all__ = ["Fresh", "bundle_set"]


class Fresh(Protocol):
    """A document just made signed-ready (`generator.pdf.stage.Prepared`): its unsigned bytes."""

    unsigned: bytes
    raw: Any


def _old_titles(folder: Path, manifest: SetManifest) -> list[str]:
    """Return the old bundle's top-level bookmark titles (empty when it has none)."""
    bundle = folder / BUNDLE_NAME
    if manifest.data.get("bundle") is None or not bundle.is_file():
        return []
    try:
        outline = PdfReader(bundle).outline
    except (OSError, PdfReadError, ValueError, KeyError):
        return []
    return [str(item.title) for item in outline if not isinstance(item, list)]


def bundle_set(folder: Path, manifest: SetManifest, fresh: dict[int, Fresh]) -> int:
    """Merge bundle.pdf in `folder` again from every document's unsigned PDF; return the count.

    `fresh` holds the documents just converted (by index), whose unsigned bytes are in memory.
    Sets the manifest's "bundle" and each entry's "bookmark".
    """
    titles = _old_titles(folder, manifest)
    with_pdf = [i for i, e in enumerate(manifest.documents) if e.get("pdf") or i in fresh]
    bundle = Bundle(folder / BUNDLE_NAME)
    for position, index in enumerate(with_pdf):
        entry = manifest.documents[index]
        title = entry.get("bookmark")
        if not isinstance(title, str) or not title:
            title = titles[position] if position < len(titles) else _plain_title(index, entry)
            entry["bookmark"] = title
        if index in fresh:
            bundle.add(fresh[index].unsigned, title, fresh[index].raw)
            continue
        path = folder / str(entry["pdf"])
        try:
            data = path.read_bytes()
        except OSError as err:
            raise FinalizeError(
                f"{manifest.folder / str(entry['pdf'])}: không đọc được PDF của văn bản để gộp "
                f"lại bundle.pdf ({err.strerror}); lập lại bộ văn bản"
            ) from None
        bundle.add(unsigned_revision(data), title)
    bundle.write()
    manifest.data["bundle"] = BUNDLE_NAME
    return len(with_pdf)


def _plain_title(index: int, entry: dict[str, Any]) -> str:
    name = TEN_LOAI.get(str(entry.get("loai_van_ban")), str(entry.get("loai_van_ban")))
    so = entry.get("so_ky_hieu")
    return f"{index + 1}. {name}" + (f" số {so}" if so else "") + f" {entry.get('trich_yeu', '')}"
