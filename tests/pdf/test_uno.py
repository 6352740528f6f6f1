"""Warm UNO mode: the same read-back checks as batch mode, timeouts with restarts, no survivors."""

from __future__ import annotations

import os
import signal
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.errors import ToolMissingError
from generator.pdf import convert as convert_module
from generator.pdf.convert import ConvertJob, ConvertResult, LibreOfficeConverter
from generator.pdf.inspect import pdf_facts
from generator.pdf.process import ProcessPool
from generator.pdf.uno_pool import UnoPool, uno_available

from .conftest import needs_soffice
from .samples import SAMPLES, alive, build_docx, soffice_processes
from .test_convert import pdf_text

needs_uno = pytest.mark.skipif(not uno_available(), reason="cần python3-uno")
pytestmark = [pytest.mark.soffice, pytest.mark.xdist_group("pdf"), needs_soffice, needs_uno]
GOOD = [s.name for s in SAMPLES]


@dataclass
class UnoRun:
    """One uno-mode run: results by document stem, warnings, pool facts seen while it ran."""

    folder: Path
    results: dict[str, ConvertResult]
    warnings: list[str]
    workdir: Path
    pids: set[int]
    warm: bool


@pytest.fixture(scope="module")
def uno_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UnoRun]:
    """Convert every sample, a corrupt .docx and a broken-XML one through warm workers."""
    folder = tmp_path_factory.mktemp("uno-set")
    jobs = [
        ConvertJob(build_docx(s, folder / f"{s.name}.docx"), folder / f"{s.name}.pdf")
        for s in SAMPLES
    ]
    corrupt = folder / "hong.docx"
    corrupt.write_bytes(b"PK\x03\x04 not really a zip")
    broken_xml = folder / "xml-hong.docx"
    with zipfile.ZipFile(broken_xml, "w") as archive:
        archive.writestr("[Content_Types].xml", "<<<")
        archive.writestr("word/document.xml", "<<< không phải XML")
    jobs[2:2] = [ConvertJob(corrupt, folder / "hong.pdf"), ConvertJob(broken_xml, folder / "x.pdf")]
    with LibreOfficeConverter(workers=2, mode="uno") as converter:
        pool = converter.start()
        assert isinstance(pool, UnoPool)
        results = converter.convert(jobs)
        run = UnoRun(folder, {}, converter.warnings, pool.root, set(pool.pids), converter.warm)
        assert converter.cpu_seconds > 0
    run.results = {r.job.docx.stem: r for r in results}
    run.pids |= pool.pids
    yield run


@pytest.mark.parametrize("name", GOOD)
def test_each_document_converts_with_the_batch_checks(uno_run: UnoRun, name: str) -> None:
    result = uno_run.results[name]
    assert result.ok, result.error
    facts = pdf_facts(result.job.pdf)
    assert result.pages == facts.pages
    assert (facts.pdfa_part, facts.pdfa_conformance) == ("2", "B")
    assert facts.fonts and all(embedded for _, embedded in facts.fonts)
    assert result.fonts == ["LiberationSerif", "LiberationSerif-Bold"]
    text = pdf_text(result.job.pdf)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        'người đứng đầu & các tiêu chí <đánh giá> "chỉ số hài lòng"',
        "Nguyễn Thị Nhàn",
    ):
        assert expected in text


def test_page_counts_match_batch_mode(uno_run: UnoRun) -> None:
    pages = {name: uno_run.results[name].pages for name in GOOD}
    assert pages == {"ngan": 1, "noi-nhan-dai": 2, "dai": 5, "du-thao": 1}
    assert uno_run.warm


def test_bad_documents_fail_alone(uno_run: UnoRun) -> None:
    bad = uno_run.results["hong"]
    assert not bad.ok and not bad.job.pdf.exists()
    assert bad.error == (
        f"{bad.job.docx}: tệp .docx bị hỏng (không phải tệp Word hợp lệ); hãy tạo lại văn bản."
    )
    broken = uno_run.results["xml-hong"]
    assert not broken.ok and not broken.job.pdf.exists()
    assert broken.error is not None
    assert broken.error.startswith(
        f"{broken.job.docx}: LibreOffice không tạo ra PDF (đã thử 2 lần)."
    )
    assert all(uno_run.results[name].ok for name in GOOD)


def test_no_process_of_the_pool_survives_close(uno_run: UnoRun) -> None:
    assert len(uno_run.pids) >= 6  # two workers, each with oosplash and soffice.bin
    assert [pid for pid in uno_run.pids if alive(pid)] == []
    assert soffice_processes(uno_run.workdir) == []
    assert not uno_run.workdir.exists()
    assert not [p for p in uno_run.folder.iterdir() if p.name.endswith(".tmp")]


