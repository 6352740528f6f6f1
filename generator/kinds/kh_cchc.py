"""Context of the Kế hoạch cải cách hành chính (KH), template kehoach/ke-hoach-cchc.docx.

Keys besides the shared envelope (kinds/common.py): mo_dau; muc, the body as a section tree
[{so, tieu_de, doan, muc_con}] (I. MỤC TIÊU, YÊU CẦU / II. CHỈ TIÊU, NHIỆM VỤ TRỌNG TÂM with
both phases of chỉ tiêu / III. TỔ CHỨC THỰC HIỆN / IV. KINH PHÍ THỰC HIỆN); ket_thuc;
tieu_de_phu_luc, kem_theo; phu_luc, the appendix rows: group rows {nhom, tt, tieu_de} whose
heading counts are computed from the rows, and data rows {tt, muc_tieu, nhiem_vu, hoat_dong,
ket_qua, chu_tri, phoi_hop, thoi_gian, vm_muc_tieu, vm_nhiem_vu} where vm_* is "restart" or
"continue" (a cell merged with the one above).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from generator.errors import UsageError
from generator.kinds.common import envelope, giai_doan_text, strip_end
from generator.model import DuLieu, KeHoachCchc, Muc, NhiemVu
from generator.model.so_lieu import years_of
from generator.vi import diem_letter, roman
from generator.vi.text import clean_text

LOAI_VAN_BAN = "KH"


def plan_of(data: DuLieu) -> KeHoachCchc:
    """Return the plan of the data, or raise UsageError when there is none."""
    if data.ke_hoach is None:
        raise UsageError(
            "dữ liệu chưa có Kế hoạch cải cách hành chính (tệp ke-hoach.yaml hoặc trang tính "
            "kế hoạch) nên không lập được Kế hoạch"
        )
    return data.ke_hoach


def counts(rows: list[NhiemVu]) -> tuple[int, int, int]:
    """Return (mục tiêu, nhiệm vụ, hoạt động) of an area: the cells that start a merge."""
    return (
        sum(1 for r in rows if r.muc_tieu),
        sum(1 for r in rows if r.nhiem_vu),
        len(rows),
    )


def group_heading(ten: str, rows: list[NhiemVu]) -> str:
    """Return "CẢI CÁCH THỂ CHẾ (3 Mục tiêu; 3 Nhiệm vụ; 7 Hoạt động)"."""
    muc_tieu, nhiem_vu, hoat_dong = counts(rows)
    return f"{ten} ({muc_tieu} Mục tiêu; {nhiem_vu} Nhiệm vụ; {hoat_dong} Hoạt động)"


def phu_luc_rows(plan: KeHoachCchc) -> list[dict[str, Any]]:
    """Return the appendix rows: for each area a group row, then its activities."""
    found: list[dict[str, Any]] = []
    for area in plan.linh_vuc:
        rows = [t for t in plan.nhiem_vu if t.linh_vuc == area.ma]
        if not rows:
            continue
        found.append({"nhom": True, "tt": area.ma, "tieu_de": group_heading(area.ten, rows)})
        for i, task in enumerate(rows):
            first = i == 0
            found.append(
                {
                    "nhom": False,
                    "tt": str(task.stt),
                    "muc_tieu": task.muc_tieu or "",
                    "nhiem_vu": task.nhiem_vu or "",
                    "hoat_dong": task.hoat_dong,
                    "ket_qua": task.ket_qua,
                    "chu_tri": task.ten_chu_tri,
                    "phoi_hop": task.phoi_hop or "",
                    "thoi_gian": task.thoi_gian,
                    # A row without its own mục tiêu / nhiệm vụ continues the cell above; the
                    # first row of an area always starts one, the group row breaks the merge.
                    "vm_muc_tieu": "restart" if first or task.muc_tieu else "continue",
                    "vm_nhiem_vu": "restart" if first or task.nhiem_vu else "continue",
                }
            )
    return found


def _muc(item: Muc, so: str, depth: int) -> dict[str, Any]:
    """Return one section of the outline; below "a)" (depth 3) sub-sections become list items.

    The outline has three numbered levels (I., 1., a)); a deeper `muc_con` is printed as
    "- Tiêu đề:" followed by its paragraphs (their "- " marks become "+ "), never dropped.
    """
    doan = [clean_text(d) for d in item.doan]
    if depth >= 3:
        return {"so": so, "tieu_de": strip_end(item.tieu_de), "doan": doan + _items(item.muc_con),
                "muc_con": []}  # fmt: skip
    children = [
        _muc(child, f"{diem_letter(i)})" if depth == 2 else f"{i + 1}.", depth + 1)
        for i, child in enumerate(item.muc_con)
    ]
    return {"so": so, "tieu_de": strip_end(item.tieu_de), "doan": doan, "muc_con": children}


def _items(children: list[Muc]) -> list[str]:
    """Return sub-sections below the numbered levels as "- Tiêu đề:" lines and their text."""
    lines: list[str] = []
    for child in children:
        has_body = bool(child.doan or child.muc_con)
        lines.append(f"- {strip_end(child.tieu_de)}{':' if has_body else '.'}")
        for text in (clean_text(d) for d in child.doan):
            lines.append("+ " + text[2:] if text.startswith("- ") else text)
        lines += _items(child.muc_con)
    return lines


def _chi_tieu_lines(plan: KeHoachCchc) -> list[str]:
    phases: list[str] = []
    for item in plan.chi_tieu:
        if item.giai_doan not in phases:
            phases.append(item.giai_doan)
    lines: list[str] = []
    for phase in phases:
        lines.append(f"- Giai đoạn {phase}:")
        lines += [f"+ {clean_text(c.noi_dung)}" for c in plan.chi_tieu if c.giai_doan == phase]
    return lines


def outline(plan: KeHoachCchc) -> list[dict[str, Any]]:
    """Return the body of the plan as a section tree."""

    def section(title: str, doan: list[str], muc_con: list[dict[str, Any]]) -> dict[str, Any]:
        return {"tieu_de": title, "doan": doan, "muc_con": muc_con}

    muc = [
        section(
            "MỤC TIÊU, YÊU CẦU",
            [],
            [
                {"so": "1.", **section("Mục tiêu", [clean_text(x) for x in plan.muc_tieu], [])},
                {"so": "2.", **section("Yêu cầu", [clean_text(x) for x in plan.yeu_cau], [])},
            ],
        ),
        section(
            "CHỈ TIÊU, NHIỆM VỤ TRỌNG TÂM",
            [],
            [
                {"so": "1.", **section("Các chỉ tiêu cụ thể", _chi_tieu_lines(plan), [])},
                {
                    "so": "2.",
                    **section(
                        "Nhiệm vụ, giải pháp trọng tâm",
                        [],
                        [
                            _muc(m, f"{diem_letter(i)})", 3)
                            for i, m in enumerate(plan.nhiem_vu_giai_phap)
                        ],
                    ),
                },
            ],
        ),
    ]
    if plan.to_chuc_thuc_hien:
        muc.append(
            section(
                "TỔ CHỨC THỰC HIỆN",
                [],
                [_muc(m, f"{i}.", 2) for i, m in enumerate(plan.to_chuc_thuc_hien, start=1)],
            )
        )
    if plan.kinh_phi:
        muc.append(section("KINH PHÍ THỰC HIỆN", [clean_text(x) for x in plan.kinh_phi], []))
    return [{"so": f"{roman(i)}.", **m} for i, m in enumerate(muc, start=1)]


def build_context(data: DuLieu, *, today: date, item: Any = None) -> dict[str, Any]:
    """Return the template context of the Kế hoạch CCHC (pure; `today` and `item` unused)."""
    del today, item
    plan = plan_of(data)
    van_ban = plan.van_ban
    years = years_of(plan.giai_doan)
    nam = van_ban.ngay_ban_hanh.year if van_ban.ngay_ban_hanh else (years or (0, 0))[0]
    org = data.to_chuc
    context = envelope(
        data,
        van_ban,
        LOAI_VAN_BAN,
        nam=nam,
        trich_yeu=f"Cải cách hành chính {org.ten_day_du.removeprefix('Ủy ban nhân dân ')} "
        f"{giai_doan_text(plan.giai_doan)}",
    )
    context.update(
        mo_dau=clean_text(plan.mo_dau),
        muc=outline(plan),
        ket_thuc=strip_end(plan.ket_thuc) + "./.",
        tieu_de_phu_luc=clean_text(plan.tieu_de_phu_luc),
        kem_theo=(
            f"(Kèm theo Kế hoạch số {context['so_ky_hieu']} {context['ngay_ban_hanh']} của "
            f"{org.ten_day_du})"
        ),
        phu_luc=phu_luc_rows(plan),
    )
    return context
