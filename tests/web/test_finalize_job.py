"""Finalising on the web runs as a job on the server's executor, on its one warm LibreOffice.

A real `vanban serve` with its own TMPDIR: every LibreOffice pool it starts is a `vanban-*` folder
there (generator.pdf.guard.new_root), so a second LibreOffice shows as a second folder.
"""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import docx
import httpx
import pytest

from generator.web.store import Store
from tests.docx_text import docx_text
from tests.service.clerk import set_text
from tests.web.conftest import XLSX_TYPE, Server, seed, start_server, wait_job
from tests.web.test_security import csrf_of, login

pytestmark = [
    pytest.mark.soffice,
    pytest.mark.xdist_group("web-finalize-job"),
    pytest.mark.skipif(shutil.which("soffice") is None, reason="cần LibreOffice"),
]
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
KH = "01-ke-hoach-kiem-tra.docx"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    """Yield a server running with its own TMPDIR, and that TMPDIR."""
    data_dir, tmp = tmp_path_factory.mktemp("web-fin"), tmp_path_factory.mktemp("web-fin-tmp")
    tokens = seed(data_dir)
    server = start_server(data_dir, tmpdir=tmp)
    server.tokens = tokens
    yield server, tmp
    server.stop()


@pytest.fixture(scope="module")
def built(served: tuple[Server, Path], sample_workbook: Path) -> tuple[str, Path]:
    """Return the finished draft inspection job's id and its set folder."""
    server, _tmp = served
    with server.api("van-thu-a") as client, sample_workbook.open("rb") as handle:
        answer = client.post(
            "/api/v1/jobs", files={"data": (sample_workbook.name, handle, XLSX_TYPE)},
            data={"set": "inspection", "issue": "false"},
        )  # fmt: skip
        assert answer.status_code == 202, answer.text
        state = wait_job(client, answer.json()["url"])
    assert state["status"] == "done", state
    job_id = str(state["id"])
    folder = next((server.data_dir / "jobs" / job_id / "out").rglob("manifest.json")).parent
    return job_id, folder


def edited_kh(folder: Path, out: Path, words: str) -> Path:
    """Return a copy of the set's current KH with one list item extended, as a clerk does."""
    doc = docx.Document(str(folder / KH))
    item = next(p for p in doc.paragraphs if p.text.startswith("- ") and p.text.endswith(";"))
    set_text(item, item.text[:-1] + f" {words};")
    doc.save(str(out))
    return out


def post_finalize(client: httpx.Client, job_id: str, edited: Path, **form: str) -> httpx.Response:
    """Return the answer to the set page's finalise form, posting `edited`."""
    with edited.open("rb") as handle:
        return client.post(
            f"/viec/{job_id}/hoan-thien",
            files={"data": (edited.name, handle, DOCX_TYPE)},
            data={"csrf": csrf_of(client, f"/viec/{job_id}"), **form},
        )


def _version(folder: Path) -> int:
    entry = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["documents"][0]
    return int(entry.get("version") or 1)


def _pool_roots(tmp: Path) -> set[str]:
    return {p.name for p in tmp.glob("vanban-*")}


def wait_finalize(client: httpx.Client, url: str, seen: list[str]) -> dict[str, object]:
    """Return the finalisation's state once it ended, noting each status seen on the way."""
    deadline = time.monotonic() + 180
    while True:
        state: dict[str, object] = client.get(url).json()
        if not seen or seen[-1] != state["status"]:
            seen.append(str(state["status"]))
        if state["status"] in ("done", "failed"):
            return state
        assert time.monotonic() < deadline, state
        time.sleep(0.05)


def test_finalising_uses_the_servers_libreoffice_not_a_new_one(
    served: tuple[Server, Path], built: tuple[str, Path], tmp_path: Path
) -> None:
    server, tmp = served
    job_id, folder = built
    before = _pool_roots(tmp)
    assert len(before) == 1, before  # the warm pool the build started
    seen: set[str] = set()
    stop = threading.Event()

    def watch() -> None:  # LibreOffice takes seconds to start: sampling often cannot miss it
        while not stop.is_set():
            seen.update(_pool_roots(tmp))
            time.sleep(0.02)

    watcher = threading.Thread(target=watch)
    watcher.start()
    version = _version(folder)
    try:
        client = login(server, "van-thu-a")
        answer = post_finalize(
            client, job_id, edited_kh(folder, tmp_path / "ke-hoach.docx", "kịp thời")
        )
        if answer.status_code == 303:
            wait_finalize(client, answer.headers["location"] + "/trang-thai", [])
        client.close()
    finally:
        stop.set()
        watcher.join()
    assert seen == before, f"a second LibreOffice was started: {sorted(seen - before)}"
    assert _version(folder) == version + 1
    assert "kịp thời;" in docx_text(folder / KH)


