"""The web application's settings: one frozen value made by `vanban serve` (or a test)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

DEFAULT_DATA_DIR = Path("vanban-data")
DEFAULT_UPLOAD_LIMIT = 20 * 1024 * 1024


@dataclass(frozen=True)
class WebConfig:
    """Where the data lives and the limits the server keeps."""

    data_dir: Path = DEFAULT_DATA_DIR
    upload_limit: int = DEFAULT_UPLOAD_LIMIT  # bytes of one request body (→ 413 above it)
    session_idle: timedelta = timedelta(hours=2)
    session_lifetime: timedelta = timedelta(hours=12)
    job_threads: int = 2  # jobs building at once; they share one LibreOffice pool
    pdf: bool = True  # False: .docx only (no LibreOffice), for a machine without it
    executor: str = "thread"  # the in-process default; issue 16 adds "celery"

    @property
    def register_path(self) -> Path:
        """Return the sổ đăng ký văn bản đi shared by every organisation of this server."""
        return self.data_dir / "so-dang-ky.sqlite"

    @property
    def uploads(self) -> Path:
        """Return the folder of stored uploads."""
        return self.data_dir / "uploads"
