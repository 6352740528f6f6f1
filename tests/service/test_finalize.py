"""`vanban finalize` end to end: drafts edited with python-docx and in LibreOffice, real PDF/A."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from generator.cli import cli
from generator.nd30 import lint_errors
from generator.pdf.fields import SEAL_FIELD, SIGNER_FIELD
from generator.pdf.uno_pool import uno_available
from tests.conftest import VANBAN
from tests.service.clerk import (
    add_tracked_changes,
    copy_set,
    edit_with_python_docx,
    lo_edit,
    paragraph,
    set_text,
)
from tests.test_kills import check_nothing_of_lo

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).parents[1] / "cases" / "inspection"
KH = "01-ke-hoach-kiem-tra.docx"

pytestmark = [
    pytest.mark.soffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="cần LibreOffice"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the draft inspection set (no numbers) built with real PDFs, shared read-only."""
    out = tmp_path_factory.mktemp("finalize-build")
    data = CASES / "draft" / "data"
    result = CliRunner().invoke(cli, ["build", "inspection", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / "an-hoa" / "2026" / "inspection"


@pytest.fixture
def the_set(built: Path, tmp_path: Path) -> Path:
    """Return this test's own copy of the built set."""
    return copy_set(built, tmp_path / "out")


def finalize(*args: str) -> Any:
    """Run `vanban finalize` and return click's result."""
    return CliRunner().invoke(cli, ["finalize", *args])


def manifest(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def pdf_text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page + 1), "-l", str(page + 1)] if page is not None else []
    done = subprocess.run(["pdftotext", *pages, str(pdf), "-"], capture_output=True, check=True)
    return " ".join(done.stdout.decode("utf-8").split())


def field_pages(pdf: Path) -> dict[str, int]:
    """Return signature field name → page index, read from the pages' annotations."""
    found = {}
    for index, page in enumerate(PdfReader(pdf).pages):
        for annot in page.get("/Annots") or []:
            found[str(annot.get_object()["/T"])] = index
    return found


def signer_page(pdf: Path, name: str) -> int:
    """Return the last page whose text holds the signer's name."""
    pages = len(PdfReader(pdf).pages)
    return max(i for i in range(pages) if name in pdf_text(pdf, i))


def assert_set_consistent(folder: Path) -> None:
    """Every hash in the manifest is its file's; the bundle holds every document's pages."""
    data = manifest(folder)
    total = 0
    for entry in data["documents"]:
        for key in ("docx", "pdf"):
            digest = hashlib.sha256((folder / entry[key]).read_bytes()).hexdigest()
            assert digest == entry[f"sha256_{key}"], entry[key]
        assert len(PdfReader(folder / entry["pdf"]).pages) == entry["pages"]
        total += entry["pages"]
        assert entry["signature_fields"] == [SIGNER_FIELD, SEAL_FIELD]
    bundle = PdfReader(folder / "bundle.pdf")
    assert len(bundle.pages) == total
    titles = [item.title for item in bundle.outline]  # type: ignore[union-attr]
    assert titles == [entry["bookmark"] for entry in data["documents"]]
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".inspection-")]


