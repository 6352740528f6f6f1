"""Figures of one reporting period, computed from the plan, the inspection and the typed counts.

Pure functions over model entities. They live in the model layer because `vanban check`
compares typed figures with these computed ones; the report (generator.report) prints them.

Rules (chosen here and stated in the report's sentences):
- plan tasks count when the plan's giai đoạn covers the report year; a task is done in the
  period when its trang_thai is "xong" and its ngay_hoan_thanh is on or before the cut-off;
- an inspected unit counts when its Thông báo kết luận has ngay_kiem_tra inside the period's
  cut-off window; a finding counts as fixed when it is marked fixed and its ngay_khac_phuc (if
  given) is on or before the cut-off;
- a ratio is computed from its parts, never typed; it is None when the denominator is 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from generator.model.bao_cao import BaoCaoKy
from generator.model.ke_hoach import ChiTieu, KeHoachCchc, NhiemVu
from generator.model.kiem_tra import KetLuan, KiemTra

Value = float | int | None

# Indicator keys whose value is a percentage.
TY_LE = frozenset(
    {
        "ty_le_hoan_thanh",
        "ty_le_khac_phuc",
        "ty_le_truc_tuyen",
        "ty_le_dung_han",
        "ty_le_so_hoa",
        "ty_le_pakn_da_xu_ly",
        "ty_le_thanh_toan_truc_tuyen",
    }
)


@dataclass(frozen=True)
class CuaSo:
    """The cut-off window of a period: first and last day, and the report year."""

    nam: int
    tu: date
    den: date


def years_of(giai_doan: str) -> tuple[int, int] | None:
    """Return the first and last year named in "2026-2030" / "năm 2026", or None."""
    found = [int(y) for y in re.findall(r"\b(\d{4})\b", giai_doan)]
    if not found:
        return None
    return min(found), max(found)


def plan_covers(plan: KeHoachCchc | None, nam: int) -> bool:
    """Return whether the plan is in force in year `nam` (its giai đoạn includes it)."""
    if plan is None:
        return False
    years = years_of(plan.giai_doan)
    return years is not None and years[0] <= nam <= years[1]


def chi_tieu_of_phase(plan: KeHoachCchc | None, nam: int) -> list[ChiTieu]:
    """Return the plan's chỉ tiêu whose giai đoạn includes year `nam`, in plan order."""
    if plan is None:
        return []
    found = []
    for item in plan.chi_tieu:
        years = years_of(item.giai_doan)
        if years is not None and years[0] <= nam <= years[1]:
            found.append(item)
    return found


def task_state(task: NhiemVu, cut_off: date) -> str:
    """Return the task's status at the cut-off: xong, dang, chua or qua_han.

    A task marked done after the cut-off was still in progress at the cut-off.
    """
    if task.trang_thai == "xong":
        done_on = task.ngay_hoan_thanh
        return "xong" if done_on is None or done_on <= cut_off else "dang"
    return task.trang_thai


def conclusions_in(kiem_tra: KiemTra | None, window: CuaSo) -> list[KetLuan]:
    """Return the conclusions of inspections held inside the window (same year only)."""
    if kiem_tra is None or kiem_tra.nam != window.nam:
        return []
    return [tb for tb in kiem_tra.ket_luan if window.tu <= tb.ngay_kiem_tra <= window.den]


def ratio(part: Value, whole: Value) -> float | None:
    """Return part / whole in percent, or None when either is missing or whole is 0."""
    if part is None or whole is None or whole == 0:
        return None
    return 100.0 * float(part) / float(whole)


def computed_counts(
    plan: KeHoachCchc | None, kiem_tra: KiemTra | None, window: CuaSo
) -> dict[str, int | None]:
    """Return the counts computed from the plan tasks and the inspection for the window.

    Keys: tong_nhiem_vu, nhiem_vu_hoan_thanh, nhiem_vu_dang, nhiem_vu_chua, nhiem_vu_qua_han,
    don_vi_kiem_tra, ton_tai_phat_hien, ton_tai_da_khac_phuc; None when there is no data.
    """
    counts: dict[str, int | None] = dict.fromkeys(
        (
            "tong_nhiem_vu",
            "nhiem_vu_hoan_thanh",
            "nhiem_vu_dang",
            "nhiem_vu_chua",
            "nhiem_vu_qua_han",
            "don_vi_kiem_tra",
            "ton_tai_phat_hien",
            "ton_tai_da_khac_phuc",
        )
    )
    if plan is not None and plan_covers(plan, window.nam):
        states = [task_state(t, window.den) for t in plan.nhiem_vu]
        counts["tong_nhiem_vu"] = len(states)
        counts["nhiem_vu_hoan_thanh"] = states.count("xong")
        counts["nhiem_vu_dang"] = states.count("dang")
        counts["nhiem_vu_chua"] = states.count("chua")
        counts["nhiem_vu_qua_han"] = states.count("qua_han")
    if kiem_tra is not None and kiem_tra.nam == window.nam:
        held = conclusions_in(kiem_tra, window)
        findings = [f for tb in held for f in tb.ton_tai]
        counts["don_vi_kiem_tra"] = len({tb.don_vi for tb in held})
        counts["ton_tai_phat_hien"] = len(findings)
        counts["ton_tai_da_khac_phuc"] = sum(
            1
            for f in findings
            if f.da_khac_phuc and (f.ngay_khac_phuc is None or f.ngay_khac_phuc <= window.den)
        )
    return counts


