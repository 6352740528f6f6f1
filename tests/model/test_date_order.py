"""The inspection chain's date order, checked by `vanban check` with the place of each date."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli

MINIMAL = Path(__file__).resolve().parents[1] / "cases" / "inspection" / "minimal" / "data"


def _folder(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    folder = Path(shutil.copytree(MINIMAL, tmp_path / "data"))
    path = folder / "kiem-tra.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return folder


def _line(folder: Path, needle: str, nth: int = 1) -> int:
    lines = (folder / "kiem-tra.yaml").read_text(encoding="utf-8").splitlines()
    found = [i for i, line in enumerate(lines, start=1) if needle in line]
    return found[nth - 1]


def test_the_sample_chain_is_in_order() -> None:
    assert CliRunner().invoke(cli, ["check", str(MINIMAL)]).exit_code == 0


def test_a_decision_before_its_plan_and_a_notice_before_its_inspection(tmp_path: Path) -> None:
    text = (MINIMAL / "kiem-tra.yaml").read_text(encoding="utf-8")
    qd_date = text.split("quyet_dinh:", 1)[1].split("ngay_ban_hanh: ", 1)[1].split("\n", 1)[0]
    folder = _folder(
        tmp_path,
        (f"ngay_ban_hanh: {qd_date}", "ngay_ban_hanh: 01/01/2026"),
        ("ngay_ban_hanh: 25/09/2026", "ngay_ban_hanh: 10/09/2026"),
    )
    result = CliRunner().invoke(cli, ["check", str(folder)])
    assert result.exit_code == 1
    shown = str(folder / "kiem-tra.yaml")
    qd_line, tb_line = _line(folder, "01/01/2026"), _line(folder, "10/09/2026")
    assert result.stderr.splitlines()[1:] == [
        f"- {shown} › quyet_dinh.van_ban.ngay_ban_hanh (dòng {qd_line}): Quyết định thành lập "
        "Đoàn kiểm tra ngày 01/01/2026 sớm hơn Kế hoạch kiểm tra mà Quyết định trích dẫn ngày "
        f"{_kh_date(text)}; ngày sau phải từ ngày trước trở đi",
        f"- {shown} › ket_luan[1].van_ban.ngay_ban_hanh (dòng {tb_line}): Thông báo kết luận "
        "(vp) ngày 10/9/2026 sớm hơn buổi kiểm tra của nó ngày 15/9/2026; ngày sau phải từ "
        "ngày trước trở đi",
    ]


def _kh_date(text: str) -> str:
    from datetime import datetime

    from generator.vi import short_date

    raw = text.split("ngay_ban_hanh: ", 1)[1].split("\n", 1)[0].strip()
    return short_date(datetime.strptime(raw, "%d/%m/%Y").date())
