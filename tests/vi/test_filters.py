"""Tests for generator.vi.filters: the registry works inside a real Jinja environment."""

from __future__ import annotations

from datetime import date

import jinja2
import pytest

from generator import vi
from generator.vi.filters import FILTERS, capitalize_first, ngay, ten_loai


@pytest.fixture
def env() -> jinja2.Environment:
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
    environment.filters.update(FILTERS)
    return environment


@pytest.mark.parametrize(
    ("template", "context", "expected"),
    [
        ("{{ d | ngay }}", {"d": date(2026, 3, 5)}, "ngày 05 tháng 3 năm 2026"),
        ("{{ d | ngay }}", {"d": None}, "ngày      tháng      năm      "),
        ("{{ d | ngay_thang_nam }}", {"d": date(2027, 1, 15)}, "ngày 15 tháng 01 năm 2027"),
        ("{{ d | ngay_ngan }}", {"d": date(2026, 2, 12)}, "12/02/2026"),
        (
            "{{ p | dia_danh_ngay(d, draft=True) }}",
            {"p": "Bình Lư", "d": date(2026, 3, 5)},
            "Bình Lư, ngày      tháng 3 năm 2026",
        ),
        ("{{ 1234567 | so }}", {}, "1.234.567"),
        ("{{ x | so(1) }}", {"x": 95.45}, "95,5"),
        ("{{ 95.5 | phan_tram }}", {}, "95,5%"),
        ("{{ 100.0 | phan_tram }}", {}, "100%"),
        ("{{ 2020 | bang_chu }}", {}, "hai nghìn không trăm hai mươi"),
        ("{{ 105 | bang_chu_hoa_dau }}", {}, "Một trăm linh năm"),
        ("{{ 4 | la_ma }}", {}, "IV"),
        ("{% for x in 'abcdef' %}{{ loop.index0 | diem }}{% endfor %}", {}, "abcdđe"),
        ("{{ 'Ủy ban nhân dân' | hoa }}", {}, "ỦY BAN NHÂN DÂN"),
        ("{{ 'xã Bình Lư' | hoa_dau }}", {}, "Xã Bình Lư"),
        ("{{ '  a   b ' | sach }}", {}, "a b"),
        ("{{ 12 | so_ky_hieu('KH', 'UBND') }}", {}, "12/KH-UBND"),
        ("{{ none | so_ky_hieu('KH', 'UBND') }}", {}, "      /KH-UBND"),
        ("{{ 'KH' | ten_loai }}", {}, "KẾ HOẠCH"),
        (
            "{{ ky | ky_va_phuong_huong }}",
            {"ky": vi.parse_ky("2026-H1")},
            "6 tháng đầu năm 2026 và phương hướng, nhiệm vụ 6 tháng cuối năm 2026",
        ),
        ("{{ 'Kế hoạch kiểm tra CCHC' | slug }}", {}, "ke-hoach-kiem-tra-cchc"),
    ],
)
def test_filter_in_template(
    env: jinja2.Environment, template: str, context: dict[str, object], expected: str
) -> None:
    assert env.from_string(template).render(**context) == expected


def test_filter_errors_reach_the_caller(env: jinja2.Environment) -> None:
    with pytest.raises(ValueError, match="số La Mã chỉ viết được"):
        env.from_string("{{ 0 | la_ma }}").render()


def test_helpers() -> None:
    assert capitalize_first("") == ""
    assert capitalize_first("đoàn kiểm tra") == "Đoàn kiểm tra"
    assert ngay(date(2026, 1, 2)) == "ngày 02 tháng 01 năm 2026"
    assert ten_loai("Tờ trình") == "TỜ TRÌNH"


def test_package_reexports_are_importable() -> None:
    for name in vi.__all__:
        assert hasattr(vi, name), name
