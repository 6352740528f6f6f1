"""The stamp's lines: Vietnam time whatever the zone, and a layout that fits the field."""

from __future__ import annotations

import datetime as dt

from generator.pdf.sign import stamp_font
from generator.pdf.stamp import FONT_SIZE, same_person, stamp_lines, text_width

MIDNIGHT_UTC = dt.datetime(2026, 12, 4, 23, 30, 5, tzinfo=dt.UTC)


def test_time_is_vietnam_time() -> None:
    lines = stamp_lines("Nguyễn Văn An", MIDNIGHT_UTC, (200, 60), stamp_font()).lines
    assert lines == ("Ký bởi: Nguyễn Văn An", "Thời gian: 05/12/2026 06:30:05 +07:00")


def test_narrow_fields_get_shorter_lines_that_fit_at_full_size() -> None:
    font = stamp_font()
    for width in (160, 120, 100):
        lines = stamp_lines("Lò Thị Hương", MIDNIGHT_UTC, (width, 75), font).lines
        assert all(text_width(line, font, FONT_SIZE) <= width - 4 for line in lines), lines
    assert stamp_lines("Nguyễn Thị Thanh Huyền", MIDNIGHT_UTC, (110, 75), font).lines == (
        "Ký bởi:",
        "Nguyễn Thị Thanh Huyền",
        "Ngày ký: 05/12/2026",
        "Lúc: 06:30:05 +07:00",
    )


def test_same_person_ignores_case_diacritics_and_what_follows() -> None:
    assert same_person("NGUYEN VAN AN", "Nguyễn Văn An")
    assert same_person("Y Moan Ê Ban - UBND phường Tân Lập", "Y Moan Ê Ban")
    assert same_person("ĐỖ THỊ HUYỀN", "Đỗ Thị Huyền")
    assert not same_person("Nguyễn Văn Anh", "Nguyễn Văn An")
    assert not same_person("Trần Thị Bích", "Nguyễn Văn An")
