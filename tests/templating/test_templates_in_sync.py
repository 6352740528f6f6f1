"""The committed templates/*.docx are exactly what their builders produce (part by part)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from generator.templating.make import TEMPLATES_DIR, build_all, builders


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("relative", sorted(builders()))
def test_committed_template_matches_its_builder(relative: str, tmp_path: Path) -> None:
    build_all(tmp_path)
    committed = TEMPLATES_DIR / relative
    assert committed.is_file(), f"run: python -m generator.templating.make ({relative} missing)"
    fresh, kept = _parts(tmp_path / relative), _parts(committed)
    assert sorted(fresh) == sorted(kept)
    stale = [name for name in fresh if fresh[name] != kept[name]]
    assert stale == [], f"{relative} is stale; run: python -m generator.templating.make"


def test_every_inspection_template_is_registered() -> None:
    assert {
        "kehoach/kiem-tra.docx",
        "kehoach/quyet-dinh-doan.docx",
        "kehoach/thong-bao-ket-luan.docx",
    } <= set(builders())


@pytest.mark.parametrize("relative", sorted(builders()))
def test_templates_carry_only_what_they_use(relative: str) -> None:
    with zipfile.ZipFile(TEMPLATES_DIR / relative) as archive:
        names = set(archive.namelist())
        styles = archive.read("word/styles.xml").decode()
        used = archive.read("word/document.xml").decode()
    assert not {"word/stylesWithEffects.xml", "docProps/thumbnail.jpeg"} & names
    assert not any(name.startswith("customXml/") for name in names)
    assert "w:latentStyles" not in styles
    assert len(styles) < 20_000  # python-docx's blank document: 343 KB
    # Kept: the defaults and every style the body refers to (here the rules under headings).
    for style_id in ("Normal", "TableNormal", "VBKeCoQuan", "VBKeTrichYeu"):
        assert f'w:styleId="{style_id}"' in styles
    assert 'w:pStyle w:val="VBKeCoQuan"' in used
    assert 'w:styleId="Heading1"' not in styles
