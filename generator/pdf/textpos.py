"""Text positions read straight from a page's content stream: the fast path of `locate`.

LibreOffice writes plain content: `BT x y Td /F1 14 Tf [<3E>3<254E>]TJ ET` inside `q … Q`,
simple TrueType subsets with a /ToUnicode map, no Form XObjects with text. For such a page one
regular-expression pass over the stream gives each shown string, its start point and its font,
about ten times faster than pypdf's general text extraction (which parses every operand into
objects and builds its own font tables each time). Anything this reader does not understand
(an inline image, a Form XObject, a font without /ToUnicode, a nested literal string) makes it
return None, and the caller falls back to pypdf.

Here a word's width comes from the font's own /Widths and every TJ kern (a justified line stays
within 0.5 pt of poppler); `add_text`, for pypdf's visitor, uses the Times metrics. Both glue
the pieces of a word the same way (`_add_word`).

Kept after measuring it against the libraries (issue 19, `bench/bench_libs.py`, the large set
of 210 documents, one run, library and hand-written interleaved; the machine was shared, load
average 18-26 on 2 cores). End to end, with pypdf reading the objects and text and pyHanko
writing the fields, vanban's own CPU per document is 1.9-2.3x (39-41 ms against 17-22 ms);
alone, the signer page's words take 2.82 ms from raw objects against 5.59 for this interpreter
on pypdf's objects (2.0x) and 14.55 for pypdf's own text visitor (5.2x, and up to 42 pt off on
justified lines); pikepdf has no text positions. Not within 15 %, so this stays. Figures:
generator/pdf/README.md, "Hand-written parts against the libraries".
"""

from __future__ import annotations

import math
import re
from typing import Any

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

from generator.nd30.metrics import text_width_pt
from generator.pdf.rawpdf import RawPdf, UnsupportedError, dict_entries, name_text, refs_in

__all__ = [
    "ASCENT",
    "DESCENT",
    "Matrix",
    "TextWord",
    "add_text",
    "multiply",
    "page_text_runs",
    "raw_page_text_runs",
]

# A word's box around its baseline, in ems: what poppler reports for Liberation Serif (1.3 em,
# more than the font's own 0.891 + 0.216), so the field keeps the same clearance from the text.
ASCENT, DESCENT = 0.92, 0.38

