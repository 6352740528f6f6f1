"""Context of the Báo cáo kết quả thực hiện công tác CCHC (BC), template baocao/ket-qua.docx.

`item` is the period code ("2026-H1"). Keys besides the shared envelope (kinds/common.py):
kinh_gui, mo_dau, chot_so_lieu, muc (the outline of cchc-documents.md §6.2 as a section tree
[{so, tieu_de, doan, muc_con}], sub-sections without content left out and renumbered),
ket_thuc, ky (label), kem_theo, tieu_de_phu_luc_1, chi_so (indicator rows), bieu_do (chart image
or None), tieu_de_phu_luc_2, tien_do (task progress rows), don_vi_bao_cao (which unit reported
what, after Tổng hợp; empty otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from generator.errors import UsageError
from generator.kinds.common import (
    envelope,
    giai_doan_text,
    lower_first,
    ngay_trich_dan,
    so_ky_hieu_of,
    strip_end,
)
from generator.model import BaoCaoKy, DuLieu
from generator.model.so_lieu import years_of
from generator.render import Image
from generator.report import cau
from generator.report.bang import DongChiSo, DongTienDo, bang_chi_so, bang_tien_do
from generator.report.bieu_do import render_chart
from generator.report.so_lieu import SoLieuBaoCao, so_lieu_bao_cao
from generator.vi import roman, short_date, title_with_next, upper_vi
from generator.vi.text import clean_text

LOAI_VAN_BAN = "BC"
CHART_WIDTH_MM = 220


def default_trich_yeu(s: SoLieuBaoCao) -> str:
    """Return "Kết quả thực hiện công tác cải cách hành chính {kỳ} và phương hướng, …".

    The title promises "phương hướng, nhiệm vụ …" only when the report has that section (the
    entry's phuong_huong), so a title never names a part the body lacks.
    """
    if not _paras(s.entry.phuong_huong):
        return f"Kết quả thực hiện công tác cải cách hành chính {s.ky.title}"
    return f"Kết quả thực hiện công tác cải cách hành chính {title_with_next(s.ky)}"


def _ke_hoach_ref(data: DuLieu) -> str:
    """Return "Kế hoạch số 15/KH-UBND ngày 02/3/2026 về cải cách hành chính …" (no number
    for a draft plan: "Kế hoạch cải cách hành chính …")."""
    plan = data.ke_hoach
    if plan is None:
        return "Kế hoạch cải cách hành chính"
    org, van_ban = data.to_chuc, plan.van_ban
    subject = lower_first(
        strip_end(van_ban.trich_yeu or f"Cải cách hành chính {giai_doan_text(plan.giai_doan)}")
    )
    if van_ban.du_thao:
        return f"Kế hoạch {subject}"
    years = years_of(plan.giai_doan)
    nam = van_ban.ngay_ban_hanh.year if van_ban.ngay_ban_hanh else (years or (0, 0))[0]
    so = so_ky_hieu_of(org, van_ban, "KH")
    return f"Kế hoạch số {so} {ngay_trich_dan(org, van_ban, nam)} về {subject}"


def _paras(items: list[str]) -> list[str]:
    return [clean_text(x) for x in items if clean_text(x)]


def _section(title: str, *parts: list[str | None] | list[str]) -> dict[str, Any] | None:
    doan = [p for part in parts for p in part if p]
    return {"tieu_de": title, "doan": doan, "muc_con": []} if doan else None


def _numbered(items: list[dict[str, Any] | None], style: str = "arabic") -> list[dict[str, Any]]:
    kept = [x for x in items if x is not None]
    for i, x in enumerate(kept, start=1):
        x["so"] = f"{roman(i)}." if style == "roman" else f"{i}."
    return kept


def outline(data: DuLieu, s: SoLieuBaoCao) -> list[dict[str, Any]]:
    """Return the report body as a section tree (I. chỉ đạo, điều hành … V. kiến nghị)."""
    e: BaoCaoKy = s.entry
    chi_dao = _numbered(
        [
            _section(
                "Công tác ban hành kế hoạch, chỉ đạo, điều hành",
                [cau.cau_ke_hoach(s, _ke_hoach_ref(data)), cau.cau_van_ban_chi_dao(s)],
                _paras(e.chi_dao_dieu_hanh),
            ),
            _section(
                "Công tác kiểm tra cải cách hành chính", [cau.cau_kiem_tra(s)], _paras(e.kiem_tra)
            ),
            _section(
                "Công tác tuyên truyền cải cách hành chính",
                [cau.cau_tuyen_truyen(s)],
                _paras(e.tuyen_truyen),
            ),
            _section("Khảo sát, đánh giá mức độ hài lòng", _paras(e.khao_sat_hai_long)),
            _section("Sáng kiến, mô hình mới trong cải cách hành chính", _paras(e.sang_kien)),
            _section("Kỷ luật, kỷ cương hành chính", _paras(e.ky_luat_ky_cuong)),
        ]
    )
    nhiem_vu = _numbered(
        [
            _section("Cải cách thể chế", _paras(e.the_che)),
            _section("Cải cách thủ tục hành chính", _paras(e.thu_tuc_hanh_chinh), cau.cau_tthc(s)),
            _section("Cải cách tổ chức bộ máy", _paras(e.to_chuc_bo_may)),
            _section("Cải cách chế độ công vụ", _paras(e.cong_vu)),
            _section("Cải cách tài chính công", _paras(e.tai_chinh_cong)),
            _section(
                "Xây dựng, phát triển chính quyền điện tử, chính quyền số",
                _paras(e.chinh_quyen_so),
            ),
        ]
    )
    danh_gia = _numbered(
        [
            _section("Ưu điểm", _paras(e.uu_diem)),
            _section("Tồn tại, hạn chế và nguyên nhân", _paras(e.ton_tai), _paras(e.nguyen_nhan)),
        ]
    )
    top: list[dict[str, Any] | None] = [
        {
            "tieu_de": "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH",
            "doan": [],
            "muc_con": chi_dao,
        }
        if chi_dao
        else None,
        {
            "tieu_de": "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH",
            "doan": [],
            "muc_con": nhiem_vu,
        }
        if nhiem_vu
        else None,
        {"tieu_de": "ĐÁNH GIÁ CHUNG", "doan": [], "muc_con": danh_gia} if danh_gia else None,
        _section(f"PHƯƠNG HƯỚNG, NHIỆM VỤ {upper_vi(s.ky.next_label)}", _paras(e.phuong_huong)),
        _section("ĐỀ XUẤT, KIẾN NGHỊ", _paras(e.kien_nghi)),
    ]
    return _numbered(top, "roman")


@dataclass(frozen=True)
class PhuLuc:
    """The report's two phụ lục: titles, the "(Kèm theo …)" line and their rows."""

    kem_theo: str
    tieu_de_1: str
    chi_so: list[DongChiSo]
    tieu_de_2: str
    tien_do: list[DongTienDo]


def phu_luc(data: DuLieu, s: SoLieuBaoCao, so_ky_hieu: str, ngay_ban_hanh: str) -> PhuLuc:
    """Return the phụ lục of the report (shared by the .docx and the .xlsx)."""
    org, plan = data.to_chuc, data.ke_hoach
    return PhuLuc(
        kem_theo=f"(Kèm theo Báo cáo số {so_ky_hieu} {ngay_ban_hanh} của {org.ten_day_du})",
        tieu_de_1=f"BIỂU TỔNG HỢP SỐ LIỆU KẾT QUẢ CẢI CÁCH HÀNH CHÍNH {upper_vi(s.ky.label)}",
        chi_so=bang_chi_so(s, _phase(s)),
        tieu_de_2=(
            "TIẾN ĐỘ THỰC HIỆN CÁC HOẠT ĐỘNG CỦA KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH "
            f"(TÍNH ĐẾN NGÀY {short_date(s.ky.chot_den)})"
        ),
        tien_do=bang_tien_do(plan, s) if plan is not None and s.nay.get("tong_nhiem_vu") else [],
    )


def phu_luc_of(data: DuLieu, code: str) -> PhuLuc:
    """Return the phụ lục of the report for period `code`, as written to the .xlsx."""
    s = so_lieu_bao_cao(data, code)
    org, van_ban = data.to_chuc, s.entry.van_ban
    if van_ban is None:  # so_lieu_bao_cao refuses these; kept for the type checker
        raise UsageError(f"kỳ báo cáo {s.ky.code} chưa có van_ban")
    nam = s.ky.chot_den.year
    return phu_luc(
        data, s, so_ky_hieu_of(org, van_ban, LOAI_VAN_BAN), ngay_trich_dan(org, van_ban, nam)
    )


def build_context(data: DuLieu, *, today: date, item: Any = None) -> dict[str, Any]:
    """Return the template context of the report for period `item` ("2026-H1")."""
    del today
    if not isinstance(item, str):
        raise UsageError("cần mã kỳ báo cáo (--period), ví dụ 2026-H1")
    s = so_lieu_bao_cao(data, item)
    org, entry = data.to_chuc, s.entry
    if entry.van_ban is None:  # so_lieu_bao_cao refuses these; kept for the type checker
        raise UsageError(f"kỳ báo cáo {s.ky.code} chưa có van_ban")
    context = envelope(
        data,
        entry.van_ban,
        LOAI_VAN_BAN,
        nam=s.ky.chot_den.year,
        trich_yeu=default_trich_yeu(s),
    )
    label = s.ky.label
    opening = (
        f"{org.ten_day_du} báo cáo kết quả thực hiện công tác cải cách hành chính {label} như sau:"
    )
    if entry.can_cu_yeu_cau:
        opening = f"Thực hiện {strip_end(entry.can_cu_yeu_cau)}, {opening}"
    parts = phu_luc(data, s, context["so_ky_hieu"], context["ngay_ban_hanh"])
    png = render_chart(parts.chi_so, label)
    context.update(
        ky=label,
        kinh_gui=clean_text(entry.kinh_gui or ""),
        mo_dau=opening,
        chot_so_lieu=(
            f"Thời gian chốt số liệu: từ ngày {short_date(s.ky.chot_tu)} đến ngày "
            f"{short_date(s.ky.chot_den)}."
        ),
        muc=outline(data, s),
        ket_thuc=(
            f"Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính {label} "
            f"của {org.ten_day_du}./."
        ),
        kem_theo=parts.kem_theo,
        tieu_de_phu_luc_1=parts.tieu_de_1,
        chi_so=parts.chi_so,
        bieu_do=Image(png, CHART_WIDTH_MM) if png else None,
        tieu_de_phu_luc_2=parts.tieu_de_2,
        tien_do=parts.tien_do,
        don_vi_bao_cao=don_vi_bao_cao(data, entry),
    )
    return context


def don_vi_bao_cao(data: DuLieu, entry: BaoCaoKy) -> list[dict[str, str]]:
    """Return the rows of the table of units' reports: tt, ten, tinh_trang, ngay_gui, so_lieu."""
    rows = []
    for i, sent in enumerate(entry.don_vi_bao_cao, start=1):
        unit = data.to_chuc.unit(sent.don_vi)
        state = "Đã gửi"
        if sent.ngay_gui is None:
            state = "Chưa gửi"
        elif sent.gui_cham:
            state = "Gửi chậm"
        rows.append(
            {
                "tt": str(i),
                "ten": unit.ten if unit else sent.don_vi,
                "tinh_trang": state,
                "ngay_gui": short_date(sent.ngay_gui) if sent.ngay_gui else "-",
                "so_lieu": sent.so_lieu or "-",
            }
        )
    return rows


def _phase(s: SoLieuBaoCao) -> str | None:
    found = {c.giai_doan for c, _, _ in s.chi_tieu}
    return next(iter(found)) if len(found) == 1 else None
