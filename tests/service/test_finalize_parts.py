"""Finalising without LibreOffice: failures leave the set and the register as they were."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from generator.build import build_set
from generator.errors import ConversionError
from generator.pdf.jobs import ConvertJob, ConvertResult, Progress
from generator.service.edited import fill_number, identity_of, open_revisions
from generator.service.finalize import IssueOptions, finalize
from generator.service.setfolder import FinalizeError, read_manifest, unsigned_revision
from generator.sources import load_dataset

CASES = Path(__file__).parents[1] / "cases" / "inspection"
NOW = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)


class BrokenConverter:
    """A converter whose every document fails, as LibreOffice does on a corrupt file."""

    def convert(
        self, jobs: Sequence[ConvertJob], progress: Progress | None = None
    ) -> list[ConvertResult]:
        """Return a failure for each job."""
        return [ConvertResult(job, ok=False, error="LibreOffice dừng giữa chừng") for job in jobs]


@pytest.fixture
def draft_set(tmp_path: Path) -> Path:
    """Return a draft inspection set built without PDFs."""
    data = load_dataset(CASES / "draft" / "data")
    return build_set(data, "inspection", tmp_path / "out", today=date(2026, 3, 1)).folder


def test_a_failed_conversion_changes_nothing_and_gives_the_number_back(
    draft_set: Path, tmp_path: Path
) -> None:
    before = {p.name: p.read_bytes() for p in draft_set.iterdir()}
    register = tmp_path / "so-dang-ky.sqlite"
    with pytest.raises(ConversionError, match="LibreOffice dừng giữa chừng"):
        finalize(
            draft_set / "02-quyet-dinh-doan.docx", draft_set, converter=BrokenConverter(),
            now=NOW, issue=IssueOptions(register, date(2026, 3, 12)),
        )  # fmt: skip
    assert {p.name: p.read_bytes() for p in draft_set.iterdir()} == before
    # Nothing left beside the set: the staged copy and the lock file are gone.
    assert sorted(p.name for p in draft_set.parent.iterdir()) == ["inspection"]
    with sqlite3.connect(register) as db:
        assert db.execute("SELECT count(*) FROM entries").fetchone() == (0,)


def test_a_manifest_pointing_outside_its_folder_is_refused(draft_set: Path) -> None:
    manifest = json.loads((draft_set / "manifest.json").read_text(encoding="utf-8"))
    manifest["documents"][0]["docx"] = "../../../outside.docx"
    (draft_set / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(FinalizeError, match=r"'../../../outside.docx' không nằm ngay trong"):
        read_manifest(draft_set)


def test_a_folder_without_manifest_says_what_to_give(tmp_path: Path) -> None:
    with pytest.raises(FinalizeError, match=r"không thấy manifest\.json; chỉ ra thư mục"):
        read_manifest(tmp_path)


def test_unsigned_revision_drops_the_incremental_updates() -> None:
    first = b"%PDF-1.7\n1 0 obj<<>>endobj\nxref\n0 1\ntrailer<<>>\nstartxref\n9\n%%EOF\n"
    update = b"2 0 obj<<>>endobj\nxref\n2 1\ntrailer<<>>\nstartxref\n70\n%%EOF\n"
    assert unsigned_revision(first + update) == first
    assert unsigned_revision(first) == first


def test_generated_drafts_have_no_open_revisions_and_get_their_number(
    draft_set: Path, tmp_path: Path
) -> None:
    source = draft_set / "01-ke-hoach-kiem-tra.docx"
    assert open_revisions(source) == []
    identity = identity_of(source)
    assert (identity.loai_van_ban, identity.so_ky_hieu, identity.ky_hieu) == ("KH", None, "KH-UBND")
    assert identity.tham_quyen == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert identity.nguoi_ky == "Nguyễn Văn An" and identity.dia_danh == "An Hòa"
    filled = tmp_path / "filled.docx"
    fill_number(source, filled, "07/KH-UBND", "An Hòa, ngày 12 tháng 3 năm 2026")
    again = identity_of(filled)
    assert again.so_ky_hieu == "07/KH-UBND" and again.trich_yeu == identity.trich_yeu


def test_a_missing_set_folder_is_named_not_a_traceback(draft_set: Path, tmp_path: Path) -> None:
    missing = tmp_path / "khong-co" / "inspection"
    with pytest.raises(FinalizeError, match=r"khong-co/inspection: không thấy manifest\.json"):
        finalize(draft_set / "01-ke-hoach-kiem-tra.docx", missing, converter=BrokenConverter(),
                 now=NOW)  # fmt: skip
    assert not missing.parent.exists()
