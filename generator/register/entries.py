"""What the register stores and returns: series policy, issue requests, issued numbers, entries."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum


class SeriesPolicy(StrEnum):
    """How numbers are split into series within one organisation and year."""

    CHUNG = "chung"
    THEO_LOAI = "theo_loai"


POLICY_LABELS = {
    SeriesPolicy.CHUNG: "một dãy số chung cho mọi loại văn bản",
    SeriesPolicy.THEO_LOAI: "mỗi loại văn bản một dãy số riêng",
}


def series_for(
    loai_van_ban: str,
    policy: SeriesPolicy = SeriesPolicy.CHUNG,
    *,
    mat: bool = False,
    co_quan_tu_van: str | None = None,
) -> str:
    """Return the series name of a document: "chung", "KH", "mat", "tu_van:HDTD/mat" …"""
    parts: list[str] = []
    if co_quan_tu_van:
        parts.append(f"tu_van:{co_quan_tu_van}")
    if mat:
        parts.append("mat")
    if policy is SeriesPolicy.THEO_LOAI:
        parts.append(loai_van_ban)
    return "/".join(parts) or "chung"


@dataclass(frozen=True)
class IssueRequest:
    """One document of a set asking for its number.

    `ky_hieu` is what follows the number ("KH-UBND", or "UBND-VX" for a công văn); `key` names the
    document within its set ("01-ke-hoach-kiem-tra"), so a rebuild finds its number again.
    """

    org: str
    set_name: str
    key: str
    loai_van_ban: str
    ky_hieu: str
    ngay: date
    trich_yeu: str
    nguoi_ky: str
    ten_to_chuc: str = ""
    noi_nhan: tuple[str, ...] = ()
    luu: str = ""
    mat: bool = False
    co_quan_tu_van: str | None = None


@dataclass(frozen=True)
class Issued:
    """The number a document got: `so` 5 prints as "05"; `new` is False on a re-issue."""

    org: str
    year: int
    series: str
    so: int
    so_ky_hieu: str
    ngay: date
    set_name: str
    key: str
    status: str
    new: bool


@dataclass(frozen=True)
class Entry:
    """One line of the sổ đăng ký văn bản đi."""

    org: str
    year: int
    series: str
    so: int
    loai_van_ban: str
    so_ky_hieu: str
    ngay: date
    trich_yeu: str
    nguoi_ky: str
    noi_nhan: str
    luu: str
    set_name: str
    key: str
    status: str
    ly_do_huy: str | None
    sha256_docx: str | None
    sha256_pdf: str | None
    created_at: str
    updated_at: str = ""


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def shown_date(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def entry_from_row(row: sqlite3.Row) -> Entry:
    return Entry(
        org=row["org"],
        year=row["year"],
        series=row["series"],
        so=row["so"],
        loai_van_ban=row["loai_van_ban"],
        so_ky_hieu=row["so_ky_hieu"],
        ngay=date.fromisoformat(row["ngay"]),
        trich_yeu=row["trich_yeu"],
        nguoi_ky=row["nguoi_ky"],
        noi_nhan=row["noi_nhan"],
        luu=row["luu"],
        set_name=row["set_name"],
        key=row["doc_key"],
        status=row["status"],
        ly_do_huy=row["ly_do_huy"],
        sha256_docx=row["sha256_docx"],
        sha256_pdf=row["sha256_pdf"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def issued_from_row(row: sqlite3.Row, *, new: bool) -> Issued:
    return Issued(
        org=row["org"],
        year=row["year"],
        series=row["series"],
        so=row["so"],
        so_ky_hieu=row["so_ky_hieu"],
        ngay=date.fromisoformat(row["ngay"]),
        set_name=row["set_name"],
        key=row["doc_key"],
        status=row["status"],
        new=new,
    )
