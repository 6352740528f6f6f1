"""`vanban register …`: read and correct the sổ đăng ký văn bản đi from the command line.

Part of the CLI layer: it prints, the library below it only raises.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from generator.cli.base import OPTIONS_METAVAR, table, text_width
from generator.errors import RegisterError
from generator.register import DEFAULT_NAME, Entry, Register
from generator.register.names import last_used, set_label

STATUS = {"issued": "đã ban hành", "reserved": "chưa hoàn tất", "void": "đã hủy số"}
DEFAULT_REGISTER = Path("data") / DEFAULT_NAME

REGISTER_OPT = click.option(
    "--so-dang-ky",
    "register_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    metavar="TỆP",
    help="Tệp sổ đăng ký (SQLite); mặc định là sổ lần cấp số gần nhất ('vanban build … "
    f"--issue') đã dùng, không có thì {DEFAULT_REGISTER}.",
)
ORG_OPT = click.option(
    "--to-chuc",
    "org",
    metavar="MÃ",
    help="Mã tổ chức (to_chuc.ma); bỏ trống khi sổ chỉ có một tổ chức.",
)
YEAR_OPT = click.option(
    "--nam", "year", type=int, metavar="NĂM", help="Năm đăng ký; mặc định là năm gần nhất."
)
SERIES_OPT = click.option(
    "--day-so",
    "series",
    metavar="DÃY",
    help="Dãy số (chung, mat, KH, tu_van:…); chỉ cần khi hai dãy có cùng số và ký hiệu.",
)


def _open(given: Path | None) -> Register:
    """Return the register named by --so-dang-ky, else the one the last build used (said)."""
    path = given
    if path is None:
        path = last_used() or DEFAULT_REGISTER
        if path.is_file():
            click.echo(f"(Sổ đăng ký: {path})")
    if not path.is_file():
        raise RegisterError(
            f"{path}: không tìm thấy sổ đăng ký văn bản đi; sổ được tạo khi cấp số lần đầu "
            "('vanban build … --issue'), hoặc chỉ rõ tệp bằng --so-dang-ky"
        )
    return Register(path)


def _resolve(reg: Register, org: str | None, year: int | None) -> tuple[str, str, int]:
    """Return (org id, org name, year), defaulting to the only organisation and latest year."""
    orgs = reg.orgs()
    if org is None:
        if not orgs:
            raise RegisterError(f"{reg.path}: sổ đăng ký chưa có văn bản nào")
        if len(orgs) > 1:
            raise RegisterError(
                f"sổ đăng ký có {len(orgs)} tổ chức ({', '.join(orgs)}); chọn một bằng --to-chuc"
            )
        org = next(iter(orgs))
    elif org not in orgs:
        known = ", ".join(orgs) or "chưa có tổ chức nào"
        raise RegisterError(f"sổ đăng ký không có tổ chức '{org}' (có: {known})")
    years = reg.years(org)
    if year is None:
        year = years[-1]
    return org, orgs[org], year


def _summary(entries: Sequence[Entry]) -> str:
    counts = {s: sum(1 for e in entries if e.status == s) for s in STATUS}
    parts = [f"{counts[s]} {label}" for s, label in STATUS.items() if counts[s]]
    return f"{len(entries)} số đã cấp: {', '.join(parts)}."


@click.group("register", options_metavar=OPTIONS_METAVAR, subcommand_metavar="LỆNH [THAM_SỐ]...")
def register_group() -> None:
    """Sổ đăng ký văn bản đi: xem, hủy số, xuất ra Excel (mẫu Phụ lục IV, NĐ 30/2020/NĐ-CP)."""


@register_group.command("list", options_metavar=OPTIONS_METAVAR)
@REGISTER_OPT
@ORG_OPT
@YEAR_OPT
def list_cmd(register_path: Path | None, org: str | None, year: int | None) -> None:
    """Liệt kê các số đã cấp trong một năm, theo dãy số."""
    with _open(register_path) as reg:
        org, name, year = _resolve(reg, org, year)
        entries = reg.entries(org, year)
    click.echo(f"Sổ đăng ký văn bản đi năm {year} - {name}")
    rows = [
        [
            e.so_ky_hieu,
            f"{e.ngay:%d/%m/%Y}",
            e.series,
            STATUS[e.status],
            set_label(e.set_name),
            e.trich_yeu,
        ]
        for e in entries
    ]
    headers = ["Số, ký hiệu", "Ngày", "Dãy số", "Trạng thái", "Bộ văn bản", "Trích yếu"]
    for text in table(headers, rows):
        click.echo(text)
    click.echo(_summary(entries))


@register_group.command("show", options_metavar=OPTIONS_METAVAR)
@click.argument("so_ky_hieu", metavar="SỐ_KÝ_HIỆU")
@REGISTER_OPT
@ORG_OPT
@YEAR_OPT
@SERIES_OPT
def show_cmd(
    so_ky_hieu: str,
    register_path: Path | None,
    org: str | None,
    year: int | None,
    series: str | None,
) -> None:
    """Hiện mọi thông tin đã ghi của văn bản mang SỐ_KÝ_HIỆU (ví dụ 05/QĐ-UBND)."""
    with _open(register_path) as reg:
        org, name, year = _resolve(reg, org, year)
        e = reg.find(org, year, so_ky_hieu, series)
    fields = [
        ("Số, ký hiệu", e.so_ky_hieu),
        ("Ngày ban hành", f"{e.ngay:%d/%m/%Y}"),
        ("Cơ quan", name),
        ("Dãy số", e.series),
        ("Loại văn bản", e.loai_van_ban),
        ("Trích yếu", e.trich_yeu),
        ("Người ký", e.nguoi_ky),
        ("Nơi nhận", e.noi_nhan),
        ("Lưu", e.luu),
        ("Bộ văn bản", set_label(e.set_name)),
        ("Khóa văn bản", e.key),
        ("Trạng thái", STATUS[e.status]),
        ("Lý do hủy số", e.ly_do_huy or ""),
        ("SHA-256 .docx", e.sha256_docx or ""),
        ("SHA-256 .pdf", e.sha256_pdf or ""),
        ("Ghi sổ lúc", e.created_at),
    ]
    label_width = max(text_width(label) for label, _ in fields)
    for label, value in fields:
        if value:
            click.echo(f"{label}:{' ' * (label_width - text_width(label))} {value}")


@register_group.command("void", options_metavar=OPTIONS_METAVAR)
@click.argument("so_ky_hieu", metavar="SỐ_KÝ_HIỆU")
@click.option("--ly-do", "reason", required=True, metavar="LÝ_DO", help="Lý do hủy số (bắt buộc).")
@REGISTER_OPT
@ORG_OPT
@YEAR_OPT
@SERIES_OPT
def void_cmd(
    *,
    so_ky_hieu: str,
    reason: str,
    register_path: Path | None,
    org: str | None,
    year: int | None,
    series: str | None,
) -> None:
    """Hủy số SỐ_KÝ_HIỆU: số vẫn nằm trong sổ với lý do hủy và không bao giờ được cấp lại."""
    with _open(register_path) as reg:
        org, _, year = _resolve(reg, org, year)
        entry = reg.void(org, year, so_ky_hieu, reason, series)
    click.echo(
        f"Đã hủy số {entry.so_ky_hieu} năm {year} (lý do: {entry.ly_do_huy}). "
        "Số này vẫn được ghi trong sổ và không cấp lại."
    )


@register_group.command("export", options_metavar=OPTIONS_METAVAR)
@click.argument("out", metavar="TỆP_XLSX", type=click.Path(path_type=Path, dir_okay=False))
@REGISTER_OPT
@ORG_OPT
@YEAR_OPT
def export_cmd(out: Path, register_path: Path | None, org: str | None, year: int | None) -> None:
    """Xuất sổ đăng ký văn bản đi của một năm ra TỆP_XLSX theo mẫu Phụ lục IV."""
    if out.suffix.lower() != ".xlsx":
        raise RegisterError(f"{out}: tệp xuất phải có đuôi .xlsx")
    with _open(register_path) as reg:
        org, name, year = _resolve(reg, org, year)
        count = len(reg.entries(org, year))
        reg.export_xlsx(out, org, year)
    click.echo(f"Đã xuất sổ đăng ký văn bản đi năm {year} của {name} ({count} số) ra {out}.")
