"""Context of the Kế hoạch kiểm tra công tác CCHC năm (KH), template kehoach/kiem-tra.docx.

Keys besides the shared envelope (kinds/common.py): mo_dau, muc_dich, yeu_cau, noi_dung
[{linh_vuc, muc}], lich [{don_vi, thoi_gian}], hinh_thuc, thoi_gian, thanh_phan_doan,
to_chuc_thuc_hien [{don_vi, doc_lap, noi_dung}], han_bao_cao_tu_kiem_tra, don_vi_tham_muu,
kinh_phi, ket_thuc.
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
    unit,
)
from generator.model import DuLieu, KiemTra, LichKiemTra
from generator.vi.text import clean_text

LOAI_VAN_BAN = "KH"


def inspection(data: DuLieu) -> KiemTra:
    """Return the inspection part of the data, or raise RenderError when there is none."""
    if data.kiem_tra is None:
        raise RenderError(
            "dữ liệu chưa có phần kiểm tra (tệp kiem-tra.yaml hoặc trang tính kiểm tra); "
            "thêm phần này để lập bộ văn bản kiểm tra"
        )
    return data.kiem_tra


def default_trich_yeu(nam: int) -> str:
    """Return the usual trích yếu of the inspection plan."""
    return f"Kiểm tra công tác cải cách hành chính năm {nam}"


def ke_hoach_citation(data: DuLieu) -> str:
    """Return "Kế hoạch số 45/KH-UBND ngày 05/3/2026 của Ủy ban nhân dân xã … về kiểm tra …"."""
    kt = inspection(data)
    van_ban, org = kt.ke_hoach.van_ban, data.to_chuc
    return citation(
        "Kế hoạch",
        so_ky_hieu_of(org, van_ban, LOAI_VAN_BAN),
        ngay_trich_dan(org, van_ban, kt.nam),
        org.ten_day_du,
        van_ban.trich_yeu or default_trich_yeu(kt.nam),
    )


def _thoi_gian(item: LichKiemTra) -> str:
    day = format_day(item.ngay)
    if item.buoi == "cả ngày":
        text = f"Cả ngày {day}"
    else:
        text = f"{item.buoi.capitalize()} ngày {day}" if item.buoi else f"Ngày {day}"
    return f"{text} ({strip_end(item.ghi_chu)})" if item.ghi_chu else text


def build_context(data: DuLieu, *, today: date, item: Any = None) -> dict[str, Any]:
    """Return the template context of the inspection plan (no I/O; `today` is unused here)."""
    del today, item
    kt = inspection(data)
    plan, org = kt.ke_hoach, data.to_chuc
    context = envelope(
        data, plan.van_ban, LOAI_VAN_BAN, nam=kt.nam, trich_yeu=default_trich_yeu(kt.nam)
    )
    tham_muu = unit(org, org.don_vi_tham_muu).ten
    default_open = (
        f"{org.ten_day_du} ban hành Kế hoạch kiểm tra công tác cải cách hành chính năm "
        f"{kt.nam} như sau:"
    )
    default_close = (
        "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị kịp thời "
        f"báo cáo về {org.ten_day_du} (qua {tham_muu}) để xem xét, giải quyết"
    )
    context.update(
        mo_dau=clean_text(plan.mo_dau or default_open),
        muc_dich=punctuate(plan.muc_dich),
        yeu_cau=punctuate(plan.yeu_cau),
        noi_dung=[
            {"linh_vuc": strip_end(nd.linh_vuc), "muc": punctuate(nd.muc)} for nd in plan.noi_dung
        ],
        lich=[
            {"don_vi": unit(org, item.don_vi).ten, "thoi_gian": _thoi_gian(item)}
            for item in plan.lich
        ],
        hinh_thuc=punctuate(plan.hinh_thuc),
        thoi_gian=_sentence(plan.thoi_gian),
        thanh_phan_doan=_sentence(
            plan.thanh_phan_doan or f"Chủ tịch {org.ten_day_du} quyết định thành lập Đoàn kiểm tra"
        ),
        to_chuc_thuc_hien=[
            {
                "don_vi": unit(org, pc.don_vi).ten,
                "doc_lap": unit(org, pc.don_vi).quan_he == "doc_lap",
                "noi_dung": punctuate(pc.noi_dung),
            }
            for pc in plan.to_chuc_thuc_hien
        ],
        han_bao_cao_tu_kiem_tra=(
            format_day(plan.han_bao_cao_tu_kiem_tra) if plan.han_bao_cao_tu_kiem_tra else ""
        ),
        don_vi_tham_muu=tham_muu,
        kinh_phi=_sentence(plan.kinh_phi) if plan.kinh_phi else "",
        ket_thuc=strip_end(plan.ket_thuc or default_close),
    )
    return context


def _sentence(text: str) -> str:
    """Return `text` ending with one full stop."""
    return strip_end(text) + "."
