"""One percentage parser for every percentage cell (issue 17): BaoCaoChiTieu "Giá trị đạt"
accepts what ChiTieu "Mục tiêu" accepts (95%, 95 %, an Excel percentage), each error once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.sources import load_dataset
from tests.sources.conftest import edit, problems

F = "du-lieu.xlsx"


def _set_gia_tri(path: Path, value: Any, number_format: str | None = None) -> str:
    """Set the first "Giá trị đạt" of BaoCaoChiTieu; return its cell."""
    cell = "C2"  # Kỳ báo cáo, Mã chỉ tiêu, Giá trị đạt, …

    def change(book: Any) -> None:
        sheet = book["BaoCaoChiTieu"]
        assert sheet["C1"].value == "Giá trị đạt"
        sheet[cell] = value
        if number_format:
            sheet[cell].number_format = number_format

    edit(path, change)
    return cell


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [
        ("95%", None, 95.0),
        ("95 %", None, 95.0),
        ("95,5%", None, 95.5),
        (0.955, "0.0%", 95.5),
        (0.8, "0%", 80.0),
        (95, None, 95.0),
        ("95,5", None, 95.5),
    ],
)
def test_gia_tri_accepts_every_percentage_form(
    mini_xlsx: Path, value: Any, number_format: str | None, expected: float
) -> None:
    _set_gia_tri(mini_xlsx, value, number_format)
    data = load_dataset(mini_xlsx, F)
    assert data.bao_cao[0].chi_tieu[0].gia_tri == pytest.approx(expected)


@pytest.mark.parametrize(("value", "number_format"), [("95%", None), (0.95, "0%")])
def test_muc_tieu_accepts_the_same_forms(
    mini_xlsx: Path, value: Any, number_format: str | None
) -> None:
    def change(book: Any) -> None:
        book["ChiTieu"]["E2"] = value
        if number_format:
            book["ChiTieu"]["E2"].number_format = number_format

    edit(mini_xlsx, change)
    assert load_dataset(mini_xlsx, F).ke_hoach.chi_tieu[0].muc_tieu == 95.0  # type: ignore[union-attr]


def test_a_bad_percentage_is_reported_once(mini_xlsx: Path) -> None:
    cell = _set_gia_tri(mini_xlsx, "chín lăm %")
    assert problems(mini_xlsx, F) == [
        f"{F} › BaoCaoChiTieu!{cell} (Giá trị đạt): cần một số phần trăm như 95 hoặc 95%, nhận "
        "được 'chín lăm %'"
    ]


def test_a_percentage_over_100_is_reported_once(mini_xlsx: Path) -> None:
    cell = _set_gia_tri(mini_xlsx, "120%")
    assert problems(mini_xlsx, F) == [
        f"{F} › BaoCaoChiTieu!{cell} (Giá trị đạt): tỷ lệ phần trăm phải từ 0 đến 100, nhận "
        "được '120%'"
    ]


def test_yaml_gia_tri_accepts_percent_signs(mini_yaml: Path) -> None:
    path = mini_yaml / "bao-cao.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("gia_tri: 80,4", 'gia_tri: "80,4 %"'),
        encoding="utf-8",
    )
    assert load_dataset(mini_yaml).bao_cao[0].chi_tieu[0].gia_tri == pytest.approx(80.4)
