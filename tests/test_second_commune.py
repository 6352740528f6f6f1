"""A second commune unlike the sample: every set built, every document linted, text as golden.

Phường Tân Lập (tỉnh Đắk Lắk, tests/cases/communes/tan-lap/data): 12 units with "&" and quoted
names, KT. signers, a 9-member team, a notice without findings, a zero quarter, missed targets,
a year report without phương hướng, Ê Đê names with apostrophes, a plan with three-level
sub-sections. The goldens are in tests/cases/communes/tan-lap/expected/<set>/<file>.txt.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from generator.build import BuildResult, build_all
from generator.nd30.lint import lint_file
from generator.sources import load_dataset
from tests.docx_text import docx_text

CASE = Path(__file__).resolve().parent / "cases" / "communes" / "tan-lap"
TODAY = date(2026, 12, 15)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> list[BuildResult]:
    """Return every set of the commune, built once (no PDF: the lint reads the .docx)."""
    return build_all(load_dataset(CASE / "data"), tmp_path_factory.mktemp("tan-lap"), today=TODAY)


def _texts(built: list[BuildResult]) -> dict[str, str]:
    return {
        f"{result.folder.name}/{doc.docx.stem}": docx_text(doc.docx, headers=True)
        for result in built
        for doc in result.documents
    }


def test_every_set_is_built_and_lints_without_errors(built: list[BuildResult]) -> None:
    assert sorted(r.folder.name for r in built) == [
        "inspection",
        "plan",
        "report-2026",
        "report-2026-h1",
        "report-2026-q1",
    ]
    documents = [d.docx for r in built for d in r.documents]
    assert len(documents) == 10
    errors = [
        f"{docx.name}: {f.line()}"
        for docx in documents
        for f in lint_file(docx)
        if f.severity == "error"
    ]
    assert errors == []


def test_golden_text(built: list[BuildResult], update_goldens: bool) -> None:
    for name, actual in _texts(built).items():
        expected = CASE / "expected" / f"{name}.txt"
        if update_goldens:
            expected.parent.mkdir(parents=True, exist_ok=True)
            expected.write_text(actual, encoding="utf-8")
        assert expected.is_file(), f"no golden file {expected}; run pytest --update-goldens"
        assert actual == expected.read_text(encoding="utf-8"), name


def test_what_the_clerk_would_be_embarrassed_to_sign_is_absent(built: list[BuildResult]) -> None:
    texts = _texts(built)
    everything = "\n".join(texts.values())
    # The level: a phường never reads "xã" (outside "xã hội" and the national motto).
    assert not re.search(r"\bxã\b(?!\s+hội)", everything, re.IGNORECASE)
    # Zero figures in words, no "0 tin, bài" or "đạt -".
    assert not re.search(r"\b0 (tin, bài|hồ sơ|văn bản)|đạt -", everything)
    # A single-year plan is "năm 2026", not "giai đoạn 2026".
    assert "giai đoạn 2026 " not in everything and "giai đoạn 2026," not in everything
    # The notice without findings asks for no remediation plan or deadline.
    no_findings = texts["inspection/04-thong-bao-trung-tam-phuc-vu-hanh-chinh-cong-phuong"]
    assert "Qua kiểm tra, chưa phát hiện tồn tại, hạn chế." in no_findings
    assert "kế hoạch khắc phục" not in no_findings
    # The inspected unit appears once in Nơi nhận, with the data's own wording.
    office = texts["inspection/03-thong-bao-van-phong-hdnd-ubnd-phuong"]
    noi_nhan = next(line for line in office.splitlines() if line.startswith("Nơi nhận:"))
    assert noi_nhan.count("Văn phòng") == 1, noi_nhan
    # The year report has no phương hướng section, so its title does not promise one.
    year = texts["report-2026/01-bao-cao-ket-qua-cchc"]
    assert "phương hướng" not in year.casefold()
    # Names with apostrophes and quotes come through whole.
    assert "H'Hen Niê" in texts["inspection/02-quyet-dinh-doan"]
    assert 'Trường THCS "Y Jút"' in texts["inspection/05-thong-bao-truong-thcs-y-jut"]
    # The three-level plan sub-section is printed, not dropped.
    assert "- Trả kết quả điện tử cho 100% hồ sơ đủ điều kiện." in texts["plan/01-ke-hoach-cchc"]


HEADING = re.compile(r"^([IVX]+\.|\d+\.|[a-zđ]\))\s+\S")


def _stranded(docx: Path, checked: list[str]) -> list[str]:
    """Return the headings of `docx` that LibreOffice or Word could leave at a page foot.

    A heading is a short bold line numbered "I.", "1." or "a)", or a bold lead-in ending with
    ":"; each must carry keepNext (directly or through its style) so it moves with what follows.
    """
    from docx import Document
    from docx.oxml.ns import qn

    found = []
    for para in Document(str(docx)).paragraphs:
        text = para.text.strip()
        runs = [r for r in para.runs if r.text.strip()]
        bold = bool(runs) and all(r.bold or (para.style.font.bold) for r in runs)
        numbered = HEADING.match(text) is not None and len(text) < 160
        lead_in = text.endswith(":") and len(text) < 120
        if not (bold and numbered) and not (lead_in and numbered):
            continue
        checked.append(text)
        p_pr = para._p.pPr
        keep = p_pr is not None and p_pr.find(qn("w:keepNext")) is not None
        style = para.style
        while not keep and style is not None:
            s_pr = style.element.pPr
            keep = s_pr is not None and s_pr.find(qn("w:keepNext")) is not None
            style = style.base_style
        if not keep:
            found.append(f"{docx.name}: {text[:60]}")
    return found


def test_no_heading_can_be_stranded_at_a_page_foot(
    built: list[BuildResult], tmp_path: Path
) -> None:
    sample = build_all(
        load_dataset(CASE.parents[2].parent / "data" / "binh-lu"), tmp_path, today=TODAY
    )
    documents = [d.docx for r in [*built, *sample] for d in r.documents]
    checked: list[str] = []
    assert [line for docx in documents for line in _stranded(docx, checked)] == []
    assert len(checked) > 100  # the headings were found, so the check could fail


@pytest.mark.soffice
@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="cần LibreOffice")
def test_pdfs_lint_clean_and_no_page_ends_on_a_heading(tmp_path: Path) -> None:
    """With real LibreOffice: `vanban lint` passes on every PDF of the commune, and no page of
    any PDF ends with a heading (the keepNext the .docx carries holds in the conversion)."""
    from click.testing import CliRunner

    from generator.cli import cli

    out = tmp_path / "out"
    built = CliRunner().invoke(cli, ["build", "all", str(CASE / "data"), "--out", str(out)])
    assert built.exit_code == 0, built.output
    linted = CliRunner().invoke(cli, ["lint", str(out)])
    assert linted.exit_code == 0, linted.output
    documents = [p for p in out.rglob("*.docx")]
    pdfs = [p.with_suffix(".pdf") for p in documents]
    assert len(pdfs) == 10 and all(p.exists() for p in pdfs)
    headings = [h for docx in documents for h in _heading_texts(docx)]
    assert len(headings) > 30
    stranded, pages = [], 0
    for pdf in pdfs:
        for number, last in enumerate(_last_lines(pdf)[:-1], start=1):
            pages += 1
            if len(last) >= 8 and any(last in heading for heading in headings):
                stranded.append(f"{pdf.name} trang {number}: {last}")
    assert stranded == []
    assert pages > 20


def _heading_texts(docx: Path) -> list[str]:
    """Return the headings `_stranded` looks at, spaces collapsed."""
    checked: list[str] = []
    _stranded(docx, checked)
    return [" ".join(text.split()) for text in checked]


def _last_lines(pdf: Path) -> list[str]:
    """Return the last non-empty text line of each page of `pdf` (poppler's pdftotext)."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [" ".join(([*filter(str.strip, p.splitlines())] or [""])[-1].split()) for p in pages]