def test_the_upload_returns_at_once_and_the_page_follows_the_job(
    served: tuple[Server, Path], built: tuple[str, Path], tmp_path: Path
) -> None:
    server, _tmp = served
    job_id, folder = built
    version = _version(folder)
    edited = edited_kh(folder, tmp_path / "Kế hoạch đã sửa.docx", "đúng hạn")
    with closing(login(server, "van-thu-a")) as client:
        answer = post_finalize(client, job_id, edited)
        assert answer.status_code == 303, answer.text
        page_url = answer.headers["location"]
        assert re.fullmatch(rf"/viec/{job_id}/hoan-thien/[0-9a-f]{{32}}", page_url), page_url
        assert _version(folder) == version  # not finalised yet when the answer came
        running = client.get(page_url)
        assert running.status_code == 200
        assert 'id="progress-card"' in running.text or 'id="finalize-result"' in running.text
        seen: list[str] = []
        state = wait_finalize(client, page_url + "/trang-thai", seen)
        assert state["status"] == "done", state
        assert "running" in seen, seen
        assert seen[-2:] == ["running", "done"], seen
        assert _version(folder) == version + 1
        result = client.get(page_url).text
        assert f"Đã hoàn thiện {KH}" in result
        assert f"bản {version + 1}" in result

        # A draft still holding a comment is refused, with the Vietnamese reason, by the job.
        commented = tmp_path / "con-ghi-chu.docx"
        doc = docx.Document(str(folder / KH))
        paragraph = next(p for p in doc.paragraphs if p.text.startswith("- "))
        doc.add_comment(paragraph.runs, text="Xem lại", author="Trưởng phòng")
        doc.save(str(commented))
        refused = post_finalize(client, job_id, commented)
        assert refused.status_code == 303, refused.text
        state = wait_finalize(client, refused.headers["location"] + "/trang-thai", [])
        assert state["status"] == "failed", state
        text = " ".join(str(e["message"]) for e in state["errors"])  # type: ignore[attr-defined]
        assert "thay đổi được theo dõi hoặc ghi chú chưa xử lý" in text, text
        page = client.get(refused.headers["location"]).text
        assert 'id="finalize-problems"' in page
        assert _version(folder) == version + 1
    actions = [(row["action"], row["target"]) for row in Store(server.data_dir).audit_lines(20)]
    assert actions[:2] == [("hoan_thien_bi_tu_choi", job_id), ("hoan_thien", job_id)], actions


def test_finalisations_a_stopped_server_left_are_failed_at_start(tmp_path: Path) -> None:
    from generator.service.jobs import BuildSpec
    from generator.web import finalizations
    from generator.web.jobs import create_job

    store = Store(tmp_path)
    spec = BuildSpec(data="x", set_name="inspection", out=str(tmp_path / "jobs" / "j1" / "out"))
    job = create_job(store, job_id="j1", org="binh-lu", user="van-thu-a", upload="u", spec=spec,
                     total_documents=9)  # fmt: skip
    rows = [finalizations.create(store, job, "van-thu-a", "a.docx") for _ in range(2)]
    finalizations.mark_failed(store, rows[1].id, ["đã từ chối"])
    assert finalizations.recover(store) == [rows[0].id]
    first, second = (finalizations.get(store, r.id) for r in rows)
    assert first is not None and first.status == "failed"
    assert first.errors == [finalizations.RESTART_MESSAGE]
    assert second is not None and second.errors == ["đã từ chối"]


def test_the_result_page_names_the_drafts_rendered_again_with_the_new_number(
    served: tuple[Server, Path], tmp_path: Path
) -> None:
    from generator.sources import load_dataset
    from generator.sources.sample import sample_folder
    from generator.sources.xlsx_writer import write_workbook

    data = load_dataset(sample_folder())
    assert data.kiem_tra is not None
    envelopes = [data.kiem_tra.ke_hoach.van_ban, data.kiem_tra.quyet_dinh.van_ban]
    for envelope in [*envelopes, *(k.van_ban for k in data.kiem_tra.ket_luan)]:
        envelope.so = None  # the clerk builds drafts first
    workbook = tmp_path / "du-lieu-du-thao.xlsx"
    write_workbook(data, workbook)
    server, _tmp = served
    with server.api("van-thu-a") as client, workbook.open("rb") as handle:
        answer = client.post(
            "/api/v1/jobs", files={"data": (workbook.name, handle, XLSX_TYPE)},
            data={"set": "inspection", "issue": "false"},
        )  # fmt: skip
        assert answer.status_code == 202, answer.text
        state = wait_job(client, answer.json()["url"])
    assert state["status"] == "done", state
    job_id = str(state["id"])
    folder = next((server.data_dir / "jobs" / job_id / "out").rglob("manifest.json")).parent
    qd = "02-quyet-dinh-doan.docx"
    assert "Căn cứ Kế hoạch số       /KH-UBND" in docx_text(folder / qd)
    with closing(login(server, "van-thu-a")) as client:
        edited = edited_kh(folder, tmp_path / "ke-hoach.docx", "đúng hạn")
        answer = post_finalize(client, job_id, edited, issue="1", ngay="12/03/2026")
        assert answer.status_code == 303, answer.text
        state = wait_finalize(client, answer.headers["location"] + "/trang-thai", [])
        assert state["status"] == "done", state
        page = client.get(answer.headers["location"]).text
    entry = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["documents"][0]
    cited = f"Kế hoạch số {entry['so_ky_hieu']} ngày 12/3/2026"
    assert f"Căn cứ {cited} của Ủy ban nhân dân xã Bình Lư" in docx_text(folder / qd)
    updated = re.search(r'<ul id="finalize-updated">(.*?)</ul>', page, re.S)
    assert updated is not None, page
    names = re.findall(r"<li>(.*?)</li>", updated.group(1))
    documents = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["documents"]
    assert names == [d["docx"] for d in documents[1:]]
    assert 'id="finalize-citations"' not in page
