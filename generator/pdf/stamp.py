"""The visible signature stamp: its lines, laid out to stay readable, in Vietnam time.

The stamp is drawn inside the empty field at ô 7c, whose width is the signer block's (often
only "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" wide). pyHanko shrinks a text box that does not fit its
field, so a one-line "Thời gian: … +0000" came out near 6 pt. Here the lines are chosen to fit at
`FONT_SIZE` from the font's own advance widths: the name and the time go on lines of their own
when the field is narrow. The time is always Vietnam time (UTC+07:00, no daylight saving),
whatever the machine's zone.

Also here: who the certificate belongs to, and whether that is the person printed under the
field (`printed_signer`), so signing with someone else's certificate is noticed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

VIETNAM = timezone(timedelta(hours=7), "+07:00")
FONT_SIZE = 10
LEADING = 12
MARGIN = 2  # inside the text box, each side


@dataclass(frozen=True)
class StampText:
    """The stamp's lines (joined by newlines) and the size they fit at."""

    text: str
    lines: tuple[str, ...]


def vietnam_time(moment: datetime | None = None) -> datetime:
    """Return `moment` (default now) in Vietnam time, +07:00."""
    return (moment or datetime.now(UTC)).astimezone(VIETNAM)


@lru_cache(maxsize=4)
def _advances(font: Path) -> tuple[dict[int, str], dict[str, int], int]:
    from fontTools.ttLib import TTFont

    tt = TTFont(str(font), lazy=True)
    cmap = tt.getBestCmap()
    widths = {name: advance for name, (advance, _) in tt["hmtx"].metrics.items()}
    return cmap, widths, int(tt["head"].unitsPerEm)


def text_width(text: str, font: Path, size: float = FONT_SIZE) -> float:
    """Return the width of `text` in points at `size`, from the font's advance widths."""
    cmap, widths, upem = _advances(font)
    total = 0
    for char in unicodedata.normalize("NFC", text):
        glyph = cmap.get(ord(char))
        total += widths.get(glyph, upem // 2) if glyph else upem // 2
    return total * size / upem


def stamp_lines(holder: str, moment: datetime, box: tuple[float, float], font: Path) -> StampText:
    """Return the stamp lines for a field of `box` (width, height) points.

    The first layout whose every line fits at FONT_SIZE wins; the last one (four short lines)
    is used otherwise, and pyHanko shrinks it only as much as the field forces.
    """
    when = vietnam_time(moment)
    day, clock = when.strftime("%d/%m/%Y"), when.strftime("%H:%M:%S +07:00")
    layouts: list[tuple[str, ...]] = [
        (f"Ký bởi: {holder}", f"Thời gian: {day} {clock}"),
        (f"Ký bởi: {holder}", f"Ngày ký: {day}", f"Lúc: {clock}"),
        ("Ký bởi:", holder, f"Ngày ký: {day}", f"Lúc: {clock}"),
    ]
    width, height = box
    room_w, room_h = width - 2 * MARGIN, height - 2 * MARGIN
    chosen = layouts[-1]
    for lines in layouts:
        fits_w = all(text_width(line, font) <= room_w for line in lines)
        if fits_w and len(lines) * LEADING <= room_h:
            chosen = lines
            break
    # pyHanko reads "%" as the start of a parameter: the texts are final, so escape it.
    return StampText("\n".join(line.replace("%", "%%") for line in chosen), chosen)


def holder_name(signing_cert: Any) -> str:
    """Return the certificate holder's name (subject common name), "" when it has none."""
    try:
        name = signing_cert.subject.native.get("common_name", "")
    except (AttributeError, ValueError):
        return ""
    if isinstance(name, list):
        name = name[0] if name else ""
    return str(name).strip()


def _fold(text: str) -> str:
    """Return `text` without diacritics, case or extra spaces ("Đ" becomes "d")."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(bare.casefold().split())


def same_person(holder: str, printed: str) -> bool:
    """Return whether the certificate holder is the printed signer.

    Certificates often spell the name in capitals without diacritics ("NGUYEN VAN AN") or add
    the office after it: the printed name must appear as whole words in the holder's name.
    """
    wanted, found = _fold(printed), _fold(holder)
    return bool(wanted) and f" {wanted} " in f" {found} "


def printed_signer(pdf: Path, field: str) -> str | None:
    """Return the line printed right under the field `field` (the signer's name), or None."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    from generator.pdf.locate import group_lines, read_pages

    try:
        reader = PdfReader(pdf)
        for number, page in enumerate(reader.pages):
            for ref in page.get("/Annots") or []:
                annot = ref.get_object()
                name = annot.get("/T") or annot.get("/Parent", {}).get("/T")
                if str(name) != field:
                    continue
                x0, y0, x1, _ = (float(v) for v in annot["/Rect"])
                found = read_pages(pdf, number + 1)
                if not found:
                    return None
                top = found[0].height - min(y0, float(annot["/Rect"][3]))
                below = [
                    line
                    for line in group_lines(found[0].words)
                    if line.y0 >= top - 1 and line.x0 < max(x0, x1) and min(x0, x1) < line.x1
                ]
                return min(below, key=lambda line: line.y0).text if below else None
    except (OSError, PdfReadError, ValueError, KeyError, TypeError):
        return None
    return None
