"""Benchmark the real PDF pipeline (`vanban build`) against the naive way and LibreOffice's floor.

Run: `.venv/bin/python bench/bench_pdf.py [--units 40] [--communes 5] [--naive 10]`.

Everything is measured in the same run, on the Bình Lư sample (data/binh-lu) whose inspection is
extended in memory to `--units` inspected units (KH + QĐ + one TB each: 42 documents for 40):

- set: `build_set(..., stages=[PdfStage(converter)])` exactly as `vanban build inspection` runs it
  (render → PDF/A-2b → bundle → signature fields, atomic set folder, manifest);
- large: `--communes` synthetic communes of the same size, one converter for all, built with
  `build_sets` as `vanban build all` builds its sets (each set renders while the one before it
  converts), e.g. 5 × 42 = 210 documents;
- naive: render, then one `soffice --convert-to` process per file, on `--naive` of the documents;
- floor: CPU seconds LibreOffice itself spent per document in that run, divided by the cores.

Each run is done in both converter modes, interleaved in the same process (set batch, set uno,
large batch, large uno), so they see the same machine load: "batch" (`soffice --convert-to`
calls) and "uno" (warm LibreOffice per worker; skipped without python3-uno). `--modes` picks.
In uno mode the worker scripts' own CPU (JSON, UNO bridge) counts as vanban's, not LibreOffice's.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.build import build_set, build_sets  # noqa: E402  (ROOT on sys.path first)
from generator.model import DuLieu  # noqa: E402
from generator.pdf.convert import PDFA_FILTER, LibreOfficeConverter  # noqa: E402
from generator.pdf.stage import PdfStage  # noqa: E402
from generator.pdf.uno_pool import UnoPool, uno_available  # noqa: E402
from generator.sources import load_dataset  # noqa: E402

TODAY = date(2026, 11, 1)
SAMPLE = ROOT / "data" / "binh-lu"


def inspection_data(units: int, commune: int = 0) -> DuLieu:
    """Return the Bình Lư sample with `units` inspected units (copies of its own, renamed)."""
    data = load_dataset(SAMPLE)
    kt, org = data.kiem_tra, data.to_chuc
    if kt is None:
        raise SystemExit(f"{SAMPLE} has no inspection (kiem-tra.yaml)")
    by_ma = {u.ma: u for u in org.don_vi}
    base_lich = {item.don_vi: item for item in kt.ke_hoach.lich}
    new_units, new_lich, new_ket_luan = list(org.don_vi), [], []
    for number in range(units):
        source = kt.ket_luan[number % len(kt.ket_luan)]
        unit = by_ma[source.don_vi]
        suffix = f" số {number + 1}" if number >= len(kt.ket_luan) or commune else ""
        ma, ten = f"{unit.ma}-{number + 1}", f"{unit.ten}{suffix}"
        new_units.append(unit.model_copy(update={"ma": ma, "ten": ten, "ten_goi_khac": []}))
        day = base_lich[source.don_vi].ngay + timedelta(days=number // 7)
        new_lich.append(base_lich[source.don_vi].model_copy(update={"don_vi": ma, "ngay": day}))
        van_ban = source.van_ban.model_copy(
            update={
                "so": (source.van_ban.so or 60) + number + 100 * commune,
                "trich_yeu": (source.van_ban.trich_yeu or "").replace(unit.ten, ten) or None,
            }
        )
        new_ket_luan.append(
            source.model_copy(update={"don_vi": ma, "van_ban": van_ban, "ngay_kiem_tra": day})
        )
    plan = kt.ke_hoach.model_copy(update={"lich": new_lich})
    kt = kt.model_copy(update={"ke_hoach": plan, "ket_luan": new_ket_luan})
    org = org.model_copy(update={"don_vi": new_units, "ma": f"{org.ma}-{commune}"})
    return data.model_copy(update={"to_chuc": org, "kiem_tra": kt, "ke_hoach": None})


@dataclass
class Run:
    """One measured pipeline run: wall time, LibreOffice's CPU and ours (this process)."""

    docs: int
    pages: int
    wall: float
    lo_cpu: float
    own_cpu: float
    failures: list[str]


