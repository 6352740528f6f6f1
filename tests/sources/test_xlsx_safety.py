"""Tests that a workbook too large to be real is refused before it is loaded."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from generator.errors import SourceError
from generator.sources import load_dataset, xlsx
from tests.sources.conftest import edit

F = "du-lieu.xlsx"


def _rewrite(path: Path, member: str, change: object) -> None:
    """Rewrite one member of the zip at `path` through `change(text) -> text`."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[member] = change(parts[member].decode()).encode()  # type: ignore[operator]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def _refused(path: Path) -> str:
    with pytest.raises(SourceError) as caught:
        load_dataset(path, F)
    return str(caught.value)


def test_zip_bomb_is_refused(mini_xlsx: Path) -> None:
    with zipfile.ZipFile(mini_xlsx, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", bytes(30 * 1024 * 1024))
    message = _refused(mini_xlsx)
    assert re.fullmatch(
        rf"{F}: sổ nén \d+ lần \(giải nén ra 30 MB\), không giống một sổ dữ liệu thật \(có thể "
        r"là tệp độc hại\); không đọc",
        message,
    ), message


def test_workbook_unpacking_beyond_the_limit_is_refused(
    mini_xlsx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx, "MAX_UNCOMPRESSED", 2 * 1024 * 1024)
    with zipfile.ZipFile(mini_xlsx, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", bytes(3 * 1024 * 1024))
    assert _refused(mini_xlsx) == (
        f"{F}: sổ giải nén ra 3 MB, quá lớn cho một sổ dữ liệu (giới hạn 2 MB); không đọc"
    )


def test_too_many_entries_are_refused(mini_xlsx: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_ENTRIES", 10)
    with zipfile.ZipFile(mini_xlsx) as archive:
        count = len(archive.infolist())
    assert _refused(mini_xlsx) == (
        f"{F}: sổ có {count} phần bên trong, quá nhiều cho một sổ dữ liệu (giới hạn 10); không đọc"
    )


def test_sheet_declaring_a_million_rows_is_refused(mini_xlsx: Path) -> None:
    # CanBo is the fourth sheet (after HuongDan, ToChuc, DonVi).
    _rewrite(
        mini_xlsx,
        "xl/worksheets/sheet4.xml",
        lambda text: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:E1000000"', text),
    )
    assert _refused(mini_xlsx) == (
        f"{F} › trang tính CanBo: trang tính có 1000000 dòng, 5 cột, vượt giới hạn 20000 dòng, "
        "500 cột của một sổ dữ liệu; xóa các dòng, cột thừa rồi lưu lại"
    )


def test_rows_beyond_the_limit_are_refused_while_reading(
    mini_xlsx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without a <dimension> the size is only known by reading; the reader stops at the limit.
    edit(mini_xlsx, lambda book: [book["CanBo"].append([f"cb-{i}"]) for i in range(200)])
    _rewrite(
        mini_xlsx,
        "xl/worksheets/sheet4.xml",
        lambda text: re.sub(r'<dimension ref="[^"]*"\s*/>', "", text),
    )
    monkeypatch.setattr(xlsx, "MAX_ROWS", 150)
    assert _refused(mini_xlsx) == (
        f"{F} › trang tính CanBo: trang tính có 151 dòng, 5 cột, vượt giới hạn 150 dòng, "
        "500 cột của một sổ dữ liệu; xóa các dòng, cột thừa rồi lưu lại"
    )