def test_python_docx_edits_are_finalised_with_a_number(the_set: Path, tmp_path: Path) -> None:
    edited = tmp_path / "ke-hoach-da-sua.docx"
    edit_with_python_docx(the_set / KH, edited)
    before = signer_page(the_set / "01-ke-hoach-kiem-tra.pdf", "Nguyễn Văn An")
    register = tmp_path / "so-dang-ky.sqlite"
    result = finalize(
        str(edited), "--set-dir", str(the_set), "--issue", "--so-dang-ky", str(register),
        "--ngay", "12/03/2026",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Nhận ra 01-ke-hoach-kiem-tra.docx (cùng loại và trích yếu)."
    entry = manifest(the_set)["documents"][0]
    assert lines[-1] == (
        f"Đã hoàn thiện 01-ke-hoach-kiem-tra.docx (số 01/KH-UBND, bản 2, {entry['pages']} trang, "
        f"ô ký: ChuKyNguoiKy, ChuKyCoQuan); bản trước lưu trong versions/ của {the_set}."
    )
    assert entry["so_ky_hieu"] == "01/KH-UBND" and entry["ngay_ban_hanh"] == "2026-03-12"
    assert entry["bookmark"] == (
        "1. Kế hoạch số 01/KH-UBND ngày 12/3/2026 về kiểm tra công tác cải cách hành chính năm 2026"
    )
    pdf = the_set / "01-ke-hoach-kiem-tra.pdf"
    text = pdf_text(pdf)
    assert "Số: 01/KH-UBND" in text and "An Hòa, ngày 12 tháng 3 năm 2026" in text
    assert "uốn nắn, chấn chỉnh" in text and "Rà soát hồ sơ" in text
    # The longer text pushed the signer block on; the fields went with it.
    after = signer_page(pdf, "Nguyễn Văn An")
    assert after > before
    assert field_pages(pdf) == {SIGNER_FIELD: after, SEAL_FIELD: after}
    assert lint_errors(the_set / KH) == [] and lint_errors(pdf) == []
    assert_set_consistent(the_set)
    versions = entry["versions"]
    assert [v["version"] for v in versions] == [1] and versions[0]["so_ky_hieu"] is None
    assert (the_set / versions[0]["docx"]).is_file() and (the_set / versions[0]["pdf"]).is_file()
    bundle = PdfReader(the_set / "bundle.pdf")
    assert "uốn nắn, chấn chỉnh" in " ".join(bundle.pages[0].extract_text().split()) or any(
        "uốn nắn" in (page.extract_text() or "") for page in bundle.pages[: entry["pages"]]
    )
    with sqlite3.connect(register) as db:
        rows = db.execute("SELECT so_ky_hieu, status, sha256_docx, doc_key FROM entries").fetchall()
    assert rows == [("01/KH-UBND", "issued", entry["sha256_docx"], "kh_kiem_tra:ke-hoach-kiem-tra")]


def test_finalising_again_keeps_the_number(the_set: Path, tmp_path: Path) -> None:
    register = tmp_path / "so-dang-ky.sqlite"
    issue = ["--issue", "--so-dang-ky", str(register)]
    first = tmp_path / "qd.docx"
    shutil.copyfile(the_set / "02-quyet-dinh-doan.docx", first)
    result = finalize(str(first), "--set-dir", str(the_set), *issue, "--ngay", "10/03/2026")
    assert result.exit_code == 0, result.output
    # The clerk edits the finalised file once more and brings it back, on another day.
    again = tmp_path / "qd-lan-2.docx"
    doc = docx.Document(str(the_set / "02-quyet-dinh-doan.docx"))
    set_text(paragraph(doc, "Căn cứ Luật"), paragraph(doc, "Căn cứ Luật").text)
    doc.save(str(again))
    result = finalize(str(again), "--set-dir", str(the_set), *issue, "--ngay", "20/03/2026")
    assert result.exit_code == 0, result.output
    entry = manifest(the_set)["documents"][1]
    assert entry["so_ky_hieu"] == "01/QĐ-UBND" and entry["version"] == 3
    assert entry["ngay_ban_hanh"] == "2026-03-10"
    assert [v["so_ky_hieu"] for v in entry["versions"]] == [None, "01/QĐ-UBND"]
    # Without --issue the number printed is kept too.
    result = finalize(str(again), "--set-dir", str(the_set))
    assert result.exit_code == 0, result.output
    assert "Số: 01/QĐ-UBND" in pdf_text(the_set / "02-quyet-dinh-doan.pdf")
    with sqlite3.connect(register) as db:
        assert db.execute("SELECT count(*) FROM entries").fetchone() == (1,)
    assert_set_consistent(the_set)


def test_a_document_of_another_set_is_refused(the_set: Path, tmp_path: Path) -> None:
    other = CliRunner().invoke(
        cli, ["build", "inspection", "data/binh-lu", "--out", str(tmp_path / "other"), "--no-pdf"]
    )
    assert other.exit_code == 0, other.output
    stranger = tmp_path / "other" / "binh-lu" / "2026" / "inspection" / KH
    before = (the_set / "manifest.json").read_bytes()
    result = finalize(str(stranger), "--set-dir", str(the_set))
    assert result.exit_code == 1
    assert result.output.startswith(
        f"Lỗi: {KH}: không phải văn bản của bộ inspection (Ủy ban nhân dân xã An Hòa) trong "
        f"{the_set}: tệp này là Kế hoạch «Kiểm tra công tác cải cách hành chính năm 2026» của "
        "«ỦY BAN NHÂN DÂN XÃ BÌNH LƯ»"
    )
    assert "- 02-quyet-dinh-doan.docx: Quyết định «Về việc thành lập Đoàn kiểm tra" in result.output
    assert (the_set / "manifest.json").read_bytes() == before
    assert not (the_set / "versions").exists()


def test_tracked_changes_and_comments_block_each_named(the_set: Path, tmp_path: Path) -> None:
    edited = tmp_path / "con-thay-doi.docx"
    add_tracked_changes(the_set / KH, edited)
    before = (the_set / "manifest.json").read_bytes()
    result = finalize(str(edited), "--set-dir", str(the_set))
    assert result.exit_code == 1
    lines = result.output.splitlines()[1:]  # the first says which document it is
    assert lines[0] == (
        "Lỗi: con-thay-doi.docx: còn 3 thay đổi được theo dõi hoặc ghi chú chưa xử lý; chấp "
        "nhận hoặc từ chối mọi thay đổi và xóa ghi chú trong Word/LibreOffice rồi lưu lại:"
    )
    assert lines[1:] == [
        "- đoạn 19 «- Kịp thời phát hiện, chấn chỉnh những…»: đoạn chèn chưa chấp nhận của "
        "Trưởng phòng",
        "- đoạn 26 «- Niêm yết, công khai thủ tục hành…»: ghi chú (comment) chưa xóa — Phó Chủ "
        "tịch: «Bổ sung thời hạn»",
        "- đoạn 27 «- Tiếp nhận, giải quyết hồ sơ theo…»: đoạn xóa chưa chấp nhận của Chủ tịch",
    ]
    assert (the_set / "manifest.json").read_bytes() == before


def test_nd30_errors_block_and_warnings_are_shown(the_set: Path, tmp_path: Path) -> None:
    broken = tmp_path / "sai-the-thuc.docx"
    doc = docx.Document(str(the_set / KH))
    for run in paragraph(doc, "Kịp thời phát hiện").runs:
        run.font.name = "Arial"
    doc.save(str(broken))
    result = finalize(str(broken), "--set-dir", str(the_set))
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        "Lỗi: sai-the-thuc.docx: có 1 lỗi thể thức (NĐ 30) cần sửa:",
        "- sai-the-thuc.docx: đoạn 19 “- Kịp thời phát hiện, chấn…” (nội dung): "
        "ND30-I.4 phông chữ phải là Times New Roman, "
        "thấy “Arial”",
    ]
    warned = tmp_path / "hoc-vi.docx"
    doc = docx.Document(str(the_set / KH))
    name = next(c for t in doc.tables for c in t._cells if "Nguyễn Văn An" in c.text)
    set_text(next(p for p in name.paragraphs if "Nguyễn" in p.text), "ThS. Nguyễn Văn An")
    doc.save(str(warned))
    result = finalize(str(warned), "--set-dir", str(the_set))
    assert result.exit_code == 0, result.output
    assert "Cảnh báo: hoc-vi.docx: " in result.output and "ND30-7.c.hoc-vi" in result.output
    pdf = the_set / "01-ke-hoach-kiem-tra.pdf"
    assert field_pages(pdf)[SIGNER_FIELD] == signer_page(pdf, "ThS. Nguyễn Văn An")


