"""Messages for a code that names nothing: the closest known code, and the codes there are.

The message speaks of the thing ("người ký", "đơn vị"), never of where the list lives in YAML
(`to_chuc.nguoi_ky`), so it reads the same to a clerk editing Excel and one editing YAML.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from generator.limits import shown
from generator.vi.text import strip_diacritics

# How many known codes a message lists before "…".
LISTED = 8


def closest(value: str, known: Sequence[str]) -> str | None:
    """Return the known code most like `value` ("tm-kt-pct-thang" for "kt-pct-thang"), or None."""
    if not known:
        return None
    lowered = {_plain(k): k for k in known}
    if _plain(value) in lowered:
        return lowered[_plain(value)]
    found = difflib.get_close_matches(_plain(value), list(lowered), n=1, cutoff=0.6)
    if found:
        return lowered[found[0]]
    # A code typed without its prefix or suffix ("kt-pct" for "tm-kt-pct-thang").
    containing = [k for k in known if value and value.casefold() in k.casefold()]
    return containing[0] if len(containing) == 1 else None


def _plain(text: str) -> str:
    """Return text as compared for likeness: no diacritics, no case, single spaces."""
    return " ".join(strip_diacritics(text).casefold().split())


def unknown(what: str, value: str, known: Sequence[str]) -> str:
    """Return "không có {what} nào mang mã 'x'; có phải 'y'? (các mã {what}: …)"."""
    known = list(dict.fromkeys(known))
    guess = closest(value, known)
    hint = f"; có phải '{guess}'?" if guess and guess != value else ""
    listed = ", ".join(known[:LISTED]) + (", …" if len(known) > LISTED else "")
    codes = f" (các mã {what}: {listed})" if known else f" (chưa có {what} nào)"
    return f"không có {what} nào mang mã {shown(value)}{hint}{codes}"
