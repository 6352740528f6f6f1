"""Finalising a document with its number: the set's drafts citing it follow, finalised ones are
named. Real LibreOffice, as the other finalize tests."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import docx
import pytest

from generator.build import build_set
from generator.nd30 import lint_errors
from generator.sources import load_dataset
from tests.service.clerk import copy_set
from tests.service.test_finalize import assert_set_consistent, finalize, manifest, pdf_text

CASES = Path(__file__).parents[1] / "cases" / "inspection"
DATA = CASES / "draft" / "data"
KH, QD = "01-ke-hoach-kiem-tra.docx", "02-quyet-dinh-doan.docx"
TBS = [
    "03-thong-bao-van-phong-hdnd-va-ubnd.docx",
    "04-thong-bao-trung-tam-phuc-vu-hanh-chinh-cong.docx",
]
DRAFT_KH = "Kế hoạch số /KH-UBND ngày tháng năm 2026"  # blanks collapsed

pytestmark = [
    pytest.mark.soffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="cần LibreOffice"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the draft inspection set (no numbers) built with real PDFs, shared read-only."""
    from click.testing import CliRunner

    from generator.cli import cli

    out = tmp_path_factory.mktemp("citing-build")
    result = CliRunner().invoke(cli, ["build", "inspection", str(DATA), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / "an-hoa" / "2026" / "inspection"


@pytest.fixture
def the_set(built: Path, tmp_path: Path) -> Path:
    """Return this test's own copy of the built set."""
    return copy_set(built, tmp_path / "out")


def text(path: Path) -> str:
    """Return the document's paragraphs (table cells too) as one line per paragraph."""
    doc = docx.Document(str(path))
    cells = [p.text for t in doc.tables for c in t._cells for p in c.paragraphs]
    return "\n".join(" ".join(p.split()) for p in [*(p.text for p in doc.paragraphs), *cells])


def registered(register: Path) -> dict[str, tuple[str, str]]:
    """Return doc key → (số ký hiệu, ngày) as the register holds them."""
    with sqlite3.connect(register) as db:
        rows = db.execute("SELECT doc_key, so_ky_hieu, ngay FROM entries").fetchall()
    return {key: (so, ngay) for key, so, ngay in rows}


def issue(register: Path, day: str) -> list[str]:
    return ["--issue", "--so-dang-ky", str(register), "--ngay", day]


def test_drafts_citing_the_plan_are_rendered_again_with_its_number(
    the_set: Path, tmp_path: Path
) -> None:
    before = manifest(the_set)["documents"]
    assert all(DRAFT_KH in text(the_set / name) for name in (QD, *TBS))
    old_draft = tmp_path / "quyet-dinh-cu.docx"  # the clerk's copy, taken before
    shutil.copyfile(the_set / QD, old_draft)
    register = tmp_path / "so-dang-ky.sqlite"
    edited = tmp_path / "ke-hoach.docx"
    shutil.copyfile(the_set / KH, edited)
    result = finalize(
        str(edited), "--set-dir", str(the_set), *issue(register, "12/03/2026"),
        "--du-lieu", str(DATA),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    so, ngay = registered(register)["kh_kiem_tra:ke-hoach-kiem-tra"]
    assert (so, ngay) == ("01/KH-UBND", "2026-03-12")
    cited = f"Kế hoạch số {so} ngày 12/3/2026"
    lines = result.output.splitlines()
    for name in (QD, *TBS):
        assert f"Đã lập lại {name} để trích dẫn {cited}" in lines
        assert f"Đã chuyển sang PDF: {Path(name).with_suffix('.pdf')}" in "\n".join(lines)
    assert lines[-1] == (f"Đã lập lại 3 dự thảo trích dẫn số {so}: {QD}, {', '.join(TBS)}.")
    assert "Cảnh báo" not in result.output
    assert f"Căn cứ {cited} của Ủy ban nhân dân xã An Hòa" in text(the_set / QD)
    assert f"Căn cứ {cited}" in pdf_text(the_set / "02-quyet-dinh-doan.pdf")
    for name in TBS:
        assert f"Thực hiện {cited} của Ủy ban nhân dân xã An Hòa" in text(the_set / name)
        assert f"Thực hiện {cited}" in pdf_text(the_set / Path(name).with_suffix(".pdf"))
        assert "Quyết định số /QĐ-UBND ngày tháng" in text(the_set / name)  # still a draft
    after = manifest(the_set)["documents"]
    for old, new in zip(before[1:], after[1:], strict=True):
        assert new["sha256_docx"] != old["sha256_docx"] and new["sha256_pdf"] != old["sha256_pdf"]
        assert new["so_ky_hieu"] is None and "finalised_at" not in new and "versions" not in new
        assert new["bookmark"] == old["bookmark"]  # a draft's own title does not change
    assert_set_consistent(the_set)  # every hash is its file's; the bundle holds every page
    for path in [*the_set.glob("*.docx"), *the_set.glob("*.pdf")]:
        assert lint_errors(path) == [], path.name
    # A QĐ edited from the draft made before the KH had its number is finalised with a warning.
    result = finalize(str(old_draft), "--set-dir", str(the_set))
    assert result.exit_code == 0, result.output
    assert (
        f"Cảnh báo: {QD} chưa trích dẫn «{cited}» (văn bản {KH} của bộ đã có số, ngày này): sửa "
        "trích dẫn Kế hoạch bằng tay rồi hoàn thiện lại"
    ) in result.output.splitlines()


def test_a_finalised_decision_is_left_alone_and_named(the_set: Path, tmp_path: Path) -> None:
    register = tmp_path / "so-dang-ky.sqlite"
    decision = tmp_path / "quyet-dinh.docx"
    shutil.copyfile(the_set / QD, decision)
    result = finalize(str(decision), "--set-dir", str(the_set), *issue(register, "10/03/2026"))
    assert result.exit_code == 0, result.output
    # Finalised without the data: the TBs are named, left as they were.
    assert (
        f"Cảnh báo: các dự thảo {', '.join(TBS)} chưa trích dẫn «Quyết định số 01/QĐ-UBND "
        "ngày 10/3/2026»; hoàn thiện lại kèm --du-lieu DỮ_LIỆU (dữ liệu đã dùng để lập bộ) để "
        "vanban lập lại các dự thảo này" in result.output.splitlines()
    )
    kept = {p.name: p.read_bytes() for p in the_set.iterdir() if p.name.startswith("02-")}
    plan = tmp_path / "ke-hoach.docx"
    shutil.copyfile(the_set / KH, plan)
    result = finalize(
        str(plan), "--set-dir", str(the_set), *issue(register, "12/03/2026"),
        "--du-lieu", str(DATA),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert registered(register)["kh_kiem_tra:ke-hoach-kiem-tra"] == ("02/KH-UBND", "2026-03-12")
    cited = "Kế hoạch số 02/KH-UBND ngày 12/3/2026"
    assert (
        f"Cảnh báo: {QD} đã hoàn thiện (số 01/QĐ-UBND) nên không được lập lại, nhưng chưa "
        f"trích dẫn «{cited}»: sửa trích dẫn Kế hoạch trong văn bản đó bằng tay rồi hoàn "
        "thiện lại nó" in result.output.splitlines()
    )
    assert result.output.splitlines()[-1] == (
        f"Đã lập lại 2 dự thảo trích dẫn số 02/KH-UBND: {', '.join(TBS)}."
    )
    assert {p.name: p.read_bytes() for p in the_set.iterdir() if p.name.startswith("02-")} == kept
    assert DRAFT_KH in text(the_set / QD)
    for name in TBS:  # the TBs cite both numbers the set now holds
        body = text(the_set / name)
        assert f"Thực hiện {cited} của" in body
        assert "Quyết định số 01/QĐ-UBND ngày 10/3/2026 của Chủ tịch" in body
    assert_set_consistent(the_set)


def test_drafts_of_a_set_built_without_pdfs_stay_without(tmp_path: Path) -> None:
    folder = build_set(
        load_dataset(DATA), "inspection", tmp_path / "out", today=date(2026, 3, 1)
    ).folder
    register = tmp_path / "so-dang-ky.sqlite"
    edited = tmp_path / "ke-hoach.docx"
    shutil.copyfile(folder / KH, edited)
    result = finalize(
        str(edited), "--set-dir", str(folder), *issue(register, "12/03/2026"),
        "--du-lieu", str(DATA),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = manifest(folder)
    for entry in data["documents"][1:]:
        assert entry["pdf"] is None and not (folder / entry["docx"]).with_suffix(".pdf").exists()
        digest = hashlib.sha256((folder / entry["docx"]).read_bytes()).hexdigest()
        assert digest == entry["sha256_docx"]
        assert "Kế hoạch số 01/KH-UBND ngày 12/3/2026" in text(folder / entry["docx"])
        assert lint_errors(folder / entry["docx"]) == []


def test_data_of_another_commune_is_refused_and_nothing_changes(
    the_set: Path, tmp_path: Path
) -> None:
    before = {p.name: p.read_bytes() for p in the_set.iterdir() if p.is_file()}
    register = tmp_path / "so-dang-ky.sqlite"
    edited = tmp_path / "ke-hoach.docx"
    shutil.copyfile(the_set / KH, edited)
    other = Path(__file__).parents[2] / "data" / "binh-lu"
    result = finalize(
        str(edited), "--set-dir", str(the_set), *issue(register, "12/03/2026"),
        "--du-lieu", str(other),
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f"Lỗi: {other}: dữ liệu của Ủy ban nhân dân xã Bình Lư, không phải của bộ văn bản "
        "inspection (Ủy ban nhân dân xã An Hòa); chỉ ra dữ liệu đã dùng để lập bộ này"
    )
    assert {p.name: p.read_bytes() for p in the_set.iterdir() if p.is_file()} == before
    assert registered(register) == {}  # the number went back
