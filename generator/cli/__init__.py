"""The `vanban` command: a thin click layer that calls the library and translates its errors.

One module per command group; only this module imports them, and they share `base` alone.
"""

from __future__ import annotations

import click

from generator.cli.base import CONTEXT, VanbanGroup, os_message, stop_on_sigterm
from generator.cli.batch import batch_cmd
from generator.cli.build import build_cmd
from generator.cli.data import check_cmd, init_cmd
from generator.cli.finalize import finalize_cmd
from generator.cli.lint import lint_cmd
from generator.cli.register import register_group
from generator.cli.sign import sign_cmd
from generator.cli.template import template_group
from generator.cli.web import serve_cmd, token_group, user_group
from generator.cli.worker import worker_cmd

__all__ = ["cli", "main", "os_message"]


@click.group(cls=VanbanGroup, context_settings=CONTEXT)
@click.version_option(package_name="vanban", message="vanban %(version)s")
def cli() -> None:
    """vanban: lập văn bản cải cách hành chính cấp xã theo Nghị định 30/2020/NĐ-CP.

    Từ dữ liệu của xã (thư mục YAML hoặc một sổ Excel), tạo Kế hoạch kiểm tra, Quyết định thành
    lập Đoàn, Thông báo kết luận, Báo cáo định kỳ và Kế hoạch CCHC dạng .docx, PDF/A và PDF sẵn
    sàng ký số.
    """


for command in (
    check_cmd, lint_cmd, init_cmd, build_cmd, finalize_cmd, register_group, batch_cmd, sign_cmd,
    template_group, serve_cmd, user_group, token_group, worker_cmd,
):  # fmt: skip
    cli.add_command(command)


def main() -> None:
    """Run the `vanban` command line."""
    stop_on_sigterm()
    cli(prog_name="vanban")
