"""Context of one Thông báo kết luận kiểm tra (TB), template kehoach/thong-bao-ket-luan.docx.

`item` is the KetLuan of the unit. Keys besides the shared envelope (kinds/common.py):
ke_hoach_trich_dan, quyet_dinh_trich_dan, ngay_kiem_tra, don_vi, dai_dien_don_vi, ket_qua
[{linh_vuc, doan}], uu_diem, ton_tai, nguyen_nhan_khach_quan, nguyen_nhan_chu_quan,
kien_nghi [{noi_dung, don_vi_thuc_hien, han, dau}], han_bao_cao_khac_phuc, don_vi_tham_muu,
phu_luc (rows of the appendix table, empty when there is none).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from generator.errors import RenderError
from generator.kinds.common import envelope, format_day, punctuate, strip_end, unit
from generator.kinds.kh_kiem_tra import inspection, ke_hoach_citation
from generator.kinds.qd_doan import quyet_dinh_citation
from generator.model import DuLieu, KetLuan

LOAI_VAN_BAN = "TB"


def default_trich_yeu(nam: int, don_vi: str) -> str:
    """Return the usual trích yếu of a conclusion notice."""
    return f"Kết luận kiểm tra công tác cải cách hành chính năm {nam} tại {don_vi}"


def build_context(data: DuLieu, *, today: date, item: Any = None) -> dict[str, Any]:
    """Return the template context of the conclusion notice `item` (a KetLuan)."""
    del today
    if not isinstance(item, KetLuan):
        raise RenderError("thông báo kết luận cần biết đơn vị được kiểm tra (một mục ket_luan)")
    kt = inspection(data)
    org = data.to_chuc
    inspected = unit(org, item.don_vi)
    context = envelope(
        data,
        item.van_ban,
        LOAI_VAN_BAN,
        nam=kt.nam,
        trich_yeu=default_trich_yeu(kt.nam, inspected.ten),
        noi_nhan_first=[f"{inspected.ten} (t/h)"],
    )
    findings = {t.ma: strip_end(t.noi_dung) for t in item.ton_tai}
    unit_name = inspected.ten
    kien_nghi = []
    phu_luc = []
    for i, rec in enumerate(item.kien_nghi):
        row = {
            "noi_dung": strip_end(rec.noi_dung),
            "don_vi_thuc_hien": strip_end(rec.don_vi_thuc_hien or unit_name),
            "han": format_day(rec.han),
            "dau": "." if i == len(item.kien_nghi) - 1 else ";",
        }
        kien_nghi.append(row)
        phu_luc.append({**row, "ton_tai": "; ".join(findings[m] for m in rec.ton_tai)})
    context.update(
        ke_hoach_trich_dan=ke_hoach_citation(data),
        quyet_dinh_trich_dan=quyet_dinh_citation(data),
        ngay_kiem_tra=f"ngày {format_day(item.ngay_kiem_tra)}",
        don_vi=unit_name,
        dai_dien_don_vi=strip_end(item.dai_dien_don_vi),
        ket_qua=[
            {"linh_vuc": strip_end(k.linh_vuc), "doan": _paragraphs(k.noi_dung)}
            for k in item.ket_qua
        ],
        uu_diem=punctuate(item.uu_diem),
        ton_tai=punctuate([t.noi_dung for t in item.ton_tai]),
        nguyen_nhan_khach_quan=punctuate(item.nguyen_nhan_khach_quan),
        nguyen_nhan_chu_quan=punctuate(item.nguyen_nhan_chu_quan),
        kien_nghi=kien_nghi,
        # Only a notice with findings asks for a remediation plan and report by a deadline.
        han_bao_cao_khac_phuc=(
            format_day(item.han_bao_cao_khac_phuc)
            if item.han_bao_cao_khac_phuc and (item.ton_tai or item.kien_nghi)
            else ""
        ),
        don_vi_tham_muu=unit(org, org.don_vi_tham_muu).ten,
        phu_luc=phu_luc if item.phu_luc else [],
    )
    return context


def _paragraphs(text: str) -> list[str]:
    """Return the non-empty lines of `text`, each ending with a full stop unless it has one."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return [line if line[-1] in ".:;!?" else line + "." for line in lines]
