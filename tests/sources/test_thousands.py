"""Vietnamese thousands (issue 17): every count reads 1.000, 1000, 1 000 and "1.000" as one
thousand, from YAML and from Excel; a number that reads two ways is refused where it stands."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.sources import load_dataset
from tests.sources.conftest import cell_of, problems, set_cells


def _replace(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("typed", ["1.000", "1000", "1 000", '"1.000"', "'1 000'", "1.000,0"])
def test_a_yaml_count_reads_one_thousand(mini_yaml: Path, typed: str) -> None:
    _replace(mini_yaml, "bao-cao.yaml", "tiep_nhan_truc_tiep: 300", f"tiep_nhan_truc_tiep: {typed}")
    _replace(mini_yaml, "bao-cao.yaml", "da_giai_quyet: 1500", "da_giai_quyet: 2200")
    _replace(mini_yaml, "bao-cao.yaml", "dung_han: 1498", "dung_han: 2198")
    _replace(mini_yaml, "bao-cao.yaml", "gia_tri: 80,4", "gia_tri: 55,2")
    tthc = load_dataset(mini_yaml, "mini").bao_cao[0].tthc
    assert tthc is not None
    assert tthc.tiep_nhan_truc_tiep == 1000


@pytest.mark.parametrize(("typed", "expected"), [("1.250", 1250), ("1.000.000", 1_000_000)])
def test_a_yaml_count_with_a_dot_is_thousands(mini_yaml: Path, typed: str, expected: int) -> None:
    _replace(
        mini_yaml,
        "bao-cao.yaml",
        "  chi_dao_dieu_hanh:",
        f"  so_tin_bai_tuyen_truyen: {typed}\n  chi_dao_dieu_hanh:",
    )
    assert load_dataset(mini_yaml, "mini").bao_cao[0].so_tin_bai_tuyen_truyen == expected


def test_a_number_that_reads_two_ways_is_refused_where_it_stands(mini_yaml: Path) -> None:
    _replace(mini_yaml, "bao-cao.yaml", "gia_tri: 80,4", "gia_tri: 1.250")
    _replace(mini_yaml, "ke-hoach.yaml", "    muc_tieu: 80", "    muc_tieu: 1.000")
    assert problems(mini_yaml, "mini") == [
        "mini/ke-hoach.yaml › chi_tieu[1].muc_tieu (dòng 21): '1.000' đọc được hai cách: 1000 "
        "hay 1,000; ghi 1000 nếu là 1000, ghi 1,000 nếu là 1,000",
        "mini/bao-cao.yaml › [1].chi_tieu[1].gia_tri (dòng 16): '1.250' đọc được hai cách: 1250 "
        "hay 1,250; ghi 1250 nếu là 1250, ghi 1,250 nếu là 1,250",
    ]


def test_a_count_with_a_real_fraction_is_refused(mini_yaml: Path) -> None:
    _replace(
        mini_yaml,
        "bao-cao.yaml",
        "  chi_dao_dieu_hanh:",
        "  so_tin_bai_tuyen_truyen: 12.5\n  chi_dao_dieu_hanh:",
    )
    assert problems(mini_yaml, "mini") == [
        "mini/bao-cao.yaml › [1].so_tin_bai_tuyen_truyen (dòng 6): cần một số nguyên không âm "
        "như 1.234, nhận được '12.5'"
    ]


@pytest.mark.parametrize("typed", [1000, "1.000", "1 000", "1000", 1000.0])
def test_an_excel_count_reads_one_thousand(mini_xlsx: Path, typed: object) -> None:
    column = {"BaoCao": cell_of("BaoCao", "so_tin_bai_tuyen_truyen")}
    set_cells(mini_xlsx, "BaoCao", **{column["BaoCao"]: typed})
    assert load_dataset(mini_xlsx, "du-lieu.xlsx").bao_cao[0].so_tin_bai_tuyen_truyen == 1000


def test_an_excel_number_that_reads_two_ways_is_refused(mini_xlsx: Path) -> None:
    cell = cell_of("ChiTieu", "muc_tieu")
    set_cells(mini_xlsx, "ChiTieu", **{cell: "1.250"})
    assert problems(mini_xlsx, "du-lieu.xlsx") == [
        f"du-lieu.xlsx › ChiTieu!{cell} (Mục tiêu): '1.250' đọc được hai cách: 1250 hay 1,250; "
        "ghi 1250 nếu là 1250, ghi 1,250 nếu là 1,250"
    ]
