"""What killed runs leave (temporary set folders, moved-aside sets) and who may remove it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from generator import atomic
from generator.atomic import OLD_SUFFIX, clean_stale_folders, clean_stale_tree, temporary_folder
from generator.build import build_set
from generator.owner import (
    FOREIGN_SECONDS,
    GRACE_SECONDS,
    OWNER_NAME,
    Owner,
    is_alive,
    is_stale,
    process_started,
    read_owner,
    this_run,
)
from generator.sources import load_dataset

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 1)


def dead_pid() -> int:
    """Return the pid of a process that has ended (and was reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def leftover(parent: Path, name: str, owner: dict[str, object] | None, age: float = 0) -> Path:
    """Make a leftover folder `name` in `parent` with one file, its owner record and its age."""
    folder = parent / name
    folder.mkdir(parents=True)
    (folder / "01-ke-hoach-kiem-tra.docx").write_bytes(b"PK")
    if owner is not None:
        (folder / OWNER_NAME).write_text(json.dumps(owner), encoding="utf-8")
    when = time.time() - age
    for path in [*folder.iterdir(), folder]:
        os.utime(path, (when, when))
    return folder


def test_the_owner_record_names_this_process(tmp_path: Path) -> None:
    folder = temporary_folder(tmp_path / "inspection")
    assert folder.parent == tmp_path
    assert folder.name.startswith(".inspection-") and folder.name.endswith(".tmp")
    assert read_owner(folder) == this_run()
    assert this_run().started == process_started(os.getpid()) is not None
    assert is_alive(this_run()) and not is_stale(folder)


def test_only_folders_of_runs_that_are_gone_are_removed(tmp_path: Path) -> None:
    host = socket.gethostname()
    me = {"host": host, "pid": os.getpid(), "started": process_started(os.getpid())}
    dead = leftover(tmp_path, ".inspection-dead0001.tmp", {**me, "pid": dead_pid()})
    reused = leftover(tmp_path, ".plan-reused01.tmp", {**me, "started": 1})  # pid reused
    live = leftover(tmp_path, ".report-2026-q1-live0001.tmp", me)
    foreign = leftover(tmp_path, ".plan-foreign1.tmp", {**me, "host": "may-khac"})
    foreign_old = leftover(
        tmp_path, ".plan-foreign2.tmp", {**me, "host": "may-khac"}, FOREIGN_SECONDS + 60
    )
    fresh_legacy = leftover(tmp_path, ".plan-legacy01.tmp", None)
    old_legacy = leftover(tmp_path, ".plan-legacy02.tmp", None, GRACE_SECONDS + 60)
    unrelated = leftover(tmp_path, ".git", None, GRACE_SECONDS + 60)
    visible = leftover(tmp_path, "inspection", None, GRACE_SECONDS + 60)
    removed = clean_stale_folders(tmp_path)
    assert sorted(removed) == sorted([dead, reused, foreign_old, old_legacy])
    for kept in (live, foreign, fresh_legacy, unrelated, visible):
        assert kept.is_dir()
    assert not any(path.exists() for path in removed)


def test_a_set_moved_aside_by_a_killed_run_is_put_back(tmp_path: Path) -> None:
    gone = {"host": socket.gethostname(), "pid": dead_pid(), "started": None}
    aside = leftover(tmp_path, f".inspection-aside001{OLD_SUFFIX}", gone)
    (aside / "inspection").mkdir()
    (aside / "inspection" / "manifest.json").write_text("{}", encoding="utf-8")
    # A second one, whose set has a newer version in place already: just removed.
    other = leftover(tmp_path, f".plan-aside002{OLD_SUFFIX}", gone)
    (other / "plan").mkdir()
    (tmp_path / "plan").mkdir()
    assert sorted(clean_stale_folders(tmp_path)) == sorted([aside, other])
    assert (tmp_path / "inspection" / "manifest.json").read_text(encoding="utf-8") == "{}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inspection", "plan"]


def test_a_build_cleans_what_dead_runs_left_and_leaves_no_owner_record(tmp_path: Path) -> None:
    data = load_dataset(ROOT / "data" / "binh-lu")
    year = tmp_path / "binh-lu" / "2026"
    gone = {"host": socket.gethostname(), "pid": dead_pid(), "started": None}
    stale = leftover(year, ".inspection-killed01.tmp", gone)
    other_set = leftover(year, ".plan-killed002.tmp", gone)
    busy = leftover(year, ".plan-busy0001.tmp", {**gone, "pid": os.getpid()})
    result = build_set(data, "inspection", tmp_path, today=TODAY)
    assert not stale.exists() and not other_set.exists() and busy.is_dir()
    assert not (result.folder / OWNER_NAME).exists()
    # Built again over itself: the previous set is moved aside in a folder of ours, then gone.
    build_set(data, "inspection", tmp_path, today=TODAY)
    assert sorted(p.name for p in year.iterdir()) == [busy.name, "inspection"]


