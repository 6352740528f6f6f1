"""Build sets with numbers from the register: the use case behind `build --issue` and the web."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.build import BuildResult, Stage, Templates
    from generator.model import DuLieu


def issue_sets(
    dataset: DuLieu,
    set_name: str,
    data: Path,
    out: Path,
    *,
    today: date,
    period: str | None,
    register_path: Path | None,
    issue_date: date | None,
    progress: Callable[[str], None],
    stages: Sequence[Stage] = (),
    templates: Templates | None = None,
    only: Sequence[str] = (),
    rebuild_finalised: bool = False,
) -> list[BuildResult]:
    """Return the results of building `set_name` ('all' = every set) with register numbers.

    `only` names the documents of the set to issue now ("KH", "QĐ", "TB:<mã đơn vị>"); the
    others keep the numbers they already have or stay drafts. Empty: the whole set. Dates that
    break the chain's order (a TB before its inspection) are refused (DateOrderError).
    `rebuild_finalised`: as in `generator.build.build_set`.
    """
    from generator.errors import UsageError
    from generator.register import Register, default_path
    from generator.register.issue import build_issued
    from generator.sets import SETS

    if only and set_name == "all":
        raise UsageError("--chi chỉ dùng khi lập một bộ văn bản (inspection, report hoặc plan)")
    names = [set_name] if set_name != "all" else [n for n, s in SETS.items() if s.supports(dataset)]
    pairs = [
        (name, each)
        for name in names
        for each in (SETS[name].periods(dataset, period) if set_name == "all" else [period])
    ]
    results: list[BuildResult] = []
    from generator.register.names import remember

    with Register(register_path or default_path(data)) as reg:
        remember(reg.path)
        for name, each in pairs:
            result = build_issued(
                reg,
                dataset.model_copy(deep=True),
                name,
                out,
                today=today,
                issue_date=issue_date or today,
                period=each,
                progress=progress,
                stages=stages,
                templates=templates,
                only=only,
                rebuild_finalised=rebuild_finalised,
            )
            numbered = [d.so_ky_hieu or "" for d in result.documents if _numbered(d.so_ky_hieu)]
            drafts = len(result.documents) - len(numbered)
            tail = f"; còn {drafts} văn bản dự thảo chưa cấp số" if drafts else ""
            progress(f"Đã cấp số ({reg.path}): {', '.join(numbered) or 'không có'}{tail}")
            results.append(result)
    return results


def _numbered(so_ky_hieu: str | None) -> bool:
    """Return whether a printed số/ký hiệu carries a number ("05/QĐ-UBND", not "   /QĐ-UBND")."""
    return bool(so_ky_hieu) and (so_ky_hieu or "").strip()[:1].isdigit()
