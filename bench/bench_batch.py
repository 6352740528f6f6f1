"""Benchmark `vanban batch` against `vanban build` run once per organisation, in one run.

    python bench/bench_batch.py 100 [--sets inspection report] [--period 2026-H1] [--no-pdf]

Makes N synthetic communes (bench/make_province.py), then measures side by side:
  A. `vanban batch` over all of them (process pool, one warm LibreOffice per worker), with --issue;
  B. `vanban build <set>` once per organisation and set, in sequence.
It prints documents per second, wall time and peak memory (sum of the RSS of the whole process
tree, sampled every 0.1 s from /proc) of each, and the ratio B/A. Numbers, never assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from make_province import make_province  # noqa: E402  (bench/ is not a package)

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _tree_rss(root: int) -> int:
    """Return the summed RSS in bytes of `root` and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            statm = (entry / "statm").read_text().split()
        except OSError:
            continue
        pid = int(entry.name)
        children.setdefault(int(stat[1]), []).append(pid)
        rss[pid] = int(statm[1]) * PAGE
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def run(command: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """Run `command`; return wall seconds, peak tree RSS in bytes and exit code."""
    started = time.monotonic()
    proc = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = proc.wait()
    stop.set()
    sampler.join()
    return time.monotonic() - started, peak, code


def _documents(out: Path) -> int:
    count = 0
    for manifest in out.glob("*/*/*/manifest.json"):
        count += len(json.loads(manifest.read_text(encoding="utf-8"))["documents"])
    return count


def main() -> None:
    """Make the province, run both ways, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--sets", nargs="+", default=["inspection", "report"])
    parser.add_argument("--period", default="2026-H1")
    parser.add_argument("--no-pdf", action="store_true")
    args = parser.parse_args()
    vanban = [sys.executable, "-m", "generator"]
    env = {**os.environ, "HOME": tempfile.mkdtemp(prefix="vanban-bench-home-")}
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        work = Path(tmp)
        orgs = make_province(args.count, work / "tinh")
        pdf = ["--no-pdf"] if args.no_pdf else []
        batch = [*vanban, "batch", str(work / "tinh"), "--out", str(work / "a"), "--issue", *pdf]
        for name in args.sets:
            batch += ["--bo", name]
        batch += ["--ky", args.period, "--ngay", "01/07/2026"]
        a_time, a_peak, a_code = run(batch, env)
        a_docs = _documents(work / "a")
        b_time, b_peak, b_failed = 0.0, 0, 0
        for org in orgs:
            for name in args.sets:
                command = [*vanban, "build", name, str(org), "--out", str(work / "b"), *pdf]
                if name == "report":
                    command += ["--period", args.period]
                seconds, peak, code = run(command, env)
                b_time, b_peak, b_failed = (
                    b_time + seconds,
                    max(b_peak, peak),
                    b_failed + bool(code),
                )
        b_docs = _documents(work / "b")
    mib = 1024 * 1024
    mode = "docx only" if args.no_pdf else "docx + PDF/A"
    print(f"{args.count} communes x ({' + '.join(args.sets)}), {mode}, {os.cpu_count()} cores")
    print(
        f"A vanban batch --issue : {a_docs} docs in {a_time:7.1f} s = {a_docs / a_time:6.2f} "
        f"docs/s, peak {a_peak / mib:6.0f} MiB (exit {a_code})"
    )
    print(
        f"B vanban build x {len(orgs) * len(args.sets):<4}: {b_docs} docs in {b_time:7.1f} s = "
        f"{b_docs / b_time:6.2f} docs/s, peak {b_peak / mib:6.0f} MiB ({b_failed} failed)"
    )
    print(f"ratio B/A (time per document): {(b_time / b_docs) / (a_time / a_docs):.2f}x")


if __name__ == "__main__":
    main()
