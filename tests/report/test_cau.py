"""Every generated sentence form: tăng / giảm / không đổi, đạt / chưa đạt / vượt, no kỳ trước."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from generator.model import ChiTieu
from generator.model.so_lieu import CuaSo, period_values
from generator.report import cau, so_lieu
from generator.report.so_lieu import so_lieu_bao_cao
from tests.report.conftest import load_case

MOC = "cùng kỳ năm 2025"


def target(value: float | None, so_sanh: str = "toi_thieu", unit: str | None = "%") -> ChiTieu:
    return ChiTieu.model_validate(
        {
            "ma": "ct",
            "noi_dung": "Chỉ tiêu",
            "giai_doan": "2026-2027",
            "don_vi_tinh": unit,
            "muc_tieu": value,
            "so_sanh": so_sanh,
        }
    )


@pytest.mark.parametrize(
    ("now", "before", "expected"),
    [
        (1245, 1108, "tăng 12,4% so với cùng kỳ năm 2025"),
        (520, 540, "giảm 3,7% so với cùng kỳ năm 2025"),
        (35, 35, "không thay đổi so với cùng kỳ năm 2025"),
        (15, 0, "tăng 15 hồ sơ so với cùng kỳ năm 2025"),
        (0, 4, "giảm 100% so với cùng kỳ năm 2025"),
    ],
)
def test_count_comparisons(now: int, before: int, expected: str) -> None:
    assert cau.so_sanh(now, before, MOC, la_ty_le=False, don_vi="hồ sơ") == expected


@pytest.mark.parametrize(
    ("now", "before", "expected"),
    [
        (98.44, 95.14, "tăng 3,3 điểm phần trăm so với cùng kỳ năm 2025"),
        (81.9, 85.0, "giảm 3,1 điểm phần trăm so với cùng kỳ năm 2025"),
        (100.0, 96.0, "tăng 4 điểm phần trăm so với cùng kỳ năm 2025"),
        # The difference of the true values, rounded once: 93,44 − 81,86 = 11,58 → 11,6
        # (differencing the printed 93,4 and 81,9 would say 11,5).
        (93.44, 81.86, "tăng 11,6 điểm phần trăm so với cùng kỳ năm 2025"),
        (98.04, 97.96, "tăng 0,1 điểm phần trăm so với cùng kỳ năm 2025"),
        # Less than half a tenth apart: no change as printed.
        (98.02, 97.99, "không thay đổi so với cùng kỳ năm 2025"),
    ],
)
def test_rate_comparisons_are_in_percentage_points(
    now: float, before: float, expected: str
) -> None:
    assert cau.so_sanh(now, before, MOC, la_ty_le=True) == expected


def test_missing_earlier_value_gives_no_comparison() -> None:
    assert cau.so_sanh(12, None, MOC, la_ty_le=False) is None
    assert cau.so_sanh(None, 12, MOC, la_ty_le=False) is None
    assert cau.so_sanh_ngan(12, None, la_ty_le=False) == "-"


@pytest.mark.parametrize(
    ("now", "before", "ty_le", "expected"),
    [
        (1245, 612, False, "Tăng 103,4%"),
        (12, 19, False, "Giảm 36,8%"),
        (7, 0, False, "Tăng 7"),
        (5, 5, False, "Không đổi"),
        (98.4, 98.0, True, "Tăng 0,4 điểm %"),
        (79.9, 81.9, True, "Giảm 2 điểm %"),
    ],
)
def test_table_comparisons(now: float, before: float, ty_le: bool, expected: str) -> None:
    assert cau.so_sanh_ngan(now, before, la_ty_le=ty_le) == expected


@pytest.mark.parametrize(
    ("value", "goal", "so_sanh", "expected"),
    [
        (96.2, 95, "toi_thieu", "vuot"),
        (100.0, 100, "toi_thieu", "dat"),
        (99.96, 100, "toi_thieu", "dat"),  # printed as 100%
        (98.4, 100, "toi_thieu", "chua_dat"),
        (1.5, 2, "toi_da", "dat"),
        (2.5, 2, "toi_da", "chua_dat"),
    ],
)
def test_assessment_against_the_plan(
    value: float, goal: float, so_sanh: str, expected: str
) -> None:
    assert cau.danh_gia(value, target(goal, so_sanh)) == expected


def test_assessment_sentences() -> None:
    assert cau.cau_danh_gia(98.4, target(100)) == "chưa đạt chỉ tiêu 100% của Kế hoạch"
    assert cau.cau_danh_gia(100.0, target(100)) == "đạt chỉ tiêu 100% của Kế hoạch"
    assert cau.cau_danh_gia(81.9, target(80)) == "vượt chỉ tiêu 80% của Kế hoạch"
    assert cau.cau_danh_gia(1.5, target(2, "toi_da")) == "đạt chỉ tiêu không quá 2% của Kế hoạch"
    assert cau.cau_danh_gia(6, target(5, unit="văn bản")) == "vượt chỉ tiêu 5 văn bản của Kế hoạch"
    # A qualitative chỉ tiêu, or no chỉ tiêu at all, is not assessed.
    assert cau.cau_danh_gia(50.0, target(None)) is None
    assert cau.cau_danh_gia(50.0, None) is None
    assert cau.cau_danh_gia(None, target(100)) is None


def test_tthc_sentences_of_the_sample_half_year() -> None:
    s = so_lieu_bao_cao(load_case("binh-lu", Path()), "2026-H1")
    first, second, *_ = cau.cau_tthc(s)
    assert first == (
        "Tổng số hồ sơ tiếp nhận là 1.245 hồ sơ (trực tuyến 1.020 hồ sơ, đạt 81,9%, tăng 2 điểm "
        "phần trăm so với quý I năm 2026 và tăng 12,3 điểm phần trăm so với cùng kỳ năm 2025; "
        "trực tiếp và qua dịch vụ bưu chính công ích 225 hồ sơ), tăng 12,4% so với cùng kỳ năm "
        "2025; kỳ trước chuyển sang 28 hồ sơ."
    )
    assert second == (
        "Đã giải quyết 1.217 hồ sơ, trong đó đúng hạn 1.198 hồ sơ (đạt 98,4%, tăng 0,5 điểm phần "
        "trăm so với quý I năm 2026 và tăng 3,3 điểm phần trăm so với cùng kỳ năm 2025), quá hạn "
        "19 hồ sơ; đang giải quyết 56 hồ sơ."
    )


def test_sentences_without_earlier_periods(tmp_path: Path) -> None:
    """Quý III of the case has a kỳ trước (6 tháng) but no quý III of 2025."""
    s = so_lieu_bao_cao(load_case("ca-nam", tmp_path), "2026-Q3")
    assert s.cung_ky is None
    assert s.nhan_truoc == "6 tháng đầu năm 2026"
    assert cau.cau_van_ban_chi_dao(s) == (
        "Trong kỳ, Ủy ban nhân dân xã đã ban hành 4 văn bản chỉ đạo, điều hành về cải cách hành "
        "chính."
    )
    s = dataclasses.replace(s, truoc=None, nhan_truoc=None)
    second = cau.cau_tthc(s)[1]
    assert second == (
        "Đã giải quyết 690 hồ sơ, trong đó đúng hạn 684 hồ sơ (đạt 99,1%), quá hạn 6 hồ sơ; đang "
        "giải quyết 68 hồ sơ."
    )


def test_inspection_sentence_of_the_year(tmp_path: Path) -> None:
    s = so_lieu_bao_cao(load_case("ca-nam", tmp_path), "2026")
    units, found, fixed = (
        s.nay["don_vi_kiem_tra"],
        s.nay["ton_tai_phat_hien"],
        s.nay["ton_tai_da_khac_phuc"],
    )
    assert cau.cau_kiem_tra(s) == (
        f"Trong kỳ, Ủy ban nhân dân xã đã tổ chức kiểm tra công tác cải cách hành chính tại "
        f"{units} cơ quan, đơn vị; qua kiểm tra đã chỉ ra {found} tồn tại, hạn chế; tính đến "
        f"ngày 14/12/2026, đã khắc phục {fixed}/{found} tồn tại, hạn chế "
        f"(đạt {cau.ty_le(s.nay['ty_le_khac_phuc'])})."  # type: ignore[arg-type]
    )


def test_no_inspection_yet_and_no_complaints() -> None:
    s = so_lieu_bao_cao(load_case("binh-lu", Path()), "2026-Q1")
    assert cau.cau_kiem_tra(s) == (
        "Trong kỳ, chưa tổ chức kiểm tra công tác cải cách hành chính tại các cơ quan, đơn vị."
    )
    entry = s.entry.model_copy(deep=True)
    assert entry.tthc is not None
    entry.tthc.pakn_tiep_nhan = entry.tthc.pakn_da_xu_ly = 0
    entry.tthc.qua_han, entry.tthc.xin_loi = 0, 0
    entry.tthc.dung_han = entry.tthc.da_giai_quyet
    quiet = dataclasses.replace(s, entry=entry)
    sentences = cau.cau_tthc(quiet)
    assert "không có hồ sơ quá hạn" in sentences[1]
    assert sentences[-1] == (
        "Trong kỳ, không tiếp nhận phản ánh, kiến nghị về quy định, thủ tục hành chính."
    )


def test_plan_progress_sentence() -> None:
    s = so_lieu_bao_cao(load_case("binh-lu", Path()), "2026-H1")
    text = cau.cau_ke_hoach(s, "Kế hoạch cải cách hành chính xã Bình Lư giai đoạn 2026-2030")
    total, done = s.nay["tong_nhiem_vu"], s.nay["nhiem_vu_hoan_thanh"]
    assert text is not None
    assert text.startswith(
        "Ủy ban nhân dân xã đã ban hành Kế hoạch cải cách hành chính xã Bình Lư giai đoạn "
        f"2026-2030, xác định {total} hoạt động; tính đến ngày 14/6/2026, đã hoàn thành "
        f"{done}/{total} hoạt động (đạt {cau.ty_le(100 * done / total)}, "  # type: ignore[operator]
    )


def _zeroed(s: so_lieu.SoLieuBaoCao, **figures: int | None) -> so_lieu.SoLieuBaoCao:
    """Return the figures of `s` with TTHC counts replaced, ratios recomputed from them."""
    entry = s.entry.model_copy(deep=True)
    assert entry.tthc is not None
    for key, value in figures.items():
        setattr(entry.tthc, key, value)
    nay = period_values(None, None, entry, CuaSo(s.ky.nam, s.ky.chot_tu, s.ky.chot_den))
    return dataclasses.replace(s, entry=entry, nay={**s.nay, **nay})


def test_a_zero_quarter_says_zero_in_words() -> None:
    """No "0 hồ sơ", "đạt -" or "0 tin, bài": each zero figure is a sentence of its own."""
    s = so_lieu_bao_cao(load_case("binh-lu", Path()), "2026-Q1")
    zero = _zeroed(
        s,
        ky_truoc_chuyen_sang=0,
        tiep_nhan_truc_tuyen=0,
        tiep_nhan_truc_tiep=0,
        da_giai_quyet=0,
        dung_han=0,
        qua_han=0,
        dang_giai_quyet=0,
        xin_loi=0,
        thanh_toan_truc_tuyen=0,
        so_hoa=0,
        pakn_tiep_nhan=0,
        pakn_da_xu_ly=0,
        ty_le_dung_han=None,
        ty_le_truc_tuyen=None,
    )
    zero = dataclasses.replace(zero, truoc=None, cung_ky=None)
    sentences = cau.cau_tthc(zero)
    assert sentences == [
        "Trong kỳ, không tiếp nhận mới hồ sơ thủ tục hành chính.",
        "Trong kỳ, chưa có hồ sơ được giải quyết xong.",
        "Trong kỳ, không có hồ sơ thực hiện thanh toán trực tuyến phí, lệ phí.",
        "Trong kỳ, chưa số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.",
        "Trong kỳ, không tiếp nhận phản ánh, kiến nghị về quy định, thủ tục hành chính.",
    ]
    nay = {**zero.nay, "tin_bai_tuyen_truyen": 0}
    assert cau.cau_tuyen_truyen(dataclasses.replace(zero, nay=nay)) == (
        "Trong kỳ, chưa đăng tải tin, bài tuyên truyền về cải cách hành chính."
    )
    for text in [*sentences, cau.cau_tuyen_truyen(dataclasses.replace(zero, nay=nay)) or ""]:
        assert not re.search(r"\b0 |đạt -|\(\)", text), text


def test_online_payment_rate_has_its_base() -> None:
    s = so_lieu_bao_cao(load_case("binh-lu", Path()), "2026-Q1")
    paid = _zeroed(s, thanh_toan_truc_tuyen=98, co_phi_le_phi=140)
    paid = dataclasses.replace(paid, truoc=None, cung_ky=None)
    assert paid.nay["ty_le_thanh_toan_truc_tuyen"] == pytest.approx(70.0)
    assert (
        "Số hồ sơ thực hiện thanh toán trực tuyến phí, lệ phí là 98 hồ sơ (đạt 70% số hồ sơ có "
        "phí, lệ phí)." in cau.cau_tthc(paid)
    )


def test_the_level_of_the_body_names_it_in_sentences() -> None:
    data = load_case("binh-lu", Path())
    org = data.to_chuc.model_copy(update={"ten_day_du": "Ủy ban nhân dân phường Tân Lập"})
    assert org.cap == "phường"
    s = so_lieu_bao_cao(data.model_copy(update={"to_chuc": org}), "2026-H1")
    text = cau.cau_ke_hoach(s, "Kế hoạch") or ""
    assert text.startswith("Ủy ban nhân dân phường đã ban hành Kế hoạch")
