"""PDF checks on real LibreOffice output of the builder's documents."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields

from generator.nd30.check_pdf import read_pdf
from generator.nd30.lint import lint_file

pytestmark = [pytest.mark.soffice, pytest.mark.xdist_group("nd30-soffice")]

NO_FIELDS = "PDF-ky-so không có trường chữ ký số (ô 7c, ô 8)"


def _lines(path: Path) -> list[str]:
    return [f.line() for f in lint_file(path)]


def _with_field(src: Path, dst: Path, box: tuple[int, int, int, int]) -> Path:
    with src.open("rb") as handle:
        writer = IncrementalPdfFileWriter(handle)
        pages = int(writer.root["/Pages"]["/Count"])
        spec = fields.SigFieldSpec("ChuTich", on_page=pages - 1, box=box)
        fields.append_signature_field(writer, spec)
        with dst.open("wb") as out:
            writer.write(out)
    return dst


def test_facts_of_a_correct_pdf(nd30_pdfs: dict[str, Path]) -> None:
    facts = read_pdf(nd30_pdfs["dung"])
    assert len(facts.pages) >= 2
    assert facts.pdfa_part == "2"
    assert facts.fonts == {
        "LiberationSerif": True,
        "LiberationSerif-Bold": True,
        "LiberationSerif-BoldItalic": True,
        "LiberationSerif-Italic": True,
    }


def test_correct_pdf_only_lacks_signature_fields(nd30_pdfs: dict[str, Path]) -> None:
    assert _lines(nd30_pdfs["dung"]) == [f"{nd30_pdfs['dung'].name}: {NO_FIELDS}"]


def test_signature_field_in_the_signer_block_is_clean(
    nd30_pdfs: dict[str, Path], tmp_path: Path
) -> None:
    signed_ready = _with_field(nd30_pdfs["dung"], tmp_path / "ky.pdf", (340, 238, 500, 305))
    assert _lines(signed_ready) == []
    (field,) = read_pdf(signed_ready).signature_fields
    assert (field.name, field.page, field.signed) == (
        "ChuTich",
        len(read_pdf(signed_ready).pages),
        False,
    )


def test_signature_field_on_the_left_is_flagged(nd30_pdfs: dict[str, Path], tmp_path: Path) -> None:
    path = _with_field(nd30_pdfs["dung"], tmp_path / "trai.pdf", (60, 238, 200, 305))
    pages = len(read_pdf(path).pages)
    assert _lines(path) == [
        f"trai.pdf: trang {pages}: PDF-ky-so trường chữ ký “ChuTich” nằm bên trái trang; "
        "ô 7c, ô 8 ở khối chữ ký bên phải"
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "thang_03",
            "trang 1 (ngày tháng): ND30-4.b chỉ tháng 1 và 2 có số 0 phía trước, thấy “tháng 03”",
        ),
        (
            "so_unpadded",
            "trang 1 (số, ký hiệu): ND30-3.c.so số, ký hiệu số nhỏ hơn 10 phải có số 0 phía "
            "trước, thấy “5”",
        ),
        ("arial_run", "ND30-I.4 phông chữ phải là Times New Roman, thấy “LiberationSans”"),
        (
            "no_luu",
            "trang 1 (nơi nhận): ND30-9.d.luu dòng cuối nơi nhận phải là “- Lưu: VT, …” kết thúc "
            "bằng dấu chấm, thấy “- Chủ tịch, các PCT UBND xã.”",
        ),
        (
            "no_closing",
            "ND30-PLIII.ket-thuc nội dung phải kết thúc bằng “/.”, "
            "thấy không có “/.” trong văn bản",
        ),
        (
            "page_on_first",
            "trang 1: ND30-I.7.trang1 không hiển thị số trang ở trang thứ nhất, thấy số trang “1”",
        ),
        ("page_in_footer", "trang 2: ND30-I.7 số trang phải đặt ở lề trên, không ở chân trang"),
        (
            "no_page_number",
            "ND30-I.7.thieu không thấy số trang ở lề trên (văn bản nhiều trang phải đánh số từ "
            "trang 2)",
        ),
    ],
)
def test_pdf_defect(nd30_pdfs: dict[str, Path], name: str, expected: str) -> None:
    path = nd30_pdfs[name]
    assert _lines(path) == [f"{path.name}: {expected}", f"{path.name}: {NO_FIELDS}"]


def test_pdf_without_pdfa_claim(nd30_pdfs: dict[str, Path], tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(nd30_pdfs["dung"]).pages:
        writer.add_page(page)
    path = tmp_path / "thuong.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    assert _lines(path) == [
        "thuong.pdf: PDF-A không khai báo chuẩn PDF/A (thiếu pdfaid:part trong XMP)",
        f"thuong.pdf: {NO_FIELDS}",
    ]


def test_soffice_is_really_used() -> None:
    assert shutil.which("soffice") is not None


def test_figures_of_a_table_row_in_the_bottom_band_are_not_a_page_number() -> None:
    """A table's last row may reach into the bottom band (found on a phụ lục page of Tân Lập);
    only digits alone on their line near the centre read as a page number at the foot."""
    from generator.nd30.check_pdf import TextItem, _page_number

    width, height = 841.9, 595.3  # A4 landscape, the annex pages
    row = [
        TextItem(60, 50, 13, "2.5"),
        TextItem(120, 50, 13, "Số hồ sơ đã giải quyết"),
        TextItem(400, 50, 13, "0"),
        TextItem(480, 50, 13, "300"),
    ]
    assert _page_number(row, height, top=False, width=width) is None
    footer = TextItem(width / 2 - 3, 30, 13, "3")
    assert _page_number([*row, footer], height, top=False, width=width) is footer
    left = TextItem(72, 30, 13, "3")
    assert _page_number([left], height, top=False, width=width) is None
