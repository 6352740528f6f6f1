"""The date order of the inspection chain: nothing is dated before what it cites or follows.

The chain is Kế hoạch kiểm tra (KH) → Quyết định thành lập Đoàn (QĐ, cites the KH) → each
inspection (ngay_kiem_tra, by the team the QĐ formed) → its Thông báo kết luận (TB, cites the
KH and the QĐ) → the deadlines the TB sets. Deadlines set by a document (báo cáo tự kiểm tra,
báo cáo của Đoàn, kiến nghị, báo cáo khắc phục) fall on or after the document's own date, and a
finding is fixed on or after the inspection that found it. Dates a draft has not got yet are
skipped. Each problem is reported at the later date's key, which is the one to correct. (A TB
on or after its inspection, itself on or after the QĐ, is after the QĐ and the KH too.)
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from generator.vi import short_date

if TYPE_CHECKING:
    from generator.model.kiem_tra import KiemTra

Path = tuple[str | int, ...]
Issue = tuple[Path, str]


def _before(
    later: date | None, earlier: date | None, path: Path, what: str, cited: str
) -> Iterator[Issue]:
    """Yield a problem when `later` (the date at `path`) is before `earlier`."""
    if later is None or earlier is None or later >= earlier:
        return
    yield (
        path,
        f"{what} ngày {short_date(later)} sớm hơn {cited} ngày {short_date(earlier)}; "
        "ngày sau phải từ ngày trước trở đi",
    )


def date_order(kt: KiemTra | None) -> Iterator[Issue]:
    """Yield every date of the inspection chain that comes before what it depends on."""
    if kt is None:
        return
    base: Path = ("kiem_tra",)
    kh, qd = kt.ke_hoach.van_ban.ngay_ban_hanh, kt.quyet_dinh.van_ban.ngay_ban_hanh
    yield from _before(
        kt.ke_hoach.han_bao_cao_tu_kiem_tra,
        kh,
        (*base, "ke_hoach", "han_bao_cao_tu_kiem_tra"),
        "hạn báo cáo tự kiểm tra",
        "Kế hoạch kiểm tra đặt ra hạn đó",
    )
    yield from _before(
        qd,
        kh,
        (*base, "quyet_dinh", "van_ban", "ngay_ban_hanh"),
        "Quyết định thành lập Đoàn kiểm tra",
        "Kế hoạch kiểm tra mà Quyết định trích dẫn",
    )
    yield from _before(
        kt.quyet_dinh.han_bao_cao,
        qd,
        (*base, "quyet_dinh", "han_bao_cao"),
        "hạn báo cáo của Đoàn kiểm tra",
        "Quyết định thành lập Đoàn",
    )
    for i, tb in enumerate(kt.ket_luan):
        path: Path = (*base, "ket_luan", i)
        unit = f"({tb.don_vi})"
        yield from _before(
            tb.ngay_kiem_tra,
            qd,
            (*path, "ngay_kiem_tra"),
            f"ngày kiểm tra {unit}",
            "Quyết định thành lập Đoàn kiểm tra",
        )
        ngay = tb.van_ban.ngay_ban_hanh
        here = (*path, "van_ban", "ngay_ban_hanh")
        yield from _before(
            ngay, tb.ngay_kiem_tra, here, f"Thông báo kết luận {unit}", "buổi kiểm tra của nó"
        )
        yield from _before(
            tb.han_bao_cao_khac_phuc,
            ngay,
            (*path, "han_bao_cao_khac_phuc"),
            f"hạn báo cáo khắc phục {unit}",
            "Thông báo kết luận",
        )
        for j, rec in enumerate(tb.kien_nghi):
            yield from _before(
                rec.han,
                ngay,
                (*path, "kien_nghi", j, "han"),
                f"hạn thực hiện kiến nghị {unit}",
                "Thông báo kết luận",
            )
        for j, finding in enumerate(tb.ton_tai):
            yield from _before(
                finding.ngay_khac_phuc,
                tb.ngay_kiem_tra,
                (*path, "ton_tai", j, "ngay_khac_phuc"),
                f"ngày khắc phục tồn tại {finding.ma}",
                "buổi kiểm tra phát hiện tồn tại đó",
            )
