"""The whole dataset of one organisation, and the cross-reference checks between its parts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator

from pydantic import Field, model_validator

from generator.limits import shown
from generator.model.bao_cao import BaoCaoKy, GiaTriChiTieu, SoLieuTthc
from generator.model.base import Model
from generator.model.ke_hoach import ChiTieu, KeHoachCchc
from generator.model.kiem_tra import KiemTra
from generator.model.ngay import date_order
from generator.model.refs import unknown
from generator.model.so_lieu import (
    TYPED_VS_COMPUTED,
    CuaSo,
    chi_tieu_of_phase,
    computed_counts,
    period_values,
    ratio,
)
from generator.model.to_chuc import ToChuc
from generator.model.van_ban import VanBan
from generator.vi import KyBaoCao, format_number, format_percent, parse_ky, short_date

Path = tuple[str | int, ...]
Issue = tuple[Path, str]


class DuLieu(Model):
    """One organisation's data: the body itself, its CCHC plan, inspection and reports."""

    to_chuc: ToChuc
    ke_hoach: KeHoachCchc | None = None
    kiem_tra: KiemTra | None = None
    bao_cao: list[BaoCaoKy] = Field(default_factory=list)

    @model_validator(mode="after")
    def _name_units(self) -> DuLieu:
        """Give each plan task the printed names of its units in charge (codes in the data)."""
        if self.ke_hoach is not None:
            for task in self.ke_hoach.nhiem_vu:
                units, _ = self.to_chuc.units_of(task.chu_tri)
                task.name_units([u.ten for u in units])
        return self


def cross_check(data: DuLieu, *, partial: bool = False) -> list[Issue]:
    """Return every broken reference or rule across entities, as (key path, message).

    With `partial`, `data` may be a salvaged model whose invalid values are missing: a check
    that meets a missing value is skipped, so the others still report in the same pass.
    """
    checks: list[Callable[[], Iterator[Issue]]] = [
        lambda: _check_to_chuc(data.to_chuc),
        lambda: _check_signers(data),
        lambda: _check_ke_hoach(data),
        lambda: _check_kiem_tra(data),
        lambda: _check_bao_cao(data),
        lambda: date_order(data.kiem_tra),
    ]
    issues: list[Issue] = []
    for check in checks:
        if not partial:
            issues.extend(check())
            continue
        try:
            issues.extend(list(check()))
        except Exception:  # a salvaged model lacks its invalid values; skip what needs them
            continue
    return issues


def _second(values: list[str], value: str) -> int:
    """Return the index of the second occurrence of `value`: the one to point the clerk at."""
    return [i for i, v in enumerate(values) if v == value][1]


def _duplicates(values: list[str]) -> set[str]:
    return {v for v, n in Counter(values).items() if n > 1}


def _check_to_chuc(org: ToChuc) -> Iterator[Issue]:
    base: Path = ("to_chuc",)
    for key, items in (
        ("don_vi", [u.ma for u in org.don_vi]),
        ("can_bo", [p.ma for p in org.can_bo]),
        ("nguoi_ky", [s.ma for s in org.nguoi_ky]),
    ):
        for dup in sorted(_duplicates(items)):
            yield (
                (*base, key, _second(items, dup), "ma"),
                f"mã '{dup}' bị trùng, mỗi mã chỉ dùng một lần",
            )
    if org.unit(org.don_vi_tham_muu) is None:
        yield (*base, "don_vi_tham_muu"), _unknown("đơn vị", org.don_vi_tham_muu, org)
    for i, unit in enumerate(org.don_vi):
        if unit.thu_truong and org.person(unit.thu_truong) is None:
            yield (*base, "don_vi", i, "thu_truong"), _unknown("cán bộ", unit.thu_truong, org)
    for i, person in enumerate(org.can_bo):
        if person.don_vi and org.unit(person.don_vi) is None:
            yield (*base, "can_bo", i, "don_vi"), _unknown("đơn vị", person.don_vi, org)
    for i, signer in enumerate(org.nguoi_ky):
        if org.person(signer.can_bo) is None:
            yield (*base, "nguoi_ky", i, "can_bo"), _unknown("cán bộ", signer.can_bo, org)