# Typed fields of BaoCaoKy that the computed counts check, and their Vietnamese names.
TYPED_VS_COMPUTED: dict[str, tuple[str, str]] = {
    "so_nhiem_vu": ("tong_nhiem_vu", "số hoạt động của Kế hoạch"),
    "so_nhiem_vu_hoan_thanh": ("nhiem_vu_hoan_thanh", "số hoạt động đã hoàn thành"),
    "so_don_vi_kiem_tra": ("don_vi_kiem_tra", "số cơ quan, đơn vị được kiểm tra"),
    "so_ton_tai_phat_hien": ("ton_tai_phat_hien", "số tồn tại, hạn chế phát hiện qua kiểm tra"),
    "so_ton_tai_da_khac_phuc": ("ton_tai_da_khac_phuc", "số tồn tại, hạn chế đã khắc phục"),
}


def period_values(
    plan: KeHoachCchc | None,
    kiem_tra: KiemTra | None,
    entry: BaoCaoKy | None,
    window: CuaSo,
) -> dict[str, Value]:
    """Return every indicator value of one period: computed counts first, typed ones as a
    fallback (a year the plan or inspection data does not cover), ratios from their parts.
    """
    values: dict[str, Value] = dict(computed_counts(plan, kiem_tra, window))
    if entry is not None:
        for typed_field, (key, _) in TYPED_VS_COMPUTED.items():
            if values.get(key) is None:
                values[key] = getattr(entry, typed_field)
        values["van_ban_chi_dao"] = entry.so_van_ban_chi_dao
        values["tin_bai_tuyen_truyen"] = entry.so_tin_bai_tuyen_truyen
        t = entry.tthc
        if t is not None:
            values.update(
                ho_so_ky_truoc=t.ky_truoc_chuyen_sang,
                ho_so_tiep_nhan=t.tiep_nhan_truc_tuyen + t.tiep_nhan_truc_tiep,
                ho_so_truc_tuyen=t.tiep_nhan_truc_tuyen,
                ho_so_truc_tiep=t.tiep_nhan_truc_tiep,
                ho_so_da_giai_quyet=t.da_giai_quyet,
                ho_so_dung_han=t.dung_han,
                ho_so_qua_han=t.qua_han,
                ho_so_dang_giai_quyet=t.dang_giai_quyet,
                ho_so_xin_loi=t.xin_loi,
                thanh_toan_truc_tuyen=t.thanh_toan_truc_tuyen,
                ho_so_co_phi=t.co_phi_le_phi,
                ho_so_so_hoa=t.so_hoa,
                pakn_tiep_nhan=t.pakn_tiep_nhan,
                pakn_da_xu_ly=t.pakn_da_xu_ly,
            )
    values["ty_le_hoan_thanh"] = ratio(values.get("nhiem_vu_hoan_thanh"), values["tong_nhiem_vu"])
    values["ty_le_khac_phuc"] = ratio(
        values.get("ton_tai_da_khac_phuc"), values.get("ton_tai_phat_hien")
    )
    values["ty_le_truc_tuyen"] = ratio(
        values.get("ho_so_truc_tuyen"), values.get("ho_so_tiep_nhan")
    )
    values["ty_le_dung_han"] = ratio(
        values.get("ho_so_dung_han"), values.get("ho_so_da_giai_quyet")
    )
    values["ty_le_thanh_toan_truc_tuyen"] = ratio(
        values.get("thanh_toan_truc_tuyen"), values.get("ho_so_co_phi")
    )
    values["ty_le_so_hoa"] = ratio(values.get("ho_so_so_hoa"), values.get("ho_so_da_giai_quyet"))
    values["ty_le_pakn_da_xu_ly"] = ratio(values.get("pakn_da_xu_ly"), values.get("pakn_tiep_nhan"))
    return values
