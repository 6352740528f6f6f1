"""Tests for cross_check: references and rules between the parts of a dataset."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.model import DuLieu, cross_check
from generator.sources.yaml_folder import load_yaml_folder

MINI = Path(__file__).resolve().parents[1] / "cases" / "sources" / "mini"
RAW, _, _ = load_yaml_folder(MINI)


def _issues(change: Callable[[dict[str, Any]], None]) -> list[tuple[tuple[str | int, ...], str]]:
    raw = copy.deepcopy(RAW)
    change(raw)
    return cross_check(DuLieu.model_validate(raw))


def test_mini_dataset_is_clean() -> None:
    assert _issues(lambda raw: None) == []


def _two_heads(raw: dict[str, Any]) -> None:
    raw["kiem_tra"]["quyet_dinh"]["thanh_vien"][1]["vai_tro"] = "Trưởng đoàn"


def _no_head(raw: dict[str, Any]) -> None:
    raw["kiem_tra"]["quyet_dinh"]["thanh_vien"][0]["vai_tro"] = "Thành viên"


def _unknown_chu_tri(raw: dict[str, Any]) -> None:
    raw["ke_hoach"]["nhiem_vu"][0]["chu_tri"] = "Phòng Không Có"


def _alias_chu_tri(raw: dict[str, Any]) -> None:
    raw["ke_hoach"]["nhiem_vu"][0]["chu_tri"] = "văn phòng  HĐND và UBND xã"


def _chi_tieu_by_name(raw: dict[str, Any]) -> None:
    raw["ke_hoach"]["chi_tieu"][0]["chu_tri"] = "Phòng Văn hóa - Xã hội"
    raw["ke_hoach"]["chi_tieu"][0]["phoi_hop"] = "vp, tram-y-tee"


def _chi_tieu_by_code(raw: dict[str, Any]) -> None:
    raw["ke_hoach"]["chi_tieu"][0]["chu_tri"] = "vhxh"
    raw["ke_hoach"]["chi_tieu"][0]["phoi_hop"] = "vp, tram-y-te"


def _missing_signer(raw: dict[str, Any]) -> None:
    raw["kiem_tra"]["quyet_dinh"]["van_ban"]["nguoi_ky"] = "khong-co"


def _tb_not_inspected(raw: dict[str, Any]) -> None:
    raw["kiem_tra"]["ket_luan"][0]["don_vi"] = "vhxh"


def _duplicate_ids(raw: dict[str, Any]) -> None:
    raw["to_chuc"]["can_bo"][3]["ma"] = "truong-vhxh"
    raw["to_chuc"]["don_vi"][2]["ma"] = "vp"


def _unknown_finding(raw: dict[str, Any]) -> None:
    raw["kiem_tra"]["ket_luan"][0]["kien_nghi"][0]["ton_tai"] = ["tt9"]


def _findings_without_deadline(raw: dict[str, Any]) -> None:
    del raw["kiem_tra"]["ket_luan"][0]["han_bao_cao_khac_phuc"]


def _no_findings_no_deadline(raw: dict[str, Any]) -> None:
    tb = raw["kiem_tra"]["ket_luan"][0]
    del tb["han_bao_cao_khac_phuc"], tb["ton_tai"], tb["kien_nghi"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            _alias_chu_tri,
            [
                (
                    ("ke_hoach", "nhiem_vu", 0, "chu_tri"),
                    "ghi mã đơn vị 'vp' thay cho tên 'văn phòng  HĐND và UBND xã': mọi chỗ nhắc "
                    "đến một đơn vị đều dùng mã đơn vị, nên đổi tên đơn vị không làm hỏng dữ liệu",
                )
            ],
        ),
        (_no_findings_no_deadline, []),
        (_chi_tieu_by_code, []),
        (
            _chi_tieu_by_name,
            [
                (
                    ("ke_hoach", "chi_tieu", 0, "chu_tri"),
                    "ghi mã đơn vị 'vhxh' thay cho tên 'Phòng Văn hóa - Xã hội': mọi chỗ nhắc "
                    "đến một đơn vị đều dùng mã đơn vị, nên đổi tên đơn vị không làm hỏng dữ liệu",
                ),
                (
                    ("ke_hoach", "chi_tieu", 0, "phoi_hop"),
                    "không có đơn vị nào mang mã 'tram-y-tee'; có phải 'tram-y-te'? (các mã đơn "
                    "vị: vp, vhxh, tram-y-te)",
                ),
            ],
        ),
        (
            _findings_without_deadline,
            [
                (
                    ("kiem_tra", "ket_luan", 0, "han_bao_cao_khac_phuc"),
                    "thông báo có tồn tại, hạn chế hoặc kiến nghị cần hạn báo cáo kết quả khắc "
                    "phục (han_bao_cao_khac_phuc), như 30/11/2026",
                )
            ],
        ),
        (
            _two_heads,
            [
                (
                    ("kiem_tra", "quyet_dinh", "thanh_vien"),
                    "Đoàn kiểm tra cần đúng một Trưởng đoàn, có 2 (pho-chu-tich, truong-vhxh)",
                )
            ],
        ),
        (
            _no_head,
            [
                (
                    ("kiem_tra", "quyet_dinh", "thanh_vien"),
                    "Đoàn kiểm tra cần đúng một Trưởng đoàn, không có ai",
                )
            ],
        ),
        (
            _unknown_chu_tri,
            [
                (
                    ("ke_hoach", "nhiem_vu", 0, "chu_tri"),
                    "không có đơn vị nào mang mã 'Phòng Không Có' (các mã đơn vị: vp, vhxh, "
                    "tram-y-te)",
                )
            ],
        ),
        (
            _missing_signer,
            [
                (
                    ("kiem_tra", "quyet_dinh", "van_ban", "nguoi_ky"),
                    "không có người ký nào mang mã 'khong-co' (các mã người ký: ct, kt-pct)",
                )
            ],
        ),
        (
            _tb_not_inspected,
            [
                (
                    ("kiem_tra", "ket_luan", 0, "don_vi"),
                    "đơn vị 'vhxh' không có trong lịch kiểm tra của Kế hoạch (đơn vị được kiểm "
                    "tra: tram-y-te)",
                )
            ],
        ),
        (
            _unknown_finding,
            [
                (
                    ("kiem_tra", "ket_luan", 0, "kien_nghi", 0, "ton_tai"),
                    "không có tồn tại mang mã 'tt9' trong thông báo này",
                )
            ],
        ),
    ],
    ids=lambda v: v.__name__.strip("_") if callable(v) else "",
)
def test_cross_check_rules(
    change: Callable[[dict[str, Any]], None], expected: list[tuple[tuple[str | int, ...], str]]
) -> None:
    assert _issues(change) == expected


def test_duplicated_ids_point_at_the_repeat_and_break_references_to_the_renamed() -> None:
    assert _issues(_duplicate_ids) == [
        (("to_chuc", "don_vi", 2, "ma"), "mã 'vp' bị trùng, mỗi mã chỉ dùng một lần"),
        (("to_chuc", "can_bo", 3, "ma"), "mã 'truong-vhxh' bị trùng, mỗi mã chỉ dùng một lần"),
        (
            ("kiem_tra", "ke_hoach", "lich", 0, "don_vi"),
            "không có đơn vị nào mang mã 'tram-y-te' (các mã đơn vị: vp, vhxh)",
        ),
        (
            ("kiem_tra", "quyet_dinh", "thanh_vien", 2, "can_bo"),
            "không có cán bộ nào mang mã 'chuyen-vien' (các mã cán bộ: chu-tich, pho-chu-tich, "
            "truong-vhxh)",
        ),
    ]


def test_a_typed_title_promising_phuong_huong_needs_the_section() -> None:
    def promise(raw: dict[str, Any]) -> None:
        entry = raw["bao_cao"][0]
        entry["van_ban"]["trich_yeu"] = (
            "Kết quả cải cách hành chính năm 2026 và phương hướng, nhiệm vụ năm 2027"
        )
        entry.pop("phuong_huong", None)

    issues = _issues(promise)
    assert [path for path, _ in issues] == [("bao_cao", 0, "van_ban", "trich_yeu")]
