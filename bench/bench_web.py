"""Benchmark the web application against the CLI doing the same work, in one run.

    python bench/bench_web.py [--clients 20]

Starts `vanban serve` on a free port with one clerk, then N API clients at once each upload the
sample workbook and build the inspection set (POST /api/v1/jobs, then poll the job). Per job it
records the time from upload to the first PDF ready (the first document made signed-ready, its
thumbnail served) and to done. Then the CLI does the same work: `vanban build inspection` once
per client, in sequence. It prints median and p95 of both times, documents per second of each
way, their ratio (web ÷ CLI; goal ≥ 0.9) and the server's peak memory (RSS of its process tree,
LibreOffice included). Numbers, never assertions.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from bench_batch import _documents, _tree_rss, run  # noqa: E402  (bench/ is not a package)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _client(url: str, token: str, workbook: Path, times: dict[str, float]) -> None:
    """Upload and build once; fill `times` with first_pdf and done (seconds from upload)."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=headers, timeout=600) as client:
        started = time.monotonic()
        with workbook.open("rb") as handle:
            answer = client.post(
                "/api/v1/jobs",
                files={"data": (workbook.name, handle, XLSX)},
                data={"set": "inspection"},
            )
        answer.raise_for_status()
        job_url = answer.json()["url"]
        while True:
            state = client.get(job_url).json()
            now = time.monotonic() - started
            if state["first_pdf"] and "first_pdf" not in times:
                times["first_pdf"] = now
            if state["status"] in ("done", "failed"):
                times["done"] = now
                times["documents"] = len(state["documents"])
                times["failed"] = float(state["status"] == "failed")
                return
            time.sleep(0.1)


def main() -> None:
    """Run the server and the clients, then the CLI; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    args = parser.parse_args()
    from generator.sources import load_dataset
    from generator.sources.sample import sample_folder
    from generator.sources.xlsx_writer import write_workbook
    from generator.web.store import Store
    from generator.web.users import add_user, create_token, ensure_org

    env = {**os.environ, "HOME": tempfile.mkdtemp(prefix="vanban-bench-home-")}
    with tempfile.TemporaryDirectory(prefix="vanban-bench-web-") as tmp:
        work = Path(tmp)
        workbook = work / "du-lieu.xlsx"
        write_workbook(load_dataset(sample_folder()), workbook)
        store = Store(work / "data")
        ensure_org(store, "binh-lu", name="Ủy ban nhân dân xã Bình Lư", province="Lai Châu")
        add_user(store, "van-thu", "binh-lu", "clerk", "mat-khau-bench")
        token = create_token(store, "van-thu")
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--port", str(port),
             "--data-dir", str(work / "data")],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                httpx.get(url + "/dang-nhap", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        peak = 0
        stop = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not stop.is_set():
                peak = max(peak, _tree_rss(server.pid))
                stop.wait(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        results: list[dict[str, float]] = [{} for _ in range(args.clients)]
        threads = [
            threading.Thread(target=_client, args=(url, token, workbook, results[i]))
            for i in range(args.clients)
        ]
        web_started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        web_time = time.monotonic() - web_started
        stop.set()
        sampler.join()
        server.terminate()
        server.wait()
        web_docs = sum(int(r.get("documents", 0)) for r in results)

        cli_time, cli_peak = 0.0, 0
        for i in range(args.clients):
            command = [sys.executable, "-m", "generator", "build", "inspection", str(workbook),
                       "--out", str(work / "cli" / str(i))]  # fmt: skip
            seconds, tree_peak, _code = run(command, env)
            cli_time, cli_peak = cli_time + seconds, max(cli_peak, tree_peak)
        cli_docs = sum(_documents(work / "cli" / str(i)) for i in range(args.clients))

    mib = 1024 * 1024
    firsts = [r["first_pdf"] for r in results if "first_pdf" in r]
    dones = [r["done"] for r in results if "done" in r]
    failed = sum(int(r.get("failed", 0)) for r in results)
    web_rate, cli_rate = web_docs / web_time, cli_docs / cli_time
    print(f"{args.clients} API clients x inspection set (9 documents), {os.cpu_count()} cores")
    print(f"web: {web_docs} documents in {web_time:.1f} s = {web_rate:.2f} docs/s; "
          f"failed jobs: {failed}; server peak RSS {peak / mib:.0f} MiB")  # fmt: skip
    print(f"  upload → first PDF ready: median {statistics.median(firsts):.1f} s, "
          f"p95 {_p95(firsts):.1f} s")  # fmt: skip
    print(f"  upload → done:            median {statistics.median(dones):.1f} s, "
          f"p95 {_p95(dones):.1f} s")  # fmt: skip
    early = sum(1 for r in results if r.get("first_pdf", 1e9) < r["done"])
    print(f"  first PDF ready before done in {early}/{len(results)} jobs")
    print(
        f"CLI: {cli_docs} documents in {cli_time:.1f} s = {cli_rate:.2f} docs/s "
        f"(vanban build, once per client, in sequence); peak RSS {cli_peak / mib:.0f} MiB"
    )
    print(f"ratio web / CLI throughput: {web_rate / cli_rate:.2f} (goal ≥ 0.9)")


if __name__ == "__main__":
    main()
