"""Two `vanban batch` runs into one output folder: the second removes only what dead runs left.

A live run is frozen with SIGSTOP (all its processes: it is alive, its owner records hold) so
the second run starts while its temporary set folder exists; a dead run is SIGKILLed there.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from ..conftest import VANBAN
from .test_batch import ARGS, check_outputs, make_province

ROOT = Path(__file__).resolve().parents[2]
IN_FLIGHT = ".01-ke-hoach-kiem-tra.docx.1a2b3c4d.tmp"

pytestmark = pytest.mark.slow


def start(province: Path, out: Path) -> subprocess.Popen[str]:
    """Start `vanban batch` (one worker process, no PDFs) in its own process group."""
    return subprocess.Popen(
        [*VANBAN, "batch", str(province), "--out", str(out), *ARGS, "--workers", "1"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def temporary_sets(out: Path) -> set[Path]:
    """Return the hidden temporary set folders under `out`."""
    return {p for p in out.glob("*/*/.*.tmp") if p.is_dir()}


def wait_for_new_folder(out: Path, proc: subprocess.Popen[str], known: set[Path]) -> Path:
    """Return a temporary set folder of `proc` (one not in `known`) as soon as it exists."""
    deadline = time.monotonic() + 120
    while True:
        new = temporary_sets(out) - known
        if new:
            return new.pop()
        assert proc.poll() is None, "the batch ended before its temporary folder was seen"
        assert time.monotonic() < deadline
        time.sleep(0.005)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return the files of `folder` by name with their bytes."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_a_second_batch_keeps_a_live_runs_temporaries_and_removes_a_dead_ones(
    tmp_path: Path,
) -> None:
    province, out = tmp_path / "tinh", tmp_path / "out"
    make_province(4, province)
    live = start(province, out)
    dead: subprocess.Popen[str] | None = None
    try:
        live_folder = wait_for_new_folder(out, live, set())
        os.killpg(live.pid, signal.SIGSTOP)  # alive, frozen while its folder exists
        # A write of the live run caught half-way (the freeze may land between two writes).
        (live_folder / IN_FLIGHT).write_bytes(b"PK half")
        frozen = snapshot(live_folder)

        dead = start(province, out)
        dead_folder = wait_for_new_folder(out, dead, {live_folder})
        os.killpg(dead.pid, signal.SIGKILL)
        dead.communicate(timeout=30)
        assert dead_folder.is_dir()  # a killed run cannot remove its own folder

        second = start(province, out)
        _, stderr = second.communicate(timeout=300)
        assert second.returncode == 0, stderr
        assert live_folder.is_dir() and snapshot(live_folder) == frozen
        assert not dead_folder.exists()
        assert f"Đã xóa tệp tạm còn sót: {dead_folder}" in stderr.splitlines()
        assert str(live_folder) not in stderr
        assert len(list(out.glob("*/*/*/manifest.json"))) == 4

        (live_folder / IN_FLIGHT).unlink()  # the write ends (the frozen run renames it)
        os.killpg(live.pid, signal.SIGCONT)
        _, stderr = live.communicate(timeout=300)
        assert live.returncode == 0, stderr  # nothing it was writing went missing
        assert temporary_sets(out) == set()
        assert len(check_outputs(out)) == 4
    finally:
        for proc in (live, dead):
            if proc is not None and proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                    os.killpg(proc.pid, signal.SIGCONT)
                proc.communicate(timeout=30)
