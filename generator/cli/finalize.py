"""`vanban finalize`: an edited draft back into its set (số, PDF/A, ô ký, bundle, manifest)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.cli.base import VanbanCommand, own_templates
from generator.errors import UsageError

if TYPE_CHECKING:
    from generator.pdf.convert import LibreOfficeConverter


@click.command(
    "finalize",
    cls=VanbanCommand,
    short_help="Hoàn thiện văn bản đã sửa: cấp số, PDF/A, ô ký số, cập nhật bộ văn bản.",
)
@click.argument(
    "edited", metavar="TỆP_ĐÃ_SỬA.docx", type=click.Path(path_type=Path, dir_okay=False)
)
@click.option(
    "--set-dir", "set_dir", type=click.Path(path_type=Path, file_okay=False), metavar="THƯ_MỤC",
    help="Thư mục bộ văn bản (có manifest.json); mặc định thư mục chứa tệp đã sửa.",
)  # fmt: skip
@click.option("--issue", is_flag=True, help="Cấp số, ngày ban hành từ sổ đăng ký văn bản đi.")
@click.option(
    "--so-dang-ky", "register_path", type=click.Path(path_type=Path, dir_okay=False),
    metavar="TỆP", help="Tệp sổ đăng ký (.sqlite) dùng khi cấp số.",
)  # fmt: skip
@click.option(
    "--ngay", "issue_date", type=click.DateTime(["%d/%m/%Y"]), metavar="NGÀY",
    help="Ngày ban hành khi cấp số (dd/mm/yyyy); mặc định hôm nay.",
)  # fmt: skip
@click.option(
    "--so-theo-loai", is_flag=True, help="Mỗi loại văn bản một dãy số (mặc định: một dãy chung)."
)
@click.option(
    "--du-lieu", "data", type=click.Path(path_type=Path), metavar="DỮ_LIỆU",
    help="Dữ liệu đã dùng để lập bộ (thư mục YAML hoặc tệp .xlsx): các dự thảo trích dẫn văn "
    "bản này được lập lại với số, ngày mới. Mặc định dữ liệu manifest.json đã ghi khi lập bộ, "
    "nếu nó còn đó và chưa đổi.",
)  # fmt: skip
@click.option(
    "--templates", "templates", type=click.Path(path_type=Path, file_okay=False),
    metavar="THƯ_MỤC", help="Thư mục mẫu riêng đã dùng để lập bộ (cùng --du-lieu).",
)  # fmt: skip
def finalize_cmd(
    *,
    edited: Path,
    set_dir: Path | None,
    issue: bool,
    register_path: Path | None,
    issue_date: datetime | None,
    so_theo_loai: bool,
    data: Path | None,
    templates: Path | None,
) -> None:
    """Hoàn thiện TỆP_ĐÃ_SỬA.docx (bản dự thảo đã sửa trong Word hoặc LibreOffice).

    \b
    Nhận ra đây là văn bản nào của bộ (mã băm, loại, trích yếu), rồi:
      - từ chối nếu còn thay đổi được theo dõi, ghi chú, hoặc lỗi thể thức NĐ 30;
      - cấp số và ngày từ sổ đăng ký khi có --issue (hoàn thiện lại thì giữ số cũ);
      - chuyển sang PDF/A, thêm ô ký số đúng chỗ khối chữ ký;
      - thay văn bản trong bộ, lập lại bundle.pdf và manifest.json; bản cũ giữ trong versions/;
      - lập lại các dự thảo trích dẫn văn bản này để ghi đúng số, ngày mới, từ --du-lieu hoặc
        từ dữ liệu bộ đã ghi khi lập (nếu còn đó và chưa đổi); văn bản đã hoàn thiện trích dẫn
        nó thì được nêu tên để sửa bằng tay.
    """
    from generator.register.entries import SeriesPolicy
    from generator.service.finalize import IssueOptions, Source, finalize

    folder = set_dir if set_dir is not None else edited.parent
    options = None
    if issue:
        if register_path is None:
            raise UsageError("cấp số (--issue) cần tệp sổ đăng ký: thêm --so-dang-ky TỆP")
        policy = SeriesPolicy.THEO_LOAI if so_theo_loai else SeriesPolicy.CHUNG
        day = issue_date.date() if issue_date else date.today()
        options = IssueOptions(register_path, day, policy)
    elif register_path is not None or issue_date is not None:
        raise UsageError("--so-dang-ky và --ngay chỉ dùng cùng --issue")
    if templates is not None and data is None:
        raise UsageError("--templates chỉ dùng cùng --du-lieu (dữ liệu đã dùng để lập bộ)")
    source = None if data is None else Source(data, own_templates(templates))
    with _converter() as converter:
        result = finalize(
            edited, folder, converter=converter, now=datetime.now().astimezone(),
            issue=options, source=source, progress=click.echo, recorded_source=True,
        )  # fmt: skip
    for warning in [*result.warnings, *result.citations]:
        click.echo(f"Cảnh báo: {warning}")
    number = f"số {result.so_ky_hieu}" if result.so_ky_hieu else "chưa có số"
    click.echo(
        f"Đã hoàn thiện {result.docx.name} ({number}, bản {result.version}, {result.pages} "
        f"trang, ô ký: {', '.join(result.signature_fields)}); bản trước lưu trong versions/ "
        f"của {result.folder}."
    )
    if result.updated:
        click.echo(
            f"Đã lập lại {len(result.updated)} dự thảo trích dẫn số {result.so_ky_hieu}: "
            f"{', '.join(result.updated)}."
        )


def _converter() -> LibreOfficeConverter:
    """Return the real converter, one LibreOffice (a single document to convert)."""
    from generator.pdf.convert import LibreOfficeConverter

    return LibreOfficeConverter(workers=1)
