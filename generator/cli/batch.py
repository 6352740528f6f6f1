"""`vanban batch`: many organisations and sets at once, with progress, summary and report.

Part of the CLI layer: it prints; generator.batch does the work and only raises.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import TextIO

import click

from generator.atomic import clean_stale_tree, write_atomic
from generator.batch.runner import BatchOptions, OrgOutcome, run_batch
from generator.cli.base import (
    CLI_ISSUE_HINT,
    ONLY_OPTION,
    OPTIONS_METAVAR,
    REBUILD_FINALISED_OPTION,
    chosen_names,
    own_templates,
    table,
)
from generator.register import SeriesPolicy

REPORT_NAME = "batch-report.json"
STATUS = {"built": "đã tạo", "skipped": "không đổi", "failed": "lỗi", "stopped": "đã dừng"}


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    minutes, sec = divmod(seconds, 60)
    return f"{minutes} phút {sec:02d} giây" if minutes else f"{sec} giây"


def progress_line(done: int, total: int, documents: int, failed: int, elapsed: float) -> str:
    """Return the one-line progress bar: bar, counts, speed and time left."""
    width = 24
    filled = width * done // total if total else width
    rate = documents / elapsed if elapsed > 0 else 0.0
    left = elapsed / done * (total - done) if done else None
    eta = f"còn khoảng {_duration(left)}" if left is not None else "đang ước tính"
    speed = f"{rate:.1f}".replace(".", ",")
    return (
        f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} tổ chức · {documents} văn bản"
        f" · {failed} lỗi · {speed} văn bản/giây · {eta}"
    )


class ProgressBar:
    """A refreshing progress line on stderr (one line per update when stderr is not a terminal)."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.stream = total, stream
        self.done = self.documents = self.failed = self.rendered = 0
        self.started = self.drawn = time.monotonic()
        self.live = stream.isatty()

    def update(self, outcome: OrgOutcome) -> None:
        """Count one finished organisation and redraw."""
        self.done += 1
        self.documents += sum(s.documents for s in outcome.sets if s.status == "built")
        self.failed += bool(outcome.error) + sum(s.status == "failed" for s in outcome.sets)
        self._draw()

    def heard(self, event: dict[str, object]) -> None:
        """Count a document a worker rendered (queued batch) and redraw, at most every 0.2 s
        (every second when stderr is not a terminal, one line each)."""
        if event.get("type") != "rendered":
            return
        self.rendered += 1
        first = self.rendered == 1  # drawn at once: the work has reached a worker
        if first or time.monotonic() - self.drawn >= (0.2 if self.live else 1.0):
            self._draw()

    def notice(self, text: str) -> None:
        """Write a message on its own line, below the progress line."""
        self.stream.write(("\n" if self.live else "") + text + "\n")
        self.stream.flush()

    def _draw(self) -> None:
        # While sets are in flight on workers, their documents count as they are rendered.
        documents = max(self.documents, self.rendered)
        self.drawn = time.monotonic()
        line = progress_line(
            self.done, self.total, documents, self.failed, self.drawn - self.started
        )
        end = "" if self.live and self.done < self.total else "\n"
        self.stream.write(("\r" if self.live else "") + line + end)
        self.stream.flush()


def _first_line(text: str | None) -> str:
    if not text:
        return ""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    shown = lines[1].removeprefix("- ") if len(lines) > 1 and lines[0].endswith(":") else lines[0]
    return shown


def summary_rows(outcomes: list[OrgOutcome]) -> list[list[str]]:
    """Return the summary table rows: organisation, set, documents, pages, status, first error."""
    rows = []
    for org in outcomes:
        if org.error:
            rows.append([org.name, "-", "0", "0", "lỗi dữ liệu", _first_line(org.error)])
        for s in org.sets:
            rows.append(
                [
                    org.name,
                    s.label,
                    str(s.documents),
                    str(s.pages),
                    STATUS.get(s.status, s.status),
                    _first_line(s.error),
                ]
            )
    return rows


