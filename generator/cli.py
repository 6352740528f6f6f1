"""The `vanban` command: a thin click layer that calls the library and translates its errors."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from generator import cli_vi
from generator.cli_batch import batch_cmd
from generator.cli_register import register_group
from generator.cli_sign import sign_cmd
from generator.errors import DataError, UsageError, VanbanError

cli_vi.install()

if TYPE_CHECKING:
    from generator.build import BuildResult, RenderedDocument, Stage
    from generator.model import DuLieu

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class VanbanCommand(click.Command):
    """Click command whose usage line reads in Vietnamese."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[TÙY_CHỌN]")
        super().__init__(*args, **kwargs)


class VanbanGroup(click.Group):
    """Click group that turns library errors into Vietnamese messages and exit code 1."""

    command_class = VanbanCommand

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[TÙY_CHỌN]")
        kwargs.setdefault("subcommand_metavar", "LỆNH [THAM_SỐ]...")
        super().__init__(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> object:
        """Run the sub-command; print VanbanError messages instead of tracebacks."""
        try:
            return super().invoke(ctx)
        except DataError as err:
            click.echo(str(err), err=True)
            ctx.exit(1)
        except VanbanError as err:
            click.echo(f"Lỗi: {err}", err=True)
            ctx.exit(1)
        except OSError as err:
            # The last net under the library: a disk problem is the clerk's to fix, not a bug.
            click.echo(f"Lỗi: {os_message(err)}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo(
                "Đã dừng theo yêu cầu (Ctrl-C); không có tệp dở dang nào được giữ lại.", err=True
            )
            ctx.exit(130)


_OS_REASONS = {
    errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục",
    errno.EISDIR: "đây là một thư mục, không phải tệp",
    errno.ENOENT: "không tìm thấy tệp hoặc thư mục",
    errno.EEXIST: "đã có tệp hoặc thư mục cùng tên",
    errno.EACCES: "không có quyền ghi hoặc đọc; chọn thư mục khác hoặc xin cấp quyền",
    errno.EPERM: "không có quyền ghi hoặc đọc; chọn thư mục khác hoặc xin cấp quyền",
    errno.EROFS: "ổ đĩa chỉ cho đọc; chọn thư mục khác",
    errno.ENOSPC: "ổ đĩa đã đầy; giải phóng dung lượng rồi chạy lại",
    errno.ENAMETOOLONG: "đường dẫn quá dài; chọn thư mục ngắn hơn",
}


def os_message(err: OSError) -> str:
    """Return a Vietnamese message for a disk error, naming the path it happened on."""
    reason = _OS_REASONS.get(err.errno or 0, f"lỗi hệ thống ({err.strerror or err})")
    if err.filename is None:
        return reason
    return f"không ghi hoặc đọc được '{err.filename}': {reason}"


@click.group(cls=VanbanGroup, context_settings=CONTEXT)
@click.version_option(package_name="vanban", message="vanban %(version)s")
def cli() -> None:
    """vanban: lập văn bản cải cách hành chính cấp xã theo Nghị định 30/2020/NĐ-CP.

    Từ dữ liệu của xã (thư mục YAML hoặc một sổ Excel), tạo Kế hoạch kiểm tra, Quyết định thành
    lập Đoàn, Thông báo kết luận, Báo cáo định kỳ và Kế hoạch CCHC dạng .docx, PDF/A và PDF sẵn
    sàng ký số.
    """


cli.add_command(register_group)
cli.add_command(batch_cmd)
cli.add_command(sign_cmd)

DATA_ARG = click.argument("data", metavar="DỮ_LIỆU", type=click.Path(path_type=Path, exists=False))


@cli.command("check", short_help="Kiểm tra dữ liệu, liệt kê mọi lỗi một lần.")
@DATA_ARG
def check_cmd(data: Path) -> None:
    """Kiểm tra dữ liệu DỮ_LIỆU và liệt kê mọi lỗi một lần; không ghi tệp nào."""
    from generator.sources import load_dataset

    dataset = load_dataset(data)
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


@cli.command("lint", short_help="Kiểm tra thể thức văn bản .docx, .pdf theo NĐ 30.")
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


@cli.command("init", short_help="Tạo bộ dữ liệu mẫu (YAML và Excel) để sửa theo xã mình.")
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
        f"Sửa dữ liệu ở các tệp YAML hoặc ở sổ {WORKBOOK_NAME}, rồi kiểm tra bằng "
        f"'vanban check {target}' hoặc 'vanban check {target / WORKBOOK_NAME}'."
    )


def _positive(_ctx: click.Context, _param: click.Parameter, value: int | None) -> int | None:
    if value is not None and value < 1:
        raise click.BadParameter(f"cần một số từ 1 trở lên, nhận được {value}.")
    return value


def _set_names() -> list[str]:
    from generator.sets import SETS

    return [*SETS, "all"]


@cli.command("build", short_help="Lập bộ văn bản (.docx, PDF/A, bundle.pdf) từ dữ liệu.")
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
def build_cmd(
    *,
    set_name: str,
    data: Path,
    out: Path,
    period: str | None,
    no_pdf: bool,
    jobs: int | None,
    issue: bool,
    register_path: Path | None,
    issue_date: datetime | None,
) -> None:
    """Lập bộ văn bản BỘ từ DỮ_LIỆU (thư mục YAML hoặc sổ Excel .xlsx).

    \b
    BỘ là một trong:
      inspection  Kế hoạch kiểm tra, Quyết định thành lập Đoàn, các Thông báo kết luận
      report      Báo cáo kết quả CCHC của kỳ --ky, kèm phụ lục số liệu (.docx và .xlsx)
      plan        Kế hoạch CCHC (năm hoặc nhiều năm) kèm phụ lục nhiệm vụ
      all         mọi bộ mà dữ liệu có, mọi kỳ báo cáo đã có van_ban

    Kết quả ghi vào THƯ_MỤC/<xã>/<năm>/<bộ>[-<kỳ>]/ kèm manifest.json (và bundle.pdf khi có
    PDF); bộ văn bản chỉ xuất hiện khi đã tạo xong toàn bộ.
    """
    from datetime import date

    from generator.sources import load_dataset

    today = date.today()
    # LibreOffice starts first: its workers warm up (about 1.5 s) while the data loads.
    with _pdf_stages(no_pdf, jobs) as (stages, failures):
        dataset = load_dataset(data)
        results = _build(
            dataset, set_name, data, out, today=today, period=period, stages=stages,
            issue=issue, register_path=register_path,
            issue_date=issue_date.date() if issue_date else None,
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
) -> list[BuildResult]:
    """Return the results of building `set_name` ('all' = every set) with the given stages."""
    from generator.build import build_all, build_set

    if issue:
        from generator.cli_register import issue_build

        return issue_build(
            dataset, set_name, data, out, today=today, period=period,
            register_path=register_path, issue_date=issue_date, stages=stages,
        )  # fmt: skip
    if set_name == "all":
        return build_all(
            dataset, out, today=today, period=period, progress=click.echo, stages=stages
        )
    return [
        build_set(
            dataset, set_name, out, today=today, period=period, progress=click.echo, stages=stages
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


def main() -> None:
    """Run the `vanban` command line."""
    cli(prog_name="vanban")
