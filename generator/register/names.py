"""What a clerk reads about registers: set names in Vietnamese, and the register last used.

The register records a set as its folder below the organisation ("2026/report-2026-h1"); the
list shows it as "Báo cáo 6 tháng đầu năm 2026". `vanban build --issue` remembers which register
it wrote (a one-line file in the user's cache folder), so `vanban register list` without
--so-dang-ky opens that one rather than guessing from the current folder.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

_SET = re.compile(r"^(?P<year>\d{4})/(?P<name>[a-z]+)(?:-(?P<period>.+))?$")
_TITLES = {"inspection": "Kiểm tra CCHC năm {year}", "plan": "Kế hoạch CCHC"}


def set_label(set_name: str) -> str:
    """Return a register set name in Vietnamese: "2026/inspection" → "Kiểm tra CCHC năm 2026"."""
    from generator.vi import parse_ky

    match = _SET.match(set_name)
    if match is None:
        return set_name
    name, year, period = match["name"], match["year"], match["period"]
    if name == "report" and period:
        try:
            return f"Báo cáo {parse_ky(period.upper()).label}"
        except ValueError:
            return f"Báo cáo {period}"
    title = _TITLES.get(name)
    return title.format(year=year) if title else set_name


def _pointer() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "vanban" / "so-dang-ky-gan-nhat.txt"


def remember(register: Path) -> None:
    """Record `register` as the last one a build used; a failure to write is not an error."""
    pointer = _pointer()
    try:
        pointer.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", dir=pointer.parent, delete=False, encoding="utf-8", suffix=".tmp"
        ) as handle:
            handle.write(str(register.resolve()))
        os.replace(handle.name, pointer)
    except OSError:
        return


def last_used() -> Path | None:
    """Return the register the last `build --issue` used, if it still exists."""
    try:
        found = Path(_pointer().read_text(encoding="utf-8").strip())
    except OSError:
        return None
    return found if found.is_file() else None
