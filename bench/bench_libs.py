"""Hand-written PDF and render parts against the libraries they stand in for, in one run.

Run: `.venv/bin/python bench/bench_libs.py [--units 40] [--communes 5] [--rounds 3]`.

On the large set of bench_pdf.py (`--communes` synthetic communes × (2 + `--units`) documents,
built with `build_sets` as `vanban build all` builds its sets, warm LibreOffice):

- end to end: the whole build, wall time and vanban's own CPU, three variants interleaved round
  after round (same machine, same load): the code as it is ("hand"); PDF objects through the
  libraries ("lib-pdf": the raw reader refuses every file, so the read-back checks, text
  positions, fields and bundle take the existing pypdf / pyHanko paths); rendering through
  docxtpl's own `render` + `save` ("lib-render": `render_lean` off);
- each part alone, on the PDFs of that build (their first, unsigned revision) and its contexts,
  hand and library alternately, CPU seconds of this process: read-back facts (raw / pypdf /
  pikepdf), text positions of the signer's page (raw objects / the same interpreter on pypdf's
  objects / pypdf's own text visitor), the signature-field update (raw bytes / pyHanko; pikepdf
  has no incremental update: qpdf rewrites the file, which the order "fields after the bundle,
  converted bytes kept as the prefix" forbids), the bundle merge (raw / pypdf / pikepdf), the
  .docx render (lean / docxtpl).

pikepdf's facts and merge here are written for this benchmark only and do less than ours (no
JavaScript or Form XObject walk, no PDF/A identity), so their figures are a lower bound.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import bench_pdf

from generator import render as render_module
from generator.build import BuildResult, build_sets
from generator.pdf import locate as locate_module
from generator.pdf import rawpdf
from generator.pdf.bundle import Bundle, _merge_with_pypdf
from generator.pdf.convert import LibreOfficeConverter
from generator.pdf.fields import pyhanko_fields_update, signature_fields
from generator.pdf.inspect import open_reader, pypdf_facts, raw_facts
from generator.pdf.locate import locate, page_words
from generator.pdf.rawfields import SignedReadyMeta, raw_fields_update
from generator.pdf.stage import PdfStage
from generator.pdf.textpos import page_text_runs, raw_page_text_runs

TODAY = date(2026, 11, 1)


@contextlib.contextmanager
def variant(name: str) -> Iterator[None]:
    """Switch the hand-written part off for the library variants (nothing for "hand")."""
    saved: list[tuple[Any, str, Any]] = []

    def patch(owner: Any, attribute: str, value: Any) -> None:
        saved.append((owner, attribute, getattr(owner, attribute)))
        setattr(owner, attribute, value)

    if name == "lib-pdf":

        def refuse(self: Any, data: bytes) -> None:
            raise rawpdf.UnsupportedError("benchmark: the library reads every file")

        patch(rawpdf.RawPdf, "__init__", refuse)
    elif name == "lib-render":
        patch(render_module, "prepare", lambda template: None)
    try:
        yield
    finally:
        for owner, attribute, value in reversed(saved):
            setattr(owner, attribute, value)


def build_large(datas: list[Any], out: Path, name: str) -> tuple[float, float, list[BuildResult]]:
    """Build the large set in variant `name`; return (wall s, vanban CPU s, results)."""
    with variant(name), LibreOfficeConverter(mode="uno") as converter:
        cpu, wall = time.process_time(), time.perf_counter()
        results = build_sets(
            [(data, "inspection", None) for data in datas],
            out,
            today=TODAY,
            stages=[PdfStage(converter)],
        )
        return time.perf_counter() - wall, time.process_time() - cpu, results


def timed(step: Callable[[], object], rounds: int) -> float:
    """Return the CPU seconds of `step()` (best of `rounds`: the least disturbed by load)."""
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        step()
        best = min(best, time.process_time() - start)
    return best


def pikepdf_facts(data: bytes) -> tuple[int, int, str | None]:
    """Return (pages, fonts without a font file, pdfaid:part): pikepdf, benchmark only."""
    import pikepdf

    with pikepdf.open(BytesIO(data)) as pdf:
        bare = 0
        for page in pdf.pages:
            fonts = page.Resources.get("/Font", {}) if "/Resources" in page else {}
            for font in fonts.values():
                descendants = font.get("/DescendantFonts")
                target = descendants[0] if descendants is not None else font
                descriptor = target.get("/FontDescriptor")
                if descriptor is None or not any(
                    key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
                ):
                    bare += 1
        with pdf.open_metadata() as meta:
            part = meta.get("pdfaid:part")
        return len(pdf.pages), bare, part


def pikepdf_merge(items: list[tuple[bytes, str]]) -> bytes:
    """Return the merged bundle with one outline item per document: pikepdf, benchmark only."""
    import pikepdf

    merged = pikepdf.new()
    opened = []
    with merged.open_outline() as outline:
        for data, title in items:
            source = pikepdf.open(BytesIO(data))
            opened.append(source)
            start = len(merged.pages)
            merged.pages.extend(source.pages)
            outline.root.append(pikepdf.OutlineItem(title, start))
    out = BytesIO()
    merged.save(out)
    for source in opened:
        source.close()
    return out.getvalue()


def first_revision(data: bytes) -> bytes:
    """Return a PDF's bytes before its first incremental update (LibreOffice's own file)."""
    end = data.index(b"%%EOF") + len(b"%%EOF")
    return data[: end + (1 if data[end : end + 1] == b"\n" else 0)]


def parts(results: list[BuildResult], rounds: int, work: Path) -> None:
    """Print each part alone, hand against library, interleaved."""
    docs = [doc for result in results for doc in result.documents if doc.pdf is not None]
    unsigned = [first_revision(doc.pdf.read_bytes()) for doc in docs if doc.pdf is not None]
    raws = [rawpdf.RawPdf(data) for data in unsigned]
    metas = [
        SignedReadyMeta(d.trich_yeu, "UBND", d.so_ky_hieu or "", d.loai_van_ban,
                        list(d.tham_quyen), d.nguoi_ky)
        for d in docs
    ]  # fmt: skip
    places = [
        locate(doc.pdf, list(doc.tham_quyen), doc.nguoi_ky, raw)
        for doc, raw in zip(docs, raws, strict=True)
        if doc.pdf is not None
    ]
    fields = [signature_fields(place) for place in places]
    pages = [place.page for place in places]
    readers = [open_reader(data) for data in unsigned]

    def pypdf_visitor() -> None:
        with contextlib.ExitStack() as stack:
            stack.enter_context(_patched(locate_module, "page_text_runs", lambda *a: None))
            for reader, page in zip(readers, pages, strict=True):
                page_words(reader, page, {})

    items = [(data, doc.bookmark) for data, doc in zip(unsigned, docs, strict=True)]

    def raw_bundle() -> None:
        bundle = Bundle(work / "bundle.pdf")
        for (data, title), raw in zip(items, raws, strict=True):
            bundle.add(data, title, raw)
        bundle.write()

    table: dict[str, dict[str, Callable[[], object]]] = {
        "read-back facts": {
            "raw": lambda: [raw_facts(raw) for raw in raws],
            "pypdf": lambda: [pypdf_facts(open_reader(data)) for data in unsigned],
            "pikepdf*": lambda: [pikepdf_facts(data) for data in unsigned],
        },
        "text positions (signer page)": {
            "raw": lambda: [raw_page_text_runs(r, p, {}) for r, p in zip(raws, pages, strict=True)],
            "textpos on pypdf": lambda: [
                page_text_runs(open_reader(data), p, {})
                for data, p in zip(unsigned, pages, strict=True)
            ],
            "pypdf visitor": pypdf_visitor,
        },
        "signature-field update": {
            "raw": lambda: [
                raw_fields_update(raw, wanted, meta)
                for raw, wanted, meta in zip(raws, fields, metas, strict=True)
            ],
            "pyHanko": lambda: [
                pyhanko_fields_update(data, Path("x.pdf"), wanted, meta)
                for data, wanted, meta in zip(unsigned, fields, metas, strict=True)
            ],
        },
        "bundle merge": {
            "raw": raw_bundle,
            "pypdf": lambda: _merge_with_pypdf(items),
            "pikepdf*": lambda: pikepdf_merge(items),
        },
    }
    count = len(docs)
    print(f"parts: {count} documents, CPU ms per document, best of {rounds} interleaved rounds")
    for part, ways in table.items():
        for step in ways.values():  # warm caches and imports once
            step()
        best = {name: float("inf") for name in ways}
        for _ in range(rounds):
            for name, step in ways.items():
                best[name] = min(best[name], timed(step, 1))
        figures = {name: seconds * 1000 / count for name, seconds in best.items()}
        hand = figures["raw"]
        shown = ", ".join(f"{name} {ms:.2f} ({ms / hand:.1f}x)" for name, ms in figures.items())
        print(f"  {part}: {shown}")


@contextlib.contextmanager
def _patched(owner: Any, attribute: str, value: Any) -> Iterator[None]:
    saved = getattr(owner, attribute)
    setattr(owner, attribute, value)
    try:
        yield
    finally:
        setattr(owner, attribute, saved)


def render_part(datas: list[Any], rounds: int, work: Path) -> None:
    """Print the .docx render alone: lean against docxtpl (CachedTemplate) and plain docxtpl."""
    from docxtpl import DocxTemplate

    from generator.sets import get_set

    jobs = []
    for data in datas[:1]:
        for job in get_set("inspection").jobs(data, None):
            jobs.append(
                (job.kind.template_path, job.kind.build_context(data, today=TODAY, item=job.item))
            )

    def lean() -> None:
        for number, (template, context) in enumerate(jobs):
            render_module.render(template, context, work / f"{number}.docx")

    def cached() -> None:
        with _patched(render_module, "prepare", lambda template: None):
            lean()

    def plain() -> None:
        for number, (template, context) in enumerate(jobs):
            tpl = DocxTemplate(str(template))
            tpl.render(
                dict(context), jinja_env=render_module._render_environment(), autoescape=True
            )
            tpl.save(str(work / f"p{number}.docx"))

    ways = {"lean": lean, "docxtpl (cached XML)": cached, "docxtpl plain": plain}
    for step in ways.values():
        step()
    best = {name: float("inf") for name in ways}
    for _ in range(rounds):
        for name, step in ways.items():
            best[name] = min(best[name], timed(step, 1))
    hand = best["lean"]
    shown = ", ".join(
        f"{name} {s * 1000 / len(jobs):.1f} ({s / hand:.1f}x)" for name, s in best.items()
    )
    print(f"  render .docx ({len(jobs)} documents): {shown}")


def main() -> None:
    """Run the end-to-end variants, then each part alone."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--communes", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    datas = [bench_pdf.inspection_data(args.units, commune) for commune in range(args.communes)]
    count = args.communes * (args.units + 2)
    names = ["hand", "lib-pdf", "lib-render"]
    walls: dict[str, list[float]] = {name: [] for name in names}
    cpus: dict[str, list[float]] = {name: [] for name in names}
    with tempfile.TemporaryDirectory(prefix="vanban-bench-libs-") as folder:
        work = Path(folder)
        results: list[BuildResult] = []
        for name in names:  # warm-up, not counted: imports, caches, LibreOffice's disk cache
            build_large(datas[:1], work / f"warm-{name}", name)
        for round_number in range(args.rounds):
            for name in names:
                wall, cpu, built = build_large(datas, work / f"{name}-{round_number}", name)
                walls[name].append(wall)
                cpus[name].append(cpu)
                if name == "hand":
                    results = built
        print(f"end to end: large set, {count} documents, {args.rounds} interleaved rounds")
        for name in names:
            ratios = [w / h for w, h in zip(walls[name], walls["hand"], strict=True)]
            cpu_ratios = [c / h for c, h in zip(cpus[name], cpus["hand"], strict=True)]
            print(
                f"  {name:10} wall {' '.join(f'{w:.1f}' for w in walls[name])} s "
                f"(x{' x'.join(f'{r:.2f}' for r in ratios)} of hand); vanban CPU "
                f"{' '.join(f'{c * 1000 / count:.0f}' for c in cpus[name])} ms/doc "
                f"(x{' x'.join(f'{r:.2f}' for r in cpu_ratios)})"
            )
        parts(results, args.rounds, work)
        render_part(datas, args.rounds, work)
    print(f"load average at the end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
