"""LibreOffice's processes die with vanban (guardian), and dead runs' pool folders are swept."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from generator.owner import OWNER_NAME, process_started
from generator.pdf.guard import sweep_stale_roots

from .samples import alive

ROOT = Path(__file__).resolve().parents[2]

# A stand-in for vanban: a guarded pool folder and two process groups, one of them released.
PARENT = textwrap.dedent(
    """
    import subprocess, sys, time
    from pathlib import Path
    from generator.pdf.guard import Guard
    root = Path(sys.argv[1])
    guard = Guard(root)
    sleeper = [sys.executable, "-c", "import time; time.sleep(120)"]
    kept = subprocess.Popen(sleeper, start_new_session=True)
    freed = subprocess.Popen(sleeper, start_new_session=True)
    guard.watch(kept.pid)
    guard.watch(freed.pid)
    guard.release(freed.pid)
    print(kept.pid, freed.pid, guard.pid, flush=True)
    time.sleep(120)
    """
)


def wait_until(condition: object, seconds: float = 30) -> bool:
    """Return True as soon as `condition()` holds, False if it still does not after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def test_a_killed_parent_takes_its_watched_groups_and_folder_along(tmp_path: Path) -> None:
    root = tmp_path / "vanban-uno-test"
    (root / "profile-0").mkdir(parents=True)
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(root)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert parent.stdout is not None
    kept, freed, guardian = (int(pid) for pid in parent.stdout.readline().split())
    try:
        assert alive(kept) and alive(freed) and alive(guardian)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        assert wait_until(lambda: not alive(kept))
        assert wait_until(lambda: not root.exists() and not alive(guardian))
        assert alive(freed)  # released: reaped by its owner, so no longer the guardian's
    finally:
        for pid in (kept, freed):
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def _user_of(root: Path) -> subprocess.Popen[bytes]:
    """Start a process whose command line names a profile under `root`, as LibreOffice's do."""
    profile = f"-env:UserInstallation={root.as_uri()}/profile-0"
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)", profile])


def test_the_next_run_sweeps_the_pool_folders_of_dead_runs(tmp_path: Path) -> None:
    host = socket.gethostname()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    gone, mine = tmp_path / "vanban-uno-gone", tmp_path / "vanban-lo-mine"
    owners = {
        gone: {"host": host, "pid": dead.pid, "started": None},
        mine: {"host": host, "pid": os.getpid(), "started": process_started(os.getpid())},
    }
    for root, owner in owners.items():
        (root / "profile-0").mkdir(parents=True)
        (root / OWNER_NAME).write_text(json.dumps(owner), encoding="utf-8")
    unrelated = tmp_path / "something-else"
    unrelated.mkdir()
    orphan, busy = _user_of(gone), _user_of(mine)
    try:
        assert wait_until(
            lambda: b"UserInstallation" in Path(f"/proc/{orphan.pid}/cmdline").read_bytes()
        )
        assert sweep_stale_roots(tmp_path) == [gone]
        assert orphan.wait(timeout=30) == -signal.SIGKILL
        assert not gone.exists()
        assert mine.is_dir() and unrelated.is_dir() and busy.poll() is None
    finally:
        for proc in (orphan, busy):
            if proc.poll() is None:
                proc.kill()
                proc.wait()
