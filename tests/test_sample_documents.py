"""Facts of every document of every sample set: no Jinja tag survives in any part, and a
group row of a phụ lục table never stays alone at the foot of a page."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook

from generator.build import build_all
from generator.sources import load_dataset
from tests.report.conftest import case_folder

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases"
TODAY = date(2026, 11, 1)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Any piece of Jinja syntax docxtpl could leave behind, also one split across runs.
TAG = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")


def _datasets(tmp: Path) -> dict[str, Path]:
    """Return every sample data folder: the commune, the inspection cases, the report cases."""
    folders = {"binh-lu": ROOT / "data" / "binh-lu", "mini": CASES / "sources" / "mini"}
    for case in sorted((CASES / "inspection").iterdir()):
        if (case / "data").is_dir():
            folders[f"inspection-{case.name}"] = case / "data"
    for case in sorted((CASES / "report").iterdir()):
        if (case / "bao-cao.yaml").is_file():
            folders[f"report-{case.name}"] = case_folder(case.name, tmp)
    return folders


def _paragraph_texts(part: bytes) -> list[str]:
    """Return the text of each paragraph of a WordprocessingML part (runs joined)."""
    root = etree.fromstring(part)
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


def _leftovers(docx: Path) -> list[str]:
    """Return "part: paragraph" for every paragraph that still holds a Jinja tag."""
    found = []
    with zipfile.ZipFile(docx) as archive:
        for name in archive.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                texts = _paragraph_texts(archive.read(name))
                found += [f"{name}: {text}" for text in texts if TAG.search(text)]
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Return every file written by building all sets of all sample datasets (no PDF)."""
    tmp = tmp_path_factory.mktemp("tags")
    files: list[Path] = []
    for name, folder in _datasets(tmp / "data").items():
        for result in build_all(load_dataset(folder), tmp / "out" / name, today=TODAY):
            files += sorted(p for p in result.folder.iterdir() if p.suffix in (".docx", ".xlsx"))
    return files


def test_every_sample_set_is_built(built: list[Path]) -> None:
    sets = {p.parent.name for p in built}
    assert {"inspection", "plan", "report-2026-q1", "report-2026-h1", "report-2026"} <= sets
    assert len([p for p in built if p.suffix == ".docx"]) >= 30


def test_no_jinja_tag_left_in_any_docx_part(built: list[Path]) -> None:
    left = {str(p.relative_to(p.parents[3])): _leftovers(p) for p in built if p.suffix == ".docx"}
    assert {k: v for k, v in left.items() if v} == {}


def test_no_jinja_tag_left_in_any_phu_luc_cell(built: list[Path]) -> None:
    left = []
    for path in (p for p in built if p.suffix == ".xlsx"):
        for sheet in load_workbook(path, read_only=True).worksheets:
            for row in sheet.iter_rows(values_only=True):
                left += [f"{path.name}: {v}" for v in row if isinstance(v, str) and TAG.search(v)]
    assert left == []


def test_group_rows_keep_with_their_first_data_row(built: list[Path]) -> None:
    grouped = 0
    for path in (p for p in built if p.suffix == ".docx"):
        with zipfile.ZipFile(path) as archive:
            root = etree.fromstring(archive.read("word/document.xml"))
        for row in root.iter(f"{W}tr"):
            spans = [int(s.get(f"{W}val")) for s in row.iter(f"{W}gridSpan")]
            if not spans or row.find(f"{W}trPr/{W}tblHeader") is not None:
                continue
            bordered = row.getparent().find(f"{W}tblPr/{W}tblBorders/{W}top")
            if bordered is None or bordered.get(f"{W}val") == "nil":
                continue
            grouped += 1
            paragraphs = list(row.iter(f"{W}p"))
            assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in paragraphs), path.name
    assert grouped >= 10
