"""A rebuild never loses a finalised document: `vanban build` and `vanban batch` after finalize.

A real draft set (--no-pdf) gets one document finalised with real LibreOffice; building it
again is refused with the whole message and leaves every byte as it was, unless asked with
--lap-lai-da-hoan-thien, which keeps the finalised files in the new set's versions/.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner

from generator.build import SetBuild, build_set
from generator.cli import cli
from generator.errors import FinalisedSetError
from generator.finalised import keep_finalised
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


def refusal(folder: Path, **finalised: str) -> str:
    """Return the whole refusal message for `folder` with these documents (name → số)."""
    lines = [
        f"{folder}: không lập lại bộ văn bản này vì đã có {len(finalised)} văn bản được hoàn "
        "thiện (vanban finalize); lập lại sẽ thay chúng bằng dự thảo mới."
    ]
    for name, so in finalised.items():
        at = datetime.fromisoformat(entry(folder, name)["finalised_at"])
        lines.append(f"- {name}, {so}, hoàn thiện lúc {at:%d/%m/%Y %H:%M}")
    lines.append(
        "Muốn sửa tiếp văn bản đã hoàn thiện: sửa bản đó rồi hoàn thiện lại (vanban finalize). "
        "Chỉ khi thật sự cần lập lại cả bộ từ dữ liệu: chạy lại lệnh với "
        "--lap-lai-da-hoan-thien (trên web: chọn ô «Lập lại cả bộ đã hoàn thiện»; API: "
        "rebuild_finalised=true); bản đã hoàn thiện được giữ trong versions/ của bộ mới."
    )
    return "\n".join(lines)


@pytest.mark.soffice
@needs_soffice
@pytest.mark.parametrize("issue", [False, True])
def test_a_rebuild_is_refused_and_changes_nothing(out: Path, tmp_path: Path, issue: bool) -> None:
    register = tmp_path / "so-dang-ky.sqlite"
    extra = ["--issue", "--so-dang-ky", str(register), "--ngay", "05/03/2026"] if issue else []
    before = snapshot(out)
    result = run("build", "inspection", str(AN_HOA), "--out", str(out), "--no-pdf", *extra)
    assert result.exit_code == 1, result.output
    assert result.stderr == f"Lỗi: {refusal(out / SET, **{KH: 'chưa có số'})}\n"
    assert snapshot(out) == before  # not one byte, no temporary folder, no lock file
    assert not register.exists()  # refused before any number was issued


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
def test_batch_fails_only_the_finalised_set(out: Path, tmp_path: Path) -> None:
    source = tmp_path / "xa"
    shutil.copytree(AN_HOA, source / "an-hoa")
    shutil.copytree(ROOT / "data" / "binh-lu", source / "binh-lu")
    before = snapshot(out / SET)
    result = run("batch", str(source), "--bo", "inspection", "--no-pdf", "--out", str(out))
    assert result.exit_code == 1, result.output
    report = json.loads((out / "batch-report.json").read_text(encoding="utf-8"))
    sets = {org["data"]: org["sets"][0] for org in report["organisations"]}
    an_hoa, binh_lu = sets[str(source / "an-hoa")], sets[str(source / "binh-lu")]
    assert (an_hoa["status"], an_hoa["error"]) == (
        "failed",
        refusal(out / SET, **{KH: "chưa có số"}),
    )
    assert binh_lu["status"] == "built"
    assert (out / "binh-lu" / "2026" / "inspection" / "manifest.json").is_file()
    assert snapshot(out / SET) == before
    first_line = refusal(out / SET, **{KH: "chưa có số"}).splitlines()[0]
    row = next(line for line in result.output.splitlines() if "an-hoa" in line or "An Hòa" in line)
    assert "lỗi" in row and first_line[:60] in row


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

    with pytest.raises(FinalisedSetError) as refused:
        build_set(data, "inspection", out, today=date(2026, 3, 5), stages=[finalise_meanwhile])
    assert str(refused.value).splitlines()[1] == (
        "- 01-ke-hoach-kiem-tra.docx, số 05/KH-UBND, hoàn thiện lúc 05/03/2026 09:30"
    )
    assert entry(final)["finalised_at"] == "2026-03-05T09:30:00+07:00"  # still the set in place
    assert sorted(p.name for p in final.parent.iterdir()) == ["inspection"]
    # Asked to rebuild: the document finalised meanwhile goes to versions/ of the new set.
    finalised = (final / KH).read_bytes()
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


@pytest.mark.soffice
@needs_soffice
def test_a_queued_task_fails_its_set_and_keeps_it(out: Path) -> None:
    from generator.service.queued import SetTask, run_set_task

    task = SetTask(
        data=str(AN_HOA), set_name="inspection", period=None, out=str(out), today="2026-03-05",
        pdf=False,
    )  # fmt: skip
    before = snapshot(out)
    result = run_set_task(task, converter=None)
    assert result.outcome is not None
    assert (result.outcome.status, result.outcome.error) == (
        "failed",
        refusal(out / SET, **{KH: "chưa có số"}),
    )
    assert snapshot(out) == before
    result = run_set_task(replace(task, rebuild_finalised=True), converter=None)
    assert result.outcome is not None and result.outcome.status == "built"
    assert (
        snapshot(out)[f"{SET.as_posix()}/versions/01-ke-hoach-kiem-tra.v2.docx"]
        == before[f"{SET.as_posix()}/{KH}"]
    )
