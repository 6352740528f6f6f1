"""Read a PDF at the level of its raw objects, the way LibreOffice writes them.

pypdf turns every object it touches into Python objects and back; merging a set's PDFs that way
costs about 10 ms a document, most of it cloning numbers. This reader only finds where each
object lies (the classic cross-reference table LibreOffice writes), where its value ends, and
which references it holds, so an object can be copied as bytes with its references renumbered.

Anything outside that shape raises `UnsupportedError` (cross-reference streams, incremental updates,
encryption, generation numbers, a reference to a missing object), and the caller falls back to
pypdf. Strings and comments are skipped when looking for references, so "(1 0 R)" stays text.

Kept after measuring it against the libraries (issue 19, `bench/bench_libs.py`, the large set
of 210 documents, one run, library and hand-written interleaved; the machine was shared, load
average 18-26 on 2 cores). End to end, with pypdf reading the objects and text and pyHanko
writing the fields, vanban's own CPU per document is 1.9-2.3x (39-41 ms against 17-22 ms);
alone, the read-back facts take 0.59 ms here against 3.59 with pypdf (6.1x) and 6.30 with
pikepdf (10.6x), the bundle merge 0.89 ms against 11.0 with pypdf (12.4x) and 5.26 with pikepdf
(5.9x). Not within 15 %, so the raw reader stays; pypdf remains the path for any other shape.
Figures and reasons: generator/pdf/README.md, "Hand-written parts against the libraries".
"""

from __future__ import annotations

import re
import zlib
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass


class UnsupportedError(Exception):
    """The file uses something this reader leaves to pypdf."""


_WHITESPACE = b" \t\r\n\f\x00"
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_SUBSECTION = re.compile(rb"\s*(\d+)[ \t]+(\d+)[ \t]*(?:\r\n|\r|\n)")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])[ \r\n]{2}")
_HEADER = re.compile(rb"(\d+)[ \t\r\n]+(\d+)[ \t\r\n]+obj")
# A reference: two integers and R, not glued to a longer token on either side.
_REF = re.compile(rb"(?<![\w.+\-#/])(\d+)\s+(\d+)\s+R(?![^\s()<>\[\]{}/%])")
_DELIMITER = re.compile(rb"<<|>>|[\[\]()%<]")
_STRING_DELIMITER = re.compile(rb"[()\\]")
_EOL = re.compile(rb"\r\n|\r|\n")
_TOKEN_END = re.compile(rb"[\s()<>\[\]{}/%]")
_STREAM = re.compile(rb"\s*stream(?:\r\n|\n)")
_ENDOBJ = re.compile(rb"\s*endobj")


@dataclass(frozen=True)
class RawObject:
    """Where one object's parts lie in the file: its value, and a stream's data after it."""

    number: int
    header_end: int  # just after "N G obj"
    value_start: int
    value_end: int
    end: int  # where the next object (or the cross-reference table) starts
    stream: bool


