"""The registry of document kinds: one module per kind, one entry per kind in KINDS.

An entry names the kind, its loai_van_ban code, its template (relative to templates/), the stem
of its output file, the module whose `build_context(data, *, today, item=None)` returns the
template context, and the kinds whose số and ngày its text cites (finalising one of those
renders the drafts citing it again). The CLI's choices and the "unknown kind" message read
KINDS. Adding a kind is one line in KINDS plus its module and template.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from generator.errors import UsageError
from generator.model import DuLieu

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"

BuildContext = Callable[..., dict[str, Any]]


@dataclass(frozen=True)
class Kind:
    """One document kind: how to build its context and which template renders it."""

    name: str
    loai_van_ban: str
    template: str
    file_stem: str
    module: str
    title: str
    cites: tuple[str, ...] = ()

    @property
    def template_path(self) -> Path:
        """Return the absolute path of the template."""
        return TEMPLATES_DIR / self.template

    def build_context(self, data: DuLieu, *, today: date, item: Any = None) -> dict[str, Any]:
        """Return the context of one document of this kind (pure; `today` replaces the clock)."""
        builder: BuildContext = importlib.import_module(self.module).build_context
        return builder(data, today=today, item=item)


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("kh_kiem_tra", "KH", "kehoach/kiem-tra.docx", "ke-hoach-kiem-tra",
             "generator.kinds.kh_kiem_tra", "Kế hoạch kiểm tra công tác CCHC"),
        Kind("qd_doan", "QĐ", "kehoach/quyet-dinh-doan.docx", "quyet-dinh-doan",
             "generator.kinds.qd_doan", "Quyết định thành lập Đoàn kiểm tra",
             cites=("kh_kiem_tra",)),
        Kind("tb_ket_luan", "TB", "kehoach/thong-bao-ket-luan.docx", "thong-bao",
             "generator.kinds.tb_ket_luan", "Thông báo kết luận kiểm tra",
             cites=("kh_kiem_tra", "qd_doan")),
        Kind("bc_ket_qua", "BC", "baocao/ket-qua.docx", "bao-cao-ket-qua-cchc",
             "generator.kinds.bc_ket_qua", "Báo cáo kết quả thực hiện công tác CCHC"),
        Kind("kh_cchc", "KH", "kehoach/ke-hoach-cchc.docx", "ke-hoach-cchc",
             "generator.kinds.kh_cchc", "Kế hoạch cải cách hành chính"),
    )
}  # fmt: skip


def get_kind(name: str) -> Kind:
    """Return the kind called `name`, or raise UsageError listing the known kinds."""
    try:
        return KINDS[name]
    except KeyError:
        raise UsageError(
            f"không có loại văn bản '{name}'; các loại có sẵn: {', '.join(KINDS)}"
        ) from None