def _unit_codes(org: ToChuc, codes: str) -> Iterator[str]:
    """Yield a message for each part of `codes` that is no unit's code (a name: its code)."""
    _, wrong = org.units_of(codes)
    for part in wrong:
        named = org.find_unit_by_name(part)
        if named is not None:
            yield (
                f"ghi mã đơn vị '{named.ma}' thay cho tên {shown(part)}: mọi chỗ nhắc đến một "
                "đơn vị đều dùng mã đơn vị, nên đổi tên đơn vị không làm hỏng dữ liệu"
            )
        else:
            yield _unknown("đơn vị", part, org)


def _unknown(what: str, value: str, org: ToChuc) -> str:
    known = {
        "đơn vị": [u.ma for u in org.don_vi],
        "cán bộ": [p.ma for p in org.can_bo],
        "người ký": [s.ma for s in org.nguoi_ky],
    }[what]
    return unknown(what, value, known)


def _envelopes(data: DuLieu) -> Iterator[tuple[Path, VanBan]]:
    if data.ke_hoach:
        yield ("ke_hoach", "van_ban"), data.ke_hoach.van_ban
    if data.kiem_tra:
        yield ("kiem_tra", "ke_hoach", "van_ban"), data.kiem_tra.ke_hoach.van_ban
        yield ("kiem_tra", "quyet_dinh", "van_ban"), data.kiem_tra.quyet_dinh.van_ban
        for i, tb in enumerate(data.kiem_tra.ket_luan):
            yield ("kiem_tra", "ket_luan", i, "van_ban"), tb.van_ban
    for i, bc in enumerate(data.bao_cao):
        if bc.van_ban is not None:
            yield ("bao_cao", i, "van_ban"), bc.van_ban


def _check_signers(data: DuLieu) -> Iterator[Issue]:
    for path, van_ban in _envelopes(data):
        if data.to_chuc.signer(van_ban.nguoi_ky) is None:
            yield (*path, "nguoi_ky"), _unknown("người ký", van_ban.nguoi_ky, data.to_chuc)


def _check_ke_hoach(data: DuLieu) -> Iterator[Issue]:
    plan = data.ke_hoach
    if plan is None:
        return
    areas = {a.ma for a in plan.linh_vuc}
    # The appendix numbers its rows from 1 again under each area (I, II, …), as the seed plan does.
    for area in sorted({t.linh_vuc for t in plan.nhiem_vu}):
        numbers = [str(t.stt) for t in plan.nhiem_vu if t.linh_vuc == area]
        for dup in sorted(_duplicates(numbers), key=int):
            yield (
                ("ke_hoach", "nhiem_vu"),
                f"số thứ tự {dup} bị trùng trong lĩnh vực {area} của phụ lục nhiệm vụ",
            )
    for dup in sorted(_duplicates([c.ma for c in plan.chi_tieu])):
        yield ("ke_hoach", "chi_tieu"), f"mã chỉ tiêu '{dup}' bị trùng"
    for i, target in enumerate(plan.chi_tieu):
        for field in ("chu_tri", "phoi_hop"):
            codes = getattr(target, field)
            for message in _unit_codes(data.to_chuc, codes or ""):
                yield ("ke_hoach", "chi_tieu", i, field), message
    for i, task in enumerate(plan.nhiem_vu):
        path: Path = ("ke_hoach", "nhiem_vu", i)
        if task.linh_vuc not in areas:
            yield (*path, "linh_vuc"), unknown("lĩnh vực", task.linh_vuc, sorted(areas))
        for message in _unit_codes(data.to_chuc, task.chu_tri):
            yield (*path, "chu_tri"), message
        if task.trang_thai == "xong" and task.ngay_hoan_thanh is None:
            yield (*path, "ngay_hoan_thanh"), "nhiệm vụ đã xong cần ngày hoàn thành"
    if plan.nhiem_vu and (plan.nhiem_vu[0].muc_tieu is None or plan.nhiem_vu[0].nhiem_vu is None):
        yield ("ke_hoach", "nhiem_vu", 0), "dòng đầu tiên của phụ lục cần có mục tiêu và nhiệm vụ"


