"""Typed entities of a commune's CCHC year; imports nothing of the pipeline."""

from generator.model.bao_cao import BaoCaoKy, DonViBaoCao, GiaTriChiTieu, SoLieuTthc
from generator.model.du_lieu import DuLieu, cross_check
from generator.model.ke_hoach import ChiTieu, KeHoachCchc, LinhVuc, NhiemVu
from generator.model.kiem_tra import (
    KeHoachKiemTra,
    KetLuan,
    KetQuaLinhVuc,
    KiemTra,
    KienNghi,
    LichKiemTra,
    NoiDungKiemTra,
    PhanCong,
    QuyetDinhDoan,
    ThanhVienDoan,
    TonTai,
)
from generator.model.to_chuc import CanBo, DonVi, NguoiKy, ToChuc
from generator.model.van_ban import Muc, VanBan

__all__ = [
    "BaoCaoKy",
    "CanBo",
    "ChiTieu",
    "DonVi",
    "DonViBaoCao",
    "DuLieu",
    "GiaTriChiTieu",
    "KeHoachCchc",
    "KeHoachKiemTra",
    "KetLuan",
    "KetQuaLinhVuc",
    "KiemTra",
    "KienNghi",
    "LichKiemTra",
    "LinhVuc",
    "Muc",
    "NguoiKy",
    "NhiemVu",
    "NoiDungKiemTra",
    "PhanCong",
    "QuyetDinhDoan",
    "SoLieuTthc",
    "ThanhVienDoan",
    "ToChuc",
    "TonTai",
    "VanBan",
    "cross_check",
]
