"""The JSON API against a real server: submit, poll, download, permissions, data errors."""

from __future__ import annotations

import io
import threading
import zipfile
from pathlib import Path

import pytest

from generator.nd30 import lint_errors
from tests.web.conftest import XLSX_TYPE, Server, wait_job

pytestmark = [pytest.mark.soffice, pytest.mark.xdist_group("web-api")]


def _post(server: Server, user: str, workbook: Path, **fields: str) -> tuple[int, dict]:
    with server.api(user) as client, workbook.open("rb") as handle:
        answer = client.post(
            "/api/v1/jobs", files={"data": (workbook.name, handle, XLSX_TYPE)}, data=fields
        )
    return answer.status_code, answer.json()


@pytest.fixture(scope="module")
def inspection_job(server: Server, sample_workbook: Path) -> dict:
    """Return the finished draft inspection job of clerk A."""
    status, body = _post(server, "van-thu-a", sample_workbook, set="inspection", issue="false")
    assert status == 202, body
    assert body["url"] == f"/api/v1/jobs/{body['id']}"
    with server.api("van-thu-a") as client:
        return wait_job(client, body["url"])


def test_no_or_bad_token_is_401(server: Server) -> None:
    with server.api() as client:
        assert client.get("/api/v1/jobs/abc").status_code == 401
        bad = client.get("/api/v1/jobs/abc", headers={"Authorization": "Bearer vb_sai"})
        assert bad.status_code == 401
        assert bad.headers["www-authenticate"] == "Bearer"


def test_inspection_job_ends_with_every_document(server: Server, inspection_job: dict) -> None:
    job = inspection_job
    assert job["status"] == "done", job["errors"]
    assert job["progress"]["done"] == job["progress"]["total"] == 9 * 3
    assert len(job["documents"]) == 9
    first = job["documents"][0]
    assert set(first) >= {"kind", "so_ky_hieu", "trich_yeu", "docx", "pdf", "pages"}
    assert job["first_pdf"] is not None


def test_files_by_manifest_name_and_archive(server: Server, inspection_job: dict) -> None:
    url = inspection_job["url"]
    with server.api("van-thu-a") as client:
        bundle = client.get(f"{url}/files/bundle.pdf")
        assert bundle.status_code == 200
        assert bundle.content.startswith(b"%PDF-")
        manifest = client.get(f"{url}/files/manifest.json").json()
        names = [d["docx"] for d in manifest["documents"]] + [
            d["pdf"] for d in manifest["documents"]
        ]
        for name in names[:2]:
            assert client.get(f"{url}/files/{name}").status_code == 200
        for bad in (
            "../../vanban-web.sqlite",
            "%2e%2e/manifest.json",
            "khong-co.pdf",
            "/etc/passwd",
        ):
            assert client.get(f"{url}/files/{bad}").status_code == 404, bad
        archive = client.get(f"{url}/archive.zip")
    assert archive.status_code == 200
    listed = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert set(listed) == {*names, "bundle.pdf", "manifest.json"}


def test_every_document_passes_lint(server: Server, inspection_job: dict) -> None:
    folder = next(
        (server.data_dir / "jobs" / inspection_job["id"] / "out").rglob("manifest.json")
    ).parent
    for path in sorted(folder.glob("*.docx")) + sorted(folder.glob("*.pdf")):
        assert lint_errors(path) == [], path.name


def test_another_organisation_gets_404_not_403(server: Server, inspection_job: dict) -> None:
    url = inspection_job["url"]
    with server.api("van-thu-khac") as client:
        for path in (url, f"{url}/files/bundle.pdf", f"{url}/archive.zip"):
            assert client.get(path).status_code == 404, path


def test_province_reads_but_does_not_build(
    server: Server, inspection_job: dict, sample_workbook: Path
) -> None:
    with server.api("so-noi-vu") as client:
        assert client.get(inspection_job["url"]).json()["status"] == "done"
        assert client.get(f"{inspection_job['url']}/files/bundle.pdf").status_code == 200
    status, body = _post(server, "so-noi-vu", sample_workbook, set="inspection")
    assert status == 403
    assert "văn thư" in body["errors"][0]["message"]