def _check_kiem_tra(data: DuLieu) -> Iterator[Issue]:
    kt = data.kiem_tra
    if kt is None:
        return
    org = data.to_chuc
    inspected = [item.don_vi for item in kt.ke_hoach.lich]
    for i, item in enumerate(kt.ke_hoach.lich):
        if org.unit(item.don_vi) is None:
            yield (
                ("kiem_tra", "ke_hoach", "lich", i, "don_vi"),
                _unknown("đơn vị", item.don_vi, org),
            )
    for dup in sorted(_duplicates(inspected)):
        yield ("kiem_tra", "ke_hoach", "lich"), f"đơn vị '{dup}' có hai lịch kiểm tra"
    for i, duty in enumerate(kt.ke_hoach.to_chuc_thuc_hien):
        if org.unit(duty.don_vi) is None:
            path: Path = ("kiem_tra", "ke_hoach", "to_chuc_thuc_hien", i, "don_vi")
            yield path, _unknown("đơn vị", duty.don_vi, org)
    team = kt.quyet_dinh.thanh_vien
    for i, member in enumerate(team):
        if org.person(member.can_bo) is None:
            yield (
                ("kiem_tra", "quyet_dinh", "thanh_vien", i, "can_bo"),
                _unknown("cán bộ", member.can_bo, org),
            )
    for dup in sorted(_duplicates([m.can_bo for m in team])):
        yield ("kiem_tra", "quyet_dinh", "thanh_vien"), f"cán bộ '{dup}' có tên hai lần trong Đoàn"
    heads = [m.can_bo for m in team if m.vai_tro == "Trưởng đoàn"]
    if len(heads) != 1:
        found = f"có {len(heads)} ({', '.join(heads)})" if heads else "không có ai"
        yield (
            ("kiem_tra", "quyet_dinh", "thanh_vien"),
            (f"Đoàn kiểm tra cần đúng một Trưởng đoàn, {found}"),
        )
    if not any(m.vai_tro == "Thành viên" for m in team):
        yield ("kiem_tra", "quyet_dinh", "thanh_vien"), "Đoàn kiểm tra cần ít nhất một Thành viên"
    seen: list[str] = []
    for i, tb in enumerate(kt.ket_luan):
        path = ("kiem_tra", "ket_luan", i)
        if tb.don_vi not in inspected:
            yield (
                (*path, "don_vi"),
                (
                    f"đơn vị '{tb.don_vi}' không có trong lịch kiểm tra của Kế hoạch "
                    f"(đơn vị được kiểm tra: {', '.join(inspected)})"
                ),
            )
        if tb.don_vi in seen:
            yield (*path, "don_vi"), f"đơn vị '{tb.don_vi}' đã có một thông báo kết luận"
        seen.append(tb.don_vi)
        if (tb.ton_tai or tb.kien_nghi) and tb.han_bao_cao_khac_phuc is None:
            yield (
                (*path, "han_bao_cao_khac_phuc"),
                (
                    "thông báo có tồn tại, hạn chế hoặc kiến nghị cần hạn báo cáo kết quả khắc "
                    "phục (han_bao_cao_khac_phuc), như 30/11/2026"
                ),
            )
        findings = {t.ma for t in tb.ton_tai}
        for j, rec in enumerate(tb.kien_nghi):
            for ref in rec.ton_tai:
                if ref not in findings:
                    yield (
                        (*path, "kien_nghi", j, "ton_tai"),
                        (f"không có tồn tại mang mã '{ref}' trong thông báo này"),
                    )


