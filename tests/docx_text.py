"""Reduce a .docx to normalised text lines for golden files: paragraphs and table rows in order.

Each body paragraph is one line; each table row is one line "cell | cell" (a cell's paragraphs
joined by " / "), tables nested in nothing. Text is NFC, tabs become spaces, ends are stripped
and empty paragraphs are dropped; runs of spaces inside a line are kept, so the blanks of a
draft ("Số:      /KH-UBND") stay visible. With `headers=True` the page headers of each section
come first as "[đầu trang] …" lines.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import qn

W_P, W_TBL, W_T, W_TAB, W_BR = qn("w:p"), qn("w:tbl"), qn("w:t"), qn("w:tab"), qn("w:br")


def _para_text(p: Any) -> str:
    parts: list[str] = []
    for node in p.iter(W_T, W_TAB, W_BR, qn("w:instrText")):
        if node.tag == W_T:
            parts.append(node.text or "")
        elif node.tag in (W_TAB, W_BR):
            parts.append(" ")
    return unicodedata.normalize("NFC", "".join(parts)).strip()


def _cell_text(tc: Any) -> str:
    return " / ".join(t for p in tc.iter(W_P) if (t := _para_text(p)))


def element_lines(container: Any) -> list[str]:
    """Return the lines of a body-like XML element (body, header, table cell)."""
    lines: list[str] = []
    for child in container:
        if child.tag == W_P:
            text = _para_text(child)
            if text:
                lines.append(text)
        elif child.tag == W_TBL:
            for tr in child.iter(qn("w:tr")):
                cells = [_cell_text(tc) for tc in tr.iter(qn("w:tc"))]
                if any(cells):
                    lines.append(" | ".join(cells))
    return lines


def docx_lines(path: Path, *, headers: bool = False) -> list[str]:
    """Return the normalised text lines of the document at `path`."""
    doc = Document(str(path))
    lines: list[str] = []
    if headers:
        for i, section in enumerate(doc.sections, start=1):
            for label, part in (
                ("đầu trang 1", section.first_page_header),
                ("đầu trang", section.header),
            ):
                if part.is_linked_to_previous:
                    continue
                text = " ".join(element_lines(part._element))
                lines.append(f"[{label}, phần {i}] {text}".rstrip())
    return lines + element_lines(doc.element.body)


def docx_text(path: Path, *, headers: bool = False) -> str:
    """Return the lines joined by newlines, with a final newline (the golden-file form)."""
    return "\n".join(docx_lines(path, headers=headers)) + "\n"
