"""The one exception tree of vanban: the library raises these, only the CLI prints them.

Every message is Vietnamese and says where the problem is and what to do about it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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


class QueueError(VanbanError):
    """The Redis queue (broker, result backend) cannot be reached or refused an operation."""


class FinalisedSetError(VanbanError):
    """Building a set again would replace documents a clerk finalised (names each one)."""
