"""What each unit reports in a period: the units the plan names, and the items each one owns.

Items come from the current data, never typed twice:
- every activity (`hoat_dong.<lĩnh vực>.<stt>`) of the plan in force: its progress, reported
  by the units named as chủ trì and phối hợp (the first chủ trì decides; a phối hợp unit that
  reports another progress is a conflict);
- every chỉ tiêu of the phase that names a chủ trì (`chi_tieu.<mã>`), combined by its `tong_hop`;
- the counts every unit keeps (`so_van_ban_chi_dao`, `so_tin_bai_tuyen_truyen`), added up;
- the one-stop figures (`tthc.<trường>`) of the units that are a Trung tâm Phục vụ hành chính công,
  added up.

The units of a period are the units under the UBND (quan_he truc_thuoc, not a higher body) that
the plan names as chủ trì or phối hợp; a name like "Văn phòng HĐND và UBND, Công an xã" names
both units, and a general phrase ("các cơ quan, đơn vị có liên quan") names none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from generator.model import DonVi, DuLieu, ToChuc
from generator.model.ke_hoach import TongHop
from generator.model.so_lieu import chi_tieu_of_phase, plan_covers
from generator.sources.workbook_spec import TTHC
from generator.vi import KyBaoCao

Kind = Literal["so_luong", "ty_le", "so", "hoat_dong"]

# Counts of the period every unit keeps; the commune's figure is their sum.
COUNTS: tuple[tuple[str, str, str], ...] = (
    ("so_van_ban_chi_dao", "Số văn bản chỉ đạo, điều hành về cải cách hành chính", "văn bản"),
    ("so_tin_bai_tuyen_truyen", "Số tin, bài tuyên truyền về cải cách hành chính", "tin, bài"),
)
# The one-stop counts (the two typed rates are left out: the report computes them).
TTHC_COUNTS: tuple[tuple[str, str], ...] = tuple(
    (name, label) for name, label in TTHC if not name.startswith("ty_le_")
)
_TTHC_UNIT = {"xin_loi": "thư", "pakn_tiep_nhan": "phản ánh", "pakn_da_xu_ly": "phản ánh"}
RULE_LABELS: dict[TongHop, str] = {
    "chu_tri": "Số của đơn vị chủ trì",
    "tong": "Cộng các đơn vị",
    "trung_binh": "Trung bình các đơn vị",
}


@dataclass(frozen=True)
class Item:
    """One thing a unit reports: its key, what the form shows, its type and how it combines.

    `don_vi` lists the reporting units, the unit in charge first; `chu_tri` how many of them
    (from the start) are named as chủ trì.
    """

    key: str
    label: str
    kind: Kind
    rule: TongHop
    don_vi: tuple[str, ...]
    chu_tri: int = 1
    don_vi_tinh: str = ""
    thoi_gian: str = ""

    def role(self, unit: str) -> str:
        """Return "Chủ trì" or "Phối hợp" for a unit reporting this item."""
        index = self.don_vi.index(unit)
        return "Chủ trì" if index < self.chu_tri else "Phối hợp"


@dataclass(frozen=True)
class Catalogue:
    """The units of a period (plan order) and every item they report."""

    units: tuple[DonVi, ...]
    items: tuple[Item, ...]

    def unit(self, ma: str) -> DonVi | None:
        """Return the period's unit with this id, or None."""
        return next((u for u in self.units if u.ma == ma), None)

    def items_of(self, unit: str) -> list[Item]:
        """Return the items `unit` reports, in form order."""
        return [item for item in self.items if unit in item.don_vi]

    def item(self, key: str) -> Item | None:
        """Return the item with this key, or None."""
        return next((i for i in self.items if i.key == key), None)


def named_units(org: ToChuc, text: str | None) -> list[DonVi]:
    """Return the units a chủ trì / phối hợp cell names, in the order written."""
    if not text:
        return []
    found: list[DonVi] = []

    def add(unit: DonVi | None) -> bool:
        if unit is not None and unit not in found:
            found.append(unit)
        return unit is not None

    add(org.find_unit_by_name(text))
    for raw in re.split(r"[,;]", text):
        piece = raw.strip()
        if piece and not add(org.find_unit_by_name(piece)):
            for part in re.split(r"\s+và\s+", piece):
                add(org.find_unit_by_name(part.strip()))
    return found


