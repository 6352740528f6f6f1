"""Find where the signature goes, from the PDF's own text positions.

Never hard-coded coordinates: a longer Nơi nhận list or a page break moves the signer block, and
the boxes move with it. Coordinates are PDF points with the origin at the bottom left.

The words of a LibreOffice page come from `textpos` (the content stream read directly, with the
font's own widths and every kern: about 3 ms a page, within 0.5 pt of poppler); any other page
from pypdf's text visitor with the Times metrics of generator.nd30.metrics (about 30 ms a page,
and it drifts on justified lines). Poppler's `pdftotext -bbox` (about 0.1 s a page) stays as
`read_pages`, for checks and tests.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from generator.errors import SigningError
from generator.pdf.inspect import open_reader
from generator.pdf.rawpdf import RawPdf, UnsupportedError
from generator.pdf.textpos import (
    Matrix,
    TextWord,
    add_text,
    multiply,
    page_text_runs,
    raw_page_text_runs,
)
from generator.pdf.tools import find_poppler

Box = tuple[float, float, float, float]
PAD = 2.0
MIN_HEIGHT = 20.0
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


@dataclass(frozen=True)
class Word:
    """A word as pdftotext sees it: top-down coordinates (y grows downwards)."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass(frozen=True)
class Line:
    """Words on one baseline that sit close together (so two table columns stay apart)."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        """Return the line's text, NFC, single-spaced."""
        return normalise(" ".join(word.text for word in self.words))

    @property
    def x0(self) -> float:
        """Return the left edge."""
        return min(word.x0 for word in self.words)

    @property
    def x1(self) -> float:
        """Return the right edge."""
        return max(word.x1 for word in self.words)

    @property
    def y0(self) -> float:
        """Return the top edge (top-down)."""
        return min(word.y0 for word in self.words)

    @property
    def y1(self) -> float:
        """Return the bottom edge (top-down)."""
        return max(word.y1 for word in self.words)


@dataclass(frozen=True)
class Page:
    """One page's size and words."""

    width: float
    height: float
    words: tuple[Word, ...]


@dataclass(frozen=True)
class SignaturePlaces:
    """Where the fields go: 0-based page, ô 7c (signer) and ô 8 (agency seal), PDF points."""

    page: int
    signer: Box
    seal: Box


def normalise(text: str) -> str:
    """Return `text` in NFC with runs of whitespace collapsed, for comparisons."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def read_pages(pdf: Path, first: int | None = None, last: int | None = None) -> list[Page]:
    """Return the words with their boxes of pages `first`..`last` (1-based, default all)."""
    command = [find_poppler("pdftotext"), "-bbox", "-enc", "UTF-8"]
    if first is not None:
        command += ["-f", str(first), "-l", str(last if last is not None else first)]
    command += [str(pdf), "-"]
    done = subprocess.run(command, capture_output=True, check=False, timeout=120)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise SigningError(f"{pdf}: không đọc được vị trí chữ trong PDF ({message}).")
    pages = []
    for width, height, body in _PAGE.findall(done.stdout.decode("utf-8")):
        words = tuple(
            Word(float(a), float(b), float(c), float(d), unescape(text))
            for a, b, c, d, text in _WORD.findall(body)
        )
        pages.append(Page(float(width), float(height), words))
    return pages


def page_words(reader: PdfReader, number: int, fonts_read: dict[int, Any] | None = None) -> Page:
    """Return the words of page `number` (0-based) with boxes, top-down like pdftotext's.

    LibreOffice's pages are read straight from the content stream (`textpos`); anything that
    reader does not handle goes through pypdf's text visitor, with the same word building.
    """
    fast = page_text_runs(reader, number, fonts_read)
    if fast is not None:
        width, height, found = fast
        return Page(width, height, tuple(Word(*word) for word in found))
    page = reader.pages[number]
    box = page.mediabox
    width, height = float(box.width), float(box.height)
    words: list[TextWord] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        name = str(font.get("/BaseFont", "")) if font else ""
        add_text(
            words,
            text,
            multiply(_matrix(tm), _matrix(cm)),
            size=size,
            font_name=name,
            height=height,
        )

    try:
        page.extract_text(visitor_text=visit)
    except (PdfReadError, ValueError, KeyError) as err:
        raise SigningError(f"không đọc được chữ trên trang {number + 1} ({err}).") from err
    return Page(width, height, tuple(Word(*word) for word in words))


def _matrix(values: list[float]) -> Matrix:
    a, b, c, d, e, f = (float(v) for v in values)
    return (a, b, c, d, e, f)


def group_lines(words: tuple[Word, ...]) -> list[Line]:
    """Return the words grouped into lines, top to bottom, left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (round(w.y1), w.x0)):
        last = lines[-1][-1] if lines else None
        height = word.y1 - word.y0
        if last and abs(last.y1 - word.y1) < 2 and 0 <= word.x0 - last.x1 < height:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [Line(tuple(words_)) for words_ in lines]


