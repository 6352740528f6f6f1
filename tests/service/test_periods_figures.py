"""A unit's figures are checked with the parsers and the messages of `vanban check`."""

from __future__ import annotations

import pytest

from generator.errors import DataError
from generator.model import DuLieu
from generator.service.periods.catalogue import catalogue
from generator.service.periods.figures import Task, entries_from_json, parse_entries
from generator.vi import parse_ky


def _parse(sample: DuLieu, unit: str, body: object):  # type: ignore[no-untyped-def]
    cat = catalogue(sample, parse_ky("2026-H1"))
    found = cat.unit(unit)
    assert found is not None
    return parse_entries(entries_from_json(body), cat, found)


def test_values_typed_the_vietnamese_way_are_read(sample: DuLieu) -> None:
    figures = _parse(
        sample,
        "tt-pvhcc",
        {
            "so_van_ban_chi_dao": "3",
            "tthc.tiep_nhan_truc_tuyen": "1.020",
            "tthc.tiep_nhan_truc_tiep": 225,
            "tthc.da_giai_quyet": 1217,
            "tthc.dung_han": 1198,
            "tthc.qua_han": 19,
            "chi_tieu.ct-05": "97,5%",
            "hoat_dong.III.1": {"trang_thai": "Đã hoàn thành", "ngay_hoan_thanh": "05/06/2026"},
        },
    )
    assert figures.values["so_van_ban_chi_dao"] == 3
    assert figures.values["tthc.tiep_nhan_truc_tuyen"] == 1020
    assert figures.values["chi_tieu.ct-05"] == 97.5
    assert figures.tasks["hoat_dong.III.1"].trang_thai == "xong"


def test_every_problem_comes_back_at_once_with_the_check_messages(sample: DuLieu) -> None:
    with pytest.raises(DataError) as caught:
        _parse(
            sample,
            "tt-pvhcc",
            {
                "chi_tieu.ct-05": "chín lăm",
                "so_tin_bai_tuyen_truyen": "-2",
                "chi_tieu.ct-06": 100,
                "khong-co": 1,
                "hoat_dong.III.1": {"trang_thai": "xong"},
            },
        )
    shown = [(str(p.place), p.field_name, p.message) for p in caught.value.problems]
    assert shown == [
        (
            "dữ liệu JSON › chi_tieu.ct-05",
            "gia_tri",
            "cần một số phần trăm như 95 hoặc 95%, nhận được 'chín lăm'",
        ),
        (
            "dữ liệu JSON › so_tin_bai_tuyen_truyen",
            "gia_tri",
            "cần một số nguyên không âm như 1.234, nhận được '-2'",
        ),
        (
            "dữ liệu JSON › chi_tieu.ct-06",
            "gia_tri",
            "mục 'chi_tieu.ct-06' không thuộc phần báo cáo của Trung tâm Phục vụ hành chính "
            "công; đơn vị chỉ báo cáo các mục có trong biểu mẫu của mình",
        ),
        (
            "dữ liệu JSON › khong-co",
            "gia_tri",
            "không có mục 'khong-co' trong mẫu báo cáo kỳ này; tải lại biểu mẫu của đơn vị và "
            "ghi đúng mã mục",
        ),
        (
            "dữ liệu JSON › hoat_dong.III.1.trang_thai",
            "ngay_hoan_thanh",
            "nhiệm vụ đã xong cần ngày hoàn thành",
        ),
    ]


def test_one_stop_figures_must_add_up_as_vanban_check_says(sample: DuLieu) -> None:
    body = {
        "tthc.tiep_nhan_truc_tuyen": 10,
        "tthc.tiep_nhan_truc_tiep": 5,
        "tthc.da_giai_quyet": 10,
        "tthc.dung_han": 5,
        "tthc.qua_han": 1,
    }
    with pytest.raises(DataError) as caught:
        _parse(sample, "tt-pvhcc", body)
    assert [(str(p.place), p.message) for p in caught.value.problems] == [
        (
            "dữ liệu JSON › tthc.da_giai_quyet",
            "số hồ sơ đã giải quyết (10) phải bằng đúng hạn (5) cộng quá hạn (1)",
        )
    ]


def test_one_stop_figures_without_a_required_count_name_the_missing_one(sample: DuLieu) -> None:
    with pytest.raises(DataError) as caught:
        _parse(sample, "tt-pvhcc", {"tthc.tiep_nhan_truc_tuyen": 10})
    assert next((str(p.place), p.message) for p in caught.value.problems) == (
        "dữ liệu JSON › tthc.tiep_nhan_truc_tiep",
        "thiếu giá trị bắt buộc",
    )


def test_a_status_outside_the_list_names_the_list(sample: DuLieu) -> None:
    with pytest.raises(DataError) as caught:
        _parse(sample, "kinh-te", {"hoat_dong.VI.1": {"trang_thai": "gần xong"}})
    assert caught.value.problems[0].message == (
        "cần một trong các giá trị Chưa thực hiện, Đang thực hiện, Đã hoàn thành, Quá hạn, "
        "nhận được 'gần xong'"
    )


def test_a_body_that_is_not_an_object_is_refused(sample: DuLieu) -> None:
    with pytest.raises(DataError):
        _parse(sample, "kinh-te", [1, 2])


def test_task_round_trips_through_json(sample: DuLieu) -> None:
    figures = _parse(
        sample, "kinh-te", {"hoat_dong.VI.1": {"trang_thai": "dang", "ghi_chu": "Đang làm"}}
    )
    from generator.service.periods.figures import Figures

    again = Figures.from_json(figures.to_json())
    assert again.tasks == {"hoat_dong.VI.1": Task("dang", None)}
    assert again.notes == {"hoat_dong.VI.1": "Đang làm"}
