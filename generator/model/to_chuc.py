"""The issuing organisation (UBND xã), its units, people and signer blocks."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from generator.limits import shown
from generator.model.base import Model
from generator.model.fields import Ma, Text

LoaiDonVi = Literal[
    "co_quan_chuyen_mon",
    "trung_tam_pvhcc",
    "don_vi_su_nghiep",
    "truong_hoc",
    "tram_y_te",
    "cong_an_xa",
    "thon_ban",
    "mttq_doan_the",
    "cap_tren",
    "khac",
]
QuanHe = Literal["truc_thuoc", "doc_lap"]
ThamQuyen = Literal["KT", "Q", "TL", "TUQ"]

# The levels of a commune-level government (after the 2025 reorganisation: no district level).
CAP = ("xã", "phường", "thị trấn", "đặc khu")


class DonVi(Model):
    """A unit: plan owner, inspected unit or recipient (`don_vi`)."""

    ma: Ma
    ten: Text
    ten_viet_tat: Text | None = None
    ten_goi_khac: list[Text] = Field(default_factory=list)
    loai: LoaiDonVi = "co_quan_chuyen_mon"
    quan_he: QuanHe = "truc_thuoc"
    thu_truong: Ma | None = None

    def names(self) -> list[str]:
        """Return every name this unit may be written as (full, short, aliases)."""
        found = [self.ten, *self.ten_goi_khac]
        if self.ten_viet_tat:
            found.append(self.ten_viet_tat)
        return found


class CanBo(Model):
    """A person: signer, team member, unit head (`can_bo`)."""

    ma: Ma
    ho_ten: Text
    danh_xung: Literal["Ông", "Bà"]
    chuc_vu: Text
    don_vi: Ma | None = None


class NguoiKy(Model):
    """A signer block (`nguoi_ky`): who signs and with which authority (`tham_quyen`).

    `thay_mat` prints "TM. <tập thể>", `tham_quyen` prefixes `chuc_danh` (the head's title) with
    KT. / Q. / TL. / TUQ.; KT., TL. and TUQ. add the signer's own `chuc_vu` line.
    """

    ma: Ma
    can_bo: Ma
    thay_mat: Text | None = None
    tham_quyen: ThamQuyen | None = None
    chuc_danh: Text
    chuc_vu: Text | None = None

    @model_validator(mode="after")
    def _check_lines(self) -> NguoiKy:
        needs_own_title = self.tham_quyen in ("KT", "TL", "TUQ")
        if needs_own_title and not self.chuc_vu:
            raise ValueError(
                f"thẩm quyền {self.tham_quyen}. cần chức vụ của người ký (chuc_vu), "
                "ví dụ Phó Chủ tịch"
            )
        if (
            needs_own_title
            and self.chuc_vu
            and self.chuc_vu.casefold() == self.chuc_danh.casefold()
        ):
            raise ValueError(
                f"thẩm quyền {self.tham_quyen}. cần chức vụ người ký khác chức danh người đứng "
                f"đầu, nhận được {shown(self.chuc_vu)} cho cả hai"
            )
        return self


class ToChuc(Model):
    """The issuing body (`to_chuc`): a UBND xã with its units, people and signers."""

    ma: Ma
    ten_day_du: Text
    co_quan_chu_quan: Text | None = None
    ten_co_quan: list[Text] = Field(min_length=1)
    ky_hieu: Text
    dia_danh: Text
    tinh: Text
    co_quan_cap_tren: Text
    don_vi_tham_muu: Ma
    don_vi: list[DonVi] = Field(min_length=1)
    can_bo: list[CanBo] = Field(min_length=1)
    nguoi_ky: list[NguoiKy] = Field(min_length=1)
    chot_so_lieu: dict[str, tuple[str, str]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check_level(self) -> ToChuc:
        if _level_of(self.ten_day_du) is None:
            raise ValueError(
                "tên đầy đủ (ten_day_du) cần ghi cấp chính quyền: xã, phường, thị trấn hoặc "
                f"đặc khu, như Ủy ban nhân dân phường Tân Lập; nhận được {shown(self.ten_day_du)}"
            )
        return self

    @property
    def cap(self) -> str:
        """Return the level named in ten_day_du: "xã", "phường", "thị trấn" or "đặc khu"."""
        return _level_of(self.ten_day_du) or "xã"

    @property
    def ubnd(self) -> str:
        """Return the body without its name, as sentences name it: "Ủy ban nhân dân phường"."""
        return f"Ủy ban nhân dân {self.cap}"

    def unit(self, ma: str) -> DonVi | None:
        """Return the unit with this id, or None."""
        return next((u for u in self.don_vi if u.ma == ma), None)

    def person(self, ma: str) -> CanBo | None:
        """Return the person with this id, or None."""
        return next((p for p in self.can_bo if p.ma == ma), None)

    def signer(self, ma: str) -> NguoiKy | None:
        """Return the signer block with this id, or None."""
        return next((s for s in self.nguoi_ky if s.ma == ma), None)

    def units_of(self, codes: str) -> tuple[list[DonVi], list[str]]:
        """Return the units named by the codes in `codes` ("vp-hdnd-ubnd, tt-dvth"; "," or ";"
        or a new line between them), and the parts that are no unit's code."""
        found: list[DonVi] = []
        unknown: list[str] = []
        for part in re.split(r"[,;\n]", codes):
            code = part.strip()
            if not code:
                continue
            unit = self.unit(code)
            if unit is None:
                unknown.append(code)
            else:
                found.append(unit)
        return found, unknown

    def find_unit_by_name(self, name: str) -> DonVi | None:
        """Return the unit written as `name` (case, dashes and spaces ignored), or None."""
        wanted = _name_key(name)
        for unit in self.don_vi:
            if unit.ma == name or any(_name_key(n) == wanted for n in unit.names()):
                return unit
        return None


def _level_of(name: str) -> str | None:
    words = f" {' '.join(name.casefold().split())} "
    found = [(words.find(f" {c} "), c) for c in CAP if f" {c} " in words]
    return min(found)[1] if found else None


def _name_key(name: str) -> str:
    return " ".join(name.replace("–", "-").replace("—", "-").casefold().split())
