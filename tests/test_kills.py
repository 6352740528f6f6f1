"""Hard kills and stop signals of `vanban build all` with real LibreOffice: nothing left behind.

Each run gets its own temporary directory (TMPDIR), so "a LibreOffice process or profile of the
killed run" is exactly a process whose command line names that directory, or a `vanban-*`
folder in it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import VANBAN

ROOT = Path(__file__).resolve().parents[1]
BINH_LU = ROOT / "data" / "binh-lu"
SETS = {"inspection", "report-2026-q1", "report-2026-h1", "plan"}

pytestmark = [
    pytest.mark.soffice,
    pytest.mark.slow,
    pytest.mark.xdist_group("kills"),
    pytest.mark.skipif(shutil.which("soffice") is None, reason="cần LibreOffice"),
]


def start(out: Path, tmp: Path) -> subprocess.Popen[bytes]:
    """Start `vanban build all` on the sample, LibreOffice's folders under `tmp`."""
    tmp.mkdir(exist_ok=True)
    return subprocess.Popen(
        [*VANBAN, "build", "all", str(BINH_LU), "--out", str(out)],
        cwd=ROOT,
        env=dict(os.environ, TMPDIR=str(tmp)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def wait_for(condition: Callable[[], object], proc: subprocess.Popen[bytes]) -> None:
    """Wait until `condition()` holds while `proc` still runs."""
    deadline = time.monotonic() + 180
    while not condition():
        assert proc.poll() is None, "the run ended before the moment to stop it"
        assert time.monotonic() < deadline
        time.sleep(0.01)


def temporary_sets(out: Path) -> list[Path]:
    """Return the hidden temporary or moved-aside set folders under `out`."""
    return [p for p in out.glob("*/*/.*") if p.name.endswith((".tmp", ".old"))]


def rendering(out: Path) -> bool:
    """Return whether the first set's temporary folder exists (LibreOffice is starting)."""
    return bool(temporary_sets(out))


def converting(out: Path) -> bool:
    """Return whether a PDF has arrived in a set still being built."""
    return any(pdf for folder in temporary_sets(out) for pdf in folder.glob("*.pdf"))


def between_sets(out: Path) -> bool:
    """Return whether a first set is in place while the others are still being built."""
    return bool(list(out.glob("*/*/*/manifest.json")))


def processes_naming(marker: Path) -> list[int]:
    """Return the live processes whose command line names `marker` (zombies do not count)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if str(marker).encode() in command and state not in ("Z", "X"):
            found.append(int(entry.name))
    return found


def eventually(condition: Callable[[], bool]) -> bool:
    """Return True once `condition()` holds (LibreOffice takes a moment to die)."""
    deadline = time.monotonic() + 30
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def check_visible_sets(out: Path) -> set[str]:
    """Assert every visible set folder is complete, byte for byte; return their names."""
    names = set()
    for folder in out.glob("*/*/*"):
        if folder.name.startswith("."):
            continue
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        for document in manifest["documents"]:
            for key in ("docx", "pdf"):
                data = (folder / document[key]).read_bytes()
                assert hashlib.sha256(data).hexdigest() == document[f"sha256_{key}"]
        assert (folder / manifest["bundle"]).read_bytes().startswith(b"%PDF-")
        names.add(folder.name)
    return names


def check_nothing_of_lo(tmp: Path) -> None:
    """Assert no LibreOffice process and no pool folder of the runs using `tmp` is left."""
    assert eventually(lambda: not processes_naming(tmp)), processes_naming(tmp)
    assert eventually(lambda: not list(tmp.glob("vanban-*"))), list(tmp.iterdir())


def test_sigkill_at_three_moments_leaves_nothing_after_the_next_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for number, moment in enumerate((rendering, converting, between_sets)):
        tmp = tmp_path / f"tmp-{number}"
        proc = start(out, tmp)
        wait_for(lambda moment=moment: moment(out), proc)  # type: ignore[misc]
        os.kill(proc.pid, signal.SIGKILL)  # vanban only: its children are on their own
        proc.communicate(timeout=60)
        assert proc.returncode == -signal.SIGKILL
        check_nothing_of_lo(tmp)
        check_visible_sets(out)
    assert temporary_sets(out)  # the kills did leave folders: the next run has work to do
    tmp = tmp_path / "tmp-next"
    proc = start(out, tmp)
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr.decode()
    assert temporary_sets(out) == [], {p.name: os.listdir(p) for p in temporary_sets(out)}
    assert check_visible_sets(out) == SETS
    check_nothing_of_lo(tmp)


@pytest.mark.parametrize(
    ("signum", "code", "message"),
    [
        (signal.SIGINT, 130, "Đã dừng theo yêu cầu (Ctrl-C)"),
        (signal.SIGTERM, 143, "Đã dừng vì nhận tín hiệu dừng (SIGTERM)"),
    ],
    ids=["sigint", "sigterm"],
)
@pytest.mark.parametrize("moment", [rendering, converting], ids=["rendering", "converting"])
def test_a_stop_signal_ends_the_run_cleanly(
    tmp_path: Path, signum: int, code: int, message: str, moment: Callable[[Path], bool]
) -> None:
    # "rendering" stops it the instant the first set's folder exists (a window once missed).
    out, tmp = tmp_path / "out", tmp_path / "tmp"
    proc = start(out, tmp)
    wait_for(lambda: moment(out), proc)
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == code, stderr.decode()
    assert stderr.decode().splitlines()[-1] == (
        f"{message}; không có tệp dở dang nào được giữ lại."
    )
    assert temporary_sets(out) == []  # removed by the run itself, before it exited
    check_nothing_of_lo(tmp)
    check_visible_sets(out)
