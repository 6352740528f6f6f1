"""Vietnamese for click's own messages (usage, help, errors), so clerks never read English.

click marks its strings with gettext; we bind its modules' `_` and `ngettext` to a lookup in the
table below. Anything not listed falls back to click's English text.
"""

from __future__ import annotations

import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.termui
import click.types
import click.utils

MESSAGES = {
    "%(prog)s, version %(version)s": "%(prog)s, phiên bản %(version)s",
    "Aborted!": "Đã dừng.",
    "Commands": "Các lệnh",
    "Options": "Tùy chọn",
    "Usage:": "Cách dùng:",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Gõ '{command} {option}' để xem hướng dẫn.",
    "Missing argument": "Thiếu tham số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing command.": "Thiếu lệnh.",
    "Missing {param_type}": "Thiếu {param_type}",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "No such option {name!r}.": "Không có tùy chọn {name!r}.",
    "Option {name!r} does not take a value.": "Tùy chọn {name!r} không nhận giá trị.",
    "Option {name!r} requires an argument.": "Tùy chọn {name!r} cần một giá trị.",
    "Option {name!r} requires {nargs} arguments.": "Tùy chọn {name!r} cần {nargs} giá trị.",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Got unexpected extra argument ({args})": "Thừa tham số ({args})",
    "Got unexpected extra arguments ({args})": "Thừa các tham số ({args})",
    "{value!r} is not {choice}.": "{value!r} không phải {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} không thuộc các lựa chọn {choices}.",
    "{value!r} is not a valid {number_type}.": "{value!r} không phải một số hợp lệ.",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value!r} không phải giá trị có/không; dùng một trong: {states}"
    ),
    # The only click.DateTime format vanban uses is %d/%m/%Y; "%d" means nothing to a clerk.
    "{value!r} does not match the format {format}.": (
        "{value!r} không phải một ngày dạng ngày/tháng/năm, ví dụ 05/03/2026."
    ),
    "{value!r} does not match the formats {formats}.": (
        "{value!r} không phải một ngày dạng ngày/tháng/năm, ví dụ 05/03/2026."
    ),
    "Takes {nargs} values but 1 was given.": "Cần {nargs} giá trị, nhận được 1.",
    "Takes {nargs} values but {len} were given.": "Cần {nargs} giá trị, nhận được {len}.",
    "Argument {name!r} takes {nargs} values.": "Tham số {name!r} cần {nargs} giá trị.",
    "Positional arguments": "Tham số",
    "Repeat for confirmation": "Nhập lại để xác nhận",
    "Error: The two entered values do not match.": "Lỗi: hai giá trị đã nhập không khớp.",
    "Error: invalid input": "Lỗi: giá trị nhập không hợp lệ",
    "Press any key to continue...": "Nhấn phím bất kỳ để tiếp tục...",
    "Confirm the action without prompting.": "Xác nhận luôn, không hỏi lại.",
    "{value} is not in the range {range}.": "{value} nằm ngoài khoảng {range}.",
    # click passes {name} through str.title() ("Thư Mục"), so the Vietnamese leaves it out.
    "{name} {filename!r} does not exist.": "Không tìm thấy {filename!r}.",
    "{name} {filename!r} is a directory.": "{filename!r} là một thư mục, cần một tệp.",
    "{name} {filename!r} is a file.": "{filename!r} là một tệp, cần một thư mục.",
    "{name} {filename!r} is not readable.": "Không có quyền đọc {filename!r}.",
    "{name} {filename!r} is not writable.": "Không có quyền ghi vào {filename!r}.",
    "{name} {filename!r} is not executable.": "Không có quyền chạy {filename!r}.",
    "Could not open file {filename!r}: {message}": "Không mở được tệp {filename!r}: {message}",
    "Did you mean {possibility}?": "Có phải ý bạn là {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Có phải ý bạn là một trong: {possibilities}?)",
    "default: {default}": "mặc định: {default}",
    "required": "bắt buộc",
    "file": "Tệp",
    "directory": "Thư mục",
    "path": "Đường dẫn",
    "Do you want to continue?": "Tiếp tục?",
    "unknown error": "lỗi không rõ",
}


def _translate(message: str) -> str:
    return MESSAGES.get(message, message)


def _ntranslate(singular: str, plural: str, count: int) -> str:
    return _translate(singular if count == 1 else plural)


def install() -> None:
    """Bind click's message lookups to the Vietnamese table (idempotent)."""
    for module in (
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.termui,
        click.types,
        click.utils,
    ):
        if hasattr(module, "_"):
            module._ = _translate  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ntranslate  # type: ignore[attr-defined]
