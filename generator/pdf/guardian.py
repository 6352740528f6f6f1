"""The guardian of one LibreOffice pool: kills its process groups when vanban dies.

Run as `python -I -S guardian.py` in a session of its own; imports nothing of `generator`.
The first line on stdin is the pool's folder (not an argument: a command line naming the folder
would count as one of the pool's processes for whoever looks for them). Then vanban writes
`+<pgid>` when it starts a process group (a `soffice` call, a warm worker with its
LibreOffice) and `-<pgid>` once it has reaped it. When stdin ends (vanban closed the pool, or
was killed: the kernel closes its end of the pipe either way) every group still listed gets
SIGKILL, and the pool's folder (profiles, call folders) is removed once they are gone.

Why not PR_SET_PDEATHSIG: Linux sends it when the *thread* that forked the child ends, and the
pools start LibreOffice from short-lived converter threads; and soffice.bin, forked by
oosplash, would not inherit it anyway. A pipe's end is closed only when the process is gone.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import time

GONE_SECONDS = 5.0


def _alive(pgid: int) -> bool:
    """Return whether any process of group `pgid` is left."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def main(argv: list[str]) -> int:
    """Watch stdin until it ends, then kill what is listed and remove the root; return 0."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a terminal's Ctrl-C is vanban's to handle
    root = sys.stdin.buffer.readline().decode("utf-8", "surrogateescape").rstrip("\n")
    groups: set[int] = set()
    for line in sys.stdin.buffer:
        text = line.strip()
        with contextlib.suppress(ValueError):
            if text.startswith(b"+"):
                groups.add(int(text[1:]))
            elif text.startswith(b"-"):
                groups.discard(int(text[1:]))
    for pgid in groups:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, signal.SIGKILL)
    deadline = time.monotonic() + GONE_SECONDS
    while any(_alive(pgid) for pgid in groups) and time.monotonic() < deadline:
        time.sleep(0.02)
    if root:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