@pytest.mark.skipif(not uno_available(), reason="cần python3-uno để sửa bằng LibreOffice")
def test_libreoffice_edits_are_finalised(the_set: Path, tmp_path: Path) -> None:
    edited = tmp_path / "sua-bang-libreoffice.docx"
    lo_edit(
        the_set / KH, edited, tmp_path / "profile",
        replace=[["Kịp thời phát hiện, chấn chỉnh", "Kịp thời phát hiện, uốn nắn, chấn chỉnh"]],
        table_after="Trong tháng 9 năm 2026.",
        paragraphs_after=["Phối hợp giám sát việc thực hiện Kế hoạch.", 12],
    )  # fmt: skip
    before = signer_page(the_set / "01-ke-hoach-kiem-tra.pdf", "Nguyễn Văn An")
    register = tmp_path / "so-dang-ky.sqlite"
    result = finalize(
        str(edited), "--set-dir", str(the_set), "--issue", "--so-dang-ky", str(register),
        "--ngay", "12/03/2026",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    entry = manifest(the_set)["documents"][0]
    assert entry["so_ky_hieu"] == "01/KH-UBND" and entry["version"] == 2
    pdf = the_set / "01-ke-hoach-kiem-tra.pdf"
    text = pdf_text(pdf)
    assert "Số: 01/KH-UBND" in text and "uốn nắn, chấn chỉnh" in text and "Rà soát hồ sơ" in text
    after = signer_page(pdf, "Nguyễn Văn An")
    assert after > before
    assert field_pages(pdf) == {SIGNER_FIELD: after, SEAL_FIELD: after}
    assert lint_errors(the_set / KH) == [] and lint_errors(pdf) == []
    assert_set_consistent(the_set)


@pytest.mark.skipif(not uno_available(), reason="cần python3-uno để sửa bằng LibreOffice")
def test_libreoffice_review_mode_blocks(the_set: Path, tmp_path: Path) -> None:
    edited = tmp_path / "che-do-theo-doi.docx"
    lo_edit(
        the_set / KH, edited, tmp_path / "profile", record=True,
        replace=[["chấn chỉnh", "uốn nắn"]],
    )  # fmt: skip
    result = finalize(str(edited), "--set-dir", str(the_set))
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        "Lỗi: che-do-theo-doi.docx: còn 1 thay đổi được theo dõi hoặc ghi chú chưa xử lý; chấp "
        "nhận hoặc từ chối mọi thay đổi và xóa ghi chú trong Word/LibreOffice rồi lưu lại:",
        "- đoạn 19 «- Kịp thời phát hiện, chấn chỉnhuốn nắn…»: đoạn xóa chưa chấp nhận của "
        "Unknown Author; đoạn chèn chưa chấp nhận của Unknown Author",
    ]
    assert not (the_set / "versions").exists()


