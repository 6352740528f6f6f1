"""`vanban lint`: the ND30 format check of .docx and .pdf files."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.base import VanbanCommand


@click.command(
    "lint", cls=VanbanCommand, short_help="Kiểm tra thể thức văn bản .docx, .pdf theo NĐ 30."
)
@click.argument("files", metavar="TỆP...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON cho máy đọc.")
@click.pass_context
def lint_cmd(ctx: click.Context, files: tuple[Path, ...], as_json: bool) -> None:
    """Kiểm tra thể thức văn bản theo Nghị định 30/2020/NĐ-CP cho tệp .docx hoặc .pdf.

    Mỗi lỗi in trên một dòng, theo từng tệp, cuối cùng là dòng tổng cộng. Thư mục thì kiểm tra
    mọi tệp .docx và .pdf bên trong, trừ bundle.pdf của bộ văn bản (tệp gộp nhiều văn bản). Mã
    thoát 1 khi có lỗi (cảnh báo không tính).
    """
    from generator.nd30.lint import lint_paths

    report = lint_paths(files)
    if as_json:
        click.echo(report.to_json())
    else:
        for line in report.lines():
            click.echo(line)
    if report.errors:
        ctx.exit(1)
