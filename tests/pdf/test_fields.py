"""Signed-ready PDFs: metadata, and empty fields at ô 7c / ô 8 found from the text itself."""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.errors import SigningError
from generator.pdf.fields import (
    SignedReadyMeta,
    existing_fields,
    make_signed_ready,
    pyhanko_fields_update,
    signature_fields,
)
from generator.pdf.inspect import pdf_facts
from generator.pdf.locate import group_lines, locate, read_pages
from generator.pdf.rawfields import raw_fields_update
from generator.pdf.rawpdf import RawPdf
from generator.pdf.textpos import page_text_runs, raw_page_text_runs

from .conftest import ConvertedSet, needs_soffice
from .samples import SIGNER_LINES, SIGNER_NAME

pytestmark = [pytest.mark.soffice, pytest.mark.xdist_group("pdf"), needs_soffice]
META = SignedReadyMeta(
    title="Kế hoạch kiểm tra công tác cải cách hành chính năm 2026",
    author="Ủy ban nhân dân xã Bình Lư",
    subject="12/KH-UBND",
    keywords="Kế hoạch",
    signer_lines=SIGNER_LINES,
    signer_name=SIGNER_NAME,
)
# Expected signer page (0-based) by construction: a long Nơi nhận pushes the block to page 2,
# and the long document has a phụ lục after the block, so its block is not on the last page.
SIGNER_PAGE = {"ngan": 0, "noi-nhan-dai": 1, "dai": 3, "du-thao": 0}


def signed_ready_copy(converted: ConvertedSet, name: str, tmp_path: Path) -> Path:
    pdf = tmp_path / f"{name}.pdf"
    shutil.copyfile(converted.pdf(name), pdf)
    return pdf


def widget_rects(pdf: Path) -> dict[str, tuple[int, list[float]]]:
    reader = PdfReader(pdf)
    found = {}
    for number, page in enumerate(reader.pages):
        for annot in page.get("/Annots", []):
            widget = annot.get_object()
            if widget.get("/FT") == "/Sig":
                found[str(widget["/T"])] = (number, [float(v) for v in widget["/Rect"]])
    return found


@pytest.mark.parametrize("name", list(SIGNER_PAGE))
def test_fields_sit_between_authority_and_name_on_the_signer_page(
    converted: ConvertedSet, name: str, tmp_path: Path
) -> None:
    pdf = signed_ready_copy(converted, name, tmp_path)
    assert make_signed_ready(pdf, META) == ["ChuKyNguoiKy", "ChuKyCoQuan"]
    rects = widget_rects(pdf)
    assert set(rects) == {"ChuKyNguoiKy", "ChuKyCoQuan"}
    page_number, (x0, y0, x1, y1) = rects["ChuKyNguoiKy"]
    assert page_number == SIGNER_PAGE[name]
    page = read_pages(pdf)[page_number]
    lines = {line.text: line for line in group_lines(page.words)}
    authority, signer = lines["Q. CHỦ TỊCH"], lines[SIGNER_NAME]
    top, bottom = page.height - y1, page.height - y0  # back to pdftotext's top-down axis
    assert authority.y1 <= top < bottom <= signer.y0
    assert x0 <= signer.x0 and signer.x1 <= x1
    assert bottom - top > 40
    inside = [
        w.text for w in page.words if w.x0 < x1 and x0 < w.x1 and w.y0 < bottom and top < w.y1
    ]
    assert inside == []
    seal_page, (s0, t0, s1, t1) = rects["ChuKyCoQuan"]
    assert seal_page == page_number
    assert (t0, t1) == (y0, y1)
    assert s0 < x0 < s1 <= x0 + (x1 - x0) / 3 + 1  # covers the left third of 7c, ô 8


def test_long_noi_nhan_moves_the_field(converted: ConvertedSet, tmp_path: Path) -> None:
    short = signed_ready_copy(converted, "ngan", tmp_path)
    long_ = signed_ready_copy(converted, "noi-nhan-dai", tmp_path)
    make_signed_ready(short, META)
    make_signed_ready(long_, META)
    assert widget_rects(short)["ChuKyNguoiKy"] != widget_rects(long_)["ChuKyNguoiKy"]


def test_metadata_is_set_and_pdfa_identity_kept(converted: ConvertedSet, tmp_path: Path) -> None:
    pdf = signed_ready_copy(converted, "dai", tmp_path)
    original = pdf.read_bytes()
    make_signed_ready(pdf, META)
    assert pdf.read_bytes().startswith(original)  # incremental update only
    reader = PdfReader(pdf)
    info = reader.metadata
    assert info is not None
    assert (info.title, info.author, info.subject, str(info["/Keywords"])) == (
        META.title,
        META.author,
        META.subject,
        META.keywords,
    )
    xmp = reader.xmp_metadata
    assert xmp is not None
    assert xmp.dc_title == {"x-default": META.title}
    assert xmp.dc_creator == [META.author]
    assert xmp.dc_description == {"x-default": META.subject}
    assert xmp.pdf_keywords == META.keywords
    assert xmp.pdf_producer == info.producer
    facts = pdf_facts(pdf)
    assert (facts.pdfa_part, facts.pdfa_conformance) == ("2", "B")
    assert not facts.has_js and not facts.encrypted


def test_draft_without_number_gets_fields_too(converted: ConvertedSet, tmp_path: Path) -> None:
    pdf = signed_ready_copy(converted, "du-thao", tmp_path)
    draft = SignedReadyMeta(**{**META.__dict__, "subject": ""})
    assert make_signed_ready(pdf, draft) == ["ChuKyNguoiKy", "ChuKyCoQuan"]
    assert set(widget_rects(pdf)) == {"ChuKyNguoiKy", "ChuKyCoQuan"}


