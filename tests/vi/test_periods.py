"""Tests for generator.vi.periods: codes, labels, cut-off windows (581/BNV-CCHC), overrides."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from generator.vi.periods import LOAI_KY, KyBaoCao, parse_ky, title_with_next

ACCEPTED = (
    "cần một trong các dạng 2026-Q1 (quý I), 2026-H1 (6 tháng đầu năm), 2026-Q3 (quý III), "
    "2026-9M (9 tháng), 2026 (năm)"
)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (
            "2026-Q1",
            KyBaoCao(
                code="2026-Q1",
                loai="quy_I",
                nam=2026,
                label="quý I năm 2026",
                title="quý I năm 2026",
                next_label="quý II năm 2026",
                chot_tu=date(2025, 12, 15),
                chot_den=date(2026, 3, 14),
                luy_ke=False,
                previous_code=None,
                last_year_code="2025-Q1",
            ),
        ),
        (
            "2026-H1",
            KyBaoCao(
                code="2026-H1",
                loai="6_thang",
                nam=2026,
                label="6 tháng đầu năm 2026",
                title="6 tháng đầu năm 2026",
                next_label="6 tháng cuối năm 2026",
                chot_tu=date(2025, 12, 15),
                chot_den=date(2026, 6, 14),
                luy_ke=True,
                previous_code="2026-Q1",
                last_year_code="2025-H1",
            ),
        ),
        (
            "2026-Q3",
            KyBaoCao(
                code="2026-Q3",
                loai="quy_III",
                nam=2026,
                label="quý III năm 2026",
                title="quý III năm 2026",
                next_label="quý IV năm 2026",
                chot_tu=date(2026, 6, 15),
                chot_den=date(2026, 9, 14),
                luy_ke=False,
                previous_code="2026-H1",
                last_year_code="2025-Q3",
            ),
        ),
        (
            "2026-9M",
            KyBaoCao(
                code="2026-9M",
                loai="9_thang",
                nam=2026,
                label="9 tháng năm 2026",
                title="9 tháng năm 2026",
                next_label="quý IV năm 2026",
                chot_tu=date(2025, 12, 15),
                chot_den=date(2026, 9, 14),
                luy_ke=True,
                previous_code="2026-H1",
                last_year_code="2025-9M",
            ),
        ),
        (
            "2026",
            KyBaoCao(
                code="2026",
                loai="nam",
                nam=2026,
                label="năm 2026",
                title="năm 2026",
                next_label="năm 2027",
                chot_tu=date(2025, 12, 15),
                chot_den=date(2026, 12, 14),
                luy_ke=True,
                previous_code="2026-9M",
                last_year_code="2025",
            ),
        ),
    ],
)
def test_parse_ky_defaults(code: str, expected: KyBaoCao) -> None:
    assert parse_ky(code) == expected


@pytest.mark.parametrize(("typed", "code"), [(" 2026-q1 ", "2026-Q1"), ("2027-h1", "2027-H1")])
def test_parse_ky_is_lenient_about_case_and_spaces(typed: str, code: str) -> None:
    assert parse_ky(typed).code == code


def test_kybaocao_is_frozen() -> None:
    ky = parse_ky("2026")
    with pytest.raises(FrozenInstanceError):
        ky.nam = 2027  # type: ignore[misc]


def test_loai_ky_lists_every_kind() -> None:
    assert LOAI_KY == ("quy_I", "6_thang", "quy_III", "9_thang", "nam")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("2026-Q1", "quý I năm 2026 và phương hướng, nhiệm vụ quý II năm 2026"),
        ("2026-H1", "6 tháng đầu năm 2026 và phương hướng, nhiệm vụ 6 tháng cuối năm 2026"),
        ("2026-Q3", "quý III năm 2026 và phương hướng, nhiệm vụ quý IV năm 2026"),
        ("2026-9M", "9 tháng năm 2026 và phương hướng, nhiệm vụ quý IV năm 2026"),
        ("2026", "năm 2026 và phương hướng, nhiệm vụ năm 2027"),
    ],
)
def test_title_with_next(code: str, expected: str) -> None:
    assert title_with_next(parse_ky(code)) == expected


@pytest.mark.parametrize(
    ("code", "overrides", "tu", "den"),
    [
        # A province closing its xã data earlier: 10/3 instead of 14/3.
        ("2026-Q1", {"quy_I": ("15/12", "10/3")}, date(2025, 12, 15), date(2026, 3, 10)),
        # Start before end in the calendar: same year.
        ("2026-Q1", {"quy_I": ("01/01", "31/3")}, date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-Q3", {"quy_III": ("11/6", "10/9")}, date(2026, 6, 11), date(2026, 9, 10)),
        ("2026", {"nam": ("16/12", "15/12")}, date(2025, 12, 16), date(2026, 12, 15)),
        # Overrides of other kinds do not affect this one.
        ("2026-H1", {"quy_I": ("01/01", "31/3")}, date(2025, 12, 15), date(2026, 6, 14)),
        ("2028-Q1", {"quy_I": ("29/02", "14/3")}, date(2028, 2, 29), date(2028, 3, 14)),
    ],
)
def test_parse_ky_overrides(
    code: str, overrides: dict[str, tuple[str, str]], tu: date, den: date
) -> None:
    ky = parse_ky(code, overrides)
    assert (ky.chot_tu, ky.chot_den) == (tu, den)


@pytest.mark.parametrize(
    "code",
    ["", "2026-Q2", "2026-Q4", "2026-H2", "26-Q1", "2026Q1", "Q1-2026", "quý I 2026", "1900"],
)
def test_parse_ky_rejects_bad_codes(code: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_ky(code)
    assert str(info.value) == f"mã kỳ báo cáo {code!r} không hợp lệ; {ACCEPTED}"


def test_parse_ky_rejects_non_text() -> None:
    with pytest.raises(ValueError, match="mã kỳ báo cáo 2026 không hợp lệ"):
        parse_ky(2026)  # type: ignore[arg-type]


def test_parse_ky_rejects_unknown_override_kind() -> None:
    with pytest.raises(ValueError) as info:
        parse_ky("2026-Q1", {"quy_II": ("15/3", "14/6")})
    assert str(info.value) == (
        "loại kỳ báo cáo không hợp lệ trong thời gian chốt số liệu: quy_II; "
        "cần một trong: quy_I, 6_thang, quy_III, 9_thang, nam"
    )


@pytest.mark.parametrize(
    ("window", "message"),
    [
        (("15-12", "14/3"), "phải có dạng ngày/tháng như 15/12, nhận được '15-12'"),
        (("15/12", "32/3"), "'32/3' không phải là một ngày có thật trong năm 2026"),
        (("29/02", "14/3"), "'29/02' không phải là một ngày có thật trong năm 2026"),
        (("15/12",), "phải là hai ngày (từ, đến)"),
    ],
)
def test_parse_ky_rejects_bad_override_windows(window: tuple[str, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_ky("2026-Q1", {"quy_I": window})  # type: ignore[dict-item]
