"""What every `vanban` command shares: the Vietnamese group and command classes, error messages."""

from __future__ import annotations

import errno
import signal
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

import click

from generator.cli import vi
from generator.errors import DataError, IssueChoiceError, IssueHint, UsageError, VanbanError

if TYPE_CHECKING:
    from generator.build import Templates

# Before any command is declared: some of click's strings are looked up at declaration time.
vi.install()

OPTIONS_METAVAR = "[TÙY_CHỌN]"
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
# How `build --issue` and `batch --issue` let a clerk issue the documents of a set separately.
CLI_ISSUE_HINT = IssueHint(
    "--chi",
    "ví dụ --chi KH,QĐ bây giờ, rồi --chi TB:<mã đơn vị> --ngay <ngày> sau buổi kiểm tra của "
    "đơn vị đó",
)


class Terminated(KeyboardInterrupt):
    """SIGTERM (a service stop, `kill`), turned into the same orderly stop as Ctrl-C."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    # Once: a second SIGTERM must not break off the cleanup the first one started.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Terminated


def stop_on_sigterm() -> None:
    """Make SIGTERM stop the command like Ctrl-C: temporary folders removed, LibreOffice killed."""
    signal.signal(signal.SIGTERM, _terminate)


class VanbanCommand(click.Command):
    """Click command whose usage line reads in Vietnamese."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)


class VanbanGroup(click.Group):
    """Click group that turns library errors into Vietnamese messages and exit code 1."""

    command_class = VanbanCommand

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", "LỆNH [THAM_SỐ]...")
        super().__init__(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> object:
        """Run the sub-command; print VanbanError messages instead of tracebacks."""
        try:
            return super().invoke(ctx)
        except DataError as err:
            click.echo(str(err), err=True)
            ctx.exit(1)
        except IssueChoiceError as err:
            click.echo(f"Lỗi: {err.worded(CLI_ISSUE_HINT)}", err=True)
            ctx.exit(1)
        except VanbanError as err:
            click.echo(f"Lỗi: {err}", err=True)
            ctx.exit(1)
        except OSError as err:
            # The last net under the library: a disk problem is the clerk's to fix, not a bug.
            click.echo(f"Lỗi: {os_message(err)}", err=True)
            ctx.exit(1)
        except Terminated:
            click.echo(
                "Đã dừng vì nhận tín hiệu dừng (SIGTERM); không có tệp dở dang nào được giữ lại.",
                err=True,
            )
            ctx.exit(143)
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


DATA_ARG = click.argument("data", metavar="DỮ_LIỆU", type=click.Path(path_type=Path, exists=False))
# `build --issue` and `batch --issue` alike; the values are read by `chosen_names`.
REBUILD_FINALISED_OPTION = click.option(
    "--lap-lai-da-hoan-thien", "--rebuild-finalised", "rebuild_finalised", is_flag=True,
    help="Lập lại cả văn bản đã hoàn thiện (vanban finalize) từ dữ liệu; bản đã hoàn thiện "
    "được giữ trong versions/ của bộ mới. Không có tùy chọn này thì văn bản đã hoàn thiện được "
    "giữ nguyên, chỉ lập lại các văn bản khác.",
)  # fmt: skip

ONLY_OPTION = click.option(
    "--chi", "only", multiple=True, metavar="VĂN_BẢN",
    help="Với --issue: chỉ cấp số cho các văn bản này (KH, QĐ, TB, TB:<mã đơn vị>, BC; nhiều "
    "văn bản cách nhau bằng dấu phẩy); văn bản khác giữ số đã cấp hoặc còn là dự thảo.",
)  # fmt: skip


def chosen_names(only: Sequence[str], *, issue: bool) -> list[str]:
    """Return the documents `--chi` names, one per item ("KH,QĐ" is two); refuse it without
    --issue."""
    from generator.register.issue import split_choice

    names = split_choice(only)
    if names and not issue:
        raise UsageError("--chi chỉ dùng cùng --issue (chọn văn bản được cấp số lần này)")
    return names


def text_width(text: str) -> int:
    """Return how many terminal columns `text` takes (combining marks take none)."""
    # NFC leaves few combining marks, but a pasted name may still carry some.
    return sum(0 if unicodedata.combining(c) else 1 for c in text)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Return the lines of a plain-text table with aligned columns."""
    widths = [max(text_width(r[i]) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        padded = [c + " " * (w - text_width(c)) for c, w in zip(cells, widths, strict=True)]
        return "  ".join(padded).rstrip()

    return [line(headers), "  ".join("-" * w for w in widths), *map(line, rows)]


def own_templates(folder: Path | None) -> Templates | None:
    """Return the templates of `--templates` (None without it), every broken one reported
    before anything is built, after saying which are used (`build` and `batch` alike)."""
    if folder is None:
        return None
    from generator.service.templates import load_templates

    chosen = load_templates(folder)
    names = ", ".join(sorted(p.relative_to(folder).as_posix() for p in chosen.values()))
    click.echo(f"Dùng mẫu riêng trong {folder}: {names}.")
    return chosen