def test_hanging_document_kills_the_worker_which_restarts(tmp_path: Path) -> None:
    hung = ConvertJob(build_docx(SAMPLES[2], tmp_path / "treo.docx"), tmp_path / "treo.pdf", 0.01)
    later = [
        ConvertJob(build_docx(s, tmp_path / f"{s.name}.docx"), tmp_path / f"{s.name}.pdf")
        for s in SAMPLES[:2]
    ]
    with LibreOfficeConverter(workers=1, mode="uno") as converter:
        pool = converter.start()
        assert isinstance(pool, UnoPool)
        results = converter.convert([hung, *later])
        started = set(pool.pids)
    assert results[0].error == (
        f"{hung.docx}: LibreOffice không chuyển xong sau 0.01 giây (đã thử 2 lần); "
        "văn bản có thể quá lớn hoặc hỏng, hãy kiểm tra nó hoặc tăng thời gian chờ."
    )
    assert not hung.pdf.exists()
    assert [r.ok for r in results[1:]] == [True, True]
    assert len(started) >= 3 * 3  # first worker, the retry's, the one for the later jobs
    assert [pid for pid in started if alive(pid)] == []


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["sigint", "sigterm"])
@pytest.mark.usefixtures("stop_signals")
def test_ctrl_c_kills_every_process_of_the_pool(tmp_path: Path, signum: int) -> None:
    jobs = [
        ConvertJob(build_docx(SAMPLES[2], tmp_path / f"{n}.docx"), tmp_path / f"{n}.pdf")
        for n in range(8)
    ]
    converter = LibreOfficeConverter(workers=2, mode="uno")
    pool = converter.start()
    assert isinstance(pool, UnoPool)
    done: list[ConvertResult] = []

    def interrupt_after_first() -> None:
        # Once a document is done and both workers are up (under load the second one can
        # still be starting when the first document is done), so every pid is known.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (done and len(pool.pids) >= 6):
            time.sleep(0.02)
        os.kill(os.getpid(), signum)

    with pytest.raises(KeyboardInterrupt), converter:
        threading.Thread(target=interrupt_after_first, daemon=True).start()
        converter.convert(jobs, progress=done.append)
    assert converter.workdir is None
    assert len(pool.pids) >= 6
    assert [pid for pid in pool.pids if alive(pid)] == []
    assert soffice_processes(pool.root) == []


def test_a_libreoffice_that_cannot_start_fails_the_documents(tmp_path: Path) -> None:
    job = ConvertJob(build_docx(SAMPLES[0], tmp_path / "a.docx"), tmp_path / "a.pdf")
    with LibreOfficeConverter(workers=1, soffice="false", mode="uno") as converter:
        (result,) = converter.convert([job])
    assert result.error == (
        f"{job.docx}: LibreOffice không tạo ra PDF (đã thử 2 lần). Thông báo của LibreOffice: "
        "không khởi động được LibreOffice qua UNO (LibreOffice thoát ngay khi khởi động (mã 1))."
    )
    assert not job.pdf.exists()


def test_modes_pick_their_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    with LibreOfficeConverter(workers=1, mode="batch") as batch:
        assert isinstance(batch.start(), ProcessPool) and not batch.warm
    monkeypatch.setattr(convert_module, "uno_available", lambda: False)
    auto = LibreOfficeConverter(workers=1)
    assert not auto.warm
    with pytest.raises(ToolMissingError) as caught, LibreOfficeConverter(mode="uno"):
        pass
    assert str(caught.value) == (
        "Chế độ chuyển PDF 'uno' cần gói python3-uno của Debian (cho /usr/bin/python3). "
        "Cài bằng: sudo apt-get install --no-install-recommends python3-uno"
    )


def test_uno_is_unavailable_for_an_interpreter_without_it() -> None:
    assert not uno_available("/khong/co/python3")


def test_a_warm_worker_takes_the_next_job_before_running_dry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Chunks of one document: without pulling, the worker would wait for a new call after
    # each document; with it, one call converts them all, each queued behind the current one.
    docs = [build_docx(SAMPLES[0], tmp_path / f"{n}.docx") for n in range(4)]
    with LibreOfficeConverter(workers=1, mode="uno", chunk_size=1) as converter:
        pool = converter.start()
        assert isinstance(pool, UnoPool)
        calls: list[int] = []
        run = pool.run

        def counted(*args: object, **kwargs: object) -> object:
            calls.append(len(args[1]))  # type: ignore[arg-type]
            return run(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(pool, "run", counted)
        stream = converter.open_stream()
        for docx in docs:
            stream.submit(ConvertJob(docx, docx.with_suffix(".pdf")))
        results = stream.close()
    assert [(r.ok, r.pages) for r in results] == [(True, 1)] * 4
    assert calls == [1]


def test_a_parent_dying_while_libreoffice_starts_leaves_no_soffice(tmp_path: Path) -> None:
    # The parent (a batch or queue worker process) is killed before LibreOffice is connected:
    # the worker's "ready" line then finds no reader, and LibreOffice must still go.
    import subprocess

    from generator.pdf.tools import find_soffice
    from generator.pdf.uno_pool import SYSTEM_PYTHON, WORKER

    profile = (tmp_path / "profile").as_uri()
    command = [SYSTEM_PYTHON, "-I", str(WORKER), find_soffice(None), profile, f"t-{os.getpid()}"]
    worker = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    assert worker.stdout is not None and worker.stdin is not None
    worker.stdout.close()  # the parent is gone: nobody reads, nobody writes
    worker.stdin.close()
    worker.wait(timeout=120)
    deadline = time.monotonic() + 30
    group_alive = True
    while group_alive and time.monotonic() < deadline:
        try:
            os.killpg(worker.pid, 0)  # oosplash and soffice.bin stay in the worker's group
        except ProcessLookupError:
            group_alive = False
        else:
            time.sleep(0.2)
    if group_alive:
        os.killpg(worker.pid, signal.SIGKILL)
    assert not group_alive, "LibreOffice outlived its worker"
