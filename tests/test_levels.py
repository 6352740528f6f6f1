"""Every sentence names the body at its own level: xã, phường, thị trấn or đặc khu.

The sample commune's data is rewritten for each level (every "xã" in it becomes the level), every
set is built, and the text of every document is searched for a level word the data never said.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from generator.build import build_all
from generator.sources import load_dataset
from tests.docx_text import docx_text

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "binh-lu"
LEVELS = ("xã", "phường", "thị trấn", "đặc khu")
# "xã" as a level, not the "xã hội" of "Văn hóa - Xã hội" or the national motto.
XA = re.compile(r"\b(xã|Xã|XÃ)\b(?!\s+(hội|Hội|HỘI))")


def _as_level(text: str, level: str) -> str:
    cases = {"xã": level, "Xã": level[0].upper() + level[1:], "XÃ": level.upper()}
    return XA.sub(lambda m: cases[m.group(1)], text)


def _wrong_words(level: str) -> re.Pattern[str]:
    others = [w for w in LEVELS if w != level]
    words = "|".join(re.escape(w) for w in others if w != "xã")
    alternatives = [rf"\b({words})\b"] + ([XA.pattern] if level != "xã" else [])
    return re.compile("|".join(alternatives), re.IGNORECASE)


@pytest.mark.parametrize("level", LEVELS)
def test_every_set_names_the_level_of_the_data(level: str, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    written = []
    for source in SAMPLE.glob("*.yaml"):
        text = _as_level(source.read_text(encoding="utf-8"), level)
        (data_dir / source.name).write_text(text, encoding="utf-8")
        written.append(" ".join(text.split()))
    said = "\n".join(written)
    data = load_dataset(data_dir)
    assert data.to_chuc.cap == level
    results = build_all(data, tmp_path / "out", today=date(2026, 12, 10))
    documents = [d.docx for r in results for d in r.documents]
    assert len(documents) >= 12
    wrong = _wrong_words(level)
    found = []
    for docx in documents:
        for line in docx_text(docx).splitlines():
            if line.startswith("CỘNG HÒA XÃ HỘI"):
                continue
            for hit in wrong.finditer(line):
                # The data's own words ("UBND xã, phường" of a province-wide task) are not ours.
                before = line[: hit.start()].split()[-3:]
                if " ".join([*before, hit.group(0)]) in said:
                    continue
                found.append(f"{docx.name}: …{line[max(0, hit.start() - 40) : hit.end() + 20]}…")
    assert found == []


def test_a_name_without_its_level_is_refused(tmp_path: Path) -> None:
    from generator.errors import DataError

    for source in SAMPLE.glob("*.yaml"):
        text = source.read_text(encoding="utf-8")
        if source.name == "to-chuc.yaml":
            full = "ten_day_du: Ủy ban nhân dân xã Bình Lư"
            text = text.replace(full, "ten_day_du: UBND Bình Lư")
        (tmp_path / source.name).write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset(tmp_path)
    messages = [p.message for p in caught.value.problems]
    assert messages == [
        "tên đầy đủ (ten_day_du) cần ghi cấp chính quyền: xã, phường, thị trấn hoặc đặc khu, "
        "như Ủy ban nhân dân phường Tân Lập; nhận được 'UBND Bình Lư'"
    ]
