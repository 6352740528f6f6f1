"""Streaming conversion: documents convert while later ones are still being produced."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from generator.build import RenderedDocument, SetBuild, build_set
from generator.pdf.convert import PDFA_FILTER, ConvertJob, ConvertResult, LibreOfficeConverter
from generator.pdf.fake import FakeConverter
from generator.pdf.process import ProcessPool
from generator.pdf.stage import PdfStage
from generator.pdf.tools import find_soffice
from generator.sources import load_dataset

from .conftest import needs_soffice
from .samples import SAMPLES, build_docx

DATA = Path(__file__).parents[1] / "cases" / "inspection" / "minimal" / "data"


@pytest.mark.soffice
@pytest.mark.xdist_group("pdf")
@needs_soffice
def test_conversion_starts_before_the_stream_is_closed(tmp_path: Path) -> None:
    seen: list[ConvertResult] = []
    jobs = [
        ConvertJob(build_docx(s, tmp_path / f"{s.name}.docx"), tmp_path / f"{s.name}.pdf")
        for s in SAMPLES
    ]
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"not a zip")
    with LibreOfficeConverter(workers=2, mode="batch") as converter:
        stream = converter.open_stream(seen.append, chunk_size=2)
        stream.submit(ConvertJob(broken, tmp_path / "hong.pdf"))
        for job in jobs:
            stream.submit(job)
        deadline = time.monotonic() + 120
        while not any(r.ok for r in seen) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert any(r.ok for r in seen)  # before close(): the stream converted on its own
        results = stream.close()
    assert [r.job.docx.name for r in results] == ["hong.docx"] + [j.docx.name for j in jobs]
    assert [r.ok for r in results] == [False, True, True, True, True]
    assert all((r.pages or 0) > 0 for r in results[1:])
    assert sorted(r.job.docx.name for r in seen) == sorted(r.job.docx.name for r in results)


@pytest.mark.soffice
@pytest.mark.xdist_group("pdf")
@needs_soffice
def test_outputs_are_handed_over_while_the_call_still_runs(tmp_path: Path) -> None:
    inputs = [
        (index, build_docx(sample, tmp_path / f"{sample.name}.docx"))
        for index, sample in enumerate(SAMPLES[:3])
    ]
    handed: list[int] = []
    pool = ProcessPool(find_soffice(), 1)
    try:
        outcome = pool.run(0, inputs, PDFA_FILTER, 120, lambda index, _pdf: handed.append(index))
    finally:
        pool.close()
    # Every output but the last is complete once the next one appears; the last comes back
    # in the outcome when the call ends.
    assert handed == [0, 1]
    assert sorted(outcome.outputs) == [2]


def test_the_pdf_stage_streams_while_the_set_renders(tmp_path: Path) -> None:
    converter = FakeConverter()
    stage = PdfStage(converter)
    data = load_dataset(DATA)
    result = build_set(data, "inspection", tmp_path, today=date(2026, 11, 1), stages=[stage])
    assert len(converter.streams) == 1
    assert [job.docx.name for job in converter.streams[0].jobs] == [
        doc.docx.name for doc in result.documents
    ]
    assert all(doc.pdf is not None and doc.pdf.is_file() for doc in result.documents)
    assert (result.folder / "bundle.pdf").is_file()


def test_a_build_that_failed_midway_leaves_nothing_for_the_next(tmp_path: Path) -> None:
    converter = FakeConverter()
    stage = PdfStage(converter)
    data = load_dataset(DATA)

    class Failing:
        """A later stage that fails on the set's second document."""

        def rendered(self, build: SetBuild, doc: RenderedDocument) -> None:
            if len(build.documents) == 2:
                raise RuntimeError("hỏng")

        def __call__(self, build: SetBuild) -> None:
            raise AssertionError("not reached")

    with pytest.raises(RuntimeError):
        build_set(data, "inspection", tmp_path / "a", today=date(2026, 11, 1), stages=[
            stage, Failing()
        ])  # fmt: skip
    assert converter.streams[0].jobs == []  # dropped with the failed set
    assert not (tmp_path / "a").exists()
    result = build_set(data, "inspection", tmp_path / "b", today=date(2026, 11, 1), stages=[stage])
    assert len(converter.streams[1].jobs) == len(result.documents)
    # The fake's PDFs carry ASCII text only, so no signer block is found in them.
    assert len(stage.failures) == len(result.documents)
    assert all("không đặt được ô ký số" in failure for failure in stage.failures)


def test_a_converter_without_streams_converts_at_the_end_and_reports_each_pdf(
    tmp_path: Path,
) -> None:
    fake = FakeConverter()

    class AtTheEnd:
        """A converter with `convert` only (no `open_stream`)."""

        def convert(self, jobs: list[ConvertJob], progress: object = None) -> list[ConvertResult]:
            return fake.convert(jobs, progress)  # type: ignore[arg-type]

    lines: list[str] = []
    stage = PdfStage(AtTheEnd(), progress=lines.append)
    data = load_dataset(DATA)
    result = build_set(data, "inspection", tmp_path, today=date(2026, 11, 1), stages=[stage])
    assert fake.streams == []
    assert sum(line.startswith("  Đã chuyển sang PDF: ") for line in lines) == len(result.documents)
    assert (result.folder / "bundle.pdf").is_file()
