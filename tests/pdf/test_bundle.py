"""The set bundle: one Vietnamese bookmark per document, outline shown, PDF/A identity kept."""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import Destination, DictionaryObject

from generator.errors import ConversionError
from generator.pdf.bundle import Bundle, _merge_with_pypdf, build_bundle
from generator.pdf.fields import add_empty_fields
from generator.pdf.inspect import pdf_facts

from .conftest import ConvertedSet, needs_soffice

SHAPES = ("ngan", "dai", "noi-nhan-dai")
pytestmark = [pytest.mark.soffice, pytest.mark.xdist_group("pdf"), needs_soffice]


def test_bundle_has_one_bookmark_per_document(converted: ConvertedSet, tmp_path: Path) -> None:
    items = [
        (converted.pdf("ngan"), "1. Kế hoạch số 12/KH-UBND ngày 05/3/2026 về kiểm tra CCHC"),
        (converted.pdf("dai"), "2. Quyết định số 05/QĐ-UBND ngày 06/3/2026 “thành lập Đoàn”"),
        (converted.pdf("noi-nhan-dai"), "3. Thông báo kết luận & <kiến nghị>"),
    ]
    out = tmp_path / "bundle.pdf"
    assert build_bundle(items, out) == 1 + 5 + 2
    reader = PdfReader(out)
    marks = [
        (item.title, reader.get_destination_page_number(item))
        for item in reader.outline
        if isinstance(item, Destination)
    ]
    assert marks == [(items[0][1], 0), (items[1][1], 1), (items[2][1], 6)]
    assert reader.page_mode == "/UseOutlines"
    facts = pdf_facts(out)
    assert (facts.pages, facts.pdfa_part, facts.pdfa_conformance) == (8, "2", "B")
    root = reader.trailer["/Root"].get_object()
    assert isinstance(root, DictionaryObject)
    assert "/OutputIntents" in root


def _outline(reader: PdfReader) -> list[tuple[str, int]]:
    return [
        (item.title, reader.get_destination_page_number(item))
        for item in reader.outline
        if isinstance(item, Destination)
    ]


def test_libreoffice_pdfs_merge_as_raw_objects_like_pypdf(
    converted: ConvertedSet, tmp_path: Path
) -> None:
    # LibreOffice's files take the raw path; the result reads like pypdf's merge of the same
    # files, page by page (text, size, fonts), and its cross-reference table is exact.
    items = [(converted.pdf(name), f"{n}. Văn bản {name}") for n, name in enumerate(SHAPES, 1)]
    raw = Bundle(tmp_path / "raw.pdf")
    for path, title in items:
        raw.add(path.read_bytes(), title)
    assert raw.raw
    assert raw.write() == 1 + 5 + 2
    content, pages = _merge_with_pypdf([(path.read_bytes(), title) for path, title in items])
    assert pages == 8
    merged, reference = PdfReader(raw.out, strict=True), PdfReader(BytesIO(content))
    assert (
        _outline(merged)
        == _outline(reference)
        == [(items[0][1], 0), (items[1][1], 1), (items[2][1], 6)]
    )
    for page, expected in zip(merged.pages, reference.pages, strict=True):
        assert page.extract_text() == expected.extract_text()
        assert [round(float(v), 3) for v in page.mediabox] == [
            round(float(v), 3) for v in expected.mediabox
        ]
    assert pdf_facts(raw.out).fonts == pdf_facts(tmp_path / "x.pdf", content).fonts
    assert merged.page_mode == "/UseOutlines"
    checked = subprocess.run(["pdfinfo", str(raw.out)], check=False, capture_output=True, text=True)
    assert checked.returncode == 0 and checked.stderr == ""
    assert "Pages:           8" in checked.stdout


def test_pdfs_with_fields_added_merge_through_pypdf(
    converted: ConvertedSet, tmp_path: Path
) -> None:
    # A file that already had an incremental update (fields added) is not LibreOffice's shape:
    # the whole bundle goes through pypdf, with the same bookmarks.
    items = []
    for n, name in enumerate(SHAPES, 1):
        pdf = tmp_path / f"{name}.pdf"
        shutil.copyfile(converted.pdf(name), pdf)
        add_empty_fields(pdf, [("ChuKy", 0, (300, 300, 400, 350))])
        items.append((pdf, f"{n}. Văn bản {name}"))
    bundle = Bundle(tmp_path / "bundle.pdf")
    for path, title in items:
        bundle.add(path, title)
    assert not bundle.raw
    assert bundle.write() == 8
    reader = PdfReader(bundle.out)
    assert _outline(reader) == [(items[0][1], 0), (items[1][1], 1), (items[2][1], 6)]
    assert pdf_facts(bundle.out).pdfa_part == "2"


def test_empty_bundle_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConversionError) as caught:
        build_bundle([], tmp_path / "bundle.pdf")
    assert str(caught.value) == f"{tmp_path / 'bundle.pdf'}: không có văn bản nào để gộp."
