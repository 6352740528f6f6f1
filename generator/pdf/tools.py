"""Find the system tools the PDF stage needs, with Vietnamese install hints when one is missing."""

from __future__ import annotations

import functools
import shutil
import subprocess

from generator.errors import ToolMissingError

APT_HINT = "sudo apt-get install --no-install-recommends"
SOFFICE_PACKAGES = "libreoffice-writer-nogui fonts-liberation2"


def find_soffice(command: str | None = None) -> str:
    """Return the absolute path of LibreOffice's `soffice`, or raise ToolMissingError."""
    name = command or "soffice"
    found = shutil.which(name)
    if found is None:
        raise ToolMissingError(
            f"Không tìm thấy LibreOffice (lệnh '{name}'), cần để chuyển .docx sang PDF. "
            f"Cài bằng: {APT_HINT} {SOFFICE_PACKAGES}"
        )
    return found


def find_poppler(tool: str) -> str:
    """Return the path of a poppler-utils tool such as `pdftotext`, or raise ToolMissingError."""
    found = shutil.which(tool)
    if found is None:
        raise ToolMissingError(
            f"Không tìm thấy lệnh '{tool}' (gói poppler-utils), cần để đọc vị trí chữ trong PDF. "
            f"Cài bằng: {APT_HINT} poppler-utils"
        )
    return found


@functools.cache
def font_file(family: str) -> str | None:
    """Return the file fontconfig uses for exactly `family`, or None when it is not installed."""
    if shutil.which("fc-match") is None:
        return None
    done = subprocess.run(
        ["fc-match", "-f", "%{family}\n%{file}", family],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = done.stdout.splitlines()
    if done.returncode != 0 or len(lines) < 2:
        return None
    families = [name.strip().casefold() for name in lines[0].split(",")]
    return lines[1] if family.casefold() in families else None


def require_serif_font() -> str:
    """Return the Liberation Serif file (Times New Roman's metric twin) or raise."""
    path = font_file("Liberation Serif")
    if path is None:
        raise ToolMissingError(
            "Thiếu phông Liberation Serif (thay thế Times New Roman, cùng kích thước chữ); "
            "thiếu nó LibreOffice dùng phông khác và bố cục văn bản bị xô lệch. "
            f"Cài bằng: {APT_HINT} fonts-liberation2"
        )
    return path