def _check_bao_cao(data: DuLieu) -> Iterator[Issue]:
    plan = data.ke_hoach
    known = {c.ma: c for c in plan.chi_tieu} if plan else {}
    codes = [bc.ky for bc in data.bao_cao]
    for dup in sorted(_duplicates(codes)):
        yield ("bao_cao",), f"kỳ báo cáo {shown(dup)} xuất hiện hai lần"
    for i, bc in enumerate(data.bao_cao):
        path: Path = ("bao_cao", i)
        try:
            ky = parse_ky(bc.ky, data.to_chuc.chot_so_lieu)
        except ValueError as err:
            yield (*path, "ky"), str(err)
            continue
        typed = bc.van_ban.trich_yeu if bc.van_ban else None
        if typed and "phương hướng" in typed.casefold() and not bc.phuong_huong:
            yield (
                (*path, "van_ban", "trich_yeu"),
                (
                    "trích yếu hứa phần phương hướng, nhiệm vụ nhưng kỳ báo cáo chưa có đoạn nào "
                    "trong phuong_huong; thêm phần đó hoặc bỏ trích yếu để chương trình tự ghi"
                ),
            )
        window = CuaSo(ky.nam, ky.chot_tu, ky.chot_den)
        values = period_values(plan, data.kiem_tra, bc, window)
        phase = {c.ma for c in chi_tieu_of_phase(plan, ky.nam)}
        for j, value in enumerate(bc.chi_tieu):
            yield from _check_gia_tri(
                value, (*path, "chi_tieu", j), known=known, phase=phase, ky=ky, values=values
            )
        for j, sent in enumerate(bc.don_vi_bao_cao):
            if data.to_chuc.unit(sent.don_vi) is None:
                yield (
                    (*path, "don_vi_bao_cao", j, "don_vi"),
                    _unknown("đơn vị", sent.don_vi, data.to_chuc),
                )
        for key, figures in (("tthc", bc.tthc), ("tthc_cung_ky", bc.tthc_cung_ky)):
            if figures is not None:
                yield from check_tthc(figures, (*path, key))
        computed = computed_counts(plan, data.kiem_tra, window)
        for typed_field, (key, name) in TYPED_VS_COMPUTED.items():
            typed, found = getattr(bc, typed_field), computed[key]
            if typed is not None and found is not None and typed != found:
                source = (
                    "trạng thái các hoạt động của phụ lục nhiệm vụ"
                    if "nhiem_vu" in key
                    else "các thông báo kết luận kiểm tra"
                )
                yield (
                    (*path, typed_field),
                    (
                        f"{name} ghi là {typed}, nhưng tính từ {source} (đến ngày "
                        f"{short_date(ky.chot_den)}) là {found}; sửa lại số liệu hoặc bỏ trống "
                        "để chương trình tự tính"
                    ),
                )


def _check_gia_tri(
    value: GiaTriChiTieu,
    path: Path,
    *,
    known: dict[str, ChiTieu],
    phase: set[str],
    ky: KyBaoCao,
    values: dict[str, float | int | None],
) -> Iterator[Issue]:
    target = known.get(value.chi_tieu)
    if target is None:
        yield (*path, "chi_tieu"), unknown("chỉ tiêu", value.chi_tieu, list(known))
        return
    if value.chi_tieu not in phase:
        yield (
            (*path, "chi_tieu"),
            (
                f"chỉ tiêu '{value.chi_tieu}' thuộc giai đoạn {target.giai_doan}, không đánh giá "
                f"trong kỳ {ky.label}"
            ),
        )
    if value.gia_tri is None and value.chi_so is None:
        yield (
            (*path, "gia_tri"),
            "cần giá trị đạt được, hoặc một chỉ số tính được (như tỷ lệ hồ sơ đúng hạn) để "
            "chương trình tự tính",
        )
    if value.gia_tri is None and value.chi_so is not None and values.get(value.chi_so) is None:
        yield (
            (*path, "chi_so"),
            (
                f"chỉ số {value.chi_so} không tính được trong kỳ {ky.label}: cần "
                f"{CHI_SO_CAN[value.chi_so]}; bổ sung số liệu hoặc ghi giá trị đạt được (gia_tri)"
            ),
        )
    if value.gia_tri is not None and value.chi_so is not None:
        found = values.get(value.chi_so)
        if found is not None and not _same_rate(value.gia_tri, float(found)):
            yield (
                (*path, "gia_tri"),
                (
                    f"giá trị ghi là {format_number(value.gia_tri)}, nhưng chỉ số tính được "
                    f"({value.chi_so}) tính từ số liệu là {format_number(float(found), 1)}; sửa "
                    "lại hoặc bỏ trống giá trị đạt"
                ),
            )


