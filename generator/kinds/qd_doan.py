"""Context of the Quyết định thành lập Đoàn kiểm tra (QĐ), template kehoach/quyet-dinh-doan.docx.

Keys besides the shared envelope (kinds/common.py): tham_quyen_ban_hanh (the authority line),
thanh_vien [{ho_ten, chuc_vu_don_vi, vai_tro}], nhiem_vu, dieu_2_nhiem_vu (True: Điều 2 = the
team's duties, Điều 3 = validity and execution; False: duties under Điều 1, Điều 2 = validity,
Điều 3 = execution), thi_hanh. The căn cứ end with the Kế hoạch kiểm tra and "Theo đề nghị của …".
"""

from __future__ import annotations

from datetime import date
from typing import Any

from generator.errors import RenderError
from generator.kinds.common import (
    citation,
    envelope,
    format_day,
    ngay_trich_dan,
    punctuate,
    so_ky_hieu_of,
    strip_end,
)
from generator.kinds.kh_kiem_tra import inspection, ke_hoach_citation
from generator.model import DuLieu
from generator.vi.text import upper_vi

LOAI_VAN_BAN = "QĐ"
ROLE_ORDER = ("Trưởng đoàn", "Phó Trưởng đoàn", "Thành viên", "Thư ký")


def default_trich_yeu(nam: int) -> str:
    """Return the usual trích yếu of the team decision."""
    return f"Về việc thành lập Đoàn kiểm tra công tác cải cách hành chính năm {nam}"


def issuer(data: DuLieu) -> str:
    """Return who issues the QĐ: "Chủ tịch Ủy ban nhân dân xã …" or the UBND itself."""
    kt = inspection(data)
    name = data.to_chuc.ten_day_du
    return f"Chủ tịch {name}" if kt.quyet_dinh.tham_quyen_ban_hanh == "chu_tich" else name


def quyet_dinh_citation(data: DuLieu) -> str:
    """Return "Quyết định số 52/QĐ-UBND ngày 10/3/2026 của Chủ tịch … về việc thành lập …"."""
    kt = inspection(data)
    van_ban, org = kt.quyet_dinh.van_ban, data.to_chuc
    return citation(
        "Quyết định",
        so_ky_hieu_of(org, van_ban, LOAI_VAN_BAN),
        ngay_trich_dan(org, van_ban, kt.nam),
        issuer(data),
        van_ban.trich_yeu or default_trich_yeu(kt.nam),
    )


def _join(parts: list[str]) -> str:
    items = [strip_end(p) for p in parts if strip_end(p)]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} và {items[-1]}"


def build_context(data: DuLieu, *, today: date, item: Any = None) -> dict[str, Any]:
    """Return the template context of the team decision (no I/O; `today` is unused here)."""
    del today, item
    kt = inspection(data)
    qd, org = kt.quyet_dinh, data.to_chuc
    by_chu_tich = qd.tham_quyen_ban_hanh == "chu_tich"
    context = envelope(
        data,
        qd.van_ban,
        LOAI_VAN_BAN,
        nam=kt.nam,
        trich_yeu=default_trich_yeu(kt.nam),
        collective=not by_chu_tich,
        noi_nhan_first=["Như Điều 3"],
    )
    # The citation is not cleaned: a draft plan's number is a run of blanks that must stay.
    context["can_cu"] = [
        *punctuate(qd.van_ban.can_cu, last=";"),
        f"Căn cứ {ke_hoach_citation(data)};",
        f"Theo đề nghị của {strip_end(qd.de_nghi_cua)}.",
    ]
    members = []
    for member in sorted(qd.thanh_vien, key=lambda m: ROLE_ORDER.index(m.vai_tro)):
        person = org.person(member.can_bo)
        if person is None:
            raise RenderError(f"không có cán bộ mang mã '{member.can_bo}' trong to_chuc.can_bo")
        members.append(
            {
                "ho_ten": f"{person.danh_xung} {person.ho_ten}",
                "chuc_vu_don_vi": strip_end(member.chuc_vu_don_vi or person.chuc_vu),
                "vai_tro": member.vai_tro,
            }
        )
    duties = list(qd.nhiem_vu)
    if qd.han_bao_cao:
        duties.append(
            f"Báo cáo kết quả kiểm tra về {issuer(data)} trước ngày {format_day(qd.han_bao_cao)}"
        )
    context.update(
        tham_quyen_ban_hanh=upper_vi(issuer(data)),
        thanh_vien=members,
        nhiem_vu=punctuate(duties),
        dieu_2_nhiem_vu=qd.bo_cuc_dieu == "2_nhiem_vu_3_hieu_luc",
        thi_hanh=_join(qd.thi_hanh),
    )
    return context
