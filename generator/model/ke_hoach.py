"""The Kế hoạch CCHC: objectives, indicators (`chi_tieu`) per phase, and the appendix of tasks."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, PrivateAttr

from generator.model.base import Model
from generator.model.fields import Ma, Ngay, Stt, Text, TyLe
from generator.model.van_ban import Muc, VanBan

TrangThai = Literal["chua", "dang", "xong", "qua_han"]
# How the commune's value of an indicator is made from the units' reports (periodic collection):
# the value of the unit in charge (two different values are a conflict), their sum, their mean.
TongHop = Literal["chu_tri", "tong", "trung_binh"]


class LinhVuc(Model):
    """A CCHC area, the group rows of the appendix (I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH …)."""

    ma: Text
    ten: Text


class ChiTieu(Model):
    """An indicator of the plan (`chi_tieu`), as worded in the plan, with its numeric target.

    `muc_tieu` is the target value (a percentage when `don_vi_tinh` is "%"), absent for a
    qualitative target; `so_sanh` says whether reaching at least or at most the target passes.
    `chu_tri` / `phoi_hop` hold the codes of the units that report its value each period
    ("tt-pvhcc", "vp-hdnd-ubnd, cong-an"; the main unit first), like every other reference to a
    unit; `tong_hop` says how their values make the commune's.
    """

    ma: Ma
    noi_dung: Text
    giai_doan: Text
    don_vi_tinh: Text | None = None
    muc_tieu: TyLe | None = None
    so_sanh: Literal["toi_thieu", "toi_da"] = "toi_thieu"
    chu_tri: Text | None = None
    phoi_hop: Text | None = None
    tong_hop: TongHop = "chu_tri"


class NhiemVu(Model):
    """One row of the plan's appendix: mục tiêu / nhiệm vụ / hoạt động and who does it when.

    An empty `muc_tieu` or `nhiem_vu` continues the one above (a merged cell in the table).
    `chu_tri` holds unit codes ("vp-hdnd-ubnd, tt-dvth", the main unit first), like every other
    reference to a unit; `ten_chu_tri` is what the documents print: the units' names, set when
    the whole dataset is validated.
    """

    _ten_chu_tri: str | None = PrivateAttr(default=None)

    stt: Stt
    linh_vuc: Text
    muc_tieu: Text | None = None
    nhiem_vu: Text | None = None
    hoat_dong: Text
    ket_qua: Text
    chu_tri: Text
    phoi_hop: Text | None = None
    thoi_gian: Text
    trang_thai: TrangThai = "chua"
    ngay_hoan_thanh: Ngay | None = None
    ghi_chu: Text | None = None

    @property
    def ten_chu_tri(self) -> str:
        """Return the names of the units in charge as printed ("A, B"), or the codes as given."""
        return self._ten_chu_tri or self.chu_tri

    def name_units(self, names: list[str]) -> None:
        """Record the printed names of the units in charge (resolved from `chu_tri`)."""
        self._ten_chu_tri = ", ".join(names) if names else None


class KeHoachCchc(Model):
    """The commune's Kế hoạch CCHC (annual or multi-year) with its appendix of tasks."""

    van_ban: VanBan
    giai_doan: Text
    mo_dau: Text
    muc_tieu: list[Text] = Field(min_length=1)
    yeu_cau: list[Text] = Field(min_length=1)
    chi_tieu: list[ChiTieu] = Field(min_length=1)
    nhiem_vu_giai_phap: list[Muc] = Field(default_factory=list)
    to_chuc_thuc_hien: list[Muc] = Field(default_factory=list)
    kinh_phi: list[Text] = Field(default_factory=list)
    ket_thuc: Text
    tieu_de_phu_luc: Text
    linh_vuc: list[LinhVuc] = Field(min_length=1)
    nhiem_vu: list[NhiemVu] = Field(min_length=1)
    ma_ke_hoach: Ma = "ke-hoach-cchc"
