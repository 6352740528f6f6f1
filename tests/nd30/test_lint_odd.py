"""Odd inputs give one clean Vietnamese finding, never a traceback."""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx import Document
from pypdf import PdfWriter

from generator.nd30.lint import lint_file, lint_paths


def _lines(path: Path) -> list[str]:
    return [f.line() for f in lint_file(path)]


def test_empty_docx_is_not_recognised(tmp_path: Path) -> None:
    path = tmp_path / "trong.docx"
    Document().save(str(path))
    # python-docx's default template is US Letter with 1-inch margins.
    assert _lines(path) == [
        "trong.docx: trang in: ND30-I.1 khổ giấy phải là A4 (210 × 297 mm), thấy 216 × 279 mm",
        "trong.docx: trang in: ND30-I.3 lề trên cần từ 20 đến 25 mm, thấy 25,4 mm",
        "trong.docx: trang in: ND30-I.3 lề dưới cần từ 20 đến 25 mm, thấy 25,4 mm",
        "trong.docx: trang in: ND30-I.3 lề phải cần từ 15 đến 20 mm, thấy 31,8 mm",
        "trong.docx: ND30-I.7.thieu không thấy số trang ở lề trên "
        "(văn bản nhiều trang phải đánh số từ trang 2)",
        "trong.docx: ND30-Đ8 không nhận ra thể thức văn bản hành chính "
        "(không thấy Quốc hiệu, Số, ngày tháng)",
    ]


def test_docx_that_is_only_a_table(tmp_path: Path) -> None:
    path = tmp_path / "bang.docx"
    doc = Document()
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "STT"
    table.cell(0, 1).text = "Nội dung"
    doc.save(str(path))
    rule_ids = [f.rule_id for f in lint_file(path)]
    # The default template's body font is Cambria, reached through the theme (minorHAnsi).
    assert rule_ids == [
        "ND30-I.1",
        "ND30-I.3",
        "ND30-I.3",
        "ND30-I.3",
        "ND30-I.4",
        "ND30-I.7.thieu",
        "ND30-Đ8",
    ]
    font = next(f for f in lint_file(path) if f.rule_id == "ND30-I.4")
    assert (font.location, font.message) == (
        "đoạn 1 “STT” và 1 chỗ khác",
        "phông chữ phải là Times New Roman, thấy “Cambria”",
    )


def test_text_file_named_docx(tmp_path: Path) -> None:
    path = tmp_path / "gia.docx"
    path.write_text("đây không phải văn bản Word", encoding="utf-8")
    assert _lines(path) == [
        "gia.docx: VB-tep không đọc được tệp: không phải tệp .docx "
        "(không mở được như tệp nén Office Open XML)"
    ]


def test_zip_without_document_part(tmp_path: Path) -> None:
    path = tmp_path / "nen.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    assert _lines(path) == [
        "nen.docx: VB-tep không đọc được tệp: tệp nén không có word/document.xml, "
        "không phải văn bản Word"
    ]


def test_broken_xml(tmp_path: Path) -> None:
    path = tmp_path / "hong.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<<< không phải XML")
    (finding,) = lint_file(path)
    assert finding.rule_id == "VB-tep"
    assert finding.message.startswith("không đọc được tệp: XML hỏng trong tệp (")


def test_truncated_pdf(tmp_path: Path) -> None:
    path = tmp_path / "cut.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj <<")
    (finding,) = lint_file(path)
    assert finding.rule_id == "VB-tep"
    assert finding.severity == "error"


def test_scanned_image_pdf_has_no_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "ban-quet.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=595.28, height=841.89)
    with path.open("wb") as handle:
        writer.write(handle)
    assert _lines(path) == [
        "ban-quet.pdf: PDF-A không khai báo chuẩn PDF/A (thiếu pdfaid:part trong XMP)",
        "ban-quet.pdf: PDF-chu không có lớp chữ (bản quét?), chỉ kiểm tra được khổ giấy; "
        "bản quét phải là PDF 1.4 trở lên, thấy PDF 1.3",
    ]


def test_other_files(tmp_path: Path) -> None:
    (tmp_path / "anh.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "cu.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    (tmp_path / "rong.pdf").write_bytes(b"")
    report = lint_paths(
        [
            tmp_path / "anh.png",
            tmp_path / "cu.doc",
            tmp_path / "rong.pdf",
            tmp_path / "khong-co.docx",
        ]
    )
    assert [f.message for f in report.findings] == [
        "không đọc được tệp: chỉ kiểm tra được tệp .docx hoặc .pdf",
        "không đọc được tệp: định dạng .doc cũ (Word 97–2003), hãy lưu lại thành .docx",
        "không đọc được tệp: tệp rỗng",
        "không đọc được tệp: không tìm thấy tệp",
    ]
    assert report.summary() == "Tổng cộng: 4 tệp, 4 lỗi, 0 cảnh báo"
