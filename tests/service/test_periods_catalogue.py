"""Which units report in a period and what each one reports, read from the plan."""

from __future__ import annotations

from generator.model import DuLieu
from generator.service.periods.catalogue import catalogue, named_units
from generator.vi import parse_ky


def test_a_cell_naming_two_units_names_both_and_a_general_phrase_names_none(
    sample: DuLieu,
) -> None:
    org = sample.to_chuc
    assert [u.ma for u in named_units(org, "Văn phòng HĐND và UBND, Công an xã")] == [
        "vp-hdnd-ubnd",
        "cong-an",
    ]
    assert named_units(org, "Cơ quan, đơn vị có liên quan") == []
    assert [u.ma for u in named_units(org, "HĐND xã và các cơ quan, đơn vị có liên quan")] == [
        "hdnd"
    ]


def test_units_of_the_commune_named_by_the_plan_report_higher_and_independent_bodies_do_not(
    sample: DuLieu,
) -> None:
    cat = catalogue(sample, parse_ky("2026-H1"))
    units = [u.ma for u in cat.units]
    assert units == ["vp-hdnd-ubnd", "vhxh", "kinh-te", "tt-pvhcc", "tt-dvth", "cong-an"]
    assert "so-tai-chinh" not in units  # chủ trì of one activity, but a provincial department
    assert "hdnd" not in units  # phối hợp, but not under the UBND


def test_each_unit_gets_only_its_own_activities_and_indicators(sample: DuLieu) -> None:
    cat = catalogue(sample, parse_ky("2026-H1"))
    desk = [i.key for i in cat.items_of("tt-pvhcc") if not i.key.startswith("hoat_dong.")]
    assert "tthc.da_giai_quyet" in desk
    assert "chi_tieu.ct-05" in desk
    economy = [i.key for i in cat.items_of("kinh-te")]
    assert not any(k.startswith(("tthc.", "chi_tieu.")) for k in economy)
    tasks = [i for i in cat.items_of("kinh-te") if i.kind == "hoat_dong"]
    plan = sample.ke_hoach
    assert plan is not None
    expected = [
        f"hoat_dong.{t.linh_vuc}.{t.stt}"
        for t in plan.nhiem_vu
        if "Kinh tế" in t.ten_chu_tri or "Kinh tế" in (t.phoi_hop or "")
    ]
    assert [t.key for t in tasks] == expected
    assert expected
    ct05 = cat.item("chi_tieu.ct-05")
    assert ct05 is not None
    assert (ct05.rule, ct05.don_vi, ct05.role("cong-an")) == (
        "trung_binh",
        ("tt-pvhcc", "cong-an"),
        "Phối hợp",
    )


def test_a_year_the_plan_does_not_cover_has_no_activities(sample: DuLieu) -> None:
    cat = catalogue(sample, parse_ky("2025-H1"))
    assert cat.units == ()