def _reports(unit: DonVi) -> bool:
    return unit.quan_he == "truc_thuoc" and unit.loai != "cap_tren"


def _named(org: ToChuc, chu_tri: str | None, phoi_hop: str | None) -> tuple[list[str], int]:
    lead = [u.ma for u in named_units(org, chu_tri) if _reports(u)]
    helpers = [u.ma for u in named_units(org, phoi_hop) if _reports(u) and u.ma not in lead]
    return [*lead, *helpers], len(lead)


def _coded(org: ToChuc, chu_tri: str | None, phoi_hop: str | None) -> tuple[list[str], int]:
    """Return the reporting units' codes of a chỉ tiêu (its cells hold codes), lead first."""
    lead = list(dict.fromkeys(u.ma for u in org.units_of(chu_tri or "")[0] if _reports(u)))
    helpers = [u.ma for u in org.units_of(phoi_hop or "")[0] if _reports(u)]
    return [*lead, *dict.fromkeys(m for m in helpers if m not in lead)], len(lead)


def plan_units(data: DuLieu) -> tuple[DonVi, ...]:
    """Return the units that report in some period of the plan: those its activities and
    chỉ tiêu (every phase) name as chủ trì or phối hợp, in the order of the units list."""
    org, plan = data.to_chuc, data.ke_hoach
    if plan is None:
        return ()
    wanted: set[str] = set()
    for task in plan.nhiem_vu:
        wanted.update(_named(org, task.chu_tri, task.phoi_hop)[0])
    for target in plan.chi_tieu:
        wanted.update(_coded(org, target.chu_tri, target.phoi_hop)[0])
    return tuple(u for u in org.don_vi if u.ma in wanted)


def catalogue(data: DuLieu, ky: KyBaoCao) -> Catalogue:
    """Return the units and items of period `ky` from the plan and units of `data`."""
    org, plan = data.to_chuc, data.ke_hoach
    named: list[Item] = []
    if plan is not None and plan_covers(plan, ky.nam):
        for task in plan.nhiem_vu:
            named_ids, lead = _named(org, task.chu_tri, task.phoi_hop)
            if named_ids:
                named.append(
                    Item(
                        f"hoat_dong.{task.linh_vuc}.{task.stt}",
                        task.hoat_dong,
                        "hoat_dong",
                        "chu_tri",
                        tuple(named_ids),
                        lead,
                        thoi_gian=task.thoi_gian,
                    )
                )
    for target in chi_tieu_of_phase(plan, ky.nam):
        named_ids, lead = _coded(org, target.chu_tri, target.phoi_hop)
        if named_ids and target.don_vi_tinh:
            named.append(
                Item(
                    f"chi_tieu.{target.ma}",
                    target.noi_dung,
                    "ty_le" if target.don_vi_tinh == "%" else "so",
                    target.tong_hop,
                    tuple(named_ids),
                    lead,
                    don_vi_tinh=target.don_vi_tinh,
                )
            )
    wanted = {ma for item in named for ma in item.don_vi}
    units = tuple(u for u in org.don_vi if u.ma in wanted)
    everyone = tuple(u.ma for u in units)
    counts = [
        Item(key, label, "so_luong", "tong", everyone, len(everyone), don_vi_tinh=dvt)
        for key, label, dvt in COUNTS
    ]
    desks = tuple(u.ma for u in units if u.loai == "trung_tam_pvhcc")
    tthc = [
        Item(
            f"tthc.{name}",
            f"Thủ tục hành chính: {label}",
            "so_luong",
            "tong",
            desks,
            len(desks),
            don_vi_tinh=_TTHC_UNIT.get(name, "hồ sơ"),
        )
        for name, label in TTHC_COUNTS
        if desks
    ]
    chi_tieu = [i for i in named if i.kind != "hoat_dong"]
    tasks = [i for i in named if i.kind == "hoat_dong"]
    return Catalogue(units, (*counts, *tthc, *chi_tieu, *tasks))
