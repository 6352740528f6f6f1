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
) -> list[BuildResult]:
    """Return the results of building `set_name` ('all' = every set) with register numbers."""
    from generator.register import Register, default_path
    from generator.register.issue import build_issued
    from generator.sets import SETS

    names = [set_name] if set_name != "all" else [n for n, s in SETS.items() if s.supports(dataset)]
    results: list[BuildResult] = []
    with Register(register_path or default_path(data)) as reg:
        for name in names:
            for each in SETS[name].periods(dataset, period) if set_name == "all" else [period]:
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
                )
                numbers = ", ".join(d.so_ky_hieu or "" for d in result.documents)
                progress(f"Đã cấp số ({reg.path}): {numbers}")
                results.append(result)
    return results
