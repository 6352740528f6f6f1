"""A real redis-server on a free port owned by the test, and real `vanban worker` processes."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READY = "Sẵn sàng nhận việc"


def free_port() -> int:
    """Return a TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """Start redis-server on a free port in a folder of the test; yield its URL; stop it."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(binary).exists():
        pytest.skip("cần redis-server (make cài gói redis-server)")
    folder = tmp_path / "redis"
    folder.mkdir()
    port = free_port()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder)]
    command += ["--save", "", "--appendonly", "no", "--daemonize", "no"]
    log = (folder / "redis.log").open("wb")
    proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                pass
            assert proc.poll() is None, (folder / "redis.log").read_text()
            assert time.monotonic() < deadline, "redis-server did not answer"
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


@dataclass
class Worker:
    """A `vanban worker` subprocess with its own TMPDIR (where its LibreOffice profiles live)."""

    proc: subprocess.Popen[bytes]
    tmp: Path
    log: Path

    def wait_ready(self, timeout: float = 90) -> None:
        """Wait until the worker says it takes work."""
        deadline = time.monotonic() + timeout
        while READY not in self.log.read_text(encoding="utf-8", errors="replace"):
            assert self.proc.poll() is None, self.log.read_text(encoding="utf-8")
            assert time.monotonic() < deadline, self.log.read_text(encoding="utf-8")
            time.sleep(0.1)

    def stop(self) -> None:
        """Stop it the polite way (SIGTERM: warm shutdown) and wait."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=60)


def start_worker(url: str, folder: Path, name: str, *extra: str) -> Worker:
    """Start `vanban worker --queue url` with one process; return it (not ready yet)."""
    tmp = folder / name
    tmp.mkdir(parents=True)
    log = folder / f"{name}.log"
    command = [sys.executable, "-m", "generator", "worker", "--queue", url, "--concurrency", "1"]
    command += ["--name", f"{name}@%h", *extra]
    env = {**os.environ, "TMPDIR": str(tmp), "HOME": str(tmp)}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    return Worker(proc, tmp, log)


def processes_mentioning(text: str) -> list[str]:
    """Return the command lines of live processes whose command line contains `text`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            raw = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        command = raw.replace(b"\0", b" ").decode(errors="replace")
        if text in command and state != "Z":
            found.append(f"{entry.name}: {command}")
    return found


def wait_gone(text: str, timeout: float = 60) -> list[str]:
    """Wait until no process mentions `text`; return those still there at the deadline."""
    deadline = time.monotonic() + timeout
    while (left := processes_mentioning(text)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left
