"""Period figures and narrative of a Báo cáo kết quả CCHC (quý, 6 tháng, 9 tháng, năm)."""

from __future__ import annotations

from pydantic import Field

from generator.model.base import Model
from generator.model.fields import Ma, So, SoLuong, Text
from generator.model.van_ban import VanBan


class SoLieuTthc(Model):
    """Administrative-procedure figures of one period (from the province's one-stop system)."""

    ky_truoc_chuyen_sang: SoLuong = 0
    tiep_nhan_truc_tuyen: SoLuong
    tiep_nhan_truc_tiep: SoLuong
    da_giai_quyet: SoLuong
    dung_han: SoLuong
    qua_han: SoLuong = 0
    dang_giai_quyet: SoLuong = 0
    xin_loi: SoLuong = 0
    thanh_toan_truc_tuyen: SoLuong | None = None
    pakn_tiep_nhan: SoLuong = 0
    pakn_da_xu_ly: SoLuong = 0


class GiaTriChiTieu(Model):
    """The value reached in the period for one plan indicator (`chi_tieu` id)."""

    chi_tieu: Ma
    gia_tri: So
    ghi_chu: Text | None = None


class BaoCaoKy(Model):
    """One periodic report: narrative sections from data, figures, and indicator values."""

    ky: Text
    van_ban: VanBan
    can_cu_yeu_cau: Text | None = None
    chi_dao_dieu_hanh: list[Text] = Field(default_factory=list)
    the_che: list[Text] = Field(default_factory=list)
    thu_tuc_hanh_chinh: list[Text] = Field(default_factory=list)
    to_chuc_bo_may: list[Text] = Field(default_factory=list)
    cong_vu: list[Text] = Field(default_factory=list)
    tai_chinh_cong: list[Text] = Field(default_factory=list)
    chinh_quyen_so: list[Text] = Field(default_factory=list)
    uu_diem: list[Text] = Field(default_factory=list)
    ton_tai: list[Text] = Field(default_factory=list)
    phuong_huong: list[Text] = Field(default_factory=list)
    kien_nghi: list[Text] = Field(default_factory=list)
    so_van_ban_chi_dao: SoLuong = 0
    so_tin_bai_tuyen_truyen: SoLuong = 0
    tthc: SoLieuTthc
    tthc_cung_ky: SoLieuTthc | None = None
    chi_tieu: list[GiaTriChiTieu] = Field(default_factory=list)
