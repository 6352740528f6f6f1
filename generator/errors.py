"""The one exception tree of vanban: the library raises these, only the CLI prints them.

Every message is Vietnamese and says where the problem is and what to do about it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any


class VanbanError(Exception):
    """Base of every error a user may see; `str(err)` is the Vietnamese message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Place:
    """Where a value came from: file, and sheet/cell (Excel) or key path and line (YAML).

    `column` is the header of the cell's column (or form row) as the clerk sees it in Excel;
    a message names it instead of the model's field name.
    """

    file: str
    sheet: str | None = None
    cell: str | None = None
    key_path: str | None = None
    line: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        text = self.file
        if self.sheet is not None:
            text += f" › {self.sheet}!{self.cell}" if self.cell else f" › trang tính {self.sheet}"
        elif self.key_path:
            text += f" › {self.key_path}"
        if self.line is not None and self.sheet is None:
            text += f" (dòng {self.line})"
        return text


@dataclass(frozen=True)
class Problem:
    """One data problem: where, which field, and what is wrong (Vietnamese)."""

    place: Place
    message: str
    field_name: str | None = None

    def __str__(self) -> str:
        key_path = self.place.key_path or ""
        named = self.field_name and not key_path.endswith(self.field_name)
        label = f" ({self.field_name})" if named else ""
        if self.place.sheet is not None and self.place.column:
            label = f" ({self.place.column})"
        elif self.place.sheet is not None and self.place.cell is None:
            label = ""  # a whole sheet: the model's field name means nothing to the clerk
        return f"{self.place}{label}: {self.message}"


@dataclass
class DataError(VanbanError):
    """All problems found in the input data, collected in one pass."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        VanbanError.__init__(self, self._render())

    def _render(self) -> str:
        count = len(self.problems)
        lines = [f"Dữ liệu có {count} lỗi cần sửa:"]
        lines += [f"- {p}" for p in self.problems]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self._render()


class SourceError(VanbanError):
    """The input file or folder cannot be read at all (missing, wrong type, too large)."""


class TemplateError(VanbanError):
    """A template is broken or does not match its context (names the template path)."""


class RenderError(VanbanError):
    """Rendering a document failed for a reason other than the template itself."""


class ConversionError(VanbanError):
    """LibreOffice failed to produce a valid PDF for a document."""


class ToolMissingError(VanbanError):
    """A system tool (LibreOffice, fonts, poppler) is missing; the message says what to install."""


class SigningError(VanbanError):
    """Signing or adding signature fields failed."""


class RegisterError(VanbanError):
    """The number register (sổ đăng ký văn bản đi) refused an operation."""


class UsageError(VanbanError):
    """A command-line value is invalid (bad period code, unknown document set...)."""


@dataclass(frozen=True)
class IssueHint:
    """How one door lets a clerk choose what to issue: the choice's name and an example.

    The library words its issuing errors for no door in particular; each door (the CLI, the
    web page, the API) passes its own hint to `IssueChoiceError.worded`.
    """

    option: str  # "--chi", "chi", "Văn bản cấp số lần này"
    example: str  # "ví dụ --chi KH,QĐ bây giờ, rồi …"


# Door-neutral: what the library says when no door has worded the error.
NEUTRAL_EXAMPLE = (
    "ví dụ Kế hoạch và Quyết định bây giờ, rồi Thông báo kết luận của mỗi đơn vị sau buổi "
    "kiểm tra của đơn vị đó"
)


class IssueChoiceError(UsageError):
    """Issuing as asked is refused; `worded` names the way the door offers to choose."""

    def __init__(self, message: str, hint: IssueHint | None = None) -> None:
        super().__init__(message)
        self.hint = hint

    def worded(self, hint: IssueHint) -> IssueChoiceError:
        """Return the same error in the words of the door whose `hint` is given."""
        raise NotImplementedError


class DateOrderError(IssueChoiceError):
    """Issuing on `issue_date` would break the inspection chain's date order (`problems`)."""

    def __init__(
        self, issue_date: date, problems: Sequence[str], hint: IssueHint | None = None
    ) -> None:
        self.issue_date, self.problems = issue_date, list(problems)
        example = hint.example if hint is not None else NEUTRAL_EXAMPLE
        super().__init__(
            f"không cấp số ngày {issue_date:%d/%m/%Y}: "
            + "; ".join(self.problems)
            + f". Cấp riêng từng văn bản khi đến lúc ban hành, {example}",
            hint,
        )

    def worded(self, hint: IssueHint) -> DateOrderError:
        """Return the same error in the words of the door whose `hint` is given."""
        return DateOrderError(self.issue_date, self.problems, hint)

    def __reduce__(self) -> tuple[Any, ...]:
        return (DateOrderError, (self.issue_date, self.problems, self.hint))


class UnknownChoiceError(IssueChoiceError):
    """A document chosen to issue (`wanted`) is not in the set, which has `available`."""

    def __init__(
        self, wanted: str, available: Sequence[str], hint: IssueHint | None = None
    ) -> None:
        self.wanted, self.available = wanted, list(available)
        prefix = f"{hint.option}: " if hint is not None else ""
        super().__init__(
            f"{prefix}bộ văn bản không có văn bản '{wanted}'; chọn trong: "
            + ", ".join(self.available),
            hint,
        )

    def worded(self, hint: IssueHint) -> UnknownChoiceError:
        """Return the same error in the words of the door whose `hint` is given."""
        return UnknownChoiceError(self.wanted, self.available, hint)

    def __reduce__(self) -> tuple[Any, ...]:
        return (UnknownChoiceError, (self.wanted, self.available, self.hint))


class QueueError(VanbanError):
    """The Redis queue (broker, result backend) cannot be reached or refused an operation."""
