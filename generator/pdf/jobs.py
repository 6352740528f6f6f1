"""What a converter takes and gives: jobs, results, the converter and stream protocols.

Kept apart from `convert.py` (the LibreOffice converter) so fakes and callers depend on the
shapes only; `generator.pdf.convert` re-exports every name.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from generator.pdf.rawpdf import RawPdf

__all__ = [
    "ConvertJob",
    "ConvertResult",
    "Converter",
    "JobStream",
    "Progress",
    "StreamingConverter",
    "docx_problem",
]


@dataclass
class ConvertJob:
    """One document to convert; `timeout` overrides the converter's per-document timeout."""

    docx: Path
    pdf: Path
    timeout: float | None = None


@dataclass
class ConvertResult:
    """The outcome of one job; `error` is a Vietnamese message when `ok` is False."""

    job: ConvertJob
    ok: bool
    pages: int | None = None
    error: str | None = None
    fonts: list[str] = field(default_factory=list)
    # The PDF as read back for the checks (bytes and parsed), for the next step to reuse.
    content: bytes | None = field(default=None, repr=False, compare=False)
    raw: RawPdf | None = field(default=None, repr=False, compare=False)


Progress = Callable[[ConvertResult], None]


class Converter(Protocol):
    """Anything that turns .docx jobs into PDFs and reports one result per job, in job order."""

    def convert(
        self, jobs: Sequence[ConvertJob], progress: Progress | None = None
    ) -> list[ConvertResult]:
        """Convert `jobs`; never raise for a single bad document, report it in its result."""
        ...


class JobStream(Protocol):
    """Jobs handed over one at a time; close() returns one result per job, in order."""

    def submit(self, job: ConvertJob) -> None:
        """Queue `job` (conversion may start at once)."""
        ...

    def close(self) -> list[ConvertResult]:
        """Finish every queued job and return the results in submission order."""
        ...

    def cancel(self) -> None:
        """Drop the jobs not started yet and wait for the running ones; results are lost."""
        ...


@runtime_checkable
class StreamingConverter(Converter, Protocol):
    """A converter that can also start converting while the caller still produces documents."""

    def open_stream(self, progress: Progress | None = None) -> JobStream:
        """Return a new stream of jobs."""
        ...


def docx_problem(path: Path) -> str | None:
    """Return why `path` cannot be a Word document, or None when it looks like one."""
    if not path.is_file():
        return f"{path}: không tìm thấy tệp .docx."
    try:
        with zipfile.ZipFile(path) as archive:
            if "word/document.xml" in archive.namelist():
                return None
    except (zipfile.BadZipFile, OSError):
        pass
    return f"{path}: tệp .docx bị hỏng (không phải tệp Word hợp lệ); hãy tạo lại văn bản."
