"""Rows of the report's phụ lục tables: the indicator table and the task progress table.

The same rows feed the .docx table, the .xlsx sheet and the chart, so the three always agree.
A row is either a group row (`nhom`, one cell across the table) or a data row; data rows keep
their numbers (`*_so`) next to the printed text.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import ChiTieu, KeHoachCchc
from generator.model.so_lieu import TY_LE, Value, task_state
from generator.report.cau import (
    DANH_GIA_NGAN,
    danh_gia,
    muc_tieu_text,
    so,
    so_sanh_ngan,
    ty_le,
)
from generator.report.so_lieu import SoLieuBaoCao
from generator.vi import short_date

HEADERS = (
    "Mã",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Chỉ tiêu kế hoạch",
    "Kỳ trước",
    "Kỳ này",
    "So sánh",
    "Đánh giá",
)

# (group title, [(mã, indicator key, tên chỉ tiêu, đơn vị tính)])
CHI_SO: tuple[tuple[str, tuple[tuple[str, str, str, str], ...]], ...] = (
    (
        "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
        (
            (
                "1.1",
                "tong_nhiem_vu",
                "Số hoạt động trong Kế hoạch cải cách hành chính",
                "hoạt động",
            ),
            ("1.2", "nhiem_vu_hoan_thanh", "Số hoạt động đã hoàn thành", "hoạt động"),
            ("1.3", "ty_le_hoan_thanh", "Tỷ lệ hoạt động đã hoàn thành", "%"),
            (
                "1.4",
                "van_ban_chi_dao",
                "Số văn bản chỉ đạo, điều hành về cải cách hành chính",
                "văn bản",
            ),
            ("1.5", "don_vi_kiem_tra", "Số cơ quan, đơn vị được kiểm tra", "cơ quan, đơn vị"),
            ("1.6", "ton_tai_phat_hien", "Số tồn tại, hạn chế phát hiện qua kiểm tra", "vấn đề"),
            ("1.7", "ton_tai_da_khac_phuc", "Số tồn tại, hạn chế đã khắc phục", "vấn đề"),
            ("1.8", "ty_le_khac_phuc", "Tỷ lệ tồn tại, hạn chế đã khắc phục", "%"),
            (
                "1.9",
                "tin_bai_tuyen_truyen",
                "Số tin, bài tuyên truyền về cải cách hành chính",
                "tin, bài",
            ),
        ),
    ),
    (
        "II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH",
        (
            ("2.1", "ho_so_ky_truoc", "Số hồ sơ kỳ trước chuyển sang", "hồ sơ"),
            ("2.2", "ho_so_tiep_nhan", "Số hồ sơ tiếp nhận mới trong kỳ", "hồ sơ"),
            ("2.3", "ho_so_truc_tuyen", "Trong đó: tiếp nhận trực tuyến", "hồ sơ"),
            ("2.4", "ty_le_truc_tuyen", "Tỷ lệ hồ sơ tiếp nhận trực tuyến", "%"),
            ("2.5", "ho_so_da_giai_quyet", "Số hồ sơ đã giải quyết", "hồ sơ"),
            ("2.6", "ho_so_dung_han", "Trong đó: giải quyết đúng hạn", "hồ sơ"),
            ("2.7", "ho_so_qua_han", "Trong đó: giải quyết quá hạn", "hồ sơ"),
            ("2.8", "ty_le_dung_han", "Tỷ lệ hồ sơ giải quyết đúng hạn", "%"),
            ("2.9", "ho_so_dang_giai_quyet", "Số hồ sơ đang giải quyết", "hồ sơ"),
            ("2.10", "ho_so_xin_loi", "Số hồ sơ quá hạn có văn bản xin lỗi", "hồ sơ"),
            ("2.11", "thanh_toan_truc_tuyen", "Số hồ sơ thanh toán trực tuyến", "hồ sơ"),
            ("2.12", "ty_le_so_hoa", "Tỷ lệ hồ sơ, kết quả giải quyết được số hóa", "%"),
            ("2.13", "pakn_tiep_nhan", "Số phản ánh, kiến nghị tiếp nhận", "phản ánh, kiến nghị"),
            ("2.14", "pakn_da_xu_ly", "Số phản ánh, kiến nghị đã xử lý", "phản ánh, kiến nghị"),
            (
                "2.15",
                "ty_le_thanh_toan_truc_tuyen",
                "Tỷ lệ hồ sơ có phí, lệ phí được thanh toán trực tuyến",
                "%",
            ),
        ),
    ),
)


@dataclass(frozen=True)
class DongChiSo:
    """One row of the indicator table (printed text and the numbers behind it)."""

    nhom: bool
    tieu_de: str = ""
    ma: str = ""
    ten: str = ""
    don_vi_tinh: str = ""
    ke_hoach: str = "-"
    ky_truoc: str = "-"
    ky_nay: str = "-"
    so_sanh: str = "-"
    danh_gia: str = "-"
    la_ty_le: bool = False
    ke_hoach_so: float | None = None
    ky_truoc_so: Value = None
    ky_nay_so: Value = None


def _shown(value: Value, la_ty_le: bool) -> str:
    if value is None:
        return "-"
    return ty_le(float(value)) if la_ty_le else so(value)


def _row(
    ma: str,
    ten: str,
    don_vi_tinh: str,
    *,
    now: Value,
    before: Value,
    target: ChiTieu | None,
    la_ty_le: bool,
) -> DongChiSo:
    verdict = danh_gia(float(now), target) if now is not None and target is not None else None
    return DongChiSo(
        nhom=False,
        ma=ma,
        ten=ten,
        don_vi_tinh=don_vi_tinh,
        ke_hoach=muc_tieu_text(target) if target is not None else "-",
        ky_truoc=_shown(before, la_ty_le),
        ky_nay=_shown(now, la_ty_le),
        so_sanh=so_sanh_ngan(now, before, la_ty_le=la_ty_le),
        danh_gia=DANH_GIA_NGAN[verdict] if verdict else "-",
        la_ty_le=la_ty_le,
        ke_hoach_so=target.muc_tieu if target is not None else None,
        ky_truoc_so=before,
        ky_nay_so=now,
    )


def bang_chi_so(s: SoLieuBaoCao, giai_doan: str | None = None) -> list[DongChiSo]:
    """Return the indicator table: the standard indicators, then the plan's chỉ tiêu."""
    rows: list[DongChiSo] = []
    truoc = s.truoc or {}
    for title, items in CHI_SO:
        rows.append(DongChiSo(nhom=True, tieu_de=title))
        for ma, key, ten, unit in items:
            if s.nay.get(key) is None and truoc.get(key) is None and key not in s.muc_tieu:
                continue  # no figure to show: a row of "-" says nothing
            rows.append(
                _row(
                    ma,
                    ten,
                    unit,
                    now=s.nay.get(key),
                    before=truoc.get(key),
                    target=s.muc_tieu.get(key),
                    la_ty_le=key in TY_LE,
                )
            )
    if s.chi_tieu:
        phase = f" (GIAI ĐOẠN {giai_doan.upper()})" if giai_doan else ""
        rows.append(DongChiSo(nhom=True, tieu_de=f"III. CHỈ TIÊU CỦA KẾ HOẠCH{phase}"))
        for i, (target, now, before) in enumerate(s.chi_tieu, start=1):
            unit = target.don_vi_tinh or ("%" if target.muc_tieu is not None else "-")
            rows.append(
                _row(
                    f"3.{i}",
                    target.noi_dung,
                    unit,
                    now=now,
                    before=before,
                    target=target,
                    la_ty_le=unit == "%",
                )
            )
    return rows


