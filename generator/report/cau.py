"""Vietnamese sentences generated from the figures of a report.

Forms:
- comparison: "tăng 12,5% so với cùng kỳ năm 2025" for counts (relative change; an absolute
  one when the earlier value is 0), "giảm 1,2 điểm phần trăm so với quý I năm 2026" for rates
  (a difference of percentages is in điểm phần trăm), "không thay đổi so với …";
- assessment against the plan: "đạt / chưa đạt / vượt chỉ tiêu 95% của Kế hoạch";
- a missing earlier period simply drops its comparison.

Counts are compared only with the same period of last year: kỳ trước of a cumulative period is a
part of it (quý I inside 6 tháng), so "tăng" against it would say nothing. Rates are compared
with both.
"""

from __future__ import annotations

from typing import Literal

from generator.model import ChiTieu
from generator.model.bao_cao import SoLieuTthc
from generator.model.so_lieu import Value
from generator.report.so_lieu import SoLieuBaoCao
from generator.vi import format_number, format_percent, short_date

DanhGia = Literal["vuot", "dat", "chua_dat"]
DANH_GIA_NGAN: dict[DanhGia, str] = {"vuot": "Vượt", "dat": "Đạt", "chua_dat": "Chưa đạt"}
_DANH_GIA_CAU: dict[DanhGia, str] = {"vuot": "vượt", "dat": "đạt", "chua_dat": "chưa đạt"}


def so(n: Value) -> str:
    """Return a count or value in Vietnamese digits ("1.245", "95,5"), "-" for None."""
    if n is None:
        return "-"
    if isinstance(n, float) and not n.is_integer():
        return format_number(n, 1)
    return format_number(int(n))


def ty_le(x: float | None) -> str:
    """Return a percentage with one decimal ("81,9%", "100%"), "-" for None."""
    return "-" if x is None else format_percent(x, 1)


def _diem(x: float) -> str:
    """Return a difference of rates with at most one decimal: 4.0 → "4", 1.25 → "1,3"."""
    return format_percent(x, 1).removesuffix("%")


def _delta_rate(now: float, before: float) -> float:
    # The difference of the true values, rounded once when printed: differencing the printed
    # (rounded) values would say 11,5 where the figures differ by 11,58.
    return now - before


def so_sanh(now: Value, before: Value, moc: str, *, la_ty_le: bool, don_vi: str = "") -> str | None:
    """Return "tăng … so với {moc}" / "giảm …" / "không thay đổi …", or None without figures.

    Rates compare in điểm phần trăm; counts in percent of the earlier value, or in units
    ("tăng 15 hồ sơ") when the earlier value is 0.
    """
    if now is None or before is None:
        return None
    if la_ty_le:
        delta = _delta_rate(float(now), float(before))
        if abs(delta) < 0.05:
            return f"không thay đổi so với {moc}"
        verb = "tăng" if delta > 0 else "giảm"
        return f"{verb} {_diem(abs(delta))} điểm phần trăm so với {moc}"
    if now == before:
        return f"không thay đổi so với {moc}"
    verb = "tăng" if now > before else "giảm"
    if before == 0:
        unit = f" {don_vi}" if don_vi else ""
        return f"{verb} {so(abs(now - before))}{unit} so với {moc}"
    pct = abs(float(now) - float(before)) / float(before) * 100
    return f"{verb} {format_percent(pct, 1)} so với {moc}"


def so_sanh_ngan(now: Value, before: Value, *, la_ty_le: bool) -> str:
    """Return the table form of a comparison: "Tăng 12,5%", "Giảm 1,2 điểm %", "Không đổi", "-"."""
    if now is None or before is None:
        return "-"
    if la_ty_le:
        delta = _delta_rate(float(now), float(before))
        if abs(delta) < 0.05:
            return "Không đổi"
        return f"{'Tăng' if delta > 0 else 'Giảm'} {_diem(abs(delta))} điểm %"
    if now == before:
        return "Không đổi"
    verb = "Tăng" if now > before else "Giảm"
    if before == 0:
        return f"{verb} {so(abs(now - before))}"
    return f"{verb} {format_percent(abs(float(now) - float(before)) / float(before) * 100, 1)}"


