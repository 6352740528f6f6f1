"""The Nơi nhận rule: each recipient once, the data's wording kept, units under any name."""

from __future__ import annotations

from pathlib import Path

from generator.kinds.common import noi_nhan_lines
from generator.model import VanBan
from generator.sources import load_dataset

ROOT = Path(__file__).resolve().parents[2]
ORG = load_dataset(ROOT / "data" / "binh-lu").to_chuc


def _lines(noi_nhan: list[str], first: list[str] | None = None) -> list[str]:
    van_ban = VanBan(noi_nhan=noi_nhan, luu="VT, VHXH", nguoi_ky="x")
    return noi_nhan_lines(ORG, van_ban, first)


def test_an_added_unit_takes_the_data_line_and_its_place() -> None:
    assert _lines(
        ["Sở Nội vụ tỉnh Lai Châu (b/c)", "Phòng Kinh tế xã (t/h)"],
        first=["Phòng Kinh tế (để thực hiện)"],
    ) == [
        "- Phòng Kinh tế xã (t/h);",
        "- Sở Nội vụ tỉnh Lai Châu (b/c);",
        "- Lưu: VT, VHXH.",
    ]


def test_an_added_unit_not_in_the_data_comes_first() -> None:
    assert _lines(["Sở Nội vụ tỉnh Lai Châu (b/c)"], first=["Phòng Kinh tế (t/h)"]) == [
        "- Phòng Kinh tế (t/h);",
        "- Sở Nội vụ tỉnh Lai Châu (b/c);",
        "- Lưu: VT, VHXH.",
    ]


def test_duplicates_in_the_data_keep_the_first_line() -> None:
    assert _lines(
        [
            "Thường trực HĐND xã",
            "thường trực  HĐND xã (b/c)",
            "Phòng Văn hóa - Xã hội (p/h)",
            "Phòng VH-XH",
            "Lưu: VT",
        ]
    ) == [
        "- Thường trực HĐND xã;",
        "- Phòng Văn hóa - Xã hội (p/h);",
        "- Lưu: VT, VHXH.",
    ]
