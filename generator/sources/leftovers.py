"""Warnings for data that still carries the sample commune after the clerk renamed theirs.

`vanban init` starts every commune from xã Bình Lư; a clerk who renames the organisation but
forgets a cell signs documents naming another commune. This is a warning, not an error: the
name may be right in a cell (a unit that really is called so).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from generator.errors import Problem
from generator.model import DuLieu
from generator.sources.common import KeyPath, Provenance

# The sample commune's own name, as `vanban init` writes it (data/binh-lu).
SAMPLE_NAME = "Bình Lư"
# How many places a warning lists before "…".
LISTED = 5


def sample_leftovers(data: DuLieu, raw: Any, prov: Provenance) -> list[str]:
    """Return warning lines when the organisation was renamed but cells still name the sample.

    Empty when the organisation still is the sample (its name holds SAMPLE_NAME) or when no
    other cell names it; otherwise a first line with the count, then the first LISTED places.
    """
    wanted = _fold(SAMPLE_NAME)
    if wanted in _fold(data.to_chuc.ten_day_du):
        return []
    found = [
        Problem(prov.locate(path), _excerpt(text, wanted))
        for path, text in _texts(raw, ())
        if wanted in _fold(text)
    ]
    if not found:
        return []
    lines = [
        f"Cảnh báo: tổ chức đã đổi tên thành {data.to_chuc.ten_day_du}, nhưng {len(found)} ô "
        f"(trường) vẫn ghi tên xã mẫu '{SAMPLE_NAME}'; kiểm tra lại:"
    ]
    lines += [f"- {p}" for p in found[:LISTED]]
    if len(found) > LISTED:
        lines.append(f"- … và {len(found) - LISTED} chỗ khác")
    return lines


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def _texts(value: Any, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    """Yield (key path, text) of every string in the raw data, in file order."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, (*path, i))


def _excerpt(text: str, wanted: str) -> str:
    """Return the words around the sample name: "… Trạm Y tế xã Bình Lư …"."""
    at = _fold(text).find(wanted)
    start, end = max(0, at - 25), min(len(text), at + len(wanted) + 25)
    cut = text[start:end].replace("\n", " ")
    return f"'{'…' if start else ''}{cut}{'…' if end < len(text) else ''}'"
