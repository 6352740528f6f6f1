"""Real LibreOffice conversion of builder documents, once per test session (one soffice call)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.nd30.builders import build_document

# name -> (defect, extra body paragraphs); long documents run onto page 2 for page numbers.
PDF_CASES: dict[str, tuple[str | None, int]] = {
    "dung": (None, 30),
    "thang_03": ("thang_03", 0),
    "so_unpadded": ("so_unpadded", 0),
    "arial_run": ("arial_run", 0),
    "no_luu": ("no_luu", 0),
    "no_closing": ("no_closing", 0),
    "page_on_first": ("page_on_first", 30),
    "page_in_footer": ("page_in_footer", 30),
    "no_page_number": ("no_page_number", 30),
}
PDFA_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'


@pytest.fixture(scope="session")
def nd30_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Return PDF/A-2b files converted by a real soffice from the builder's documents."""
    if shutil.which("soffice") is None:
        pytest.skip("cần LibreOffice (soffice)")
    folder = tmp_path_factory.mktemp("nd30-pdf")
    docs = [build_document(folder / f"{n}.docx", d, extra) for n, (d, extra) in PDF_CASES.items()]
    home = folder / "home"
    home.mkdir()
    profile = (folder / "profile").as_uri()
    command = [
        "soffice",
        "--headless",
        "--norestore",
        "--nolockcheck",
        f"-env:UserInstallation={profile}",
        "--convert-to",
        PDFA_FILTER,
        "--outdir",
        str(folder),
        *map(str, docs),
    ]
    env = {**os.environ, "HOME": str(home)}
    subprocess.run(command, env=env, capture_output=True, timeout=300, check=False)
    pdfs = {name: folder / f"{name}.pdf" for name in PDF_CASES}
    # soffice exits 0 even when it fails: check the files themselves.
    for pdf in pdfs.values():
        assert pdf.read_bytes().startswith(b"%PDF-"), f"soffice did not write {pdf.name}"
    return pdfs
