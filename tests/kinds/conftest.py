"""Fixtures of the inspection-set tests: each case's set built once, golden-text comparison."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from generator.build import BuildResult, build_set
from generator.sources import load_dataset
from tests.docx_text import docx_text

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "cases" / "inspection"
TODAY = date(2026, 11, 1)


def case_data(case: str) -> Path:
    """Return the data folder of a case; the sample commune lives in data/binh-lu."""
    return ROOT / "data" / "binh-lu" if case == "binh-lu" else CASES / case / "data"


@pytest.fixture(scope="session")
def inspection_set(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], BuildResult]:
    """Return a function building a case's inspection set once per session."""
    built: dict[str, BuildResult] = {}

    def build(case: str) -> BuildResult:
        if case not in built:
            out = tmp_path_factory.mktemp(f"set-{case}")
            built[case] = build_set(load_dataset(case_data(case)), "inspection", out, today=TODAY)
        return built[case]

    return build


def check_golden(docx: Path, case: str, update: bool) -> None:
    """Compare the document's text with tests/cases/inspection/<case>/expected/<stem>.txt."""
    expected = CASES / case / "expected" / f"{docx.stem}.txt"
    actual = docx_text(docx, headers=True)
    if update:
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(actual, encoding="utf-8")
    assert expected.is_file(), f"no golden file {expected}; run pytest --update-goldens"
    assert actual == expected.read_text(encoding="utf-8")


def lint_errors(docx: Path) -> list[str]:
    """Return the lint's error findings of a document, one line each."""
    from generator.nd30.lint import lint_file

    return [f.line() for f in lint_file(docx) if f.severity == "error"]