@click.command("batch", options_metavar=OPTIONS_METAVAR)
@click.argument("source", metavar="NGUỒN", type=click.Path(path_type=Path, exists=True))
@click.option(
    "--out", "out", type=click.Path(path_type=Path, file_okay=False), default=Path("out"),
    show_default=True, metavar="THƯ_MỤC", help="Thư mục kết quả.",
)  # fmt: skip
@click.option(
    "--bo", "sets", multiple=True, metavar="BỘ",
    help="Bộ văn bản (inspection, report, plan); lặp lại để chọn nhiều bộ.",
)  # fmt: skip
@click.option(
    "--ky", "periods", multiple=True, metavar="KỲ", help="Kỳ báo cáo, ví dụ 2026-H1; lặp lại được."
)
@click.option("--issue", is_flag=True, help="Cấp số từ sổ đăng ký văn bản đi trước khi tạo.")
@click.option(
    "--so-dang-ky", "register", type=click.Path(path_type=Path, dir_okay=False), metavar="TỆP",
    help="Tệp sổ đăng ký; mặc định so-dang-ky.sqlite cạnh dữ liệu của mỗi tổ chức.",
)  # fmt: skip
@click.option(
    "--ngay", "issue_date", type=click.DateTime(["%d/%m/%Y"]), metavar="NGÀY",
    help="Ngày ban hành khi cấp số (dd/mm/yyyy); mặc định hôm nay.",
)  # fmt: skip
@ONLY_OPTION
@click.option(
    "--so-theo-loai", is_flag=True, help="Mỗi loại văn bản một dãy số (mặc định: một dãy chung)."
)
@click.option("--no-pdf", is_flag=True, help="Chỉ tạo .docx, không chuyển sang PDF.")
@click.option("--force", is_flag=True, help="Tạo lại tất cả, kể cả bộ văn bản không thay đổi.")
@REBUILD_FINALISED_OPTION
@click.option(
    "--workers", type=int, default=0, metavar="N", help="Số tiến trình; mặc định = số nhân."
)
@click.option(
    "--queue", "queue", default=None, metavar="URL",
    help="Giao việc cho các worker qua hàng đợi Redis (redis://MÁY:CỔNG/SỐ; xem vanban worker).",
)  # fmt: skip
@click.option(
    "--templates", "templates", type=click.Path(path_type=Path, file_okay=False),
    metavar="THƯ_MỤC", help="Thư mục mẫu riêng (vanban template export) dùng cho mọi tổ chức; "
    "loại nào không có mẫu ở đó thì dùng mẫu mặc định. Với --queue, thư mục này phải nằm trên "
    "thư mục chung mà mọi worker thấy ở cùng đường dẫn.",
)  # fmt: skip
def batch_cmd(
    *,
    source: Path,
    out: Path,
    sets: tuple[str, ...],
    periods: tuple[str, ...],
    issue: bool,
    register: Path | None,
    issue_date: object,
    only: tuple[str, ...],
    so_theo_loai: bool,
    no_pdf: bool,
    force: bool,
    rebuild_finalised: bool,
    workers: int,
    queue: str | None,
    templates: Path | None,
) -> None:
    """Tạo văn bản cho nhiều tổ chức cùng lúc từ NGUỒN (thư mục các tổ chức hoặc tệp .yaml).

    Chạy song song, bỏ qua bộ văn bản không thay đổi, tiếp tục khi một tổ chức có dữ liệu lỗi, và
    ghi bảng tổng hợp vào batch-report.json trong thư mục kết quả. Với --queue, số được cấp ở
    đây rồi mỗi bộ văn bản được giao cho một worker (vanban worker) qua Redis.
    """
    from generator.batch.jobs import plan
    from generator.sets import SETS

    if queue is not None:
        from generator.queue.app import check_url

        check_url(queue)
    names = chosen_names(only, issue=issue)
    chosen = own_templates(templates)  # checked once, before any organisation is built
    jobs = plan(source, list(sets), list(periods), list(SETS))
    # Only what dead runs left: another batch or build may be writing into `out` right now.
    for leftover in clean_stale_tree(out):
        click.echo(f"Đã xóa tệp tạm còn sót: {leftover}", err=True)
    options = BatchOptions(
        out=out,
        today=date.today(),
        pdf=not no_pdf,
        issue=issue,
        issue_date=issue_date.date() if hasattr(issue_date, "date") else None,
        register=register,
        policy=SeriesPolicy.THEO_LOAI if so_theo_loai else SeriesPolicy.CHUNG,
        force=force,
        workers=workers,
        templates=chosen,
        rebuild_finalised=rebuild_finalised,
        only=tuple(names),
        hint=CLI_ISSUE_HINT,
    )
    click.echo(f"Bắt đầu: {len(jobs)} tổ chức, {sum(len(j.sets) for j in jobs)} bộ văn bản.")
    bar = ProgressBar(len(jobs), sys.stderr)
    started = time.monotonic()
    if queue is None:
        outcomes = run_batch(jobs, options, bar.update)
    else:
        from generator.queue.submit import run_batch_on_queue

        outcomes = run_batch_on_queue(
            queue, jobs, options, on_done=bar.update, on_event=bar.heard, on_notice=bar.notice
        )
    elapsed = time.monotonic() - started
    headers = ["Tổ chức", "Bộ văn bản", "Văn bản", "Trang", "Trạng thái", "Lỗi đầu tiên"]
    for line in table(headers, summary_rows(outcomes)):
        click.echo(line)
    built = sum(s.documents for o in outcomes for s in o.sets if s.status == "built")
    skipped = sum(s.documents for o in outcomes for s in o.sets if s.status == "skipped")
    failed = [o for o in outcomes if o.error or any(s.status == "failed" for s in o.sets)]
    report = {
        "source": str(source),
        "seconds": round(elapsed, 2),
        "documents_built": built,
        "documents_skipped": skipped,
        "organisations_failed": len(failed),
        "organisations": [o.as_json() for o in outcomes],
    }
    out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    write_atomic(out / REPORT_NAME, text.encode("utf-8"))
    click.echo(
        f"Xong sau {_duration(elapsed)}: {built} văn bản đã tạo, {skipped} văn bản không đổi, "
        f"{len(failed)} tổ chức có lỗi. Báo cáo: {out / REPORT_NAME}"
    )
    if failed:
        raise SystemExit(1)
