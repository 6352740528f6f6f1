"""A web job keeps a finalised document as it is and builds only the rest of its set.

Every web job builds into its own folder, so a job only meets a set it built itself when it
runs again (a queued job after a restart, a queue message delivered twice). The test makes that
happen with the real server: job A builds, a clerk finalises one of its documents, and job B,
queued with A's output folder, is run by the restarted server.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import docx
import pytest

from generator.pdf.convert import LibreOfficeConverter
from generator.service.finalize import finalize
from generator.web import jobs as job_rows
from generator.web.store import Store
from tests.service.clerk import set_text
from tests.web.conftest import XLSX_TYPE, Server, seed, start_server, wait_job

pytestmark = [
    pytest.mark.soffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="cần LibreOffice"),
]
KH = "01-ke-hoach-kiem-tra.docx"


def _post(server: Server, workbook: Path, **fields: str) -> dict[str, str]:
    with server.api("van-thu-a") as client, workbook.open("rb") as handle:
        answer = client.post(
            "/api/v1/jobs", files={"data": (workbook.name, handle, XLSX_TYPE)}, data=fields
        )
    assert answer.status_code == 202, answer.text
    body: dict[str, str] = answer.json()
    return body


def test_a_job_rebuilding_a_finalised_set_keeps_the_finalised_document(
    tmp_path: Path, sample_workbook: Path
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    tokens = seed(data_dir)
    server = start_server(data_dir, "--no-pdf")
    server.tokens = tokens
    try:
        first = _post(server, sample_workbook, set="inspection")
        with server.api("van-thu-a") as client:
            assert wait_job(client, first["url"])["status"] == "done"
        # The API's field reaches the job's spec (what the executor builds from).
        asked = _post(server, sample_workbook, set="inspection", rebuild_finalised="true")
        with server.api("van-thu-a") as client:
            wait_job(client, asked["url"])
    finally:
        server.stop()
    store = Store(data_dir)
    job_a, job_asked = job_rows.get_job(store, first["id"]), job_rows.get_job(store, asked["id"])
    assert job_a is not None and job_asked is not None
    assert (job_a.spec.rebuild_finalised, job_asked.spec.rebuild_finalised) == (False, True)

    folder = next(Path(job_a.spec.out).rglob("manifest.json")).parent
    edited = tmp_path / KH
    doc = docx.Document(str(folder / KH))
    item = next(p for p in doc.paragraphs if p.text.startswith("- ") and p.text.endswith(";"))
    set_text(item, item.text[:-1] + " và báo cáo kết quả bằng văn bản;")
    doc.save(str(edited))
    with LibreOfficeConverter(workers=1) as converter:
        finalize(edited, folder, converter=converter, now=datetime.now().astimezone())
    before = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    kh = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["documents"][0]

    # Job B: queued with job A's output folder, run by the server when it starts again.
    job_b = job_rows.create_job(
        store, job_id=job_rows.new_job_id(), org="binh-lu", user="van-thu-a", upload=job_a.upload,
        spec=replace(job_a.spec), total_documents=job_a.documents_total(),
    )  # fmt: skip
    server = start_server(data_dir, "--no-pdf")
    server.tokens = tokens
    try:
        with server.api("van-thu-a") as client:
            state = wait_job(client, f"/api/v1/jobs/{job_b.id}")
        assert state["status"] == "done", state
        assert state["errors"] in ([], None), state
        assert kh["so_ky_hieu"]  # the sample's plan carries its number
    finally:
        server.stop()
    after = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    kept = [Path(KH), Path(KH).with_suffix(".pdf")]
    kept += [name for name in before if name.parts[0] == "versions"]
    assert {name: after[name] for name in kept} == {name: before[name] for name in kept}
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["documents"][0] == kh