def danh_gia(value: float, target: ChiTieu) -> DanhGia | None:
    """Return vuot / dat / chua_dat of `value` against the chỉ tiêu, None if it has no number.

    At-least targets (toi_thieu) are exceeded above the target; at-most targets (toi_da) are
    met at or below it. The value is compared as printed, to one decimal.
    """
    if target.muc_tieu is None:
        return None
    shown = round(value, 1)
    if target.so_sanh == "toi_da":
        return "dat" if shown <= target.muc_tieu else "chua_dat"
    if shown > target.muc_tieu:
        return "vuot"
    return "dat" if shown == target.muc_tieu else "chua_dat"


def muc_tieu_text(target: ChiTieu) -> str:
    """Return the target as printed: "95%", "không quá 2%", "5 văn bản", "-" when qualitative."""
    if target.muc_tieu is None:
        return "-"
    unit = target.don_vi_tinh or "%"
    number = format_percent(target.muc_tieu) if unit == "%" else f"{so(target.muc_tieu)} {unit}"
    return f"không quá {number}" if target.so_sanh == "toi_da" else number


def cau_danh_gia(value: float | None, target: ChiTieu | None) -> str | None:
    """Return "đạt chỉ tiêu 100% của Kế hoạch" (or vượt / chưa đạt), None when not assessable."""
    if value is None or target is None:
        return None
    verdict = danh_gia(value, target)
    if verdict is None:
        return None
    return f"{_DANH_GIA_CAU[verdict]} chỉ tiêu {muc_tieu_text(target)} của Kế hoạch"


def _join(parts: list[str | None], sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)


def _cmp_count(s: SoLieuBaoCao, key: str, don_vi: str) -> str | None:
    before = s.cung_ky.get(key) if s.cung_ky else None
    return so_sanh(s.nay.get(key), before, s.nhan_cung_ky, la_ty_le=False, don_vi=don_vi)


def _cmp_rate(s: SoLieuBaoCao, key: str) -> str | None:
    now = s.nay.get(key)
    parts = []
    if s.truoc is not None and s.nhan_truoc:
        parts.append(so_sanh(now, s.truoc.get(key), s.nhan_truoc, la_ty_le=True))
    if s.cung_ky is not None:
        parts.append(so_sanh(now, s.cung_ky.get(key), s.nhan_cung_ky, la_ty_le=True))
    return _join(parts, " và ") or None


def _rate_clause(s: SoLieuBaoCao, key: str, of: str = "") -> str:
    """Return "đạt 81,9%{of}, tăng …, vượt chỉ tiêu 80% của Kế hoạch" for the rate `key`."""
    value = s.nay.get(key)
    if value is None:  # no denominator: nothing to state, never "đạt -"
        return ""
    rate = float(value)
    return _join(
        [f"đạt {ty_le(rate)}{of}", _cmp_rate(s, key), cau_danh_gia(rate, s.muc_tieu.get(key))]
    )


def _paren(clause: str) -> str:
    return f" ({clause})" if clause else ""


def cau_ke_hoach(s: SoLieuBaoCao, ke_hoach_ref: str) -> str | None:
    """Return the plan-progress sentence, None when the plan does not cover the period."""
    total, done = s.nay.get("tong_nhiem_vu"), s.nay.get("nhiem_vu_hoan_thanh")
    if not total or done is None:
        return None
    rest: list[str | None] = []
    if s.nay.get("nhiem_vu_dang"):
        rest.append(f"đang thực hiện {so(s.nay['nhiem_vu_dang'])} hoạt động")
    if s.nay.get("nhiem_vu_chua"):
        rest.append(f"chưa triển khai {so(s.nay['nhiem_vu_chua'])} hoạt động")
    if s.nay.get("nhiem_vu_qua_han"):
        rest.append(f"chậm tiến độ {so(s.nay['nhiem_vu_qua_han'])} hoạt động")
    tail = f", {_join(rest)}" if rest else ""
    return (
        f"{s.ubnd} đã ban hành {ke_hoach_ref}, xác định {so(total)} hoạt động; tính đến "
        f"ngày {short_date(s.ky.chot_den)}, đã hoàn thành {so(done)}/{so(total)} hoạt động"
        f"{_paren(_rate_clause(s, 'ty_le_hoan_thanh'))}{tail}."
    )


