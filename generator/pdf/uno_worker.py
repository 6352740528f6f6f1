"""A warm LibreOffice converter speaking JSON lines; run by Debian's /usr/bin/python3 only.

`import uno` exists only for the system interpreter (package python3-uno), not in the project's
venv, so this script imports nothing of `generator`: just the standard library and uno. The
parent (generator/pdf/uno.py) starts it in a session of its own, one per core:

    /usr/bin/python3 uno_worker.py <soffice> <profile-url> <pipe-name>

It starts `soffice` listening on a private pipe (in the same process group, so the parent can
kill everything with one killpg), connects, answers `{"ready": true, "pids": [...]}`, then for
each stdin line `{"docx": ..., "pdf": ..., "pdfa": true}` loads the document hidden and
read-only, stores it as PDF (PDF/A-2b when asked) and answers `{"ok": true, "cpu": s}` or
`{"ok": false, "error": ..., "cpu": s}`; `cpu` is LibreOffice's CPU so far (`bridge_cpu`:
this script's own). On EOF it asks
LibreOffice to quit, then signals only its own `soffice` pid (a SIGTERM to the whole group
deadlocks oosplash, env-spike §9), and exits.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]

CONNECT_SECONDS = 60.0
QUIT_SECONDS = 5.0
TICKS = os.sysconf("SC_CLK_TCK")


def prop(name: str, value: Any) -> Any:
    """Return a UNO PropertyValue."""
    item = PropertyValue()
    item.Name, item.Value = name, value
    return item


def answer(message: dict[str, Any]) -> None:
    """Write one JSON line to the parent."""
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def children(pid: int) -> list[int]:
    """Return the pids whose parent is `pid` (soffice.bin under oosplash)."""
    found: list[int] = []
    try:  # the kernel's own list, per thread of `pid`
        for task in Path(f"/proc/{pid}/task").iterdir():
            found.extend(int(child) for child in (task / "children").read_text().split())
        return found
    except OSError:
        pass  # a kernel without /proc/<pid>/task/<tid>/children: scan every process
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def cpu_seconds(pids: list[int]) -> float:
    """Return the CPU seconds of the live processes `pids`, with their children that ended.

    The children count too (cutime, cstime): on a fresh profile oosplash runs soffice.bin once
    to create it and once more to serve, and batch mode's wait4 counts both runs the same way.
    """
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return total / TICKS


def connect(office: subprocess.Popen[bytes], pipe: str) -> Any:
    """Return LibreOffice's Desktop once its pipe accepts, or raise RuntimeError."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if office.poll() is not None:
                raise RuntimeError(
                    f"LibreOffice thoát ngay khi khởi động (mã {office.returncode})"
                ) from None
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"LibreOffice không nhận kết nối sau {CONNECT_SECONDS:g} giây"
                ) from None
            time.sleep(0.01)  # LibreOffice idles from the moment it listens until we connect
    return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)


def convert(desktop: Any, docx: str, pdf: str, pdfa: bool) -> str | None:
    """Convert one document; return None on success, else LibreOffice's reason."""
    load = (
        prop("Hidden", True),
        prop("ReadOnly", True),
        prop("UpdateDocMode", 0),  # NO_UPDATE: never follow links
        prop("MacroExecutionMode", 0),  # NEVER_EXECUTE
    )
    document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(docx), "_blank", 0, load)
    if document is None:
        return "source file could not be loaded"
    try:
        options = [prop("SelectPdfVersion", uno.Any("long", 2))] if pdfa else []
        data = uno.Any("[]com.sun.star.beans.PropertyValue", tuple(options))
        store = (prop("FilterName", "writer_pdf_Export"), prop("FilterData", data))
        uno.invoke(document, "storeToURL", (uno.systemPathToFileUrl(pdf), store))
    finally:
        try:
            document.close(True)
        except Exception:  # a close veto must not keep the document: dispose it instead
            document.dispose()
    return None


def quit_office(desktop: Any, office: subprocess.Popen[bytes]) -> None:
    """Ask LibreOffice to quit; then SIGTERM and SIGKILL its own pid only, if it lingers."""
    with contextlib.suppress(Exception):  # the bridge drops while LibreOffice quits
        desktop.terminate()
    for stop in (None, office.terminate, office.kill):
        if stop is not None:
            stop()
        try:
            office.wait(QUIT_SECONDS)
            return
        except subprocess.TimeoutExpired:
            continue


def main(argv: list[str]) -> int:
    """Serve conversions until stdin ends; return the exit code."""
    soffice, profile, pipe = argv[1:4]
    command = [
        soffice,
        "--headless",
        "--invisible",
        "--norestore",
        "--nolockcheck",
        "--nologo",
        "--nodefault",
        f"-env:UserInstallation={profile}",
        f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
    ]
    office = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        desktop = connect(office, pipe)
    except Exception as err:
        answer({"ready": False, "error": str(err)})
        office.kill()
        return 1
    pids = [office.pid, *children(office.pid)]
    try:
        # Inside the try: a parent that died while LibreOffice started leaves nobody to read
        # this line (BrokenPipeError), and LibreOffice must still go.
        answer({"ready": True, "pids": pids})
        for line in sys.stdin:
            job = json.loads(line)
            try:
                error = convert(desktop, job["docx"], job["pdf"], bool(job.get("pdfa", True)))
            except Exception as err:  # a UNO exception names the document's problem
                error = f"{type(err).__name__}: {getattr(err, 'Message', '') or err}"
            reply: dict[str, Any] = {
                "ok": error is None,
                "cpu": cpu_seconds(pids),
                "bridge_cpu": time.process_time(),
            }
            if error is not None:
                reply["error"] = error
            answer(reply)
    finally:
        quit_office(desktop, office)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
