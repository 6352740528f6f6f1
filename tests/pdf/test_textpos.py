"""The content-stream reader behind `locate`: positions, the operators it knows, and the
fallback to pypdf for anything else. Hand-made PDFs here; real LibreOffice pages are compared
with poppler in test_fields.py."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader

from generator.pdf.locate import page_words
from generator.pdf.textpos import ASCENT, DESCENT, page_text_runs

HEIGHT = 842.0
# Identity code → character map: code 0x41 is "A", as in a Latin-1 simple font.
IDENTITY_CMAP = (
    b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
    b"1 begincodespacerange <00> <FF> endcodespacerange\n"
    b"1 beginbfrange <20> <7E> <0020> endbfrange\n"
    b"2 beginbfchar <01> <1EE6> <02> <0110> endbfchar\n"
    b"endcmap CMapName currentdict /CMap defineresource pop end end"
)


def make_pdf(content: bytes, *, to_unicode: bool = True, form: bool = False) -> PdfReader:
    """Return a one-page PDF showing `content` with font /F1 (every glyph 500/1000 em wide)."""
    widths = b"[" + b" ".join(b"500" for _ in range(256)) + b"]"
    font = b"<< /Type /Font /Subtype /TrueType /BaseFont /AAAAAA+LiberationSerif-Bold"
    font += b" /FirstChar 0 /LastChar 255 /Widths " + widths
    font += (b" /ToUnicode 5 0 R" if to_unicode else b"") + b" >>"
    xobject = b" /XObject << /X1 6 0 R >>" if form else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 7 0 R >>" + xobject + b" >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(IDENTITY_CMAP) + IDENTITY_CMAP + b"\nendstream",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Length 0 >>\nstream\n\nendstream",
        font,
    ]
    out = BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return PdfReader(BytesIO(out.getvalue()))


def words(content: bytes, **options: bool) -> list[tuple[float, float, str]]:
    """Return (x0, x1, text) of each word the fast reader finds (it must handle the page)."""
    found = page_text_runs(make_pdf(content, **options), 0)
    assert found is not None
    return [(round(w[0], 2), round(w[2], 2), w[4]) for w in found[2]]


def test_words_advance_by_the_font_widths_and_kerns() -> None:
    # 14 pt, 500/1000 em a glyph = 7 pt; a kern of -1000 moves one em (14 pt) to the right
    # and stays inside the word; the space glyph ends it.
    assert words(b"BT 100 700 Td /F1 14 Tf [<4142>-1000<43> <2044>]TJ ET") == [
        (100.0, 135.0, "ABC"),
        (142.0, 149.0, "D"),
    ]


def test_word_box_is_around_the_baseline_top_down() -> None:
    found = page_text_runs(make_pdf(b"BT 10 700 Td /F1 10 Tf (A) Tj ET"), 0)
    assert found is not None
    x0, y0, _, y1, text = found[2][0]
    assert (x0, text) == (10.0, "A")
    assert y0 == pytest.approx(HEIGHT - 700 - ASCENT * 10)
    assert y1 == pytest.approx(HEIGHT - 700 + DESCENT * 10)


def test_literal_strings_escapes_and_unicode_map() -> None:
    assert [w[2] for w in words(rb"BT 0 0 Td /F1 10 Tf (a\(b\) \101) Tj <0102> Tj ET")] == [
        "a(b)",
        "A\u1ee6\u0110",
    ]


def test_text_and_graphics_state_operators() -> None:
    content = (
        b"q 2 0 0 2 10 20 cm BT /F1 10 Tf 12 TL 5 5 Td (A) Tj T* (B) Tj"
        b" 1 0 0 1 50 100 Tm (C) Tj (D) ' ET Q BT /F1 10 Tf 0 0 Td (E) Tj ET"
    )
    found = page_text_runs(make_pdf(content), 0)
    assert found is not None
    boxes = {w[4]: (round(w[0], 2), round(HEIGHT - w[3] + DESCENT * 20, 2)) for w in found[2]}
    # Inside the cm (scale 2, offset 10,20): A at (5,5), B one leading below, C at Tm (50,100).
    assert boxes["A"] == (20.0, 30.0)
    assert boxes["B"] == (20.0, 6.0)
    assert boxes["C"] == (110.0, 220.0)
    assert boxes["D"] == (110.0, 196.0)  # ' moves to the next line first
    e = next(w for w in found[2] if w[4] == "E")  # after Q: no scale, no offset
    assert (e[0], e[3]) == (0.0, pytest.approx(HEIGHT + DESCENT * 10))


@pytest.mark.parametrize(
    ("content", "options"),
    [
        (b"BT 0 0 Td /F1 10 Tf (A) Tj ET", {"to_unicode": False}),  # no /ToUnicode
        (b"q /X1 Do Q BT 0 0 Td /F1 10 Tf (A) Tj ET", {"form": True}),  # text may hide in a form
        (b"BI /W 1 /H 1 ID \x00 EI BT 0 0 Td /F1 10 Tf (A) Tj ET", {}),  # inline image
        (b"BT 2 Tc 0 0 Td /F1 10 Tf (A) Tj ET", {}),  # character spacing
        (b"BT 0 0 Td /F1 10 Tf (A(b)c) Tj ET", {}),  # nested parentheses
        (b"BT 0 1 -1 0 0 0 Tm /F1 10 Tf (A) Tj ET", {}),  # rotated text
    ],
)
def test_anything_else_is_left_to_pypdf(content: bytes, options: dict[str, bool]) -> None:
    reader = make_pdf(content, **options)
    assert page_text_runs(reader, 0) is None
    if options.get("to_unicode", True) and b"Tm" not in content:
        # locate's page reader still gets the words, through pypdf's text visitor.
        assert "A" in "".join(w.text for w in page_words(reader, 0).words)


def test_a_style_change_inside_a_word_keeps_one_word() -> None:
    content = b"BT 0 0 Td /F1 10 Tf (Ng) Tj ET BT 10 0 Td /F1 10 Tf (uyen A) Tj ET"
    assert [w[2] for w in words(content)] == ["Nguyen", "A"]
