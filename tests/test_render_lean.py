"""The fast render path (generator/render_lean.py) writes what docxtpl's full path writes.

Every sample set of every sample dataset is built twice, once with the fast path refused, and
each package is compared part by part: same entries in the same order, XML equal after
canonicalisation (namespace declarations may sit elsewhere), other entries byte for byte.
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from generator import render_lean
from generator.build import build_all
from generator.sources import load_dataset
from tests.test_sample_documents import _datasets

TODAY = date(2026, 11, 1)


def _build(folder: Path, out: Path) -> dict[str, Path]:
    files = {}
    for result in build_all(load_dataset(folder), out, today=TODAY):
        for path in result.folder.glob("*.docx"):
            files[str(path.relative_to(out))] = path
    return files


def _canonical(name: str, data: bytes) -> bytes:
    root = etree.fromstring(data)
    if name == "docProps/core.xml":
        # docxtpl writes back every property it renders, adding an empty <dc:identifier/>.
        for empty in [e for e in root if len(e) == 0 and not (e.text or "").strip()]:
            root.remove(empty)
    return etree.tostring(root, method="c14n")


def _parts(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as archive:
        return [
            (name, _canonical(name, data) if name.endswith((".xml", ".rels")) else data)
            for name, data in ((n, archive.read(n)) for n in archive.namelist())
        ]


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, Path, Path]]:
    """Return (name, fast-path file, full-path file) for every document of every sample set."""
    tmp = tmp_path_factory.mktemp("lean")
    datasets = _datasets(tmp / "data")
    fast = {}
    for name, folder in datasets.items():
        fast.update({f"{name}/{k}": v for k, v in _build(folder, tmp / "fast" / name).items()})
    full = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render_lean, "_prepare", lambda *_: None)
        patch.setattr("generator.render.prepare", lambda _path: None)
        for name, folder in datasets.items():
            full.update({f"{name}/{k}": v for k, v in _build(folder, tmp / "full" / name).items()})
    assert fast.keys() == full.keys()
    return [(name, fast[name], full[name]) for name in sorted(fast)]


def test_the_fast_path_is_taken_for_text_templates() -> None:
    root = Path(__file__).resolve().parents[1] / "templates"
    for template in sorted(root.glob("*/*.docx")):
        assert render_lean.prepare(template) is not None, template.name


def test_fast_and_full_paths_write_the_same_packages(both: list[tuple[str, Path, Path]]) -> None:
    assert len(both) >= 30
    different = [name for name, fast, full in both if _parts(fast) != _parts(full)]
    assert different == []


def test_a_changed_template_is_read_again(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1] / "templates" / "kehoach"
    template = tmp_path / "mau.docx"
    template.write_bytes((root / "kiem-tra.docx").read_bytes())
    first = render_lean.prepare(template)
    template.write_bytes((root / "quyet-dinh-doan.docx").read_bytes())
    second = render_lean.prepare(template)
    assert first is not None and second is not None
    assert first.body != second.body


def test_a_template_with_footnotes_takes_the_full_path(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[1] / "templates" / "kehoach" / "kiem-tra.docx"
    template = tmp_path / "mau.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(template, "w") as new:
        for info in old.infolist():
            new.writestr(info, old.read(info))
        new.writestr("word/footnotes.xml", b"<w:footnotes/>")
    assert render_lean.prepare(template) is None


def test_a_template_with_broken_xml_takes_the_full_path(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[1] / "templates" / "kehoach" / "kiem-tra.docx"
    template = tmp_path / "mau.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(template, "w") as new:
        for info in old.infolist():
            data = b"<w:styles><khong-dong>" if info.filename == "word/styles.xml" else None
            new.writestr(info, data if data is not None else old.read(info))
    assert render_lean.prepare(template) is None
