"""Invalid values and broken references are reported together, in one pass."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from generator.errors import DataError
from generator.model import DuLieu
from generator.model.validate import build_dataset, salvage
from generator.sources.yaml_folder import load_yaml_folder

MINI = Path(__file__).resolve().parents[1] / "cases" / "sources" / "mini"
RAW, PROV, _ = load_yaml_folder(MINI, "mini")


def test_bad_date_and_broken_reference_are_reported_together() -> None:
    raw = copy.deepcopy(RAW)
    raw["kiem_tra"]["ke_hoach"]["van_ban"]["ngay_ban_hanh"] = "31/02/2026"
    raw["kiem_tra"]["quyet_dinh"]["thanh_vien"][1]["vai_tro"] = "Trưởng đoàn"
    with pytest.raises(DataError) as caught:
        build_dataset(raw, PROV.locate)
    assert [str(p) for p in caught.value.problems] == [
        "mini/kiem-tra.yaml › ke_hoach.van_ban.ngay_ban_hanh (dòng 5): ngày không có thật, "
        "nhận được '31/02/2026'",
        "mini/kiem-tra.yaml › quyet_dinh.thanh_vien (dòng 34): Đoàn kiểm tra cần đúng một "
        "Trưởng đoàn, có 2 (pho-chu-tich, truong-vhxh)",
    ]


def test_salvage_keeps_valid_values_and_leaves_invalid_ones_unset() -> None:
    raw = copy.deepcopy(RAW)
    raw["to_chuc"]["don_vi"][0]["loai"] = "khong-co-loai-nay"
    data = salvage(DuLieu, raw)
    assert isinstance(data, DuLieu)
    unit = data.to_chuc.don_vi[0]
    assert unit.ma == RAW["to_chuc"]["don_vi"][0]["ma"]
    assert "loai" not in unit.model_fields_set
    assert data.to_chuc.don_vi[1] == DuLieu.model_validate(RAW).to_chuc.don_vi[1]


def test_salvage_of_a_non_mapping_is_none() -> None:
    assert salvage(DuLieu, ["không", "phải", "bảng"]) is None