@dataclass(frozen=True)
class DongTienDo:
    """One row of the task progress table: a lĩnh vực group row or one activity."""

    nhom: bool
    tieu_de: str = ""
    tt: str = ""
    hoat_dong: str = ""
    chu_tri: str = ""
    thoi_gian: str = ""
    tien_do: str = ""
    ghi_chu: str = ""
    xong: bool = False


TIEN_DO = {
    "xong": "Đã hoàn thành",
    "dang": "Đang thực hiện",
    "chua": "Chưa triển khai",
    "qua_han": "Chậm tiến độ",
}


def bang_tien_do(plan: KeHoachCchc, s: SoLieuBaoCao) -> list[DongTienDo]:
    """Return the task progress table at the period's cut-off, grouped by lĩnh vực."""
    rows: list[DongTienDo] = []
    cut_off = s.ky.chot_den
    for area in plan.linh_vuc:
        tasks = [t for t in plan.nhiem_vu if t.linh_vuc == area.ma]
        if not tasks:
            continue
        states = [task_state(t, cut_off) for t in tasks]
        done = states.count("xong")
        rows.append(
            DongTienDo(
                nhom=True,
                tieu_de=f"{area.ma}. {area.ten} (đã hoàn thành {done}/{len(tasks)} hoạt động)",
            )
        )
        for i, (task, state) in enumerate(zip(tasks, states, strict=True), start=1):
            progress = TIEN_DO[state]
            if state == "xong" and task.ngay_hoan_thanh is not None:
                progress += f" ({short_date(task.ngay_hoan_thanh)})"
            rows.append(
                DongTienDo(
                    nhom=False,
                    tt=str(i),
                    hoat_dong=task.hoat_dong,
                    chu_tri=task.ten_chu_tri,
                    thoi_gian=task.thoi_gian,
                    tien_do=progress,
                    ghi_chu=task.ghi_chu or "",
                    xong=state == "xong",
                )
            )
    return rows
