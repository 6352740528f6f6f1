"""Font rules and the fake converter: pure, fast, no LibreOffice."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from generator.pdf.convert import ConvertJob
from generator.pdf.fake import FakeConverter
from generator.pdf.inspect import PdfFacts, check_fonts, font_family, pdf_facts


def test_font_family_drops_subset_tag_and_style() -> None:
    assert font_family("BAAAAA+LiberationSerif-Bold") == "LiberationSerif"
    assert font_family("/TimesNewRomanPS-BoldMT") == "TimesNewRomanPS"
    assert font_family("TimesNewRoman,Bold") == "TimesNewRoman"


def test_liberation_serif_is_a_warning() -> None:
    facts = PdfFacts(pages=1, fonts=[("LiberationSerif", True), ("LiberationSerif-Bold", True)])
    assert [(i.error, i.message) for i in check_fonts(facts)] == [
        (
            False,
            "Times New Roman được thay bằng Liberation Serif (cùng kích thước chữ, bố cục không "
            "đổi); cài phông Times New Roman nếu cần đúng phông gốc.",
        )
    ]


def test_times_new_roman_itself_is_fine() -> None:
    assert check_fonts(PdfFacts(pages=1, fonts=[("TimesNewRomanPSMT", True)])) == []


def test_dejavu_and_unembedded_fonts_are_errors() -> None:
    facts = PdfFacts(pages=1, fonts=[("DejaVuSans", True), ("TimesNewRoman", False)])
    assert [(i.error, str(i)) for i in check_fonts(facts)] == [
        (
            True,
            "Phông DejaVuSans đã thay cho Times New Roman: khác kích thước chữ nên bố cục văn bản "
            "bị xô lệch. Cài gói fonts-liberation2 để dùng Liberation Serif.",
        ),
        (True, "Phông TimesNewRoman không được nhúng vào PDF."),
    ]


def test_fake_converter_writes_a_readable_pdf(tmp_path: Path) -> None:
    document = Document()
    for number in range(50):
        document.add_paragraph(f"Dòng {number} của văn bản (thử)")
    document.save(str(tmp_path / "a.docx"))
    (tmp_path / "b.docx").write_text("không phải docx")
    jobs = [
        ConvertJob(tmp_path / "a.docx", tmp_path / "out" / "a.pdf"),
        ConvertJob(tmp_path / "b.docx", tmp_path / "out" / "b.pdf"),
    ]
    seen: list[str] = []
    results = FakeConverter().convert(jobs, progress=lambda r: seen.append(r.job.docx.name))
    assert [(r.ok, r.pages) for r in results] == [(True, 2), (False, None)]
    assert seen == ["a.docx", "b.docx"]
    assert pdf_facts(tmp_path / "out" / "a.pdf").pages == 2
    assert not (tmp_path / "out" / "b.pdf").exists()