def _overlaps(a: Line, b: Line) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1


def _block(lines: list[Line], signer_lines: list[str], name: str) -> tuple[list[Line], Line] | None:
    """Return (authority lines, name line) of the signer block on this page, if any."""
    wanted = [normalise(text).casefold() for text in signer_lines]
    best: tuple[list[Line], Line] | None = None
    for candidate in lines:
        if candidate.text.casefold() != normalise(name).casefold():
            continue
        above = [line for line in lines if line.y1 <= candidate.y0 and _overlaps(line, candidate)]
        above.sort(key=lambda line: line.y1)
        matched: list[Line] = []
        remaining = list(wanted)
        for line in reversed(above):
            if not remaining:
                break
            if line.text.casefold() == remaining[-1]:
                matched.insert(0, line)
                remaining.pop()
            elif matched or line.text:
                break
        if matched and not remaining:
            best = (matched, candidate)
    return best


def locate(
    pdf: Path,
    signer_lines: list[str],
    signer_name: str,
    reader: PdfReader | RawPdf | None = None,
    *,
    from_end: int | None = None,
) -> SignaturePlaces:
    """Return the signature places of the signer block whose lines and name are given.

    `reader` is `pdf` already opened (e.g. from bytes kept in memory); `pdf` then only names
    the file in messages. A `RawPdf` (LibreOffice's shape) is read without pypdf; a page it
    cannot read opens a pypdf reader over the same bytes. `from_end` is a guess (where an
    earlier document of the same kind had its block, counted from the last page): that page is
    read first, then the others.
    """
    found: tuple[int, Page, list[Line], Line] | None = None
    raw = reader if isinstance(reader, RawPdf) else None
    try:
        if raw is not None:
            try:
                count = len(raw.pages())
            except UnsupportedError:  # a page tree the raw reader declines: pypdf reads it
                reader, raw = open_reader(raw.data), None
        if raw is None:
            reader = reader if isinstance(reader, PdfReader) else PdfReader(pdf)
            count = len(reader.pages)
    except (OSError, PdfReadError, ValueError, KeyError) as err:
        raise SigningError(f"{pdf}: không đọc được PDF ({err}).") from err
    opened: list[PdfReader] = [reader] if isinstance(reader, PdfReader) else []

    def words(number: int, fonts_read: dict[int, Any]) -> Page:
        if raw is not None:
            fast = raw_page_text_runs(raw, number, fonts_read)
            if fast is not None:
                width, height, runs = fast
                return Page(width, height, tuple(Word(*word) for word in runs))
            if not opened:
                try:
                    opened.append(open_reader(raw.data))
                except (PdfReadError, ValueError, KeyError) as err:
                    raise SigningError(f"không đọc được PDF ({err}).") from err
                fonts_read.clear()  # pypdf's fonts from here on
        return page_words(opened[0], number, fonts_read)

    # The block is near the end (before any phụ lục): read backwards, one page at a time.
    fonts_read: dict[int, Any] = {}
    order = list(reversed(range(count)))
    if from_end is not None and 0 <= from_end < count:
        order.insert(0, order.pop(from_end))
    for number in order:
        try:
            page = words(number, fonts_read)
        except SigningError as err:
            raise SigningError(f"{pdf}: {err}") from err
        block = _block(group_lines(page.words), signer_lines, signer_name)
        if block is not None:
            found = (number, page, *block)
            break
    if found is None:
        shown = " / ".join([*signer_lines, signer_name])
        raise SigningError(
            f"{pdf}: không tìm thấy khối chữ ký ({shown}) trên cùng một trang; kiểm tra chức vụ, "
            "họ tên người ký và để khối chữ ký không bị tách sang trang sau."
        )
    number, page, authority, name = found
    top, bottom = authority[-1].y1 + PAD, name.y0 - PAD
    if bottom - top < MIN_HEIGHT:
        raise SigningError(
            f"{pdf}: không đủ chỗ ký giữa chức vụ và họ tên người ký (trang {number + 1}); "
            "cần vài dòng trống ở giữa."
        )
    left = min(line.x0 for line in [*authority, name])
    right = max(line.x1 for line in [*authority, name])
    for word in page.words:
        if word.x0 < right and left < word.x1 and word.y0 < bottom and top < word.y1:
            raise SigningError(
                f"{pdf}: chỗ ký trên trang {number + 1} có chữ '{word.text}' chen vào; "
                "chỉ để dòng trống giữa chức vụ và họ tên người ký."
            )
    signer = (left, page.height - bottom, right, page.height - top)
    side = bottom - top
    seal_right = left + (right - left) / 3
    seal = (seal_right - side, page.height - bottom, seal_right, page.height - top)
    return SignaturePlaces(number, signer, seal)
