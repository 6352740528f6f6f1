"""Benchmark `vanban batch --queue` (Celery on Redis) against the local pool, in one run.

    python bench/bench_queue.py 100 [--processes 4] [--sets inspection] [--workers 1 2 4]

Makes N synthetic communes (bench/make_province.py) and starts a private redis-server on a free
port. Then the same batch (--issue, PDF/A) runs with the same total number of LibreOffice
processes P:
  local   `vanban batch --workers P` (the in-process pool);
  queue W `vanban batch --queue` with W `vanban worker --concurrency P/W` processes on this
          machine, started and warm before the clock starts (a worker's start is paid once).
Every run starts from a fresh copy of the communes (a fresh register) and an empty output. It
prints documents per second of each run and the queue's overhead as the ratio of its time per
document to the local pool's. Numbers, never assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from make_province import make_province  # noqa: E402  (bench/ is not a package)

VANBAN = [sys.executable, "-m", "generator"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _documents(out: Path) -> int:
    return sum(
        len(json.loads(m.read_text(encoding="utf-8"))["documents"])
        for m in out.glob("*/*/*/manifest.json")
    )


def _batch(work: Path, tag: str, sets: list[str], extra: list[str]) -> tuple[float, int, int]:
    """Run one batch on a fresh copy of the province; return seconds, documents, exit code."""
    province, out = work / f"tinh-{tag}", work / f"out-{tag}"
    shutil.copytree(work / "tinh", province)
    command = [*VANBAN, "batch", str(province), "--out", str(out), "--issue"]
    command += ["--ngay", "01/07/2026", *[a for s in sets for a in ("--bo", s)]]
    command += ["--ky", "2026-H1", *extra]
    started = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
    return time.monotonic() - started, _documents(out), done.returncode


def _start_workers(url: str, count: int, concurrency: int, work: Path) -> list[Any]:
    workers = []
    for i in range(count):
        log = work / f"worker-{concurrency}-{i}.log"
        command = [*VANBAN, "worker", "--queue", url, "--concurrency", str(concurrency)]
        command += ["--name", f"bench{i}@%h"]
        with log.open("wb") as handle:
            proc = subprocess.Popen(
                command, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        workers.append(proc)
    for i in range(count):
        log = work / f"worker-{concurrency}-{i}.log"
        while "Sẵn sàng nhận việc" not in log.read_text(encoding="utf-8", errors="replace"):
            time.sleep(0.2)
    time.sleep(3)  # each process's LibreOffice connects after the worker says it is ready
    return workers


def _stop(workers: list[Any]) -> None:
    for proc in workers:
        proc.send_signal(signal.SIGTERM)
    for proc in workers:
        proc.wait(timeout=120)


def main() -> None:
    """Make the province, run the local pool and the queue with each worker count, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--sets", nargs="+", default=["inspection"])
    parser.add_argument("--workers", nargs="+", type=int, default=[1, 2, 4])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vanban-bench-queue-") as tmp:
        work = Path(tmp)
        make_province(args.count, work / "tinh")
        port = _free_port()
        redis = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", tmp,
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        url = f"redis://127.0.0.1:{port}/0"
        rows: list[tuple[str, float, int, int]] = []
        try:
            time.sleep(0.5)
            seconds, docs, code = _batch(
                work, "local", args.sets, ["--workers", str(args.processes)]
            )
            rows.append((f"local pool, {args.processes} processes", seconds, docs, code))
            for count in args.workers:
                concurrency = max(1, args.processes // count)
                workers = _start_workers(url, count, concurrency, work)
                try:
                    seconds, docs, code = _batch(work, f"q{count}", args.sets, ["--queue", url])
                finally:
                    _stop(workers)
                label = f"queue, {count} worker(s) x {concurrency}"
                rows.append((label, seconds, docs, code))
        finally:
            redis.terminate()
            redis.wait()
    load = os.getloadavg()[0]
    print(
        f"{args.count} communes x ({' + '.join(args.sets)}), --issue, PDF/A, "
        f"{os.cpu_count()} cores, load average at the end {load:.1f}"
    )
    base = rows[0][1] / max(rows[0][2], 1)
    for label, seconds, docs, code in rows:
        per_doc = seconds / max(docs, 1)
        print(
            f"{label:<30} {docs:5d} docs in {seconds:7.1f} s = {docs / seconds:6.2f} docs/s "
            f"(exit {code}); time per document vs local: {per_doc / base:.2f}x"
        )


if __name__ == "__main__":
    main()