Matrix = tuple[float, float, float, float, float, float]
# (x0, y0, x1, y1, text), top-down coordinates like pdftotext's.
TextWord = tuple[float, float, float, float, str]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<dict><<(?:[^<>]|<[^<>]*>)*>>)
    | (?P<array>\[(?:\((?:\\.|[^\\()])*\)|[^\]()])*\])
    | (?P<value><[0-9A-Fa-f\s]*>|\((?:\\.|[^\\()])*\)|[+-]?(?:\d+\.?\d*|\.\d+)|/[^\s/\[\]()<>{}%]*)
    | (?P<op>[A-Za-z'"*][A-Za-z0-9'"*]*)
    | (?P<comment>%[^\r\n]*)
    | (?P<bad>\S)
    )""",
    re.X | re.S,
)
_ITEM = re.compile(
    r"\s*(?:(<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\()])*\))|([+-]?(?:\d+\.?\d*|\.\d+))|(\S))"
)
_BFCHAR = re.compile(r"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(r"beginbfrange(.*?)endbfrange", re.S)
_PAIR = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")
_RANGE = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])")
_NUMBER = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)")
_CODESPACE = re.compile(r"begincodespacerange\s*<([0-9A-Fa-f]+)>")
# Spacing operators and the only value the glyph pass handles (LibreOffice never sets them).
_SPACING = {"Tc": 0.0, "Tw": 0.0, "Tz": 100.0, "Ts": 0.0}
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}
_OCTAL = re.compile(r"\\([0-7]{1,3}|\r\n|.)", re.S)


class _UnsupportedError(Exception):
    """Content this reader does not handle: the caller uses pypdf instead."""


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """Return the product of two PDF matrices [a b c d e f] (m applied first)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def add_text(
    words: list[TextWord], text: str, matrix: Matrix, *, size: float, font_name: str, height: float
) -> None:
    """Append the words of `text` shown at `matrix` (text matrix × CTM) to `words`.

    Widths come from the Times metrics; a style change inside a word (two chunks touching on
    the same baseline) is glued back into one word.
    """
    if not text.strip():
        return
    _, _, c, d, x, baseline = matrix
    size = size * (math.hypot(c, d) or 1.0)
    bold = "Bold" in font_name
    italic = "Italic" in font_name or "Oblique" in font_name
    top, bottom = height - baseline - ASCENT * size, height - baseline + DESCENT * size
    for token in re.split(r"(\s+)", text):
        advance = text_width_pt(token, size, bold, italic)
        if token and not token.isspace():
            _add_word(words, (x, top, x + advance, bottom, token), size)
        x += advance


class _Font:
    """A simple font of the page: name, and code → (text, width in thousandths of an em)."""

    def __init__(self, name: str, first: int, advance: list[float], cmap: str) -> None:
        self.name = name
        found = _CODESPACE.search(cmap)
        if found and len(found[1]) != 2:
            raise _UnsupportedError("multi-byte codes")
        text: dict[int, str] = {}
        for section in _BFCHAR.findall(cmap):
            for code, target in _PAIR.findall(section):
                text[int(code, 16)] = _utf16(target)
        for section in _BFRANGE.findall(cmap):
            for low, high, target in _RANGE.findall(section):
                begin, stop = int(low, 16), int(high, 16)
                if target.startswith("["):
                    for offset, item in enumerate(re.findall(r"<([0-9A-Fa-f]*)>", target)):
                        text[begin + offset] = _utf16(item)
                    continue
                base = bytes.fromhex(target[1:-1])
                head, unit = base[:-2], int.from_bytes(base[-2:], "big")
                for offset in range(stop - begin + 1):
                    tail = ((unit + offset) & 0xFFFF).to_bytes(2, "big")
                    text[begin + offset] = _utf16((head + tail).hex())
        self.glyphs = [
            (text.get(code, ""), advance[code - first] if 0 <= code - first < len(advance) else 0.0)
            for code in range(256)
        ]

    @classmethod
    def of(cls, font: DictionaryObject) -> _Font:
        """Return the font read through pypdf's objects."""
        to_unicode, widths = font.get("/ToUnicode"), font.get("/Widths")
        if to_unicode is None or widths is None or font.get("/Subtype") == "/Type0":
            raise _UnsupportedError("not a simple font with /ToUnicode and /Widths")
        return cls(
            str(font.get("/BaseFont", "")),
            int(font.get("/FirstChar", 0)),
            [float(w) for w in widths.get_object()],
            to_unicode.get_object().get_data().decode("latin-1"),
        )

    @classmethod
    def of_raw(cls, pdf: RawPdf, font: dict[bytes, bytes]) -> _Font:
        """Return the font read from its raw object."""
        to_unicode, widths = font.get(b"/ToUnicode"), font.get(b"/Widths")
        if to_unicode is None or widths is None or font.get(b"/Subtype") == b"/Type0":
            raise _UnsupportedError("not a simple font with /ToUnicode and /Widths")
        return cls(
            "/" + name_text(font.get(b"/BaseFont", b"/")),
            int(pdf.value(font.get(b"/FirstChar", b"0"))),
            [float(w) for w in _NUMBER.findall(pdf.value(widths))],
            pdf.stream(pdf.ref(to_unicode)).decode("latin-1"),
        )


def _utf16(hex_text: str) -> str:
    try:
        return bytes.fromhex(hex_text).decode("utf-16-be")
    except ValueError:
        return ""


def _literal(token: str) -> bytes:
    """Return the bytes of a literal string token `( … )` (escapes resolved)."""

    def escape(found: re.Match[str]) -> str:
        value = found[1]
        if value[0] in "01234567":
            return chr(int(value, 8) & 0xFF)
        if value in ("\n", "\r", "\r\n"):
            return ""
        return _ESCAPES.get(value, value)

    return _OCTAL.sub(escape, token[1:-1]).encode("latin-1")


def _string(token: str) -> bytes:
    """Return the bytes of a string operand: `<hex>` or `(literal)`."""
    if token.startswith("<"):
        return bytes.fromhex("".join(token[1:-1].split()).ljust(2, "0"))
    if token.startswith("("):
        return _literal(token)
    raise _UnsupportedError(f"not a string: {token[:20]!r}")


def _array(token: str) -> list[bytes | float]:
    """Return the strings and kerns of a TJ array operand."""
    items: list[bytes | float] = []
    for text, number, bad in _ITEM.findall(token[1:-1]):
        if bad:
            raise _UnsupportedError(f"unexpected {bad!r} in a TJ array")
        items.append(_string(text) if text else float(number))
    return items


def _fonts(resources: Any, known: dict[int, _Font]) -> dict[str, _Font]:
    """Return the page's fonts by resource name; `known` keeps them by object number."""
    fonts = resources.get("/Font") if resources is not None else None
    found = {}
    for key, ref in (fonts.get_object() if fonts is not None else {}).items():
        number = ref.idnum if isinstance(ref, IndirectObject) else None
        font = known.get(number) if number is not None else None
        if font is None:
            font = _Font.of(ref.get_object())
            if number is not None:
                known[number] = font
        found[str(key)] = font
    return found


def _form_names(resources: Any) -> set[str]:
    """Return the names of the page's Form XObjects (they may hold text: not handled here)."""
    xobjects = resources.get("/XObject") if resources is not None else None
    if xobjects is None:
        return set()
    return {
        str(key)
        for key, ref in xobjects.get_object().items()
        if ref.get_object().get("/Subtype") == "/Form"
    }


def page_text_runs(
    reader: PdfReader, number: int, fonts_read: dict[int, Any] | None = None
) -> tuple[float, float, list[TextWord]] | None:
    """Return (width, height, words) of page `number` (0-based), or None when not handled.

    `fonts_read` (empty at first) keeps the fonts already read, for the next page of the
    same reader.
    """
    page = reader.pages[number]
    box = page.mediabox
    width, height = float(box.width), float(box.height)
    try:
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else None
        fonts = _fonts(resources, fonts_read if fonts_read is not None else {})
        forms = _form_names(resources)
        contents = page.get_contents()
        data = contents.get_data().decode("latin-1") if contents is not None else ""
        return width, height, _run(data, fonts, forms, height)
    except (_UnsupportedError, KeyError, ValueError, AttributeError, TypeError, IndexError):
        return None


def raw_page_text_runs(
    pdf: RawPdf, number: int, fonts_read: dict[int, Any] | None = None
) -> tuple[float, float, list[TextWord]] | None:
    """Return what `page_text_runs` returns, read from the raw objects of `pdf` (no pypdf)."""
    try:
        page = pdf.pages()[number]
        found = pdf.inherited(page, (b"/MediaBox", b"/Resources"))
        x0, y0, x1, y1 = (float(v) for v in _NUMBER.findall(pdf.value(found[b"/MediaBox"])))
        width, height = x1 - x0, y1 - y0
        resources = dict_entries(pdf.value(found.get(b"/Resources", b"<<>>")), 0)
        known = fonts_read if fonts_read is not None else {}
        fonts: dict[str, _Font] = {}
        for key, ref in dict_entries(pdf.value(resources.get(b"/Font", b"<<>>")), 0).items():
            reference = pdf.ref(ref)
            font = known.get(reference)
            if font is None:
                font = known[reference] = _Font.of_raw(pdf, pdf.entries(reference))
            fonts[key.decode("latin-1")] = font
        forms = {
            key.decode("latin-1")
            for key, ref in dict_entries(pdf.value(resources.get(b"/XObject", b"<<>>")), 0).items()
            if dict_entries(pdf.value(ref), 0).get(b"/Subtype") == b"/Form"
        }
        contents = pdf.value(pdf.entries(page).get(b"/Contents", b"[]"))
        if contents.startswith(b"<<"):  # the value of a single referenced stream
            streams = [pdf.ref(pdf.entries(page)[b"/Contents"])]
        else:
            streams = refs_in(contents, 0, len(contents))
        data = b"\n".join(pdf.stream(stream) for stream in streams).decode("latin-1")
        return width, height, _run(data, fonts, forms, height)
    except (
        _UnsupportedError,
        UnsupportedError,
        KeyError,
        ValueError,
        TypeError,
        IndexError,
    ):
        return None


def _run(data: str, fonts: dict[str, _Font], forms: set[str], height: float) -> list[TextWord]:
    """Interpret the text operators of a content stream; return the words."""
    words: list[TextWord] = []
    operands: list[str] = []
    ctm, stack = _IDENTITY, []
    tm = tlm = _IDENTITY
    font: _Font | None = None
    size, leading = 0.0, 0.0

    def show(items: list[Any]) -> None:
        # One pass over the glyphs with the font's own advances and every kern (LibreOffice
        # justifies a line with kerns after the spaces): a space ends a word.
        nonlocal tm
        if font is None:
            raise _UnsupportedError("text shown before a font is set")
        a, b, c, d, e, f = multiply(tm, ctm)
        if b or c or a <= 0 or d <= 0:
            raise _UnsupportedError("rotated or mirrored text")
        em, glyphs = size * d, font.glyphs
        top, bottom = height - f - ASCENT * em, height - f + DESCENT * em
        scale = size * a / 1000
        x, word, x0 = e, "", e
        for item in items:
            if not isinstance(item, bytes):
                x -= item * scale
                continue
            for code in item:
                char, width = glyphs[code]
                if char and not char.isspace():
                    if not word:
                        x0 = x
                    word += char
                elif word:
                    _add_word(words, (x0, top, x, bottom, word), em)
                    word = ""
                x += width * scale
        if word:
            _add_word(words, (x0, top, x, bottom, word), em)
        tm = multiply((1.0, 0.0, 0.0, 1.0, (x - e) / a, 0.0), tm)

    def next_line(tx: float, ty: float) -> None:
        nonlocal tm, tlm
        tlm = multiply((1.0, 0.0, 0.0, 1.0, tx, ty), tlm)
        tm = tlm

    for found in _TOKEN.finditer(data):
        kind = found.lastgroup
        if kind in {"value", "array"}:
            operands.append(found[kind])
            continue
        if kind == "bad":
            raise _UnsupportedError(f"unexpected {found[kind]!r}")
        if kind != "op":
            continue  # marked-content properties and comments carry no position
        value = found[kind]
        if value == "q":
            stack.append(ctm)
        elif value == "Q":
            ctm = stack.pop() if stack else ctm
        elif value == "cm":
            ctm = multiply(_matrix(operands), ctm)
        elif value == "BT":
            tm = tlm = _IDENTITY
        elif value == "Tf":
            font, size = fonts[operands[-2]], float(operands[-1])
        elif value == "TL":
            leading = float(operands[-1])
        elif value == "Td":
            next_line(float(operands[-2]), float(operands[-1]))
        elif value == "TD":
            leading = -float(operands[-1])
            next_line(float(operands[-2]), float(operands[-1]))
        elif value == "T*":
            next_line(0.0, -leading)
        elif value == "Tm":
            tm = tlm = _matrix(operands)
        elif value in _SPACING:
            if float(operands[-1]) != _SPACING[value]:
                raise _UnsupportedError(f"{value} {operands[-1]}")
        elif value == "Tj":
            show([_string(operands[-1])])
        elif value == "TJ":
            show(_array(operands[-1]))
        elif value in ("'", '"'):
            if value == '"' and (float(operands[-3]) or float(operands[-2])):
                raise _UnsupportedError("word or character spacing")
            next_line(0.0, -leading)
            show([_string(operands[-1])])
        elif value == "BI" or (value == "Do" and operands and operands[-1] in forms):
            raise _UnsupportedError(value)
        operands = []
    return words


def _add_word(words: list[TextWord], word: TextWord, em: float) -> None:
    """Append a word, or glue it to the last one when it continues it (a style change)."""
    x0, top, x1, bottom, text = word
    last = words[-1] if words else None
    if last and abs(last[3] - bottom) < 0.5 and -0.05 * em <= x0 - last[2] < 0.15 * em:
        words[-1] = (last[0], min(last[1], top), x1, bottom, last[4] + text)
    else:
        words.append((x0, top, x1, bottom, text))


def _matrix(operands: list[Any]) -> Matrix:
    a, b, c, d, e, f = (float(v) for v in operands[-6:])
    return (a, b, c, d, e, f)
