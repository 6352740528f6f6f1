"""One shared real conversion run for the PDF tests (LibreOffice starts once per session)."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.pdf.convert import ConvertJob, ConvertResult, LibreOfficeConverter

from .samples import SAMPLES, build_docx


@dataclass
class ConvertedSet:
    """The session's real conversion run: results by sample name, and run-level warnings."""

    folder: Path
    results: dict[str, ConvertResult]
    warnings: list[str]
    workdir: Path

    def pdf(self, name: str) -> Path:
        """Return the converted PDF of sample `name`."""
        return self.results[name].job.pdf


needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="cần LibreOffice")


@pytest.fixture(scope="session")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConvertedSet]:
    """Convert every sample (plus a corrupt .docx and a hanging one) in one converter run."""
    folder = tmp_path_factory.mktemp("pdf-set")
    jobs = [
        ConvertJob(build_docx(s, folder / f"{s.name}.docx"), folder / f"{s.name}.pdf")
        for s in SAMPLES
    ]
    corrupt = folder / "hong.docx"
    corrupt.write_bytes(b"PK\x03\x04 not really a zip")
    jobs.append(ConvertJob(corrupt, folder / "hong.pdf"))
    hanging = build_docx(SAMPLES[0], folder / "treo.docx")
    jobs.append(ConvertJob(hanging, folder / "treo.pdf", timeout=0.01))
    broken_xml = folder / "xml-hong.docx"
    with zipfile.ZipFile(broken_xml, "w") as archive:
        archive.writestr("[Content_Types].xml", "<<<")
        archive.writestr("word/document.xml", "<<< không phải XML")
    jobs.append(ConvertJob(broken_xml, folder / "xml-hong.pdf"))
    with LibreOfficeConverter(workers=2, mode="batch") as converter:
        workdir = converter.workdir
        assert workdir is not None
        results = converter.convert(jobs)
        warnings = converter.warnings
    yield ConvertedSet(folder, {r.job.docx.stem: r for r in results}, warnings, workdir)