def test_data_errors_are_422_with_every_cell(server: Server, broken_workbook: Path) -> None:
    status, body = _post(server, "van-thu-a", broken_workbook, set="inspection")
    assert status == 422
    where = [e["where"] for e in body["errors"]]
    assert "du-lieu-hong.xlsx › ChiTieu!E2" in where
    assert "du-lieu-hong.xlsx › KiemTra!B3" in where
    bad = next(e for e in body["errors"] if e["where"].endswith("KiemTra!B3"))
    assert bad["field"] == "so"
    assert "nhận được 'ngày mai'" in bad["message"]


def test_workbook_of_another_organisation_is_422(server: Server, sample_workbook: Path) -> None:
    status, body = _post(server, "van-thu-khac", sample_workbook, set="inspection")
    assert status == 422
    message = body["errors"][0]["message"]
    assert "binh-lu" in message and "xa-khac" in message


def test_wrong_set_or_period_is_422(server: Server, sample_workbook: Path) -> None:
    status, body = _post(server, "van-thu-a", sample_workbook, set="bang-luong")
    assert status == 422
    status, body = _post(server, "van-thu-a", sample_workbook, set="report", ky="2026-Q7")
    assert status == 422
    assert body["errors"][0]["message"]


def test_two_clerks_building_at_once_get_distinct_numbers(
    server: Server, sample_workbook: Path
) -> None:
    answers: dict[str, tuple[int, dict]] = {}
    barrier = threading.Barrier(2)

    def submit(user: str, **fields: str) -> None:
        barrier.wait()
        answers[user] = _post(server, user, sample_workbook, issue="true", **fields)

    threads = [
        threading.Thread(  # the chain's date order: KH and QĐ now, the TBs later
            target=submit,
            args=("van-thu-a",),
            kwargs={"set": "inspection", "chi": "KH,QĐ", "ngay": "05/03/2026"},
        ),
        threading.Thread(
            target=submit, args=("van-thu-b",), kwargs={"set": "report", "ky": "2026-Q1"}
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    numbers: list[str] = []
    for user, (status, body) in answers.items():
        assert status == 202, body
        with server.api(user) as client:
            job = wait_job(client, body["url"])
        assert job["status"] == "done", job["errors"]
        numbers += [d["so_ky_hieu"] for d in job["documents"] if d["so_ky_hieu"]]
    assert len(numbers) == 3  # KH, QĐ and the report
    serials = [n.split("/")[0] for n in numbers]
    # One series for the commune in a fresh register: 01 … 03, each exactly once.
    assert sorted(serials) == [f"{i:02d}" for i in range(1, 4)], numbers


def test_archive_follows_the_set_after_a_finalise(
    server: Server, inspection_job: dict, tmp_path: Path
) -> None:
    # The cached .zip is keyed on the set's content: a document replaced through the finalise
    # service (as the set page does) is in the next archive.zip, with no one dropping the cache.
    from datetime import datetime

    import docx

    from generator.pdf.convert import LibreOfficeConverter
    from generator.service.finalize import finalize
    from tests.service.clerk import set_text

    url = inspection_job["url"]
    name = "01-ke-hoach-kiem-tra.docx"
    with server.api("van-thu-a") as client:
        before = zipfile.ZipFile(io.BytesIO(client.get(f"{url}/archive.zip").content))
    folder = next((server.data_dir / "jobs" / inspection_job["id"] / "out").rglob("manifest.json"))
    folder = folder.parent
    doc = docx.Document(str(folder / name))
    item = next(p for p in doc.paragraphs if p.text.startswith("- ") and p.text.endswith(";"))
    set_text(item, item.text[:-1] + " và báo cáo kết quả bằng văn bản;")
    edited = tmp_path / name
    doc.save(str(edited))
    with LibreOfficeConverter(workers=1) as converter:
        finalize(edited, folder, converter=converter, now=datetime.now().astimezone())
    new_bytes = (folder / name).read_bytes()
    assert before.read(name) != new_bytes
    with server.api("van-thu-a") as client:
        answer = client.get(f"{url}/archive.zip")
    assert answer.status_code == 200
    after = zipfile.ZipFile(io.BytesIO(answer.content))
    assert after.read(name) == new_bytes
    assert after.read("manifest.json") == (folder / "manifest.json").read_bytes()
