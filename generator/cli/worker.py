"""`vanban worker`: a Celery worker that builds queued sets, one warm LibreOffice per process."""

from __future__ import annotations

import os

import click

from generator.cli.base import OPTIONS_METAVAR

QUEUE_HELP = "Hàng đợi Redis, ví dụ redis://127.0.0.1:6379/0."


@click.command("worker", options_metavar=OPTIONS_METAVAR)
@click.option("--queue", "queue", required=True, metavar="URL", help=QUEUE_HELP)
@click.option(
    "--concurrency", type=click.IntRange(min=1), default=None, metavar="N",
    help="Số tiến trình, mỗi tiến trình một LibreOffice; mặc định = số nhân.",
)  # fmt: skip
@click.option(
    "--recycle-after", type=click.IntRange(min=1), default=None, metavar="N",
    help="Khởi động lại LibreOffice của một tiến trình sau N văn bản (mặc định 2000).",
)  # fmt: skip
@click.option(
    "--visibility-timeout", type=click.FloatRange(min=1), default=None, metavar="GIÂY",
    help="Sau bao lâu một bộ văn bản của worker đã chết được giao cho worker khác (mặc định 600).",
)  # fmt: skip
@click.option("--name", default=None, metavar="TÊN", help="Tên worker, ví dụ w1@%h.")
def worker_cmd(
    *,
    queue: str,
    concurrency: int | None,
    recycle_after: int | None,
    visibility_timeout: float | None,
    name: str | None,
) -> None:
    """Nhận và tạo các bộ văn bản từ hàng đợi Redis (vanban batch --queue, vanban serve --queue).

    Thư mục dữ liệu và thư mục kết quả phải là cùng một đường dẫn trên mọi máy (thư mục chung,
    ví dụ ổ mạng NFS). Dừng bằng Ctrl-C hoặc SIGTERM: bộ đang tạo được làm xong trước.
    """
    from generator.queue.app import VISIBILITY_TIMEOUT, configure, ping
    from generator.queue.worker import RECYCLE_AFTER, run_worker

    timeout = visibility_timeout or VISIBILITY_TIMEOUT
    configure(queue, visibility_timeout=timeout, restore_every=min(10.0, timeout / 4))
    ping(queue)
    run_worker(
        queue,
        concurrency=concurrency or os.cpu_count() or 1,
        recycle_after=recycle_after or RECYCLE_AFTER,
        name=name,
    )