def cau_van_ban_chi_dao(s: SoLieuBaoCao) -> str | None:
    """Return the sentence on directing documents issued, None without the figure."""
    n = s.nay.get("van_ban_chi_dao")
    if n is None:
        return None
    if n == 0:
        return (
            f"Trong kỳ, {s.ubnd} không ban hành văn bản chỉ đạo, điều hành mới về cải "
            "cách hành chính."
        )
    tail = _cmp_count(s, "van_ban_chi_dao", "văn bản")
    return (
        f"Trong kỳ, {s.ubnd} đã ban hành {so(n)} văn bản chỉ đạo, điều hành về cải "
        f"cách hành chính{', ' + tail if tail else ''}."
    )


def cau_kiem_tra(s: SoLieuBaoCao) -> str | None:
    """Return the inspection sentence (units inspected, findings, fixed), None without data."""
    units = s.nay.get("don_vi_kiem_tra")
    if units is None:
        return None
    if units == 0:
        return (
            "Trong kỳ, chưa tổ chức kiểm tra công tác cải cách hành chính tại các cơ quan, đơn vị."
        )
    found = s.nay.get("ton_tai_phat_hien") or 0
    fixed = s.nay.get("ton_tai_da_khac_phuc") or 0
    head = (
        f"Trong kỳ, {s.ubnd} đã tổ chức kiểm tra công tác cải cách hành chính tại "
        f"{so(units)} cơ quan, đơn vị"
    )
    if not found:
        return f"{head}; qua kiểm tra không phát hiện tồn tại, hạn chế."
    return (
        f"{head}; qua kiểm tra đã chỉ ra {so(found)} tồn tại, hạn chế; tính đến ngày "
        f"{short_date(s.ky.chot_den)}, đã khắc phục {so(fixed)}/{so(found)} tồn tại, hạn chế"
        f"{_paren(_rate_clause(s, 'ty_le_khac_phuc'))}."
    )


def cau_tuyen_truyen(s: SoLieuBaoCao) -> str | None:
    """Return the sentence on news items about CCHC, None without the figure."""
    n = s.nay.get("tin_bai_tuyen_truyen")
    if n is None:
        return None
    if n == 0:
        return "Trong kỳ, chưa đăng tải tin, bài tuyên truyền về cải cách hành chính."
    tail = _cmp_count(s, "tin_bai_tuyen_truyen", "tin, bài")
    return (
        f"Trong kỳ, đã đăng tải {so(n)} tin, bài tuyên truyền về cải cách hành chính"
        f"{', ' + tail if tail else ''}."
    )


def _tiep_nhan(s: SoLieuBaoCao, t: SoLieuTthc) -> str:
    """Return the sentence on files received (or "không tiếp nhận" for a zero period)."""
    carried = (
        f"; kỳ trước chuyển sang {so(t.ky_truoc_chuyen_sang)} hồ sơ"
        if t.ky_truoc_chuyen_sang
        else ""
    )
    received = _cmp_count(s, "ho_so_tiep_nhan", "hồ sơ")
    tail = f", {received}" if received else ""
    total = t.tiep_nhan_truc_tuyen + t.tiep_nhan_truc_tiep
    if total == 0:
        return f"Trong kỳ, không tiếp nhận mới hồ sơ thủ tục hành chính{tail}{carried}."
    rate = _rate_clause(s, "ty_le_truc_tuyen")
    online = (
        f"trực tuyến {so(t.tiep_nhan_truc_tuyen)} hồ sơ{', ' + rate if rate else ''}"
        if t.tiep_nhan_truc_tuyen
        else "không có hồ sơ trực tuyến"
    )
    desk = (
        f"trực tiếp và qua dịch vụ bưu chính công ích {so(t.tiep_nhan_truc_tiep)} hồ sơ"
        if t.tiep_nhan_truc_tiep
        else "không có hồ sơ nộp trực tiếp hoặc qua dịch vụ bưu chính công ích"
    )
    return f"Tổng số hồ sơ tiếp nhận là {so(total)} hồ sơ ({online}; {desk}){tail}{carried}."