@pytest.mark.slow
def test_a_killed_finalizes_copy_is_removed_by_the_next_finalize(
    the_set: Path, tmp_path: Path
) -> None:
    edited = tmp_path / "ke-hoach-da-sua.docx"
    edit_with_python_docx(the_set / KH, edited)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = subprocess.Popen(
        [*VANBAN, "finalize", str(edited), "--set-dir", str(the_set)],
        cwd=ROOT,
        env=dict(os.environ, TMPDIR=str(tmp)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not [p for p in the_set.parent.iterdir() if p.name.startswith(".inspection-")]:
            assert proc.poll() is None, "finalize ended before its copy of the set was seen"
            assert time.monotonic() < deadline
            time.sleep(0.005)
    finally:
        os.kill(proc.pid, signal.SIGKILL)  # vanban only, as a kill -9 of the clerk's command
        proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    check_nothing_of_lo(tmp)
    version = manifest(the_set)["documents"][0].get("version") or 1
    assert [p for p in the_set.parent.iterdir() if p.name.startswith(".inspection-")]
    result = finalize(str(edited), "--set-dir", str(the_set))
    assert result.exit_code == 0, result.output
    assert manifest(the_set)["documents"][0]["version"] == version + 1
    assert_set_consistent(the_set)  # with nothing left beside the set