def own_cpu() -> float:
    """Return this process's CPU seconds (all threads): rendering, pypdf, pyHanko."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def pipeline(datasets: list[DuLieu], out: Path, mode: str, **converter_options: int) -> Run:
    """Build the inspection set of every dataset with one converter, as `vanban build` does."""
    start, cpu = time.perf_counter(), own_cpu()
    with LibreOfficeConverter(mode=mode, **converter_options) as converter:  # type: ignore[arg-type]
        stage = PdfStage(converter)
        sets = [(data, "inspection", None) for data in datasets]
        results = build_sets(sets, out, today=TODAY, stages=[stage])
        lo_cpu = converter.cpu_seconds
        pool = converter.start()
        bridge = pool.bridge_cpu_seconds if isinstance(pool, UnoPool) else 0.0
    wall, cpu = time.perf_counter() - start, own_cpu() - cpu + bridge
    documents = [doc for result in results for doc in result.documents]
    pages = sum(doc.pages or 0 for doc in documents)
    return Run(len(documents), pages, wall, lo_cpu, cpu, stage.failures)


def naive(data: DuLieu, out: Path, count: int) -> tuple[float, int]:
    """Return (seconds per document, documents) for render + one soffice process per file."""
    start = time.perf_counter()
    result = build_set(data, "inspection", out, today=TODAY)
    render_per_doc = (time.perf_counter() - start) / len(result.documents)
    profile = (out / "profile").as_uri()
    sample = result.documents[:count]
    start = time.perf_counter()
    for doc in sample:
        subprocess.run(
            ["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile}",
             "--convert-to", PDFA_FILTER, "--outdir", str(out / "pdf"), str(doc.docx)],
            capture_output=True, check=True,
        )  # fmt: skip
        if not (out / "pdf" / doc.docx.with_suffix(".pdf").name).is_file():
            raise SystemExit(f"naive conversion of {doc.docx} produced nothing")
    return render_per_doc + (time.perf_counter() - start) / len(sample), len(sample)


def report(label: str, run: Run, naive_per_doc: float, cores: int) -> None:
    """Print docs/s, the ratio against naive and against the floor."""
    per_doc = run.wall / run.docs
    floor = run.lo_cpu / run.docs / cores
    print(
        f"{label}: {run.docs} docs, {run.pages} pages, {run.wall:.2f} s end to end"
        + (f", {len(run.failures)} FAILURES" if run.failures else "")
        + f"\n  end to end   {run.docs / run.wall:6.2f} docs/s ({per_doc:.3f} s/doc)"
        f"\n  vs naive     {naive_per_doc / per_doc:6.2f}x faster (naive {naive_per_doc:.3f} s/doc)"
        f"\n  vs floor     {per_doc / floor:6.2f}x the floor (LibreOffice CPU "
        f"{run.lo_cpu / run.docs:.3f} s/doc / {cores} cores = {floor:.3f} s/doc)"
        f"\n  CPU          vanban {run.own_cpu / run.docs:.3f} s/doc beside LibreOffice's: "
        f"{(run.lo_cpu + run.own_cpu) / run.lo_cpu:.2f}x the floor at best with all "
        f"{cores} cores free; {(run.lo_cpu + run.own_cpu) / run.wall:.2f} cores used",
        flush=True,
    )


def main() -> None:
    """Run the naive sample, the 42-document set and the multi-commune run; print the ratios."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--units", type=int, default=40, help="inspected units per commune")
    parser.add_argument("--communes", type=int, default=5, help="communes in the large run")
    parser.add_argument("--naive", type=int, default=10, help="documents converted the naive way")
    parser.add_argument("--chunk", type=int, default=None, help="override the chunk size")
    parser.add_argument("--workers", type=int, default=None, help="override the worker count")
    parser.add_argument("--modes", default="batch,uno", help="converter modes, comma-separated")
    args = parser.parse_args()
    modes = [m for m in args.modes.split(",") if m != "uno" or uno_available()]
    cores = os.cpu_count() or 1
    options = {k: v for k, v in (("chunk_size", args.chunk), ("workers", args.workers)) if v}
    root = Path(tempfile.mkdtemp(prefix="vanban-bench-"))
    os.environ["HOME"] = str(root)
    try:
        one = inspection_data(args.units)
        naive_per_doc, sampled = naive(one, root / "naive", args.naive)
        print(f"naive: {sampled} docs, {naive_per_doc:.3f} s/doc (render + one soffice each)")
        for mode in modes:
            run = pipeline([one], root / f"set-{mode}", mode, **options)
            report(f"set [{mode}]", run, naive_per_doc, cores)
        if args.communes:
            many = [inspection_data(args.units, commune=n + 1) for n in range(args.communes)]
            for mode in modes:
                run = pipeline(many, root / f"large-{mode}", mode, **options)
                report(f"large [{mode}]", run, naive_per_doc, cores)
        print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
