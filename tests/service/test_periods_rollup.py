"""Prefill from the previous period, a period the data has no entry for, the province roll-up."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from generator.model import DuLieu
from generator.service.periods.store import PeriodStore
from generator.service.periods.use_cases import (
    aggregate,
    commune_status,
    composed,
    open_period,
    province_rollup,
    submit,
    write_unit_form,
)

from .conftest import LATE, ON_TIME


def test_a_period_the_data_does_not_hold_is_prefilled_with_the_previous_ones_figures(
    store: PeriodStore, sample: DuLieu, tmp_path: Path
) -> None:
    open_period(store, sample, "2026-Q3", date(2026, 9, 20), by="vp", now=ON_TIME)
    path = write_unit_form(store, sample, "2026-Q3", "tt-pvhcc", tmp_path / "q3.xlsx")
    rows = {
        r[0].value: r[5].value for r in openpyxl.load_workbook(path)["ChiSo"].iter_rows(min_row=2)
    }
    assert rows["tthc.da_giai_quyet"] == 1217  # 2026-H1 of bao-cao.yaml
    # A unit's own submission of the previous period comes before the data's figures.
    open_period(store, sample, "2026-H1", date(2026, 6, 20), by="vp", now=ON_TIME)
    submit(store, sample, "2026-H1", "cong-an", by="ca", now=ON_TIME,
           figures={"chi_tieu.ct-05": "93,5"})  # fmt: skip
    path = write_unit_form(store, sample, "2026-Q3", "cong-an", tmp_path / "ca.xlsx")
    rows = {
        r[0].value: r[5].value for r in openpyxl.load_workbook(path)["ChiSo"].iter_rows(min_row=2)
    }
    assert rows["chi_tieu.ct-05"] == 93.5


def test_a_period_without_an_entry_gets_a_draft_report(store: PeriodStore, sample: DuLieu) -> None:
    open_period(store, sample, "2026-Q3", date(2026, 9, 20), by="vp", now=ON_TIME)
    data = composed(store, sample, "2026-Q3", now=ON_TIME)
    entry = next(e for e in data.bao_cao if e.ky == "2026-Q3")
    assert entry.van_ban is not None and entry.van_ban.du_thao
    assert entry.van_ban.nguoi_ky == "tm-q-chu-tich"
    assert "của 00/06 cơ quan, đơn vị" in entry.chi_dao_dieu_hanh[0]


def test_the_province_rolls_up_every_communes_indicator_table(
    store: PeriodStore, sample: DuLieu, tmp_path: Path
) -> None:
    other = sample.model_copy(deep=True)
    other.to_chuc.ma = "tam-duong"
    other.to_chuc.ten_day_du = "Ủy ban nhân dân xã Tam Đường"
    open_period(store, sample, "2026-H1", date(2026, 6, 20), by="vp", now=ON_TIME)
    submit(store, sample, "2026-H1", "vhxh", by="thu", now=ON_TIME,
           figures={"so_van_ban_chi_dao": 40})  # fmt: skip
    path = province_rollup(
        store, {"binh-lu": sample, "tam-duong": other}, "2026-H1", tmp_path / "tinh.xlsx",
        now=ON_TIME, province="Lai Châu",
    )  # fmt: skip
    book = openpyxl.load_workbook(path)
    table = book["Tổng hợp"]
    assert [c.value for c in table[3]] == [
        "Mã", "Chỉ tiêu", "Đơn vị tính", "Ủy ban nhân dân xã Bình Lư",
        "Ủy ban nhân dân xã Tam Đường",
    ]  # fmt: skip
    rows = {r[0].value: [c.value for c in r] for r in table.iter_rows(min_row=4)}
    assert rows["1.4"][3:] == [40, 11]  # collected vs the other commune's current data
    assert rows["2.5"][3:] == [1217, 1217]
    status = [[c.value for c in r] for r in book["Tình hình báo cáo"].iter_rows(min_row=2)]
    assert status == [
        ["Ủy ban nhân dân xã Bình Lư", "Đang thu báo cáo", 1, 6],
        ["Ủy ban nhân dân xã Tam Đường", "Chưa bắt đầu", 0, 0],
    ]


def test_the_commune_status_the_province_sees(
    store: PeriodStore, sample: DuLieu, tmp_path: Path
) -> None:
    assert commune_status(store, sample, "2026-H1", now=ON_TIME) == "chua_mo"
    open_period(store, sample, "2026-H1", date(2026, 6, 20), by="vp", now=ON_TIME)
    assert commune_status(store, sample, "2026-H1", now=ON_TIME) == "dang_thu"
    assert commune_status(store, sample, "2026-H1", now=LATE) == "qua_han"
    submit(store, sample, "2026-H1", "vhxh", by="thu", now=ON_TIME,
           figures={"so_van_ban_chi_dao": 4})  # fmt: skip
    aggregate(store, sample, "2026-H1", tmp_path / "out", now=LATE, by="vp", ref="job-1")
    assert commune_status(store, sample, "2026-H1", now=LATE) == "da_tong_hop"
    assert [(by, ref) for by, _, ref in store.reports("binh-lu", "2026-H1")] == [("vp", "job-1")]
