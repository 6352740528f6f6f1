"""Shared data of the report tests: the sample commune and the case with the later periods."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from generator.model import DuLieu
from generator.sources import load_dataset

ROOT = Path(__file__).resolve().parents[2]
BINH_LU = ROOT / "data" / "binh-lu"
CASES = ROOT / "tests" / "cases" / "report"
TODAY = date(2026, 12, 10)


def case_folder(case: str, tmp: Path) -> Path:
    """Return a data folder for a report case: data/binh-lu, with the case's bao-cao.yaml
    (if any) instead of the sample one, so the cases share the plan and the inspection."""
    if case == "binh-lu":
        return BINH_LU
    folder = tmp / case
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("to-chuc.yaml", "ke-hoach.yaml", "kiem-tra.yaml"):
        shutil.copy(BINH_LU / name, folder / name)
    shutil.copy(CASES / case / "bao-cao.yaml", folder / "bao-cao.yaml")
    return folder


def load_case(case: str, tmp: Path) -> DuLieu:
    """Return the validated dataset of a report case."""
    return load_dataset(case_folder(case, tmp))
