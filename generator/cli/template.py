"""`vanban template export|check`: a province's or commune's own templates."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.base import VanbanCommand, VanbanGroup

_FOLDER = click.argument(
    "folder", metavar="THƯ_MỤC", type=click.Path(path_type=Path, file_okay=False)
)


@click.group(
    "template", cls=VanbanGroup, short_help="Mẫu văn bản riêng của tỉnh, xã: xuất ra, kiểm tra."
)
def template_group() -> None:
    """Mẫu văn bản riêng: xuất mẫu mặc định để sửa, kiểm tra mẫu đã sửa.

    Dùng mẫu đã sửa khi lập văn bản: vanban build … --templates THƯ_MỤC (loại nào không có mẫu
    trong THƯ_MỤC thì dùng mẫu mặc định).
    """


@template_group.command("export", cls=VanbanCommand, short_help="Xuất mẫu mặc định và mô tả biến.")
@_FOLDER
@click.option("--ghi-de", "--force", "overwrite", is_flag=True, help="Ghi đè tệp đã có.")
def export_cmd(folder: Path, overwrite: bool) -> None:
    """Xuất các mẫu .docx mặc định (thẻ docxtpl) vào THƯ_MỤC, kèm context.md và schema.json
    mô tả mọi biến mà từng loại văn bản nhận được."""
    from generator.service.templates import export_templates

    written = export_templates(folder, overwrite=overwrite)
    click.echo(f"Đã xuất {len(written)} tệp vào {folder}:")
    for path in written:
        click.echo(f"  {path.relative_to(folder).as_posix()}")
    click.echo(f"Sửa mẫu rồi kiểm tra bằng 'vanban template check {folder}'.")


@template_group.command("check", cls=VanbanCommand, short_help="Kiểm tra các mẫu đã sửa.")
@_FOLDER
@click.pass_context
def check_cmd(ctx: click.Context, folder: Path) -> None:
    """Kiểm tra mọi mẫu trong THƯ_MỤC: lập thử bằng dữ liệu mẫu, báo theo tệp và đoạn các biến
    không có, biến bắt buộc bị thiếu, lỗi cú pháp Jinja và lỗi thể thức NĐ 30 của văn bản lập
    ra. Mã thoát 1 khi có lỗi (cảnh báo không tính)."""
    from generator.service.templates import check_templates

    problems = check_templates(folder)
    for problem in problems:
        click.echo(f"- {problem.line()}")
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    click.echo(f"Tổng cộng: {errors} lỗi, {warnings} cảnh báo trong các mẫu của {folder}.")
    if errors:
        ctx.exit(1)