# What each computed indicator is computed from, as a clerk would name it.
CHI_SO_CAN: dict[str, str] = {
    "ty_le_hoan_thanh": "các hoạt động của Kế hoạch (ke_hoach.nhiem_vu) trong giai đoạn của kỳ",
    "ty_le_khac_phuc": "tồn tại phát hiện qua kiểm tra trong kỳ (kiem_tra.ket_luan)",
    "ty_le_truc_tuyen": "số hồ sơ tiếp nhận trong kỳ (tthc), khác 0",
    "ty_le_dung_han": "số hồ sơ đã giải quyết trong kỳ (tthc.da_giai_quyet), khác 0",
    "ty_le_thanh_toan_truc_tuyen": (
        "số hồ sơ có phí, lệ phí (tthc.co_phi_le_phi), khác 0, và số hồ sơ thanh toán trực "
        "tuyến (tthc.thanh_toan_truc_tuyen)"
    ),
    "ty_le_so_hoa": "số hồ sơ được số hóa (tthc.so_hoa) và số hồ sơ đã giải quyết, khác 0",
    "ty_le_pakn_da_xu_ly": "số phản ánh, kiến nghị tiếp nhận (tthc.pakn_tiep_nhan), khác 0",
}


def _same_rate(typed: float, computed: float) -> bool:
    """Return whether a typed percentage is the computed one, rounded to 0–2 decimals."""
    return any(abs(round(computed, d) - typed) < 1e-9 for d in (0, 1, 2)) or (
        abs(computed - typed) < 0.01
    )


def check_tthc(t: SoLieuTthc, path: Path) -> Iterator[Issue]:
    """Yield every rule the one-stop figures break (parts adding up, rates matching counts)."""
    if t.dung_han + t.qua_han != t.da_giai_quyet:
        yield (
            (*path, "da_giai_quyet"),
            (
                f"số hồ sơ đã giải quyết ({t.da_giai_quyet}) phải bằng đúng hạn "
                f"({t.dung_han}) cộng quá hạn ({t.qua_han})"
            ),
        )
    tong = t.ky_truoc_chuyen_sang + t.tiep_nhan_truc_tuyen + t.tiep_nhan_truc_tiep
    if t.da_giai_quyet + t.dang_giai_quyet > tong:
        yield (
            (*path, "dang_giai_quyet"),
            (
                f"đã giải quyết ({t.da_giai_quyet}) cộng đang giải quyết ({t.dang_giai_quyet}) "
                f"nhiều hơn tổng số hồ sơ phải giải quyết ({tong} = kỳ trước chuyển sang "
                f"{t.ky_truoc_chuyen_sang} + tiếp nhận trực tuyến {t.tiep_nhan_truc_tuyen} + "
                f"tiếp nhận trực tiếp {t.tiep_nhan_truc_tiep})"
            ),
        )
    pairs = (
        ("xin_loi", "số thư xin lỗi", t.xin_loi, t.qua_han, "số hồ sơ quá hạn"),
        (
            "pakn_da_xu_ly",
            "số phản ánh, kiến nghị đã xử lý",
            t.pakn_da_xu_ly,
            t.pakn_tiep_nhan,
            "số phản ánh, kiến nghị tiếp nhận",
        ),
        ("so_hoa", "số hồ sơ được số hóa", t.so_hoa, t.da_giai_quyet, "số hồ sơ đã giải quyết"),
        (
            "thanh_toan_truc_tuyen",
            "số hồ sơ thanh toán trực tuyến",
            t.thanh_toan_truc_tuyen,
            t.co_phi_le_phi,
            "số hồ sơ có phí",
        ),
    )
    for key, name, part, whole, whole_name in pairs:
        if part is not None and whole is not None and part > whole:
            yield (*path, key), f"{name} ({part}) không thể lớn hơn {whole_name} ({whole})"
    rates = (
        ("ty_le_dung_han", t.ty_le_dung_han, ratio(t.dung_han, t.da_giai_quyet), "đúng hạn"),
        (
            "ty_le_truc_tuyen",
            t.ty_le_truc_tuyen,
            ratio(t.tiep_nhan_truc_tuyen, t.tiep_nhan_truc_tuyen + t.tiep_nhan_truc_tiep),
            "trực tuyến",
        ),
    )
    for key, typed, found, what in rates:
        if typed is not None and found is not None and not _same_rate(typed, found):
            yield (
                (*path, key),
                (
                    f"tỷ lệ {what} ghi là {format_percent(typed, 2)}, nhưng tính từ số hồ sơ là "
                    f"{format_percent(found)}; sửa lại hoặc bỏ trống để chương trình tự tính"
                ),
            )
