"""`vanban batch --templates`: a province's own templates over every commune, checked once."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from tests.batch.test_batch import ARGS, batch, make_province, statuses
from tests.docx_text import docx_text
from tests.service.test_templates import KH_TEMPLATE, province

HEADING = "VI. CHẾ ĐỘ THÔNG TIN, BÁO CÁO"
COMMUNES = {"tan-ha": "Tân Hà", "tan-loi": "Tân Lợi"}


def commune_kh(out: Path, slug: str) -> str:
    return docx_text(out / slug / "2026" / "inspection" / "01-ke-hoach-kiem-tra.docx")


def test_batch_builds_every_commune_with_the_province_templates(
    exported: Path, tmp_path: Path
) -> None:
    folder = province(exported, tmp_path / "mau-tinh")
    make_province(2, tmp_path / "tinh")
    out = tmp_path / "out"
    code, stdout = batch(
        str(tmp_path / "tinh"), "--out", str(out), *ARGS, "--templates", str(folder)
    )
    assert code == 0, stdout
    lines = stdout.splitlines()
    assert lines[0] == f"Dùng mẫu riêng trong {folder}: {KH_TEMPLATE}."
    assert lines[1] == "Bắt đầu: 2 tổ chức, 2 bộ văn bản."
    for slug, name in COMMUNES.items():
        text = commune_kh(out, slug)
        assert "I. MỤC ĐÍCH VÀ YÊU CẦU CỦA ĐỢT KIỂM TRA" in text
        assert f"{HEADING}\n" in text
        assert f"báo cáo Chủ tịch Ủy ban nhân dân xã {name} trước ngày 15 tháng 10" in text
    # The same batch without the templates is not "unchanged": the template is part of the
    # input, so every commune's documents go back to the default.
    code, stdout = batch(str(tmp_path / "tinh"), "--out", str(out), *ARGS)
    assert code == 0, stdout
    assert set(statuses(out).values()) == {"built"}
    assert all(HEADING not in commune_kh(out, slug) for slug in COMMUNES)


def test_a_broken_template_stops_the_batch_before_any_commune(
    exported: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "mau-hong"
    (folder / "kehoach").mkdir(parents=True)
    (folder / KH_TEMPLATE).write_bytes(b"khong phai docx")
    (folder / "kehoach" / "ke-hoach-sai-ten.docx").write_bytes(
        (exported / KH_TEMPLATE).read_bytes()
    )
    make_province(2, tmp_path / "tinh")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["batch", str(tmp_path / "tinh"), "--out", str(out), *ARGS, "--templates", str(folder)]
    )
    assert result.exit_code == 1
    # The same message as `vanban build --templates`: every problem, in one pass.
    built = CliRunner().invoke(
        cli, ["build", "inspection", str(tmp_path / "tinh" / "tan-ha"), "--no-pdf",
              "--out", str(tmp_path / "out-build"), "--templates", str(folder)],
    )  # fmt: skip
    assert built.exit_code == 1
    assert result.output == built.output
    assert f"thư mục mẫu {folder} có 2 lỗi:" in result.output
    assert "kehoach/ke-hoach-sai-ten.docx" in result.output
    assert "Bắt đầu" not in result.output
    assert not out.exists()


def test_a_missing_template_folder_is_refused(tmp_path: Path) -> None:
    make_province(1, tmp_path / "tinh")
    missing = tmp_path / "khong-co"
    result = CliRunner().invoke(
        cli, ["batch", str(tmp_path / "tinh"), "--out", str(tmp_path / "out"), *ARGS,
              "--templates", str(missing)],
    )  # fmt: skip
    assert result.exit_code != 0
    assert "Bắt đầu" not in result.output
    assert not (tmp_path / "out").exists()
    assert json.dumps(str(missing))[1:-1] in result.output
