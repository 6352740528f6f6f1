"""The set bundle: one Vietnamese bookmark per document, outline shown, PDF/A identity kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import Destination, DictionaryObject

from generator.errors import ConversionError
from generator.pdf.bundle import build_bundle
from generator.pdf.inspect import pdf_facts

from .conftest import ConvertedSet, needs_soffice

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


def test_empty_bundle_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConversionError) as caught:
        build_bundle([], tmp_path / "bundle.pdf")
    assert str(caught.value) == f"{tmp_path / 'bundle.pdf'}: không có văn bản nào để gộp."
