"""`vanban build`: one set (or all) from the data, with the LibreOffice pool for the PDFs."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.cli.base import (
    DATA_ARG,
    ONLY_OPTION,
    REBUILD_FINALISED_OPTION,
    VanbanCommand,
    chosen_names,
    own_templates,
)
from generator.errors import UsageError

if TYPE_CHECKING:
    from generator.build import BuildResult, RenderedDocument, Stage, Templates
    from generator.model import DuLieu


def _positive(_ctx: click.Context, _param: click.Parameter, value: int | None) -> int | None:
    if value is not None and value < 1:
        raise click.BadParameter(f"cần một số từ 1 trở lên, nhận được {value}.")
    return value


def _set_names() -> list[str]:
    from generator.sets import SETS

    return [*SETS, "all"]


@click.command(
    "build", cls=VanbanCommand, short_help="Lập bộ văn bản (.docx, PDF/A, bundle.pdf) từ dữ liệu."
)
@click.argument("set_name", metavar="BỘ", type=click.Choice(_set_names()))
@DATA_ARG
@click.option(
    "--out",
    "out",
    default=Path("out"),
    show_default=True,
    metavar="THƯ_MỤC",
    type=click.Path(path_type=Path, file_okay=False),
    help="Thư mục ghi kết quả.",
)
@click.option(
    "--ky",
    "--period",
    "period",
    default=None,
    metavar="KỲ",
    help="Kỳ báo cáo của bộ report: 2026-Q1 (quý I), 2026-H1 (6 tháng), 2026-Q3 (quý III), "
    "2026-9M (9 tháng) hoặc 2026 (năm).",
)
@click.option("--no-pdf", "no_pdf", is_flag=True, help="Chỉ tạo .docx, không chuyển sang PDF.")
@click.option(
    "--jobs", "-j", "jobs", type=int, default=None, metavar="N", callback=_positive,
    help="Số tiến trình LibreOffice chạy song song; mặc định = số nhân của máy.",
)  # fmt: skip
@click.option("--issue", is_flag=True, help="Cấp số, ngày ban hành từ sổ đăng ký văn bản đi.")
@click.option(
    "--so-dang-ky", "register_path", type=click.Path(path_type=Path, dir_okay=False),
    help="Tệp sổ đăng ký; mặc định so-dang-ky.sqlite cạnh DỮ_LIỆU.",
)  # fmt: skip
@click.option(
    "--ngay", "issue_date", type=click.DateTime(["%d/%m/%Y"]), metavar="NGÀY",
    help="Ngày ban hành khi cấp số (dd/mm/yyyy); mặc định hôm nay.",
)  # fmt: skip
@click.option(
    "--templates", "templates", type=click.Path(path_type=Path, file_okay=False),
    metavar="THƯ_MỤC", help="Thư mục mẫu riêng (vanban template export); loại nào không có mẫu "
    "ở đó thì dùng mẫu mặc định.",
)  # fmt: skip
@ONLY_OPTION
@REBUILD_FINALISED_OPTION
def build_cmd(
    *,
    only: tuple[str, ...],
    rebuild_finalised: bool,
    set_name: str,
    data: Path,
    out: Path,
    period: str | None,
    no_pdf: bool,
    jobs: int | None,
    issue: bool,
    register_path: Path | None,
    issue_date: datetime | None,
    templates: Path | None,
) -> None:
    """Lập bộ văn bản BỘ từ DỮ_LIỆU (thư mục YAML hoặc sổ Excel .xlsx).

    \b
    BỘ là một trong:
      inspection  Kế hoạch kiểm tra, Quyết định thành lập Đoàn, các Thông báo kết luận
      report      Báo cáo kết quả CCHC của kỳ --ky, kèm phụ lục số liệu (.docx và .xlsx)
      plan        Kế hoạch CCHC (năm hoặc nhiều năm) kèm phụ lục nhiệm vụ
      all         mọi bộ mà dữ liệu có, mọi kỳ báo cáo đã có van_ban

    Kết quả ghi vào THƯ_MỤC/<xã>/<năm>/<bộ>[-<kỳ>]/ kèm manifest.json (và bundle.pdf khi có
    PDF); bộ văn bản chỉ xuất hiện khi đã tạo xong toàn bộ. Văn bản đã hoàn thiện (vanban
    finalize) được giữ nguyên, trừ khi có --lap-lai-da-hoan-thien.
    """
    from datetime import date

    from generator.sources import load_with_source
    from generator.sources.leftovers import sample_leftovers

    today = date.today()
    chosen = own_templates(templates)
    # LibreOffice starts first: its workers warm up (about 1.5 s) while the data loads.
    with _pdf_stages(no_pdf, jobs) as (stages, failures):
        dataset, source = load_with_source(data)
        # The same warning as `vanban check`, before the documents naming another commune are made.
        for line in sample_leftovers(dataset, source.raw, source.prov):
            click.echo(line, err=True)
        from generator.setsource import RecordSource

        # The set remembers its data, for `vanban finalize` without --du-lieu.
        recording: list[Stage] = [*stages, RecordSource(data, chosen)]
        results = _build(
            dataset, set_name, data, out, today=today, period=period, stages=recording,
            issue=issue, register_path=register_path,
            issue_date=issue_date.date() if issue_date else None, templates=chosen,
            only=chosen_names(only, issue=issue),
            rebuild_finalised=rebuild_finalised,
        )  # fmt: skip
    if not results:
        raise UsageError(
            "dữ liệu chưa có phần nào để lập văn bản; thêm phần kiểm tra (kiem-tra.yaml hoặc "
            "trang KiemTra của sổ Excel), kế hoạch (ke-hoach.yaml hoặc trang KeHoach) hoặc một "
            "kỳ báo cáo có van_ban (bao-cao.yaml hoặc trang BaoCao)"
        )
    for result in results:
        click.echo(f"Đã lập {_made(result.documents, no_pdf)} trong {result.folder}.")
    if len(results) > 1:
        documents = [d for result in results for d in result.documents]
        common = Path(os.path.commonpath([result.folder for result in results]))
        click.echo(
            f"Xong {len(results)} bộ, {_made(documents, no_pdf)}; thư mục kết quả: {common}."
        )
    if failures:
        click.echo(f"Có {len(failures)} văn bản chưa ra được PDF:", err=True)
        for failure in failures:
            click.echo(f"- {failure}", err=True)
        raise click.exceptions.Exit(1)


def _made(documents: Sequence[RenderedDocument], no_pdf: bool) -> str:
    """Return "12 văn bản, 12 PDF" (without the PDFs when they were not asked for)."""
    pdfs = sum(1 for d in documents if d.pdf is not None)
    return f"{len(documents)} văn bản" + ("" if no_pdf else f", {pdfs} PDF")


def _build(
    dataset: DuLieu,
    set_name: str,
    data: Path,
    out: Path,
    *,
    today: date,
    period: str | None,
    stages: list[Stage],
    issue: bool,
    register_path: Path | None,
    issue_date: date | None,
    templates: Templates | None = None,
    only: Sequence[str] = (),
    rebuild_finalised: bool = False,
) -> list[BuildResult]:
    """Return the results of building `set_name` ('all' = every set) with the given stages."""
    from generator.build import build_all, build_set

    if issue:
        from generator.service.build import issue_sets

        return issue_sets(
            dataset, set_name, data, out, today=today, period=period,
            register_path=register_path, issue_date=issue_date, progress=click.echo,
            stages=stages, templates=templates, only=only,
            rebuild_finalised=rebuild_finalised,
        )  # fmt: skip
    if set_name == "all":
        return build_all(
            dataset, out, today=today, period=period, progress=click.echo, stages=stages,
            templates=templates, rebuild_finalised=rebuild_finalised,
        )  # fmt: skip
    return [
        build_set(
            dataset,
            set_name,
            out,
            today=today,
            period=period,
            progress=click.echo,
            stages=stages,
            templates=templates,
            rebuild_finalised=rebuild_finalised,
        )
    ]


@contextmanager
def _pdf_stages(no_pdf: bool, jobs: int | None = None) -> Iterator[tuple[list[Stage], list[str]]]:
    """Yield the build stages (the PDF stage unless --no-pdf) and the list of PDF failures.

    The LibreOffice pool lives for the whole command and is always shut down, also on Ctrl-C.
    """
    if no_pdf:
        yield [], []
        return
    from generator.pdf.convert import LibreOfficeConverter
    from generator.pdf.stage import PdfStage

    with LibreOfficeConverter(workers=jobs) as converter:
        stage = PdfStage(converter, progress=click.echo)
        yield [stage], stage.failures
        for warning in converter.warnings:
            click.echo(f"Lưu ý: {warning}", err=True)
