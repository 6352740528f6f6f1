"""The annual inspection: its plan (KH), the team decision (QĐ) and one conclusion (TB) per unit."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from generator.model.base import Model
from generator.model.fields import Ma, Nam, Ngay, Text
from generator.model.van_ban import VanBan

VaiTro = Literal["Trưởng đoàn", "Phó Trưởng đoàn", "Thành viên", "Thư ký"]


class NoiDungKiemTra(Model):
    """One area of the inspection contents with its items."""

    linh_vuc: Text
    muc: list[Text] = Field(default_factory=list)


class LichKiemTra(Model):
    """One inspected unit and when the team works there (`don_vi`)."""

    don_vi: Ma
    ngay: Ngay
    buoi: Literal["sáng", "chiều", "cả ngày"] | None = None
    ghi_chu: Text | None = None


class PhanCong(Model):
    """Duties of one unit in the TỔ CHỨC THỰC HIỆN section ("giao" or "đề nghị")."""

    don_vi: Ma
    noi_dung: list[Text] = Field(min_length=1)


class KeHoachKiemTra(Model):
    """Kế hoạch kiểm tra công tác CCHC năm (KH)."""

    van_ban: VanBan
    mo_dau: Text | None = None
    muc_dich: list[Text] = Field(min_length=1)
    yeu_cau: list[Text] = Field(min_length=1)
    noi_dung: list[NoiDungKiemTra] = Field(min_length=1)
    hinh_thuc: list[Text] = Field(min_length=1)
    thoi_gian: Text
    lich: list[LichKiemTra] = Field(min_length=1)
    thanh_phan_doan: Text | None = None
    to_chuc_thuc_hien: list[PhanCong] = Field(default_factory=list)
    han_bao_cao_tu_kiem_tra: Ngay | None = None
    kinh_phi: Text | None = None
    ket_thuc: Text | None = None


class ThanhVienDoan(Model):
    """A team member (`can_bo`) with the role in the team and the title as printed."""

    can_bo: Ma
    vai_tro: VaiTro
    chuc_vu_don_vi: Text | None = None


class QuyetDinhDoan(Model):
    """Quyết định thành lập Đoàn kiểm tra (QĐ)."""

    van_ban: VanBan
    tham_quyen_ban_hanh: Literal["chu_tich", "ubnd"] = "chu_tich"
    de_nghi_cua: Text
    thanh_vien: list[ThanhVienDoan] = Field(min_length=2)
    nhiem_vu: list[Text] = Field(min_length=1)
    han_bao_cao: Ngay | None = None
    bo_cuc_dieu: Literal["2_nhiem_vu_3_hieu_luc", "2_hieu_luc_3_thi_hanh"] = "2_nhiem_vu_3_hieu_luc"
    thi_hanh: list[Text] = Field(min_length=1)


class KetQuaLinhVuc(Model):
    """The inspection result of one area at one unit."""

    linh_vuc: Text
    noi_dung: Text


class TonTai(Model):
    """A finding (tồn tại, hạn chế), with whether and when it was fixed."""

    ma: Ma
    noi_dung: Text
    da_khac_phuc: bool = False
    ngay_khac_phuc: Ngay | None = None


class KienNghi(Model):
    """A requirement with its deadline, linked to the findings it fixes."""

    noi_dung: Text
    ton_tai: list[Ma] = Field(default_factory=list)
    don_vi_thuc_hien: Text | None = None
    han: Ngay


class KetLuan(Model):
    """Thông báo kết luận kiểm tra at one inspected unit (TB)."""

    don_vi: Ma
    van_ban: VanBan
    ngay_kiem_tra: Ngay
    dai_dien_don_vi: Text
    ket_qua: list[KetQuaLinhVuc] = Field(min_length=1)
    uu_diem: list[Text] = Field(min_length=1)
    ton_tai: list[TonTai] = Field(default_factory=list)
    nguyen_nhan_khach_quan: list[Text] = Field(default_factory=list)
    nguyen_nhan_chu_quan: list[Text] = Field(default_factory=list)
    kien_nghi: list[KienNghi] = Field(default_factory=list)
    han_bao_cao_khac_phuc: Ngay | None = None
    phu_luc: bool = True


class KiemTra(Model):
    """One year's inspection: the plan, the team decision and the conclusions."""

    nam: Nam
    ke_hoach: KeHoachKiemTra
    quyet_dinh: QuyetDinhDoan
    ket_luan: list[KetLuan] = Field(default_factory=list)
