"""End to end with real LibreOffice: `vanban build` writes PDFs, a bundle and the manifest."""

from __future__ import annotations

import hashlib
import json
import shutil
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from generator.build import RenderedDocument
from generator.cli import cli
from generator.nd30 import lint_errors
from generator.pdf.convert import ConvertResult
from generator.pdf.fields import SEAL_FIELD, SIGNER_FIELD, existing_fields
from generator.pdf.stage import Prepared

CASES = Path(__file__).parent / "cases" / "inspection"

pytestmark = [
    pytest.mark.soffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="cần LibreOffice"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    out = tmp_path_factory.mktemp("build-pdf")
    data = CASES / "minimal" / "data"
    result = CliRunner().invoke(cli, ["build", "inspection", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return result.output, out / "an-hoa" / "2026" / "inspection"


def test_build_reports_each_pdf_and_the_bundle(built: tuple[str, Path]) -> None:
    output, folder = built
    lines = output.splitlines()
    assert sum(line.startswith("  Đã chuyển sang PDF: ") for line in lines) == 4
    assert "  Đã gộp 4 văn bản vào bundle.pdf" in lines
    assert lines[-1] == f"Đã lập 4 văn bản, 4 PDF trong {folder}."


def test_manifest_follows_the_output_contract(built: tuple[str, Path]) -> None:
    _, folder = built
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["set"] == "inspection"
    assert manifest["bundle"] == "bundle.pdf"
    total = 0
    for entry in manifest["documents"]:
        pdf = folder / entry["pdf"]
        assert hashlib.sha256(pdf.read_bytes()).hexdigest() == entry["sha256_pdf"]
        docx = folder / entry["docx"]
        assert hashlib.sha256(docx.read_bytes()).hexdigest() == entry["sha256_docx"]
        assert len(PdfReader(pdf).pages) == entry["pages"] > 0
        assert entry["signature_fields"] == [SIGNER_FIELD, SEAL_FIELD]
        total += entry["pages"]
    bundle = PdfReader(folder / "bundle.pdf")
    assert len(bundle.pages) == total
    assert [item.title for item in bundle.outline] == [  # type: ignore[union-attr]
        "1. Kế hoạch số 12/KH-UBND ngày 05/3/2026 về kiểm tra công tác cải cách hành chính "
        "năm 2026",
        "2. Quyết định số 15/QĐ-UBND ngày 10/3/2026 về việc thành lập Đoàn kiểm tra công tác "
        "cải cách hành chính năm 2026",
        "3. Thông báo số 40/TB-UBND ngày 25/9/2026 về kết luận kiểm tra công tác cải cách hành "
        "chính năm 2026 tại Văn phòng HĐND và UBND",
        "4. Thông báo số 41/TB-UBND ngày 25/9/2026 về kết luận kiểm tra công tác cải cách hành "
        "chính năm 2026 tại Trung tâm Phục vụ hành chính công",
    ]


def test_every_output_lints_without_errors(built: tuple[str, Path]) -> None:
    _, folder = built
    files = sorted(folder.glob("*.docx")) + sorted(folder.glob("*.pdf"))
    assert len(files) == 9
    for path in files:
        assert lint_errors(path) == [], path.name


def test_corrupt_template_output_is_reported_and_the_rest_comes_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.build as build_module

    real_render = build_module.render

    def render_one_broken(template: Path, context: dict[str, object], out: Path) -> Path:
        path = real_render(template, context, out)
        if out.name.startswith("02-"):
            path.write_bytes(b"PK\x03\x04 hong")
        return path

    monkeypatch.setattr(build_module, "render", render_one_broken)
    data = CASES / "minimal" / "data"
    result = CliRunner().invoke(cli, ["build", "inspection", str(data), "--out", str(tmp_path)])
    folder = tmp_path / "an-hoa" / "2026" / "inspection"
    assert result.exit_code == 1
    assert "Có 1 văn bản chưa ra được PDF:" in result.output
    assert "- 02-quyet-dinh-doan.docx: " in result.output
    assert ".tmp/" not in result.output  # the set's temporary folder is gone when this is read
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    pdfs = [entry["pdf"] for entry in manifest["documents"]]
    assert pdfs == [
        "01-ke-hoach-kiem-tra.pdf",
        None,
        "03-thong-bao-van-phong-hdnd-va-ubnd.pdf",
        "04-thong-bao-trung-tam-phuc-vu-hanh-chinh-cong.pdf",
    ]
    assert len(PdfReader(folder / "bundle.pdf").pages) == sum(
        entry["pages"] for entry in manifest["documents"] if entry["pages"]
    )


def test_bundle_is_unsigned_and_fields_are_an_incremental_update(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.pdf.stage as stage_module

    real_prepare = stage_module.prepare
    converted: dict[str, bytes] = {}

    def remember_converted(
        pdf: Path,
        doc: RenderedDocument,
        author: str,
        result: ConvertResult | None = None,
        from_end: dict[str, int] | None = None,
    ) -> Prepared:
        converted[pdf.name] = pdf.read_bytes()  # as LibreOffice made it, before any field
        return real_prepare(pdf, doc, author, result, from_end)

    monkeypatch.setattr(stage_module, "prepare", remember_converted)
    data = CASES / "minimal" / "data"
    result = CliRunner().invoke(cli, ["build", "inspection", str(data), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "an-hoa" / "2026" / "inspection"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    entries = manifest["documents"]
    assert sorted(converted) == sorted(entry["pdf"] for entry in entries)
    starts, total = [], 0
    for entry in entries:
        final = (folder / entry["pdf"]).read_bytes()
        original = converted[entry["pdf"]]
        # Incremental: the converted bytes are untouched, the fields come after them.
        assert final.startswith(original)
        assert len(final) > len(original)
        assert existing_fields(folder / entry["pdf"]) == {SIGNER_FIELD: False, SEAL_FIELD: False}
        starts.append(total)
        total += entry["pages"]
    bundle = PdfReader(folder / "bundle.pdf")
    assert len(bundle.pages) == total
    assert "/AcroForm" not in bundle.trailer["/Root"]
    for page in bundle.pages:
        for annotation in page.get("/Annots") or []:
            assert annotation.get_object().get("/FT") != "/Sig"
    marks = [bundle.get_destination_page_number(item) for item in bundle.outline]  # type: ignore[arg-type]
    assert marks == starts
    # The bundle's pages are the documents' unsigned pages, in order.
    texts = [page.extract_text() for page in bundle.pages]
    expected = [
        page.extract_text()
        for entry in entries
        for page in PdfReader(BytesIO(converted[entry["pdf"]])).pages
    ]
    assert texts == expected


def test_jobs_sets_the_number_of_libreoffice_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.pdf.convert import LibreOfficeConverter

    started: list[int] = []
    real_start = LibreOfficeConverter.start

    def remember_workers(self: LibreOfficeConverter) -> object:
        started.append(self.workers)
        return real_start(self)

    monkeypatch.setattr(LibreOfficeConverter, "start", remember_workers)
    data = CASES / "minimal" / "data"
    result = CliRunner().invoke(
        cli, ["build", "inspection", str(data), "--out", str(tmp_path), "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    assert set(started) == {1}
    manifest = json.loads(
        (tmp_path / "an-hoa" / "2026" / "inspection" / "manifest.json").read_text(encoding="utf-8")
    )
    assert all(entry["pdf"] for entry in manifest["documents"])
