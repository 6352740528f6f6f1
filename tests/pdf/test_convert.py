"""Real LibreOffice conversion: pages, text, PDF/A, fonts, and per-document failures."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
import unicodedata
from pathlib import Path

import pytest

from generator.errors import ToolMissingError
from generator.pdf.convert import ConvertJob, LibreOfficeConverter
from generator.pdf.inspect import open_reader, pdf_facts, pypdf_facts, raw_facts

from .conftest import ConvertedSet, needs_soffice
from .samples import SAMPLES, alive, build_docx, soffice_processes

pytestmark = [pytest.mark.soffice, pytest.mark.xdist_group("pdf"), needs_soffice]
GOOD = [s.name for s in SAMPLES]


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return " ".join(unicodedata.normalize("NFC", done.stdout.decode("utf-8")).split())


@pytest.mark.parametrize("name", GOOD)
def test_each_document_converts_and_pages_read_back(converted: ConvertedSet, name: str) -> None:
    result = converted.results[name]
    assert result.ok, result.error
    assert result.pages == pdf_facts(converted.pdf(name)).pages
    assert converted.pdf(name).read_bytes()[:5] == b"%PDF-"


def test_page_counts_follow_the_documents(converted: ConvertedSet) -> None:
    pages = {name: converted.results[name].pages for name in GOOD}
    assert pages == {"ngan": 1, "noi-nhan-dai": 2, "dai": 5, "du-thao": 1}


@pytest.mark.parametrize("name", GOOD)
def test_text_round_trips_with_diacritics(converted: ConvertedSet, name: str) -> None:
    text = pdf_text(converted.pdf(name))
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Bình Lư, ngày 05 tháng 3 năm 2026",
        'người đứng đầu & các tiêu chí <đánh giá> "chỉ số hài lòng"',
        "TM. ỦY BAN NHÂN DÂN",
        "Nguyễn Thị Nhàn",
    ):
        assert expected in text


@pytest.mark.parametrize("name", GOOD)
def test_pdfa_claim_and_embedded_fonts(converted: ConvertedSet, name: str) -> None:
    facts = pdf_facts(converted.pdf(name))
    assert (facts.pdfa_part, facts.pdfa_conformance) == ("2", "B")
    assert facts.fonts and all(embedded for _, embedded in facts.fonts)
    assert {n for n, _ in facts.fonts} <= {"LiberationSerif", "LiberationSerif-Bold"}
    assert not facts.has_js and not facts.encrypted
    assert converted.results[name].fonts == ["LiberationSerif", "LiberationSerif-Bold"]


def test_liberation_substitution_is_warned_once_per_run(converted: ConvertedSet) -> None:
    assert converted.warnings == [
        "Times New Roman được thay bằng Liberation Serif (cùng kích thước chữ, bố cục không đổi); "
        "cài phông Times New Roman nếu cần đúng phông gốc."
    ]


def test_corrupt_docx_is_reported_and_the_rest_still_converts(converted: ConvertedSet) -> None:
    bad = converted.results["hong"]
    assert not bad.ok and not bad.job.pdf.exists()
    assert bad.error == (
        f"{bad.job.docx}: tệp .docx bị hỏng (không phải tệp Word hợp lệ); hãy tạo lại văn bản."
    )
    broken = converted.results["xml-hong"]
    assert not broken.ok and not broken.job.pdf.exists()
    assert broken.error is not None
    assert broken.error.startswith(
        f"{broken.job.docx}: LibreOffice không tạo ra PDF (đã thử 2 lần)."
    )
    assert all(converted.results[name].ok for name in GOOD)


def test_hanging_conversion_times_out_alone(converted: ConvertedSet) -> None:
    hung = converted.results["treo"]
    assert not hung.ok and not hung.job.pdf.exists()
    assert hung.error == (
        f"{hung.job.docx}: LibreOffice không chuyển xong sau 0.01 giây (đã thử 2 lần); "
        "văn bản có thể quá lớn hoặc hỏng, hãy kiểm tra nó hoặc tăng thời gian chờ."
    )


def test_no_soffice_outlives_the_run(converted: ConvertedSet) -> None:
    assert soffice_processes(converted.workdir) == []
    assert not converted.workdir.exists()
    assert not [p for p in converted.folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["sigint", "sigterm"])
@pytest.mark.usefixtures("stop_signals")
def test_ctrl_c_kills_every_soffice_it_started(tmp_path: Path, signum: int) -> None:
    jobs = [
        ConvertJob(build_docx(SAMPLES[2], tmp_path / f"{n}.docx"), tmp_path / f"{n}.pdf")
        for n in range(6)
    ]
    converter = LibreOfficeConverter(workers=2, mode="batch")
    seen: list[list[int]] = []

    def interrupt_when_running() -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            workdir = converter.workdir
            running = soffice_processes(workdir) if workdir else []
            if running:
                seen.append(running)
                os.kill(os.getpid(), signum)
                return
            time.sleep(0.02)

    with pytest.raises(KeyboardInterrupt), converter:
        threading.Thread(target=interrupt_when_running, daemon=True).start()
        converter.convert(jobs)
    assert seen and converter.workdir is None
    assert [pid for pid in seen[0] if alive(pid)] == []


def test_missing_libreoffice_says_what_to_install() -> None:
    with (
        pytest.raises(ToolMissingError) as caught,
        LibreOfficeConverter(soffice="khong-co-soffice"),
    ):
        pass
    assert str(caught.value) == (
        "Không tìm thấy LibreOffice (lệnh 'khong-co-soffice'), cần để chuyển .docx sang PDF. "
        "Cài bằng: sudo apt-get install --no-install-recommends "
        "libreoffice-writer-nogui fonts-liberation2"
    )


@pytest.mark.parametrize("name", GOOD)
def test_raw_read_back_matches_pypdf(converted: ConvertedSet, name: str) -> None:
    # The converter judges LibreOffice's files from their raw objects; pypdf reads the same.
    data = converted.pdf(name).read_bytes()
    facts = raw_facts(data)
    assert facts == pypdf_facts(open_reader(data))
    assert facts.fonts and facts.pdfa_part == "2"
