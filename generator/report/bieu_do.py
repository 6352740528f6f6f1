"""A black-and-white bar chart of the report's rates against their plan targets (PNG).

Only rows measured in percent that have both a value and a numeric target are drawn, so the
bars share one 0–100 scale. Bars are told apart by fill and hatching, not colour, so the chart
stays legible on a black-and-white printer; each bar carries its value as printed in the table.
"""

from __future__ import annotations

import functools
import io
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator.atomic import write_atomic
from generator.errors import RenderError
from generator.report.bang import DongChiSo
from generator.vi import format_percent

WIDTH_IN, HEIGHT_IN, DPI = 9.0, 4.2, 200


def chart_rows(rows: Sequence[DongChiSo]) -> list[DongChiSo]:
    """Return the rows the chart can draw: rates with a value and a numeric target."""
    return [
        r
        for r in rows
        if not r.nhom and r.la_ty_le and r.ky_nay_so is not None and r.ke_hoach_so is not None
    ]


def render_chart(rows: Sequence[DongChiSo], ky_label: str) -> bytes | None:
    """Return the chart of `rows` as PNG bytes (drawn in memory), None when nothing to draw.

    The same rows give the same bytes, drawn once: a report's context is built up to three
    times in a batch (numbering, the skip-if-unchanged hash, the build), and drawing is most of
    a report's own CPU.
    """
    drawn = chart_rows(rows)
    if not drawn:
        return None
    return _drawn(tuple(drawn), ky_label)


@functools.lru_cache(maxsize=8)
def _drawn(drawn: tuple[DongChiSo, ...], ky_label: str) -> bytes:
    """Return the PNG of the chart of `drawn` (rows that can be drawn)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    plt.rcParams.update(
        {"font.family": "serif", "font.serif": ["Liberation Serif", "DejaVu Serif"], "font.size": 9}
    )
    fig, ax = plt.subplots(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    try:
        xs = range(len(drawn))
        width = 0.38
        values = [float(r.ky_nay_so or 0) for r in drawn]
        targets = [float(r.ke_hoach_so or 0) for r in drawn]
        bars_now = ax.bar(
            [x - width / 2 for x in xs],
            values,
            width,
            label=f"Kết quả {ky_label}",
            color="0.25",
            edgecolor="black",
        )
        bars_target = ax.bar(
            [x + width / 2 for x in xs],
            targets,
            width,
            label="Chỉ tiêu Kế hoạch",
            color="white",
            edgecolor="black",
            hatch="///",
        )
        for bars, numbers in ((bars_now, values), (bars_target, targets)):
            for bar, number in zip(bars, numbers, strict=True):
                ax.annotate(
                    format_percent(number, 1),
                    (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    ha="center",
                    va="bottom",
                    fontsize=8,
                    xytext=(0, 2),
                    textcoords="offset points",
                )
        ax.set_xticks(list(xs))
        ax.set_xticklabels(
            # Long chỉ tiêu wording is shortened; the full text is in the table above the chart.
            [
                textwrap.fill(textwrap.shorten(f"{r.ma}. {r.ten}", 84, placeholder=" …"), 28)
                for r in drawn
            ],
            fontsize=8,
            linespacing=1.0,
        )
        ax.set_ylim(0, 115)
        ax.set_ylabel("%")
        ax.yaxis.grid(True, color="0.8", linewidth=0.5)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=2, frameon=False)
        fig.tight_layout()
        return _grey_png(fig)
    finally:
        plt.close(fig)


def _grey_png(fig: Any) -> bytes:
    """Return the drawn figure as an 8-bit greyscale PNG.

    The chart is black and white by design, so one grey channel loses nothing, and encoding a
    quarter of the data is what makes the PNG cheap: matplotlib's own RGBA PNG spent 92 of its
    330 ms in the encoder. No text chunks, so the bytes are the same from run to run.
    """
    from PIL import Image

    fig.canvas.draw()
    image = Image.frombuffer(
        "RGBA", fig.canvas.get_width_height(), fig.canvas.buffer_rgba(), "raw", "RGBA", 0, 1
    )
    buffer = io.BytesIO()
    image.convert("L").save(buffer, format="png", dpi=(DPI, DPI))
    return buffer.getvalue()


def write_chart(path: Path, rows: Sequence[DongChiSo], ky_label: str) -> Path | None:
    """Write the chart of `rows` to `path` (PNG) atomically; None when nothing can be drawn."""
    png = render_chart(rows, ky_label)
    if png is None:
        return None
    try:
        write_atomic(path, png)
    except OSError as err:
        raise RenderError(f"{path}: không ghi được biểu đồ ({err.strerror})") from None
    return path
