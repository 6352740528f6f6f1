"""Sets in flight together (`build_sets`, `vanban build all`): same sets, whole or absent."""

from __future__ import annotations

import json
import shutil
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from generator.build import RenderedDocument, SetBuild, build_all, build_set, build_sets
from generator.cli import cli
from generator.nd30 import lint_errors
from generator.pdf.fake import FakeConverter
from generator.pdf.fields import SEAL_FIELD, SIGNER_FIELD, existing_fields
from generator.pdf.inspect import pypdf_facts, raw_facts
from generator.pdf.rawpdf import RawPdf
from generator.pdf.stage import PdfStage
from generator.pdf.textpos import page_text_runs, raw_page_text_runs
from generator.sources import load_dataset

ROOT = Path(__file__).resolve().parents[1]
BINH_LU = ROOT / "data" / "binh-lu"
TODAY = date(2026, 11, 1)


class FailOn:
    """A later stage that fails while the set named `set_name` renders its first document."""

    def __init__(self, set_name: str, error: BaseException) -> None:
        self.set_name, self.error = set_name, error

    def rendered(self, build: SetBuild, doc: RenderedDocument) -> None:
        if build.set_name == self.set_name:
            raise self.error

    def __call__(self, build: SetBuild) -> None:
        pass


def _listing(out: Path) -> dict[str, list[str]]:
    """Return each set folder's files (names) under `out`, and any leftover temporary folder."""
    return {
        str(folder.relative_to(out)): sorted(p.name for p in folder.iterdir())
        for folder in sorted(out.glob("*/*/*"))
    }


def test_sets_in_flight_give_the_same_sets_as_one_by_one(tmp_path: Path) -> None:
    data = load_dataset(BINH_LU)
    overlapped = FakeConverter()
    lines: list[str] = []
    results = build_all(
        data,
        tmp_path / "a",
        today=TODAY,
        progress=lines.append,
        stages=[PdfStage(overlapped, progress=lines.append)],
    )
    one_by_one = FakeConverter()
    stage = PdfStage(one_by_one)
    for result in results:
        manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
        build_set(
            data, manifest["set"], tmp_path / "b", today=TODAY, period=manifest["period"],
            stages=[stage],
        )  # fmt: skip
    assert _listing(tmp_path / "a") == _listing(tmp_path / "b")
    assert len(_listing(tmp_path / "a")) == 4  # no temporary folder left either
    assert [len(s.jobs) for s in overlapped.streams] == [len(s.jobs) for s in one_by_one.streams]
    # Two sets are in flight at once, so each PDF line names its set's folder.
    converted = [line for line in lines if line.startswith("  Đã chuyển sang PDF: ")]
    assert converted and all(line.split(": ")[1].count("/") == 1 for line in converted)
    assert "  Đã gộp 1 văn bản vào report-2026-q1/bundle.pdf" in lines


def test_a_set_that_fails_to_render_leaves_the_sets_before_it_whole(tmp_path: Path) -> None:
    data = load_dataset(BINH_LU)
    converter = FakeConverter()
    sets = [(data, "inspection", None), (data, "report", "2026-Q1"), (data, "plan", None)]
    with pytest.raises(RuntimeError, match="mẫu hỏng"):
        build_sets(
            sets, tmp_path, today=TODAY,
            stages=[PdfStage(converter), FailOn("report", RuntimeError("mẫu hỏng"))],
        )  # fmt: skip
    assert list(_listing(tmp_path)) == ["binh-lu/2026/inspection"]
    assert "bundle.pdf" in _listing(tmp_path)["binh-lu/2026/inspection"]
    assert converter.streams[1].jobs == []  # the failing set's first document was dropped


def test_ctrl_c_while_the_next_set_renders_removes_every_set_in_flight(tmp_path: Path) -> None:
    data = load_dataset(BINH_LU)
    converter = FakeConverter()
    sets = [(data, "inspection", None), (data, "plan", None)]
    with pytest.raises(KeyboardInterrupt):
        build_sets(
            sets, tmp_path, today=TODAY,
            stages=[PdfStage(converter), FailOn("plan", KeyboardInterrupt())],
        )  # fmt: skip
    assert not (tmp_path / "binh-lu").exists()  # nothing half-written, no empty folders
    assert converter.streams[0].jobs == []  # its conversions were dropped


@pytest.mark.soffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="cần LibreOffice")
def test_build_all_with_real_pdfs(tmp_path: Path) -> None:
    # The sample data: four sets, two in flight at a time sharing the LibreOffice workers.
    result = CliRunner().invoke(cli, ["build", "all", str(BINH_LU), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        f"Xong 4 bộ, 12 văn bản, 12 PDF; thư mục kết quả: {tmp_path / 'binh-lu' / '2026'}."
    )
    manifests = sorted((tmp_path / "binh-lu" / "2026").glob("*/manifest.json"))
    assert len(manifests) == 4
    for path in manifests:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        assert manifest["bundle"] == "bundle.pdf"
        pages = []
        for entry in manifest["documents"]:
            pdf = path.parent / entry["pdf"]
            assert existing_fields(pdf) == {SIGNER_FIELD: False, SEAL_FIELD: False}
            assert lint_errors(pdf) == []
            # LibreOffice's own bytes (before the fields' update) read the same raw and
            # through pypdf: the report's chart, the plan's 25 pages of tables included.
            data = pdf.read_bytes()
            unsigned = data[: data.index(b"%%EOF") + 6]
            raw, reader = RawPdf(unsigned), PdfReader(BytesIO(unsigned))
            assert raw_facts(raw) == pypdf_facts(reader)
            for number in range(len(reader.pages)):
                words = raw_page_text_runs(raw, number)
                assert words is not None and words == page_text_runs(reader, number)
                pages.append(words)
        bundle = PdfReader(path.parent / "bundle.pdf", strict=True)
        assert [page_text_runs(bundle, n) for n in range(len(bundle.pages))] == pages


def test_a_stage_failing_while_the_next_set_renders_leaves_no_folder(tmp_path: Path) -> None:
    data = load_dataset(BINH_LU)

    class FailingFinish:
        """A stage that fails when the first set (inspection) finishes."""

        def __call__(self, build: SetBuild) -> None:
            if build.set_name == "inspection":
                raise RuntimeError("hỏng khi hoàn tất")

    sets = [(data, "inspection", None), (data, "plan", None)]
    with pytest.raises(RuntimeError, match="hoàn tất"):
        build_sets(sets, tmp_path, today=TODAY, stages=[FailingFinish()])
    assert list(tmp_path.iterdir()) == []  # both sets and the folders they made are gone