def test_second_call_adds_nothing(converted: ConvertedSet, tmp_path: Path) -> None:
    pdf = signed_ready_copy(converted, "ngan", tmp_path)
    make_signed_ready(pdf, META)
    once = pdf.read_bytes()
    make_signed_ready(pdf, META)
    assert pdf.read_bytes() == once


def test_unknown_signer_is_a_clear_error(converted: ConvertedSet, tmp_path: Path) -> None:
    pdf = signed_ready_copy(converted, "ngan", tmp_path)
    other = SignedReadyMeta(**{**META.__dict__, "signer_name": "Trần Văn Ba"})
    with pytest.raises(SigningError) as caught:
        make_signed_ready(pdf, other)
    assert str(caught.value) == (
        f"{pdf}: không tìm thấy khối chữ ký (TM. ỦY BAN NHÂN DÂN / Q. CHỦ TỊCH / Trần Văn Ba) "
        "trên cùng một trang; kiểm tra chức vụ, họ tên người ký và để khối chữ ký không bị tách "
        "sang trang sau."
    )


@pytest.mark.parametrize("name", list(SIGNER_PAGE))
def test_fast_word_boxes_match_poppler(converted: ConvertedSet, name: str) -> None:
    # locate reads LibreOffice's pages with its own content-stream reader; poppler is the
    # reference. Every word (justified lines included) is within half a point of poppler's.
    pdf = converted.pdf(name)
    reader = PdfReader(pdf)
    for number, reference in enumerate(read_pages(pdf)):
        found = page_text_runs(reader, number)
        assert found is not None, f"trang {number + 1}: không đọc nhanh được"
        by_text: dict[str, list[tuple[float, float]]] = {}
        for word in reference.words:
            by_text.setdefault(word.text, []).append((word.x0, word.y1))
        assert len(found[2]) == len(reference.words)
        for x0, _, _, y1, text in found[2]:
            assert min(max(abs(x0 - a), abs(y1 - b)) for a, b in by_text[text]) < 0.5, text


@pytest.mark.parametrize("guess", [None, 0, 1, 2, 99])
def test_a_page_guess_changes_nothing_but_the_reading_order(
    converted: ConvertedSet, guess: int | None
) -> None:
    # The long sample has its block on page 4 of 5 (a phụ lục follows): 1 from the end.
    pdf = converted.pdf("dai")
    expected = locate(pdf, SIGNER_LINES, SIGNER_NAME)
    assert expected.page == SIGNER_PAGE["dai"]
    assert locate(pdf, SIGNER_LINES, SIGNER_NAME, from_end=guess) == expected


@pytest.mark.parametrize("name", list(SIGNER_PAGE))
def test_raw_update_writes_what_pyhanko_writes(
    converted: ConvertedSet, name: str, tmp_path: Path
) -> None:
    # LibreOffice's files get their fields and metadata as raw bytes; the result reads the
    # same as pyHanko's update of the same file, and is an exact, clean incremental update.
    original = converted.pdf(name).read_bytes()
    wanted = signature_fields(locate(converted.pdf(name), SIGNER_LINES, SIGNER_NAME))
    raw, reference = tmp_path / "raw.pdf", tmp_path / "pyhanko.pdf"
    raw.write_bytes(raw_fields_update(original, wanted, META))
    reference.write_bytes(pyhanko_fields_update(original, reference, wanted, META) or b"")
    assert raw.read_bytes().startswith(original)
    assert widget_rects(raw) == widget_rects(reference)
    assert existing_fields(raw) == {"ChuKyNguoiKy": False, "ChuKyCoQuan": False}
    readers = PdfReader(BytesIO(raw.read_bytes()), strict=True), PdfReader(reference)
    infos = [reader.metadata for reader in readers]
    xmps = [reader.xmp_metadata for reader in readers]
    assert infos[0] is not None and infos[1] is not None
    assert xmps[0] is not None and xmps[1] is not None
    for field in ("title", "author", "subject"):
        assert getattr(infos[0], field) == getattr(infos[1], field)
    assert infos[0]["/Keywords"] == infos[1]["/Keywords"]
    for field in ("dc_title", "dc_creator", "dc_description", "pdf_keywords"):
        assert getattr(xmps[0], field) == getattr(xmps[1], field)
    assert xmps[0].pdf_producer == infos[0].producer  # Info and XMP agree
    facts = pdf_facts(raw)
    assert (facts.pdfa_part, facts.pdfa_conformance) == ("2", "B")
    assert facts.fonts == pdf_facts(reference).fonts
    checked = subprocess.run(["pdfinfo", str(raw)], check=False, capture_output=True, text=True)
    assert checked.returncode == 0 and checked.stderr == ""


@pytest.mark.parametrize("name", list(SIGNER_PAGE))
def test_raw_objects_give_the_same_words_and_places(converted: ConvertedSet, name: str) -> None:
    # LibreOffice's files are read for `locate` from their raw objects, without pypdf: every
    # page gives the same words, and the places found are the same.
    data = converted.pdf(name).read_bytes()
    raw, reader = RawPdf(data), PdfReader(BytesIO(data))
    assert len(raw.pages()) == len(reader.pages)
    for number in range(len(reader.pages)):
        found = raw_page_text_runs(raw, number)
        assert found is not None, f"trang {number + 1}: không đọc được từ đối tượng thô"
        assert found == page_text_runs(reader, number)
    pdf = converted.pdf(name)
    assert locate(pdf, SIGNER_LINES, SIGNER_NAME, raw) == locate(pdf, SIGNER_LINES, SIGNER_NAME)
    assert converted.results[name].raw is not None  # the converter's read-back kept them
