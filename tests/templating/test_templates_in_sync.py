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