def test_another_users_process_counts_as_alive() -> None:
    # pid 1 exists and (in any sane setup) is not ours: kill(1, 0) may say EPERM, never ESRCH.
    assert is_alive(Owner(socket.gethostname(), 1, None))
    assert not is_alive(Owner(socket.gethostname(), dead_pid(), None))
    assert is_alive(Owner("may-khac", dead_pid(), None))


def test_a_dead_run_not_yet_reaped_counts_as_gone(tmp_path: Path) -> None:
    # A killed batch's workers stay zombies while nobody reaps them (a container whose first
    # process does not reap orphans); their folders must still be cleaned.
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        for _ in range(200):  # until it has exited, not reaped: we do not wait() yet
            if Path(f"/proc/{child.pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
                break
            time.sleep(0.01)
        owner = {"host": socket.gethostname(), "pid": child.pid,
                 "started": process_started(child.pid)}  # fmt: skip
        zombie = leftover(tmp_path, ".inspection-zombie01.tmp", owner)
        assert not is_alive(Owner(socket.gethostname(), child.pid, owner["started"]))
        assert clean_stale_folders(tmp_path) == [zombie]
    finally:
        child.wait()


def test_a_stop_while_the_folder_is_being_made_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(folder: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic, "write_owner", interrupted)
    with pytest.raises(KeyboardInterrupt):
        temporary_folder(tmp_path / "inspection")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_killed_before_its_owner_record_was_whole_is_removed_at_once(
    tmp_path: Path,
) -> None:
    # A run killed between making its folder and finishing its owner record.
    empty = tmp_path / ".inspection-0a1b2c3d.tmp"
    empty.mkdir()
    half = tmp_path / ".plan-0a1b2c3e.tmp"
    half.mkdir()
    (half / OWNER_NAME).write_text('{"host": "', encoding="utf-8")
    young = leftover(tmp_path, ".plan-0a1b2c3f.tmp", None)  # a file besides: grace applies
    assert clean_stale_folders(tmp_path) == [empty, half]
    assert list(tmp_path.iterdir()) == [young]


def test_the_tree_cleaning_spares_live_runs_and_young_files(tmp_path: Path) -> None:
    host = socket.gethostname()
    me = {"host": host, "pid": os.getpid(), "started": process_started(os.getpid())}
    year = tmp_path / "binh-lu" / "2026"
    live = leftover(year, ".inspection-live0001.tmp", me)
    in_flight = live / ".01-ke-hoach-kiem-tra.docx.1a2b3c4d.tmp"
    in_flight.write_bytes(b"half")
    os.utime(in_flight, (time.time() - GRACE_SECONDS - 60,) * 2)  # a live run's: kept anyway
    dead = leftover(year, ".plan-dead0001.tmp", {**me, "pid": dead_pid()})
    (year / "plan").mkdir()
    old_file = year / "plan" / ".manifest.json.0a1b2c3d.tmp"
    young_file = tmp_path / ".batch-report.json.0a1b2c3e.tmp"
    theirs = year / "plan" / "ghi-chu.tmp"
    for path in (old_file, young_file, theirs):
        path.write_bytes(b"x")
    os.utime(old_file, (time.time() - GRACE_SECONDS - 60,) * 2)
    os.utime(theirs, (time.time() - GRACE_SECONDS - 60,) * 2)
    assert sorted(clean_stale_tree(tmp_path)) == sorted([dead, old_file])
    assert in_flight.is_file() and young_file.is_file() and theirs.is_file()
    assert clean_stale_tree(tmp_path / "khong-co") == []


def test_lock_files_of_killed_runs_go_and_held_ones_stay(tmp_path: Path) -> None:
    from generator.setlock import set_lock

    parent = tmp_path / "binh-lu" / "2026"
    parent.mkdir(parents=True)
    left = parent / ".plan.lock"  # a run killed while holding it: the kernel dropped the lock
    left.write_bytes(b"")
    holder = subprocess.Popen(  # another live run holds the inspection set's lock
        [sys.executable, "-c",
         "import fcntl, os, sys, time\n"
         f"fd = os.open({str(parent / '.inspection.lock')!r}, os.O_RDWR | os.O_CREAT)\n"
         "fcntl.flock(fd, fcntl.LOCK_EX)\nprint('held', flush=True)\ntime.sleep(60)\n"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with set_lock(parent, "report-2026-h1"):  # held by this very process
            removed = clean_stale_folders(parent)
            assert (parent / ".report-2026-h1.lock").exists()
        assert removed == [left]
        assert not left.exists()
        assert (parent / ".inspection.lock").exists()
    finally:
        holder.kill()
        holder.wait()
    assert clean_stale_folders(parent) == [parent / ".inspection.lock"]
