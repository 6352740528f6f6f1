"""The sample dataset (xã Bình Lư) shipped beside the package, and `vanban init` that copies it."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.errors import SourceError, UsageError
from generator.sources.common import WORKBOOK_NAME
from generator.sources.xlsx_writer import write_workbook

__all__ = ["WORKBOOK_NAME", "init_dataset", "sample_folder"]


def sample_folder() -> Path:
    """Return the folder of the sample YAML dataset (data/binh-lu of the source tree)."""
    # Not `generator.__file__`: an editable install may import `generator` as a namespace
    # package, whose __file__ is None.
    return Path(__file__).resolve().parents[2] / "data" / "binh-lu"


def init_dataset(target: Path, *, overwrite: bool = False) -> list[Path]:
    """Write the sample dataset into `target` as YAML files and one workbook; return the files.

    Refuse (UsageError) to replace existing files unless `overwrite`; nothing is written when
    the sample is missing or does not validate.
    """
    from generator.sources import load_dataset

    sample = sample_folder()
    files = sorted(sample.glob("*.yaml")) if sample.is_dir() else []
    if not files:
        raise SourceError(
            f"không tìm thấy bộ dữ liệu mẫu ở {sample} (bản cài đặt thiếu thư mục data/binh-lu); "
            "cài lại vanban từ mã nguồn đầy đủ"
        )
    names = [f.name for f in files] + [WORKBOOK_NAME]
    existing = [name for name in names if (target / name).exists()]
    if existing and not overwrite:
        raise UsageError(
            f"{target} đã có {', '.join(existing)}; không ghi đè. Chọn thư mục khác hoặc thêm "
            "--ghi-de để ghi đè."
        )
    data = load_dataset(sample, "data/binh-lu")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise SourceError(f"{target}: không tạo được thư mục ({err.strerror})") from None
    written = []
    for source in files:
        shutil.copyfile(source, target / source.name)
        written.append(target / source.name)
    write_workbook(data, target / WORKBOOK_NAME)
    return [*written, target / WORKBOOK_NAME]
