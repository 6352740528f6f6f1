"""Text widths in points, measured with Liberation Serif (metric twin of Times New Roman).

The lines under Tiêu ngữ, the agency name and the trích yếu are specified relative to the width of
the text line above them; a .docx does not store that width, so it is measured here.
"""

from __future__ import annotations

import functools
import subprocess
from pathlib import Path

_STYLES = {
    (False, False): "Regular",
    (True, False): "Bold",
    (False, True): "Italic",
    (True, True): "BoldItalic",
}
_FALLBACK_DIRS = (
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/truetype/liberation",
)
# Average advance of a Times glyph, used only when no font file can be found.
_FALLBACK_EM = 0.5


@functools.cache
def _font_file(bold: bool, italic: bool) -> Path | None:
    """Return the Liberation Serif file for this style, or None when it is not installed."""
    style = _STYLES[(bold, italic)]
    name = f"LiberationSerif-{style}.ttf"
    for folder in _FALLBACK_DIRS:
        candidate = Path(folder) / name
        if candidate.is_file():
            return candidate
    try:
        pattern = "Liberation Serif:" + style.lower().replace("bolditalic", "bold:italic")
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", pattern],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    path = Path(found)
    return path if found and path.is_file() and "LiberationSerif" in path.name else None


@functools.cache
def _advances(bold: bool, italic: bool) -> tuple[dict[int, int], int] | None:
    """Return (codepoint -> advance in font units, units per em), or None without a font."""
    path = _font_file(bold, italic)
    if path is None:
        return None
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True)
    cmap = font.getBestCmap() or {}
    metrics = font["hmtx"].metrics
    advances = {code: metrics[glyph][0] for code, glyph in cmap.items() if glyph in metrics}
    return advances, int(font["head"].unitsPerEm)


def text_width_pt(text: str, size_pt: float, bold: bool = False, italic: bool = False) -> float:
    """Return the width of `text` set in Times New Roman at `size_pt`, in points."""
    table = _advances(bold, italic)
    if table is None:
        return len(text) * size_pt * _FALLBACK_EM
    advances, upem = table
    default = advances.get(ord("n"), upem // 2)
    units = sum(advances.get(ord(char), default) for char in text)
    return units * size_pt / upem