class RawPdf:
    """The objects of a PDF written in one go with a classic cross-reference table."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        found = _STARTXREF.search(data, max(0, len(data) - 64))
        if found is None:
            raise UnsupportedError("no startxref at the end")
        self.xref_at = int(found.group(1))
        if not data.startswith(b"xref", self.xref_at):
            raise UnsupportedError("cross-reference stream")
        self.offsets: dict[int, int] = {}
        position = self._read_table(self.xref_at + 4)
        position = skip_space(data, position)
        if not data.startswith(b"trailer", position):
            raise UnsupportedError("no trailer after the cross-reference table")
        start = skip_space(data, position + 7)
        self.trailer = dict_entries(data, start)
        if any(key in self.trailer for key in (b"/Prev", b"/XRefStm", b"/Encrypt")):
            raise UnsupportedError("incremental update, hybrid or encrypted file")
        starts = sorted(self.offsets.values())
        if starts and starts[-1] >= self.xref_at:
            raise UnsupportedError("an object after the cross-reference table")
        self._starts = [*starts, self.xref_at]
        self._objects: dict[int, RawObject] = {}
        self._pages: list[int] | None = None

    def _read_table(self, position: int) -> int:
        data = self.data
        while True:
            subsection = _SUBSECTION.match(data, position)
            if subsection is None:
                return position
            first, count = int(subsection.group(1)), int(subsection.group(2))
            position = subsection.end()
            for number in range(first, first + count):
                entry = _ENTRY.match(data, position)
                if entry is None:
                    raise UnsupportedError(f"bad cross-reference entry for object {number}")
                position = entry.end()
                if entry.group(3) == b"n":
                    if entry.group(2) != b"00000":
                        raise UnsupportedError(f"object {number} has a generation number")
                    self.offsets[number] = int(entry.group(1))

    def ref(self, value: bytes) -> int:
        """Return the object number of a reference value such as b"12 0 R"."""
        found = _REF.fullmatch(value.strip())
        if found is None or found.group(2) != b"0":
            raise UnsupportedError(f"not a reference: {value[:40]!r}")
        return int(found.group(1))

    def get(self, number: int) -> RawObject:
        """Return the object `number` (parsed once)."""
        cached = self._objects.get(number)
        if cached is not None:
            return cached
        start = self.offsets.get(number)
        if start is None:
            raise UnsupportedError(f"reference to missing object {number}")
        data = self.data
        header = _HEADER.match(data, start)
        if header is None or int(header.group(1)) != number or header.group(2) != b"0":
            raise UnsupportedError(f"object {number} is not where the table says")
        end = self._starts[bisect_right(self._starts, start)]
        value_start = skip_space(data, header.end())
        value_end = value_stop(data, value_start)
        stream = _STREAM.match(data, value_end, end) is not None
        if not stream and _ENDOBJ.match(data, value_end, end) is None:
            raise UnsupportedError(f"object {number} does not end with endobj")
        raw = RawObject(number, header.end(), value_start, value_end, end, stream)
        self._objects[number] = raw
        return raw

    def entries(self, number: int) -> dict[bytes, bytes]:
        """Return the top-level entries of the dictionary object `number` (raw values)."""
        raw = self.get(number)
        return dict_entries(self.data, raw.value_start)

    def references(self, number: int) -> list[int]:
        """Return the objects that object `number` refers to (a stream's dictionary only)."""
        raw = self.get(number)
        return refs_in(self.data, raw.value_start, raw.value_end)

    def copy(self, number: int, new_number: Callable[[int], int], insert: bytes = b"") -> bytes:
        """Return object `number` as bytes under its new number, references renumbered.

        `insert` goes right after the opening "<<" of a dictionary (e.g. b"/Parent 2 0 R").
        """
        raw = self.get(number)
        data = self.data
        value = renumber(data, raw.value_start, raw.value_end, new_number)
        if insert:
            if not value.startswith(b"<<"):
                raise UnsupportedError(f"object {number} is not a dictionary")
            value = b"<<" + insert + b" " + value[2:]
        return b"%d 0 obj\n" % new_number(number) + value + data[raw.value_end : raw.end]

    def pages(self) -> list[int]:
        """Return the object numbers of the pages, in order (read once)."""
        if self._pages is None:
            self._pages = page_objects(self)
        return self._pages

    def inherited(self, page: int, keys: tuple[bytes, ...]) -> dict[bytes, bytes]:
        """Return the page's entries `keys`, looked up through its parents when missing."""
        found: dict[bytes, bytes] = {}
        node: int | None = page
        for _ in range(64):
            if node is None:
                return found
            entries = self.entries(node)
            for key in keys:
                if key not in found and key in entries:
                    found[key] = entries[key]
            parent = entries.get(b"/Parent")
            node = self.ref(parent) if parent is not None else None
        raise UnsupportedError("page tree too deep")

    def stream(self, number: int) -> bytes:
        """Return the decoded data of stream `number` (unfiltered or Flate without parameters)."""
        raw = self.get(number)
        entries = self.entries(number)
        if not raw.stream or b"/DecodeParms" in entries:
            raise UnsupportedError("not a stream this reader decodes")
        length = self.value(entries.get(b"/Length", b""))
        start = _STREAM.match(self.data, raw.value_end)
        if not length.isdigit() or start is None:
            raise UnsupportedError("stream length or keyword")
        data = self.data[start.end() : start.end() + int(length)]
        filters = self.value(entries.get(b"/Filter", b"")).strip(b"[] \n")
        if not filters:
            return data
        if filters != b"/FlateDecode":
            raise UnsupportedError(f"filter {filters[:30]!r}")
        try:
            return zlib.decompress(data)
        except zlib.error as err:
            raise UnsupportedError(f"Flate data ({err})") from None

    def value(self, raw: bytes) -> bytes:
        """Return `raw` itself, or the value of the object it refers to when a reference."""
        if raw.endswith(b"R") and _REF.fullmatch(raw) is not None:
            target = self.get(self.ref(raw))
            return self.data[target.value_start : target.value_end]
        return raw

    def closure(self, starts: Iterable[int], skip: Callable[[int], bool]) -> list[int]:
        """Return `starts` and every object reachable from them, in the order first met.

        Objects for which `skip` is true are not entered (nor returned).
        """
        order: list[int] = []
        seen: set[int] = set()
        pending = deque(number for number in starts if not skip(number))
        while pending:
            number = pending.popleft()
            if number in seen:
                continue
            seen.add(number)
            order.append(number)
            pending.extend(n for n in self.references(number) if n not in seen and not skip(n))
        return order


def skip_space(data: bytes, position: int) -> int:
    """Return the position of the next byte that is neither white space nor in a comment."""
    size = len(data)
    while position < size:
        byte = data[position : position + 1]
        if byte in _WHITESPACE and byte:
            position += 1
        elif byte == b"%":
            position = _line_end(data, position)
        else:
            return position
    return position


def _line_end(data: bytes, position: int) -> int:
    """Return the position after the end of the line (a comment) that `position` is in."""
    eol = _EOL.search(data, position)
    return eol.end() if eol is not None else len(data)


def _hex_end(data: bytes, position: int) -> int:
    """Return the position after the hex string that opens at `position` ("<")."""
    close = data.find(b">", position + 1)
    if close < 0:
        raise UnsupportedError("unterminated hex string")
    return close + 1


def string_end(data: bytes, position: int) -> int:
    """Return the position after the literal string that opens at `position` ("(")."""
    depth = 0
    while True:
        found = _STRING_DELIMITER.search(data, position)
        if found is None:
            raise UnsupportedError("unterminated string")
        byte = found.group()
        if byte == b"\\":
            position = found.end() + 1
            continue
        position = found.end()
        depth += 1 if byte == b"(" else -1
        if depth == 0:
            return position


def value_stop(data: bytes, position: int) -> int:
    """Return the position after the value that starts at `position`."""
    opening = data[position : position + 1]
    if data.startswith(b"<<", position) or opening == b"[":
        return _container_end(data, position)
    if opening == b"(":
        return string_end(data, position)
    if opening == b"<":
        return _hex_end(data, position)
    reference = _REF.match(data, position)
    if reference is not None:
        return reference.end()
    end = _TOKEN_END.search(data, position + 1)
    return end.start() if end is not None else len(data)


def _container_end(data: bytes, position: int) -> int:
    depth = 0
    while True:
        found = _DELIMITER.search(data, position)
        if found is None:
            raise UnsupportedError("unterminated dictionary or array")
        token = found.group()
        if token in (b"<<", b"["):
            depth += 1
            position = found.end()
        elif token in (b">>", b"]"):
            depth -= 1
            position = found.end()
            if depth == 0:
                return position
        elif token == b"(":
            position = string_end(data, found.start())
        elif token == b"%":
            position = _line_end(data, found.end())
        else:  # a hex string
            position = _hex_end(data, found.start())


def dict_entries(data: bytes, position: int) -> dict[bytes, bytes]:
    """Return the top-level entries of the dictionary at `position`, raw values by key."""
    if not data.startswith(b"<<", position):
        raise UnsupportedError("not a dictionary")
    end = _container_end(data, position)
    position += 2
    entries: dict[bytes, bytes] = {}
    while True:
        position = skip_space(data, position)
        if position >= end - 2:
            return entries
        if data[position : position + 1] != b"/":
            raise UnsupportedError("dictionary key is not a name")
        key_end = _TOKEN_END.search(data, position + 1)
        if key_end is None:
            raise UnsupportedError("unterminated dictionary")
        key = data[position : key_end.start()]
        value_start = skip_space(data, key_end.start())
        position = value_stop(data, value_start)
        entries[key] = data[value_start:position]


def _code_spans(data: bytes, start: int, end: int) -> list[tuple[int, int]]:
    """Return the spans of data[start:end] outside strings and comments."""
    if data.find(b"(", start, end) < 0 and data.find(b"%", start, end) < 0:
        return [(start, end)]
    spans: list[tuple[int, int]] = []
    position = start
    while position < end:
        found = _DELIMITER.search(data, position, end)
        if found is None:
            break
        token = found.group()
        if token == b"(":
            spans.append((start, found.start()))
            position = start = string_end(data, found.start())
        elif token == b"%":
            spans.append((start, found.start()))
            position = start = min(_line_end(data, found.end()), end)
        elif token == b"<":
            position = min(_hex_end(data, found.start()), end)
        else:
            position = found.end()
    spans.append((start, end))
    return spans


def refs_in(data: bytes, start: int, end: int) -> list[int]:
    """Return the object numbers referred to in data[start:end] (strings skipped)."""
    numbers: list[int] = []
    for span_start, span_end in _code_spans(data, start, end):
        for found in _REF.finditer(data, span_start, span_end):
            if found.group(2) != b"0":
                raise UnsupportedError("reference with a generation number")
            numbers.append(int(found.group(1)))
    return numbers


def renumber(data: bytes, start: int, end: int, new_number: Callable[[int], int]) -> bytes:
    """Return data[start:end] with every reference renumbered (strings left as they are)."""

    def replace(found: re.Match[bytes]) -> bytes:
        return b"%d 0 R" % new_number(int(found.group(1)))

    pieces: list[bytes] = []
    position = start
    for span_start, span_end in _code_spans(data, start, end):
        pieces.append(data[position:span_start])
        pieces.append(_REF.sub(replace, data[span_start:span_end]))
        position = span_end
    pieces.append(data[position:end])
    return b"".join(pieces)


def text_string(text: str) -> bytes:
    """Return `text` as a PDF text string: UTF-16BE with its byte order mark, in hex."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def page_objects(pdf: RawPdf) -> list[int]:
    """Return the object numbers of the pages, in order (the page tree walked depth first)."""
    catalog = pdf.entries(pdf.ref(pdf.trailer[b"/Root"]))
    pages: list[int] = []
    pending = [pdf.ref(catalog[b"/Pages"])]
    seen: set[int] = set()
    while pending:
        node = pending.pop()
        if node in seen:
            raise UnsupportedError("a loop in the page tree")
        seen.add(node)
        entries = pdf.entries(node)
        if entries.get(b"/Type") == b"/Pages":
            kids = pdf.value(entries.get(b"/Kids", b"[]"))
            pending.extend(reversed(refs_in(kids, 0, len(kids))))
        else:
            pages.append(node)
    return pages


def integer(raw: bytes) -> int:
    """Return the integer a raw value holds (UnsupportedError when it holds none)."""
    try:
        return int(raw)
    except ValueError:
        raise UnsupportedError(f"not an integer: {raw[:20]!r}") from None


def plain_stream(pdf: RawPdf, number: int) -> bytes:
    """Return the data of an unfiltered stream with a direct /Length (e.g. the XMP packet)."""
    raw = pdf.get(number)
    entries = pdf.entries(number)
    if not raw.stream or b"/Filter" in entries:
        raise UnsupportedError("not a plain stream")
    length = entries.get(b"/Length", b"")
    if not length.isdigit():
        raise UnsupportedError("stream length is not direct")
    start = _STREAM.match(pdf.data, raw.value_end)
    if start is None:
        raise UnsupportedError("no stream keyword")
    return pdf.data[start.end() : start.end() + int(length)]


def name_text(raw: bytes) -> str:
    """Return a name without its slash, #xx escapes decoded: b"/Times#20New" → "Times New"."""
    decoded = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw[1:])
    return decoded.decode("utf-8", errors="replace")
