"""`vanban check` and `vanban init`: the commune's data, checked or started from the sample."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.base import DATA_ARG, VanbanCommand


@click.command("check", cls=VanbanCommand, short_help="Kiểm tra dữ liệu, liệt kê mọi lỗi một lần.")
@DATA_ARG
def check_cmd(data: Path) -> None:
    """Kiểm tra dữ liệu DỮ_LIỆU và liệt kê mọi lỗi một lần; không ghi tệp nào."""
    from generator.sources import load_with_source
    from generator.sources.leftovers import sample_leftovers

    dataset, source = load_with_source(data)
    org = dataset.to_chuc
    parts = [f"{len(org.don_vi)} đơn vị", f"{len(org.can_bo)} cán bộ"]
    if dataset.ke_hoach:
        plan = dataset.ke_hoach
        parts.append(f"{len(plan.chi_tieu)} chỉ tiêu, {len(plan.nhiem_vu)} nhiệm vụ kế hoạch")
    if dataset.kiem_tra:
        parts.append(f"{len(dataset.kiem_tra.ket_luan)} thông báo kết luận kiểm tra")
    if dataset.bao_cao:
        parts.append(f"{len(dataset.bao_cao)} kỳ báo cáo")
    click.echo(f"Dữ liệu hợp lệ: {org.ten_day_du} ({'; '.join(parts)}).")
    for line in sample_leftovers(dataset, source.raw, source.prov):
        click.echo(line, err=True)


@click.command(
    "init", cls=VanbanCommand, short_help="Tạo bộ dữ liệu mẫu (YAML và Excel) để sửa theo xã mình."
)
@click.argument("target", metavar="THƯ_MỤC", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--ghi-de", "--force", "overwrite", is_flag=True, help="Ghi đè các tệp đã có trong THƯ_MỤC."
)
def init_cmd(target: Path, overwrite: bool) -> None:
    """Tạo bộ dữ liệu mẫu (xã Bình Lư) trong THƯ_MỤC: các tệp YAML và sổ Excel du-lieu.xlsx."""
    from generator.sources.sample import WORKBOOK_NAME, init_dataset

    written = init_dataset(target, overwrite=overwrite)
    click.echo(f"Đã tạo bộ dữ liệu mẫu trong {target}: {', '.join(p.name for p in written)}.")
    click.echo(
        f"Sửa dữ liệu ở một bên: sổ {WORKBOOK_NAME} (kiểm tra bằng 'vanban check "
        f"{target / WORKBOOK_NAME}') hoặc các tệp YAML ('vanban check {target / 'to-chuc.yaml'}'). "
        f"'vanban check {target}' đọc thư mục khi hai bên giống nhau, và dừng lại hỏi dùng bên "
        "nào khi chúng khác nhau."
    )
