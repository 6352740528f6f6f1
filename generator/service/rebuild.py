"""The PDF side of finalising: signature fields on the new PDF, the set's bundle merged again.

The new PDF gets its fields from `generator.pdf.stage.prepare`, which finds the signer block by
the text of the PDF itself, so the fields follow the block to whatever page the edits pushed it.
The bundle is merged again by `generator.setbundle.bundle_set` (re-exported here), which a
build keeping finalised documents uses too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.build import RenderedDocument
from generator.pdf.jobs import ConvertResult
from generator.pdf.stage import Prepared, prepare
from generator.service.edited import Identity
from generator.setbundle import bundle_set

__all__ = ["bundle_set", "signed_ready"]


def signed_ready(
    pdf: Path,
    entry: dict[str, Any],
    identity: Identity,
    *,
    so_ky_hieu: str | None,
    bookmark: str,
    organisation: str,
    result: ConvertResult,
) -> Prepared:
    """Return the new PDF made signed-ready (metadata, fields at the signer block it holds)."""
    doc = RenderedDocument(
        kind=str(entry.get("kind")),
        loai_van_ban=str(entry.get("loai_van_ban")),
        so_ky_hieu=so_ky_hieu,
        trich_yeu=str(entry.get("trich_yeu", "")),
        co_quan=[],
        tham_quyen=identity.tham_quyen,
        nguoi_ky=identity.nguoi_ky,
        bookmark=bookmark,
        docx=pdf.with_suffix(".docx"),
        sha256_docx="",
    )
    return prepare(pdf, doc, organisation, result)
