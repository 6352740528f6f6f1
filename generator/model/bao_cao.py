"""Period figures and narrative of a Báo cáo kết quả CCHC (quý, 6 tháng, 9 tháng, năm).

One `BaoCaoKy` per period code ("2026-H1"). A period kept only for comparisons (the same period
of last year, or a kỳ trước) needs no `van_ban` and no narrative: its figures are enough.
Figures that can be computed from the plan and the inspection (tasks done, units inspected,
findings fixed) may still be typed; `vanban check` then says when they disagree.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from generator.model.base import Model
from generator.model.fields import GiaTri, Ma, Ngay, SoLuong, Text, TyLe
from generator.model.van_ban import VanBan

# Indicators of the report that a plan chỉ tiêu may be measured by (see generator.report).
ChiSoTinhDuoc = Literal[
    "ty_le_hoan_thanh",
    "ty_le_khac_phuc",
    "ty_le_truc_tuyen",
    "ty_le_dung_han",
    "ty_le_thanh_toan_truc_tuyen",
    "ty_le_so_hoa",
    "ty_le_pakn_da_xu_ly",
]


class SoLieuTthc(Model):
    """Administrative-procedure figures of one period (from the province's one-stop system).

    `tiep_nhan_truc_tiep` counts files handed in at the desk and through the public postal
    service (BCCI). `co_phi_le_phi` counts the files that carry a fee or charge: the base of
    the online-payment rate (`thanh_toan_truc_tuyen` of them were paid online).
    The two typed rates are optional; when given they must match the counts.
    """

    ky_truoc_chuyen_sang: SoLuong = 0
    tiep_nhan_truc_tuyen: SoLuong
    tiep_nhan_truc_tiep: SoLuong
    da_giai_quyet: SoLuong
    dung_han: SoLuong
    qua_han: SoLuong = 0
    dang_giai_quyet: SoLuong = 0
    xin_loi: SoLuong = 0
    thanh_toan_truc_tuyen: SoLuong | None = None
    co_phi_le_phi: SoLuong | None = None
    so_hoa: SoLuong | None = None
    pakn_tiep_nhan: SoLuong = 0
    pakn_da_xu_ly: SoLuong = 0
    ty_le_dung_han: TyLe | None = None
    ty_le_truc_tuyen: TyLe | None = None


class GiaTriChiTieu(Model):
    """The value reached in the period for one plan indicator (`chi_tieu` id).

    Either typed (`gia_tri`) or measured by one of the report's computed indicators
    (`chi_so`, e.g. ty_le_dung_han); when both are given they must agree.
    """

    chi_tieu: Ma
    gia_tri: GiaTri | None = None
    chi_so: ChiSoTinhDuoc | None = None
    ghi_chu: Text | None = None


class DonViBaoCao(Model):
    """How one unit reported for the period (filled by Tổng hợp, printed as a table).

    `ngay_gui` is empty for a unit that did not report; `gui_cham` marks a report sent after the
    due date; `so_lieu` says what it reported, in words.
    """

    don_vi: Ma
    ngay_gui: Ngay | None = None
    gui_cham: bool = False
    so_lieu: Text | None = None


class BaoCaoKy(Model):
    """One reporting period: narrative sections, figures, and indicator values.

    The narrative lists follow the outline of the report (cchc-documents.md §6.2); an empty
    list leaves its sub-section out unless the report has computed sentences for it.
    """

    ky: Text
    van_ban: VanBan | None = None
    can_cu_yeu_cau: Text | None = None
    kinh_gui: Text | None = None
    # I. Công tác chỉ đạo, điều hành
    chi_dao_dieu_hanh: list[Text] = Field(default_factory=list)
    kiem_tra: list[Text] = Field(default_factory=list)
    tuyen_truyen: list[Text] = Field(default_factory=list)
    khao_sat_hai_long: list[Text] = Field(default_factory=list)
    sang_kien: list[Text] = Field(default_factory=list)
    ky_luat_ky_cuong: list[Text] = Field(default_factory=list)
    # II. Kết quả thực hiện các nhiệm vụ CCHC
    the_che: list[Text] = Field(default_factory=list)
    thu_tuc_hanh_chinh: list[Text] = Field(default_factory=list)
    to_chuc_bo_may: list[Text] = Field(default_factory=list)
    cong_vu: list[Text] = Field(default_factory=list)
    tai_chinh_cong: list[Text] = Field(default_factory=list)
    chinh_quyen_so: list[Text] = Field(default_factory=list)
    # III–V
    uu_diem: list[Text] = Field(default_factory=list)
    ton_tai: list[Text] = Field(default_factory=list)
    nguyen_nhan: list[Text] = Field(default_factory=list)
    phuong_huong: list[Text] = Field(default_factory=list)
    kien_nghi: list[Text] = Field(default_factory=list)
    # Figures typed by the office
    so_van_ban_chi_dao: SoLuong | None = None
    so_tin_bai_tuyen_truyen: SoLuong | None = None
    tthc: SoLieuTthc | None = None
    # The same figures of the same period last year, when that period has no entry of its own.
    tthc_cung_ky: SoLieuTthc | None = None
    # Figures the report computes; typed only to be checked (or for years without plan data)
    so_nhiem_vu: SoLuong | None = None
    so_nhiem_vu_hoan_thanh: SoLuong | None = None
    so_don_vi_kiem_tra: SoLuong | None = None
    so_ton_tai_phat_hien: SoLuong | None = None
    so_ton_tai_da_khac_phuc: SoLuong | None = None
    chi_tieu: list[GiaTriChiTieu] = Field(default_factory=list)
    # Which unit reported what (periodic collection, generator.service.periods).
    don_vi_bao_cao: list[DonViBaoCao] = Field(default_factory=list)
