"""The staged copy of a set being finalised: owned by its run, removed once that run is gone.

A finalize is killed (SIGKILL) in a real process while its copy of the set exists; the next
finalize, or the next build of a set in the same folder, removes the copy. A live finalize's
copy is kept by both.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from generator.atomic import clean_stale_folders
from generator.build import build_set
from generator.errors import ConversionError
from generator.owner import OWNER_NAME, read_owner, this_run
from generator.service.finalize import finalize
from generator.service.setfolder import staged_copy
from generator.sources import load_dataset
from tests.service.test_finalize_parts import CASES, NOW, BrokenConverter

ROOT = Path(__file__).resolve().parents[2]
QD = "02-quyet-dinh-doan.docx"
# A finalize whose conversion never ends: it says so once its copy of the set exists.
HANGING = """
import sys, time
from datetime import UTC, datetime
from pathlib import Path
from generator.service.finalize import finalize

class Hanging:
    def convert(self, jobs, progress=None):
        print("converting", flush=True)
        time.sleep(600)

folder = Path(sys.argv[1])
finalize(folder / sys.argv[2], folder, converter=Hanging(), now=datetime.now(UTC))
"""


@pytest.fixture
def draft_set(tmp_path: Path) -> Path:
    """Return a draft inspection set built without PDFs."""
    data = load_dataset(CASES / "draft" / "data")
    return build_set(data, "inspection", tmp_path / "out", today=date(2026, 3, 1)).folder


def staged(folder: Path) -> list[Path]:
    """Return the hidden copies and moved-aside folders beside the set `folder`."""
    return sorted(
        p for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}-") and p.is_dir()
    )


def killed_finalize(folder: Path) -> Path:
    """Return the staged copy a finalize of `folder` left when SIGKILLed while converting."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HANGING, str(folder), QD],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline() == b"converting\n", proc.communicate(timeout=30)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=30)
    [copy] = staged(folder)
    return copy


def test_a_killed_finalizes_copy_is_removed_by_the_next_finalize(draft_set: Path) -> None:
    before = {p.name: p.read_bytes() for p in draft_set.iterdir() if p.is_file()}
    copy = killed_finalize(draft_set)
    assert (copy / "manifest.json").is_file()
    with pytest.raises(ConversionError):  # this one fails too, but removes what the dead left
        finalize(draft_set / QD, draft_set, converter=BrokenConverter(), now=NOW)
    assert staged(draft_set) == []
    assert {p.name: p.read_bytes() for p in draft_set.iterdir() if p.is_file()} == before


def test_a_killed_finalizes_copy_is_removed_by_the_next_build(draft_set: Path) -> None:
    copy = killed_finalize(draft_set)
    data = load_dataset(CASES / "draft" / "data")
    build_set(data, "inspection", draft_set.parents[2], today=date(2026, 3, 1))
    assert not copy.exists() and staged(draft_set) == []


def test_a_live_finalizes_copy_is_kept_and_the_set_gets_no_owner_record(draft_set: Path) -> None:
    with staged_copy(draft_set) as copy:
        assert read_owner(copy) == this_run()
        (copy / "ghi-chu.txt").write_text("mới", encoding="utf-8")
        assert clean_stale_folders(draft_set.parent) == []
        data = load_dataset(CASES / "draft" / "data")
        other = build_set(data, "inspection", draft_set.parents[2], today=date(2026, 3, 1))
        assert other.folder == draft_set and copy.is_dir()
    assert (draft_set / "ghi-chu.txt").read_text(encoding="utf-8") == "mới"
    assert not (draft_set / OWNER_NAME).exists()
    assert staged(draft_set) == []
