"""A rebuild never loses a finalised document: `vanban build` and `vanban batch` after finalize.

A real draft set (--no-pdf) gets one document finalised with real LibreOffice; building it
again keeps that document as it is (files and manifest entry) and builds only the others,
unless asked with --lap-lai-da-hoan-thien, which builds everything again and keeps the
finalised files in the new set's versions/. The inspection set issued in steps (KH and QĐ now,
the TBs after the inspections) keeps its finalised plan, with PDFs and bundle.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from generator.build import SetBuild, build_set
from generator.cli import cli
from generator.finalised import keep_finalised
from generator.register import Register
from generator.setlock import set_lock
from generator.sources import load_dataset
from tests.service.clerk import paragraph, set_text

ROOT = Path(__file__).resolve().parents[1]
AN_HOA = ROOT / "tests" / "cases" / "inspection" / "draft" / "data"
KH = "01-ke-hoach-kiem-tra.docx"
KH_PDF = "01-ke-hoach-kiem-tra.pdf"
SET = Path("an-hoa") / "2026" / "inspection"

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="cần LibreOffice")


def run(*args: str) -> Any:
    """Run the CLI in-process and return click's result."""
    return CliRunner().invoke(cli, list(args))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file below `folder` (hidden ones too) by relative path, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def manifest(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def entry(folder: Path, name: str = KH) -> dict[str, Any]:
    return next(d for d in manifest(folder)["documents"] if d["docx"] == name)


@pytest.fixture(scope="module")
def finalised_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return an output folder whose An Hòa inspection set has its plan (KH) finalised."""
    out = tmp_path_factory.mktemp("finalised") / "out"
    result = run("build", "inspection", str(AN_HOA), "--out", str(out), "--no-pdf")
    assert result.exit_code == 0, result.output
    edited = out.parent / "ke-hoach-da-sua.docx"
    doc = docx.Document(str(out / SET / KH))
    set_text(paragraph(doc, "Kịp thời phát hiện"), "- Kịp thời phát hiện, chấn chỉnh tồn tại.")
    doc.save(str(edited))
    result = run("finalize", str(edited), "--set-dir", str(out / SET))
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def out(finalised_out: Path, tmp_path: Path) -> Path:
    """Return this test's own copy of the output folder with the finalised set."""
    return Path(shutil.copytree(finalised_out, tmp_path / "out"))


def kept_line(folder: Path, name: str = KH) -> str:
    """Return the line the build prints for a finalised document it keeps."""
    so = entry(folder, name).get("so_ky_hieu")
    return f"  Giữ nguyên văn bản đã hoàn thiện: {name} ({f'số {so}' if so else 'chưa có số'})"


def assert_kept(before: dict[str, bytes], after: dict[str, bytes], old: dict[str, Any]) -> None:
    """Assert the finalised plan, its PDF and versions/ are byte for byte as they were."""
    for name in (KH, KH_PDF, *(n for n in before if n.startswith("versions/"))):
        assert after[name] == before[name], name
    assert {n for n in after if n.startswith("versions/")} == {
        n for n in before if n.startswith("versions/")
    }
    assert old["finalised_at"] and old["version"] == 2


@pytest.mark.soffice
@needs_soffice
def test_a_rebuild_keeps_the_finalised_document(out: Path) -> None:
    folder = out / SET
    before, old = snapshot(folder), entry(folder)
    result = run("build", "inspection", str(AN_HOA), "--out", str(out), "--no-pdf")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == kept_line(folder)
    assert lines[1].startswith("  Đã tạo 02-")
    assert lines[-1] == f"Đã lập 4 văn bản trong {folder}."
    after = snapshot(folder)
    assert_kept(before, after, old)
    assert entry(folder) == old
    names = [d["docx"] for d in manifest(folder)["documents"]]
    assert names == [KH, *sorted(n for n in before if n.endswith(".docx") and "/" not in n)[1:]]
    assert manifest(folder)["bundle"] == "bundle.pdf"  # the finalised PDF alone, as finalize left
    assert sorted(p.name for p in folder.parent.iterdir()) == ["inspection"]  # no lock left


@pytest.mark.soffice
@needs_soffice
def test_the_option_rebuilds_and_keeps_the_finalised_files(out: Path) -> None:
    folder = out / SET
    before = snapshot(folder)
    old = entry(folder)
    assert old["version"] == 2 and [v["version"] for v in old["versions"]] == [1]
    result = run(
        "build", "inspection", str(AN_HOA), "--out", str(out), "--no-pdf",
        "--lap-lai-da-hoan-thien",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    after = snapshot(folder)
    new = entry(folder)
    assert after[KH] != before[KH]  # a fresh draft in its place
    # The first draft (kept by finalize) and the finalised files, byte for byte.
    assert (
        after["versions/01-ke-hoach-kiem-tra.v1.docx"]
        == before["versions/01-ke-hoach-kiem-tra.v1.docx"]
    )
    assert after["versions/01-ke-hoach-kiem-tra.v2.docx"] == before[KH]
    assert after["versions/01-ke-hoach-kiem-tra.v2.pdf"] == before[KH_PDF]
    assert new["version"] == 3
    assert new["versions"][0] == old["versions"][0]
    kept = new["versions"][1]
    assert kept["version"] == 2 and kept["finalised_at"] == old["finalised_at"]
    assert (kept["docx"], kept["pdf"]) == (
        "versions/01-ke-hoach-kiem-tra.v2.docx",
        "versions/01-ke-hoach-kiem-tra.v2.pdf",
    )
    assert (kept["sha256_docx"], kept["sha256_pdf"]) == (old["sha256_docx"], old["sha256_pdf"])
    assert "finalised_at" not in new
    # The new set holds no finalised document: it builds again, still carrying its history.
    result = run("build", "inspection", str(AN_HOA), "--out", str(out), "--no-pdf")
    assert result.exit_code == 0, result.output
    assert entry(folder)["versions"] == new["versions"]
    assert snapshot(folder)["versions/01-ke-hoach-kiem-tra.v2.pdf"] == before[KH_PDF]
    assert sorted(p.name for p in folder.parent.iterdir()) == ["inspection"]  # no lock left


@pytest.mark.soffice
@needs_soffice
def test_finalising_the_rebuilt_set_numbers_on(out: Path, tmp_path: Path) -> None:
    folder = out / SET
    result = run(
        "build", "inspection", str(AN_HOA), "--out", str(out), "--no-pdf", "--rebuild-finalised"
    )
    assert result.exit_code == 0, result.output
    edited = tmp_path / "lan-hai.docx"
    shutil.copyfile(folder / KH, edited)
    result = run("finalize", str(edited), "--set-dir", str(folder))
    assert result.exit_code == 0, result.output
    now = entry(folder)
    assert now["version"] == 4
    assert [v["version"] for v in now["versions"]] == [1, 2, 3]
    for version in now["versions"]:
        assert (folder / version["docx"]).is_file()
    assert sorted(p.name for p in folder.parent.iterdir()) == ["inspection"]  # no lock left


@pytest.mark.soffice
@needs_soffice
def test_batch_keeps_the_finalised_document(out: Path, tmp_path: Path) -> None:
    source = tmp_path / "xa"
    shutil.copytree(AN_HOA, source / "an-hoa")
    shutil.copytree(ROOT / "data" / "binh-lu", source / "binh-lu")
    before, old = snapshot(out / SET), entry(out / SET)
    result = run("batch", str(source), "--bo", "inspection", "--no-pdf", "--out", str(out))
    assert result.exit_code == 0, result.output
    report = json.loads((out / "batch-report.json").read_text(encoding="utf-8"))
    assert [org["sets"][0]["status"] for org in report["organisations"]] == ["built", "built"]
    assert_kept(before, snapshot(out / SET), old)
    assert entry(out / SET) == old
    assert (out / "binh-lu" / "2026" / "inspection" / "manifest.json").is_file()


def test_a_document_finalised_while_the_set_builds_is_not_lost(tmp_path: Path) -> None:
    """The second look, under the set's lock, right before the new set is swapped in."""
    data = load_dataset(AN_HOA)
    out = tmp_path / "out"
    final = build_set(data, "inspection", out, today=date(2026, 3, 5)).folder

    def finalise_meanwhile(_build: SetBuild) -> None:
        """Do what finalize does to the set while this build renders its new one."""
        with set_lock(final.parent, final.name):
            marked = manifest(final)
            marked["documents"][0].update(
                so_ky_hieu="05/KH-UBND", finalised_at="2026-03-05T09:30:00+07:00", version=2
            )
            (final / "manifest.json").write_text(json.dumps(marked), encoding="utf-8")

    said: list[str] = []
    finalised = (final / KH).read_bytes()
    result = build_set(
        data, "inspection", out, today=date(2026, 3, 5), stages=[finalise_meanwhile],
        progress=said.append,
    )  # fmt: skip
    assert (
        said[-1] == "  Giữ nguyên văn bản đã hoàn thiện: 01-ke-hoach-kiem-tra.docx (số 05/KH-UBND)"
    )
    assert entry(final)["finalised_at"] == "2026-03-05T09:30:00+07:00"  # kept in place
    assert (final / KH).read_bytes() == finalised  # not the draft this build rendered
    assert [d.kept for d in result.documents] == [True, False, False, False]
    assert sorted(p.name for p in final.parent.iterdir()) == ["inspection"]
    # Asked to rebuild: the finalised document goes to versions/ of the new set.
    build_set(data, "inspection", out, today=date(2026, 3, 5), rebuild_finalised=True)
    assert (final / "versions" / "01-ke-hoach-kiem-tra.v2.docx").read_bytes() == finalised
    assert entry(final)["versions"][0]["so_ky_hieu"] == "05/KH-UBND"


def test_a_finalised_document_the_new_set_no_longer_has_is_listed_as_superseded(
    tmp_path: Path,
) -> None:
    final, temp = tmp_path / "inspection", tmp_path / "new"
    final.mkdir()
    temp.mkdir()
    (final / "03-thong-bao-cu.docx").write_bytes(b"da hoan thien")
    docs = [{"docx": "03-thong-bao-cu.docx", "finalised_at": "2026-03-05T09:30:00+07:00"}]
    (final / "manifest.json").write_text(json.dumps({"documents": docs}), encoding="utf-8")
    new: dict[str, Any] = {"documents": [{"docx": KH}]}
    assert keep_finalised(final, temp, new, datetime(2026, 3, 6)) == 1
    assert "versions" not in new["documents"][0]
    (gone,) = new["superseded"]
    assert gone["docx"] == "03-thong-bao-cu.docx"
    assert gone["versions"][0]["docx"] == "versions/03-thong-bao-cu.v1.docx"
    assert (temp / "versions" / "03-thong-bao-cu.v1.docx").read_bytes() == b"da hoan thien"


def test_a_kept_document_numbered_otherwise_or_no_longer_made_is_warned_about(
    tmp_path: Path,
) -> None:
    data = load_dataset(AN_HOA)
    out = tmp_path / "out"
    final = build_set(data, "inspection", out, today=date(2026, 3, 5)).folder
    gone = "09-thong-bao-cu.docx"
    (final / gone).write_bytes(b"da hoan thien")
    marked = manifest(final)
    at = "2026-03-05T09:30:00+07:00"
    marked["documents"][0].update(so_ky_hieu="05/KH-UBND", finalised_at=at)
    marked["documents"].append({"docx": gone, "pdf": None, "finalised_at": at, "bookmark": "x"})
    (final / "manifest.json").write_text(json.dumps(marked), encoding="utf-8")
    plan = (final / KH).read_bytes()
    said: list[str] = []
    build_set(data, "inspection", out, today=date(2026, 3, 5), progress=said.append)
    assert said[:2] == [
        f"  Giữ nguyên văn bản đã hoàn thiện: {KH} (số 05/KH-UBND)",
        f"  Cảnh báo: {KH} đã hoàn thiện với số 05/KH-UBND, còn theo sổ đăng ký và dữ liệu hiện "
        "nay thì chưa có số; văn bản đã hoàn thiện được giữ nguyên. Nếu cần đổi: sửa văn bản đó "
        "rồi hoàn thiện lại (vanban finalize).",
    ]
    assert said[-2:] == [
        f"  Giữ nguyên văn bản đã hoàn thiện: {gone} (chưa có số)",
        f"  Cảnh báo: {gone} (chưa có số) đã hoàn thiện nhưng dữ liệu mới không còn văn bản "
        "này; vẫn giữ nguyên trong bộ văn bản (không xóa).",
    ]
    assert (final / KH).read_bytes() == plan
    assert (final / gone).read_bytes() == b"da hoan thien"
    names = [d["docx"] for d in manifest(final)["documents"]]
    assert names[0] == KH and names[-1] == gone and len(names) == 5


@pytest.mark.soffice
@needs_soffice
def test_a_queued_task_keeps_the_finalised_document(out: Path) -> None:
    from generator.service.queued import SetTask, run_set_task

    task = SetTask(
        data=str(AN_HOA), set_name="inspection", period=None, out=str(out), today="2026-03-05",
        pdf=False,
    )  # fmt: skip
    before, old = snapshot(out / SET), entry(out / SET)
    result = run_set_task(task, converter=None)
    assert result.outcome is not None and result.outcome.status == "built"
    assert_kept(before, snapshot(out / SET), old)
    assert entry(out / SET) == old
    result = run_set_task(replace(task, rebuild_finalised=True), converter=None)
    assert result.outcome is not None and result.outcome.status == "built"
    assert snapshot(out)[f"{SET.as_posix()}/versions/01-ke-hoach-kiem-tra.v2.docx"] == before[KH]


@pytest.fixture(scope="module")
def issued_in_steps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder holding out/ (KH and QĐ issued on 05/03/2026 with PDFs, the KH then
    edited and finalised) and its register so-dang-ky.sqlite."""
    base = tmp_path_factory.mktemp("buoc")
    out, register = base / "out", base / "so-dang-ky.sqlite"
    result = run(
        "build", "inspection", str(AN_HOA), "--out", str(out), "--issue",
        "--so-dang-ky", str(register), "--chi", "KH,QĐ", "--ngay", "05/03/2026",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    edited = base / "ke-hoach-da-sua.docx"
    doc = docx.Document(str(out / SET / KH))
    set_text(paragraph(doc, "Kịp thời phát hiện"), "- Kịp thời phát hiện, chấn chỉnh tồn tại.")
    doc.save(str(edited))
    result = run("finalize", str(edited), "--set-dir", str(out / SET))
    assert result.exit_code == 0, result.output
    return base


@pytest.mark.soffice
@needs_soffice
def test_issuing_the_tbs_later_keeps_the_finalised_plan(
    issued_in_steps: Path, tmp_path: Path
) -> None:
    base = Path(shutil.copytree(issued_in_steps, tmp_path / "buoc"))
    out, register = base / "out", base / "so-dang-ky.sqlite"
    folder = out / SET
    before, old = snapshot(folder), entry(folder)
    assert old["finalised_at"] and old["so_ky_hieu"]
    result = run(
        "build", "inspection", str(AN_HOA), "--out", str(out), "--issue",
        "--so-dang-ky", str(register), "--chi", "TB", "--ngay", "20/09/2026",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    kept = f"  Giữ nguyên văn bản đã hoàn thiện: {KH} (số {old['so_ky_hieu']})"
    assert result.output.splitlines().count(kept) == 1
    assert "Cảnh báo" not in result.output
    merged = [line for line in result.output.splitlines() if "vào bundle.pdf" in line]
    assert merged[-1] == "  Đã gộp lại 4 văn bản vào bundle.pdf, cả 1 văn bản đã hoàn thiện"
    after = snapshot(folder)
    # The finalised plan, its PDF with its signature fields, its versions/: byte for byte.
    for name in (KH, KH_PDF, *(n for n in before if n.startswith("versions/"))):
        assert after[name] == before[name], name
    assert entry(folder) == old
    documents = manifest(folder)["documents"]
    assert documents[0]["docx"] == KH and len(documents) == 4
    tbs = [d for d in documents if d["loai_van_ban"] == "TB"]
    assert len(tbs) == 2 and all(d["so_ky_hieu"][:1].isdigit() for d in tbs)
    assert all("finalised_at" not in d for d in documents[1:])
    for d in documents:
        assert hashlib.sha256(after[d["docx"]]).hexdigest() == d["sha256_docx"]
        assert hashlib.sha256(after[d["pdf"]]).hexdigest() == d["sha256_pdf"]
        assert len(PdfReader(folder / d["pdf"]).pages) == d["pages"]
    bundle = PdfReader(folder / "bundle.pdf")
    assert len(bundle.pages) == sum(d["pages"] for d in documents)
    assert [item.title for item in bundle.outline] == [d["bookmark"] for d in documents]
    result = run("lint", str(folder))
    assert result.exit_code == 0, result.output
    with Register(register) as reg:
        entries = reg.entries("an-hoa", 2026)
    assert len(entries) == 4 and {e.status for e in entries} == {"issued"}
    assert sorted(p.name for p in folder.parent.iterdir()) == ["inspection"]  # no lock left