def _giai_quyet(s: SoLieuBaoCao, t: SoLieuTthc) -> str:
    """Return the sentence on files settled, late and pending."""
    pending = f"đang giải quyết {so(t.dang_giai_quyet)} hồ sơ" if t.dang_giai_quyet else ""
    if t.da_giai_quyet == 0:
        tail = f"; {pending}" if pending else ""
        return f"Trong kỳ, chưa có hồ sơ được giải quyết xong{tail}."
    late = f"quá hạn {so(t.qua_han)} hồ sơ" if t.qua_han else "không có hồ sơ quá hạn"
    on_time = (
        f"đúng hạn {so(t.dung_han)} hồ sơ{_paren(_rate_clause(s, 'ty_le_dung_han'))}"
        if t.dung_han
        else "không có hồ sơ giải quyết đúng hạn"
    )
    return (
        f"Đã giải quyết {so(t.da_giai_quyet)} hồ sơ, trong đó {on_time}, {late}"
        f"{'; ' + pending if pending else ''}."
    )


def cau_tthc(s: SoLieuBaoCao) -> list[str]:
    """Return the sentences on administrative-procedure files, empty without figures.

    A zero figure is said in words ("không tiếp nhận", "chưa số hóa"), never as "0 hồ sơ".
    """
    t = s.entry.tthc
    if t is None:
        return []
    found = [_tiep_nhan(s, t), _giai_quyet(s, t)]
    if t.qua_han:
        if t.xin_loi:
            found.append(
                f"Đã gửi văn bản xin lỗi tổ chức, cá nhân đối với {so(t.xin_loi)}/{so(t.qua_han)} "
                "hồ sơ quá hạn."
            )
        else:
            found.append(
                f"Chưa gửi văn bản xin lỗi tổ chức, cá nhân đối với {so(t.qua_han)} hồ sơ quá hạn."
            )
    if t.thanh_toan_truc_tuyen:
        tail = _cmp_count(s, "thanh_toan_truc_tuyen", "hồ sơ")
        rate = _rate_clause(s, "ty_le_thanh_toan_truc_tuyen", " số hồ sơ có phí, lệ phí")
        found.append(
            f"Số hồ sơ thực hiện thanh toán trực tuyến phí, lệ phí là "
            f"{so(t.thanh_toan_truc_tuyen)} hồ sơ{_paren(rate)}{', ' + tail if tail else ''}."
        )
    elif t.thanh_toan_truc_tuyen == 0:
        found.append("Trong kỳ, không có hồ sơ thực hiện thanh toán trực tuyến phí, lệ phí.")
    if t.so_hoa:
        found.append(
            f"Số hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa là {so(t.so_hoa)} hồ "
            f"sơ{_paren(_rate_clause(s, 'ty_le_so_hoa', ' số hồ sơ đã giải quyết'))}."
        )
    elif t.so_hoa == 0:
        found.append("Trong kỳ, chưa số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.")
    if t.pakn_tiep_nhan:
        handled = (
            f"đã xử lý {so(t.pakn_da_xu_ly)} phản ánh, kiến nghị"
            f"{_paren(_rate_clause(s, 'ty_le_pakn_da_xu_ly'))}"
            if t.pakn_da_xu_ly
            else "chưa xử lý xong phản ánh, kiến nghị nào"
        )
        found.append(
            f"Tiếp nhận {so(t.pakn_tiep_nhan)} phản ánh, kiến nghị về quy định, thủ tục hành "
            f"chính; {handled}."
        )
    else:
        found.append(
            "Trong kỳ, không tiếp nhận phản ánh, kiến nghị về quy định, thủ tục hành chính."
        )
    return found
