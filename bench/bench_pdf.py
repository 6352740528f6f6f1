"""Benchmark the PDF stage against the naive way and against LibreOffice's own CPU floor.

Run: `.venv/bin/python bench/bench_pdf.py [--docs 42] [--large 200] [--naive 10] [--sweep]`.
Everything is measured in the same run, on synthetic ND30-like documents (2–4 pages each):

- end to end = render (python-docx) + convert (PDF/A-2b) + bundle + signature fields;
- naive = render, then one `soffice --convert-to` process per file, sequentially (≥10 documents);
- floor = CPU seconds LibreOffice itself spent per document in our run, divided by the cores.
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
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.pdf.bundle import build_bundle
from generator.pdf.convert import PDFA_FILTER, ConvertJob, LibreOfficeConverter
from generator.pdf.fields import SignedReadyMeta, make_signed_ready

SIGNER = ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
NAME = "Nguyễn Thị Nhàn"
TEXT = (
    "Ủy ban nhân dân xã {xa} kiểm tra công tác cải cách hành chính tại {don_vi}: cải cách thể "
    "chế, thủ tục hành chính, tổ chức bộ máy, công vụ, tài chính công và chuyển đổi số; bảo đảm "
    "tiến độ, chất lượng, hiệu quả và trách nhiệm của người đứng đầu."
)


def build(path: Path, number: int) -> Path:
    """Write one synthetic ND30-like document of 2–4 pages."""
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(14)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Times New Roman")
    head = document.add_table(rows=2, cols=2)
    head.cell(0, 0).text = f"ỦY BAN NHÂN DÂN\nXÃ SỐ {number % 17 + 1}"
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    head.cell(1, 0).text = f"Số: {number}/TB-UBND"
    head.cell(1, 1).text = "Bình Lư, ngày 05 tháng 3 năm 2026"
    title = document.add_paragraph("THÔNG BÁO KẾT LUẬN KIỂM TRA")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for paragraph in range(14 + (number % 3) * 8):
        text = TEXT.format(xa=f"số {number % 17 + 1}", don_vi=f"đơn vị {paragraph + 1}")
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    bottom = document.add_table(rows=1, cols=2)
    bottom.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    bottom.cell(0, 0).text = "Nơi nhận:\n- Đơn vị được kiểm tra;\n- Lưu: VT."
    right = bottom.cell(0, 1)
    right.text = SIGNER[0]
    for line in [*SIGNER[1:], "", "", "", "", NAME]:
        right.add_paragraph(line)
    document.save(str(path))
    return path


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def pipeline(folder: Path, count: int, chunk_size: int | None = None) -> dict[str, float]:
    """Run render → convert → bundle → fields on `count` documents; return timings."""
    start = time.perf_counter()
    jobs = [
        ConvertJob(build(folder / f"{n:03d}.docx", n), folder / f"{n:03d}.pdf")
        for n in range(count)
    ]
    rendered = time.perf_counter()
    cpu_before = children_cpu()
    with LibreOfficeConverter(chunk_size=chunk_size) as converter:
        results = converter.convert(jobs)
    converted = time.perf_counter()
    cpu = children_cpu() - cpu_before
    failed = [r.error for r in results if not r.ok]
    if failed:
        raise SystemExit(f"conversion failed: {failed[:3]}")
    build_bundle(
        [(r.job.pdf, f"{n + 1}. Thông báo số {n}/TB-UBND") for n, r in enumerate(results)],
        folder / "bundle.pdf",
    )
    meta = SignedReadyMeta("Thông báo kết luận", "UBND xã", "1/TB-UBND", "Thông báo", SIGNER, NAME)
    # Fields per document are independent and mostly wait on pdftotext: one thread per core.
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        list(pool.map(lambda r: make_signed_ready(r.job.pdf, meta), results))
    done = time.perf_counter()
    return {
        "docs": count,
        "render": rendered - start,
        "convert": converted - rendered,
        "lo_cpu": cpu,
        "total": done - start,
        "pages": sum(r.pages or 0 for r in results),
    }


def naive(folder: Path, count: int) -> float:
    """Return seconds per document for render + one soffice process per file."""
    profile = (folder / "profile").as_uri()
    start = time.perf_counter()
    for n in range(count):
        docx = build(folder / f"{n:03d}.docx", n)
        subprocess.run(
            [
                "soffice",
                "--headless",
                "--norestore",
                f"-env:UserInstallation={profile}",
                "--convert-to",
                PDFA_FILTER,
                "--outdir",
                str(folder),
                str(docx),
            ],
            capture_output=True,
            check=True,
        )
        if not (folder / f"{n:03d}.pdf").is_file():
            raise SystemExit(f"naive conversion of {docx} produced nothing")
    return (time.perf_counter() - start) / count


def report(label: str, run: dict[str, float], naive_per_doc: float, cores: int) -> None:
    per_doc = run["total"] / run["docs"]
    floor = run["lo_cpu"] / run["docs"] / cores
    convert_per_doc = run["convert"] / run["docs"]
    print(
        f"{label}: {run['docs']:.0f} docs, {run['pages']:.0f} pages; "
        f"render {run['render']:.2f} s, convert {run['convert']:.2f} s, "
        f"total {run['total']:.2f} s\n"
        f"  end to end        {run['docs'] / run['total']:6.2f} docs/s\n"
        f"  vs naive          {naive_per_doc / per_doc:6.2f}x faster "
        f"(naive {naive_per_doc:.3f} s/doc, ours {per_doc:.3f} s/doc)\n"
        f"  vs floor          {convert_per_doc / floor:6.2f}x the floor for conversion, "
        f"{per_doc / floor:.2f}x end to end "
        f"(LibreOffice CPU {run['lo_cpu'] / run['docs']:.3f} s/doc over {cores} cores "
        f"= {floor:.3f} s/doc)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=42)
    parser.add_argument("--large", type=int, default=200)
    parser.add_argument("--naive", type=int, default=10)
    parser.add_argument("--sweep", action="store_true", help="also compare chunk sizes")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    root = Path(tempfile.mkdtemp(prefix="vanban-bench-"))
    os.environ["HOME"] = str(root)
    try:
        (root / "naive").mkdir()
        naive_per_doc = naive(root / "naive", args.naive)
        print(
            f"naive: {args.naive} docs, {naive_per_doc:.3f} s/doc (render + one soffice per file)"
        )
        for label, count in (("set", args.docs), ("large", args.large)):
            if count:
                folder = root / label
                folder.mkdir()
                report(label, pipeline(folder, count), naive_per_doc, cores)
        if args.sweep:
            for size in (1, 4, 10, 32):
                folder = root / f"chunk-{size}"
                folder.mkdir()
                run = pipeline(folder, args.docs, chunk_size=size)
                print(
                    f"chunk {size:2d}: convert {run['convert']:.2f} s for {args.docs} docs "
                    f"({run['convert'] / args.docs:.3f} s/doc, LO CPU {run['lo_cpu']:.2f} s)"
                )
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
