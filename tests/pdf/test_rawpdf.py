"""The raw object reader behind the bundle and the field update: references, strings, updates."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import Destination, DictionaryObject

from generator.pdf.bundle import Bundle
from generator.pdf.fields import SignedReadyMeta
from generator.pdf.inspect import open_reader, pdf_facts, pypdf_facts, raw_facts
from generator.pdf.locate import locate
from generator.pdf.rawfields import raw_fields_update
from generator.pdf.rawpdf import RawPdf, UnsupportedError, dict_entries, refs_in, renumber
from generator.pdf.textpos import raw_page_text_runs

XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
    b'syntax-ns#"><rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">'
    b"<pdfaid:part>2</pdfaid:part></rdf:Description></rdf:RDF></x:xmpmeta>"
)


def make_pdf(objects: dict[int, bytes], trailer: bytes = b"/Root 1 0 R") -> bytes:
    """Return a PDF of the given object bodies with an exact classic cross-reference table."""
    out = bytearray(b"%PDF-1.6\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, body in sorted(objects.items()):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n\n" % (number, body)
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        if number in offsets:
            out += b"%010d 00000 n \n" % offsets[number]
        else:
            out += b"0000000000 00001 f \n"
    out += b"trailer\n<</Size %d %s>>\nstartxref\n%d\n%%%%EOF\n" % (size, trailer, xref)
    return bytes(out)


def one_page(note: bytes) -> bytes:
    """Return a one-page PDF whose page carries a text annotation with `note` as its text."""
    return make_pdf(
        {
            1: b"<</Type/Catalog/Pages 2 0 R/Lang(vi-VN)/Metadata 6 0 R>>",
            2: b"<</Type/Pages/Kids[3 0 R]/Count 1/MediaBox[0 0 200 300]>>",
            3: b"<</Type/Page/Parent 2 0 R/Contents 4 0 R/Annots[5 0 R]>>",
            4: b"<</Length 7 0 R>>\nstream\nBT ET (3 0 R) endstream-ish\nendstream",
            5: b"<</Type/Annot/Subtype/Text/Rect[0 0 9 9]/P 3 0 R/Contents " + note + b">>",
            6: b"<</Type/Metadata/Subtype/XML/Length %d>>\nstream\n%s\nendstream" % (len(XMP), XMP),
            7: b"27",
            8: b"<</Title(orphan 3 0 R)>>",
        },
        trailer=b"/Root 1 0 R/Info 8 0 R",
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"<</A 1 0 R/B[2 0 R 3 0 R]/C<</D 4 0 R>>>>", [1, 2, 3, 4]),
        (b"<</T(a (nested 9 0 R) b 8 0 R)/P 5 0 R>>", [5]),
        (b"<</T(escaped \\) 9 0 R \\( still text)/P 5 0 R>>", [5]),
        (b"<</H<48656C6C6F>/P 5 0 R % 9 0 R in a comment\n/Q 6 0 R>>", [5, 6]),
        (b"<</N/Name12 0 R/W[10 20 30]>>", []),  # digits glued to a name start no reference
    ],
)
def test_references_outside_strings_and_comments(raw: bytes, expected: list[int]) -> None:
    assert refs_in(raw, 0, len(raw)) == expected


def test_renumbering_leaves_strings_as_they_are() -> None:
    raw = b"<</T(a (nested 1 0 R) b)/P 1 0 R/K[2 0 R]/H<FEFF0031>>>"
    renumbered = renumber(raw, 0, len(raw), lambda old: old + 10)
    assert renumbered == b"<</T(a (nested 1 0 R) b)/P 11 0 R/K[12 0 R]/H<FEFF0031>>>"


def test_dictionary_entries_are_raw_values() -> None:
    raw = b"<< /Type /Page /Kids [ 1 0 R 2 0 R ] /T (x >> y) /D <</A 1>> /N 12 /R 3 0 R >>"
    assert dict_entries(raw, 0) == {
        b"/Type": b"/Page",
        b"/Kids": b"[ 1 0 R 2 0 R ]",
        b"/T": b"(x >> y)",
        b"/D": b"<</A 1>>",
        b"/N": b"12",
        b"/R": b"3 0 R",
    }


def test_objects_are_found_through_the_table() -> None:
    pdf = RawPdf(one_page(b"(hello)"))
    assert pdf.trailer[b"/Root"] == b"1 0 R"
    assert pdf.references(3) == [2, 4, 5]
    assert pdf.references(4) == [7]  # the stream's data is not read for references
    assert pdf.get(4).stream and not pdf.get(5).stream
    assert pdf.closure([2], skip=lambda n: n == 1) == [2, 3, 4, 5, 7]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (make_pdf({1: b"<</Type/Catalog>>"}, trailer=b"/Root 1 0 R/Prev 10"), "incremental"),
        (make_pdf({1: b"<</Type/Catalog>>"}, trailer=b"/Root 1 0 R/Encrypt 5 0 R"), "encrypted"),
        (
            b"%PDF-1.6\n1 0 obj\n<</Type/XRef/Size 2>>\nstream\n\nendstream\nendobj\n"
            b"startxref\n9\n%%EOF\n",
            "cross-reference stream",
        ),
    ],
)
def test_other_shapes_are_unsupported(data: bytes, reason: str) -> None:
    with pytest.raises(UnsupportedError, match=reason):
        RawPdf(data)


def test_raw_bundle_keeps_strings_streams_and_identity(tmp_path: Path) -> None:
    notes = [b"(note (with 3 0 R) inside)", b"<FEFF0031>", b"(plain)"]
    out = tmp_path / "bundle.pdf"
    bundle = Bundle(out)
    for number, note in enumerate(notes):
        bundle.add(one_page(note), f"{number + 1}. Văn bản số {number + 1}")
    assert bundle.raw
    assert bundle.write() == 3
    data = out.read_bytes()
    reader = PdfReader(BytesIO(data), strict=True)  # an exact cross-reference table
    assert len(reader.pages) == 3
    assert [page["/Annots"][0].get_object()["/Contents"] for page in reader.pages] == [
        "note (with 3 0 R) inside",
        "1",
        "plain",
    ]
    for page in reader.pages:
        assert page.get_contents().get_data() == b"BT ET (3 0 R) endstream-ish"  # type: ignore[union-attr]
        assert page.mediabox.upper_right == (200, 300)  # inherited from its document's tree
    marks = [
        (item.title, reader.get_destination_page_number(item))
        for item in reader.outline
        if isinstance(item, Destination)
    ]
    assert marks == [(f"{n}. Văn bản số {n}", n - 1) for n in (1, 2, 3)]
    root = reader.trailer["/Root"].get_object()
    assert isinstance(root, DictionaryObject)
    assert root["/PageMode"] == "/UseOutlines" and root["/Lang"] == "vi-VN"
    assert root["/Metadata"].get_object().get_data() == XMP
    assert reader.metadata is not None and reader.metadata.title == "orphan 3 0 R"
    assert data.count(b"/Type/Catalog") == 1  # the documents' own catalogs are left out


def test_an_unsupported_document_sends_the_whole_bundle_through_pypdf(tmp_path: Path) -> None:
    out = tmp_path / "bundle.pdf"
    bundle = Bundle(out)
    bundle.add(one_page(b"(first)"), "1. Một")
    dangling = one_page(b"(second)").replace(b"/P 3 0 R", b"/P 9 0 R")  # no object 9
    bundle.add(dangling, "2. Hai")
    assert not bundle.raw
    assert bundle.write() == 2
    reader = PdfReader(out)
    assert [item.title for item in reader.outline if isinstance(item, Destination)] == [
        "1. Một",
        "2. Hai",
    ]


META = SignedReadyMeta("Trích yếu", "Ủy ban nhân dân xã", "12/KH-UBND", "KH", [], "")


def test_raw_fields_keep_the_page_annotations_and_add_the_form() -> None:
    original = one_page(b"(note)")
    updated = raw_fields_update(original, [("ChuKy", 0, (10.4, 20.6, 110, 80))], META)
    assert updated.startswith(original)
    reader = PdfReader(BytesIO(updated), strict=True)
    annots = [a.get_object() for a in reader.pages[0]["/Annots"]]
    assert [a["/Subtype"] for a in annots] == ["/Text", "/Widget"]
    widget = annots[1]
    assert (widget["/T"], [int(v) for v in widget["/Rect"]]) == ("ChuKy", [10, 21, 110, 80])
    assert widget["/AP"]["/N"].get_object().get_data() == b""
    form = reader.trailer["/Root"]["/AcroForm"]
    assert [f.get_object()["/T"] for f in form["/Fields"]] == ["ChuKy"]
    info = reader.metadata
    assert info is not None and (info.title, info.author, info.subject) == (
        META.title,
        META.author,
        META.subject,
    )
    xmp = reader.xmp_metadata
    assert xmp is not None and (xmp.pdf_keywords, xmp.dc_creator) == ("KH", [META.author])
    part = xmp.get_element("", "http://www.aiim.org/pdfa/ns/id/", "part")
    assert [node.firstChild.data for node in part] == ["2"]  # the rest of the packet is kept


def test_raw_fields_leave_other_shapes_to_pyhanko() -> None:
    indirect = one_page(b"(note)").replace(b"/Annots[5 0 R]", b"/Annots 9 0 R")
    with pytest.raises(UnsupportedError):
        raw_fields_update(indirect, [("ChuKy", 0, (10, 20, 110, 80))], META)
    with pytest.raises(UnsupportedError):
        raw_fields_update(one_page(b"(x)"), [("ChuKy", 3, (10, 20, 110, 80))], META)
    once = raw_fields_update(one_page(b"(x)"), [("ChuKy", 0, (10, 20, 110, 80))], None)
    with pytest.raises(UnsupportedError):  # an incremental update is there now
        raw_fields_update(once, [("Khac", 0, (10, 20, 110, 80))], None)


def fonts_pdf(resources: bytes, extra: dict[int, bytes], catalog: bytes = b"") -> bytes:
    """Return a two-page PDF whose page tree carries `resources` (inherited by both pages)."""
    return make_pdf(
        {
            1: b"<</Type/Catalog/Pages 2 0 R" + catalog + b">>",
            2: b"<</Type/Pages/Kids[3 0 R 4 0 R]/Count 2/MediaBox[0 0 200 300]/Resources "
            + resources
            + b">>",
            3: b"<</Type/Page/Parent 2 0 R>>",
            4: b"<</Type/Page/Parent 2 0 R/Resources<</Font<</F9 30 0 R>>>>>>",
            **extra,
        }
    )


FONT_CASES = {
    "embedded and not": fonts_pdf(
        b"<</Font<</F1 10 0 R/F2 12 0 R>>>>",
        {
            10: b"<</Type/Font/Subtype/TrueType/BaseFont/BAAAAA+Liberation#20Serif"
            b"/FontDescriptor 11 0 R>>",
            11: b"<</Type/FontDescriptor/FontName/BAAAAA+Liberation#20Serif/FontFile2 40 0 R>>",
            12: b"<</Type/Font/Subtype/TrueType/BaseFont/DejaVuSans/FontDescriptor<</Flags 4>>>>",
            30: b"<</Type/Font/Subtype/Type3/BaseFont/Glyphs>>",
            40: b"<</Length 0>>\nstream\n\nendstream",
        },
    ),
    "composite and form": fonts_pdf(
        b"<</Font<</F1 10 0 R>>/XObject<</X1 20 0 R>>>>",
        {
            10: b"<</Type/Font/Subtype/Type0/BaseFont/CAAAAA+Cid/DescendantFonts[13 0 R]>>",
            13: b"<</Type/Font/Subtype/CIDFontType2/BaseFont/CAAAAA+Cid/FontDescriptor 14 0 R>>",
            14: b"<</Type/FontDescriptor/FontName/CAAAAA+Cid>>",
            20: b"<</Type/XObject/Subtype/Form/BBox[0 0 1 1]/Resources<</Font<</F5 21 0 R>>>>"
            b"/Length 0>>\nstream\n\nendstream",
            21: b"<</Type/Font/Subtype/TrueType/BaseFont/InForm/FontDescriptor 22 0 R>>",
            22: b"<</Type/FontDescriptor/FontFile3 40 0 R>>",
            30: b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
            40: b"<</Length 0>>\nstream\n\nendstream",
        },
        catalog=b"/OpenAction<</S/JavaScript/JS(app.alert(1))>>",
    ),
}


@pytest.mark.parametrize("case", list(FONT_CASES))
def test_raw_facts_read_what_pypdf_reads(case: str) -> None:
    data = FONT_CASES[case]
    facts = raw_facts(data)
    assert facts == pypdf_facts(open_reader(data))
    assert facts.pages == 2 and facts.fonts  # the inherited resources were read
    assert pdf_facts(Path("x.pdf"), data) == facts


def test_raw_facts_of_a_pdfa_claim() -> None:
    facts = raw_facts(one_page(b"(x)"))
    assert (facts.pages, facts.pdfa_part, facts.pdfa_conformance, facts.has_js) == (
        1,
        "2",
        None,
        False,
    )
    assert facts == pypdf_facts(open_reader(one_page(b"(x)")))


def _signer_page_pdf() -> bytes:
    """Return a one-page PDF with a signer block in a standard font (no /ToUnicode)."""
    content = (
        b"BT /F1 13 Tf 1 0 0 1 350 600 Tm (KT. CHU TICH) Tj ET\n"
        b"BT /F1 13 Tf 1 0 0 1 350 500 Tm (Nguyen Van A) Tj ET"
    )
    return make_pdf(
        {
            1: b"<</Type/Catalog/Pages 2 0 R>>",
            2: b"<</Type/Pages/Kids 6 0 R/Count 1>>",
            3: b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
            b"/Resources<</Font<</F1 5 0 R>>>>>>",
            4: b"<</Length %d>>\nstream\n%s\nendstream" % (len(content), content),
            5: b"<</Type/Font/Subtype/Type1/BaseFont/Times-Roman>>",
            6: b"[3 0 R]",  # an indirect /Kids array
        }
    )


def test_a_page_tree_the_raw_reader_declines_is_read_by_pypdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _signer_page_pdf()
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(data)
    assert RawPdf(data).pages() == [3]  # the indirect /Kids array is followed

    def declined(self: RawPdf) -> list[int]:
        raise UnsupportedError("page tree")

    monkeypatch.setattr(RawPdf, "pages", declined)
    places = locate(pdf, ["KT. CHU TICH"], "Nguyen Van A", RawPdf(data))
    assert places == locate(pdf, ["KT. CHU TICH"], "Nguyen Van A")


def test_a_page_the_raw_reader_cannot_read_goes_to_pypdf(tmp_path: Path) -> None:
    # A standard font without /ToUnicode: the raw text reader declines, locate reads the page
    # through pypdf over the same bytes and finds the same places.
    data = _signer_page_pdf()
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(data)
    raw = RawPdf(data)
    assert raw_page_text_runs(raw, 0) is None
    places = locate(pdf, ["KT. CHU TICH"], "Nguyen Van A", raw)
    assert places == locate(pdf, ["KT. CHU TICH"], "Nguyen Van A")
    assert places.page == 0
