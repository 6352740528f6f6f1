"""Security and reliability of the web app against a real server: cookies, CSRF, throttling,
session expiry, upload limits, hostile .zip files, restart, audit log."""

from __future__ import annotations

import io
import json
import os
import re
import socket
import sqlite3
import stat
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from generator.owner import OWNER_NAME
from generator.service.jobs import BuildSpec
from generator.sources.sample import sample_folder
from generator.web.store import Store
from tests.test_leftovers import dead_pid
from tests.web.conftest import PASSWORD, Server, seed, start_server, wait_job

pytestmark = [pytest.mark.xdist_group("web-security")]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Yield a server whose upload limit is 1 MB and that makes .docx only (no LibreOffice)."""
    data_dir = tmp_path_factory.mktemp("web-small")
    tokens = seed(data_dir)
    running = start_server(data_dir, "--gioi-han-tai-len", "1", "--no-pdf")
    running.tokens = tokens
    yield running
    running.stop()


def login(server: Server, user: str, password: str = PASSWORD, **headers: str) -> httpx.Client:
    """Return a browser-like client signed in as `user` (fails the test otherwise)."""
    client = httpx.Client(base_url=server.url, timeout=60, headers=headers)
    answer = try_login(client, user, password)
    assert answer.status_code == 303, answer.text
    return client


def try_login(client: httpx.Client, user: str, password: str) -> httpx.Response:
    """Return the answer to a login form posted with its CSRF token."""
    form = client.get("/dang-nhap")
    token = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert token is not None
    return client.post(
        "/dang-nhap", data={"name": user, "password": password, "csrf": token[1], "next": "/"}
    )


def csrf_of(client: httpx.Client, page: str = "/tai-len") -> str:
    """Return the CSRF token the session's forms carry."""
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(page).text)
    assert found is not None
    return found[1]


def test_session_cookie_is_httponly_lax_and_secure_behind_https(small: Server) -> None:
    with httpx.Client(base_url=small.url) as client:
        answer = try_login(client, "van-thu-a", PASSWORD)
        cookie = answer.headers["set-cookie"].lower()
        assert "vanban_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
        assert "secure" not in cookie
    # uvicorn trusts X-Forwarded-Proto from 127.0.0.1 (a reverse proxy on the same machine).
    with httpx.Client(base_url=small.url, headers={"X-Forwarded-Proto": "https"}) as client:
        form = client.get("/dang-nhap")
        assert "secure" in form.headers["set-cookie"].lower()  # the login form's CSRF cookie
        token = form.cookies["vanban_login_csrf"]
        answer = client.post(
            "/dang-nhap",
            data={"name": "van-thu-a", "password": PASSWORD, "csrf": token},
            headers={"Cookie": f"vanban_login_csrf={token}"},  # httpx keeps Secure ones for https
        )
        cookie = answer.headers["set-cookie"].lower()
        assert "vanban_session=" in cookie and "secure" in cookie


def test_login_needs_its_csrf_token(small: Server) -> None:
    with httpx.Client(base_url=small.url) as client:
        answer = client.post("/dang-nhap", data={"name": "van-thu-a", "password": PASSWORD})
    assert answer.status_code == 403
    assert "CSRF" in answer.text and "<html" in answer.text


def test_every_form_needs_the_session_csrf_token(small: Server, sample_workbook: Path) -> None:
    client = login(small, "van-thu-a")
    files = {"data": ("du-lieu.xlsx", sample_workbook.read_bytes())}
    assert client.post("/tai-len", files=files).status_code == 403
    assert client.post("/tai-len", files=files, data={"csrf": "gia"}).status_code == 403
    assert client.post("/dang-xuat").status_code == 403
    answer = client.post("/tai-len", files=files, data={"csrf": csrf_of(client)})
    assert answer.status_code == 303 and answer.headers["location"].startswith("/lap/")


def test_logins_are_throttled(small: Server) -> None:
    with httpx.Client(base_url=small.url) as client:
        for _ in range(5):
            assert try_login(client, "van-thu-b", "sai-mat-khau").status_code == 401
        refused = try_login(client, "van-thu-b", PASSWORD)  # right password, too late
    assert refused.status_code == 429
    assert "15 phút" in refused.text


def test_sessions_expire(small: Server) -> None:
    client = login(small, "van-thu-khac")
    assert client.get("/").status_code == 303  # to the organisation's page
    with sqlite3.connect(small.data_dir / "vanban-web.sqlite") as db:
        db.execute(
            "UPDATE sessions SET seen_at = '2020-01-01T00:00:00+00:00' WHERE user = 'van-thu-khac'"
        )
    answer = client.get("/to-chuc/xa-khac")
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/dang-nhap")


def test_upload_above_the_limit_is_413(small: Server) -> None:
    big = b"PK" + b"\0" * (1024 * 1024 + 10)
    with small.api("van-thu-a") as client:
        answer = client.post("/api/v1/jobs", files={"data": ("du-lieu.xlsx", big)})
    assert answer.status_code == 413
    assert "1 MB" in answer.json()["errors"][0]["message"]
    page = login(small, "van-thu-a").post("/tai-len", files={"data": ("du-lieu.xlsx", big)})
    assert page.status_code == 413 and "quá lớn" in page.text


def _chunked_upload(sent: list[int], total: int) -> Iterator[bytes]:
    """Yield a multipart body of one .xlsx field `total` bytes long, counting what is sent."""
    head = (
        b'--b0undary\r\nContent-Disposition: form-data; name="data"; '
        b'filename="du-lieu.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\nPK'
    )
    sent.append(len(head))
    yield head
    chunk = b"\0" * 65536
    while sent[0] < total:
        sent[0] += len(chunk)
        yield chunk
    yield b"\r\n--b0undary--\r\n"


@pytest.mark.parametrize("where", ["/api/v1/jobs", "/tai-len"])
def test_chunked_upload_above_the_limit_is_413_without_reading_it_all(
    small: Server, where: str
) -> None:
    # No Content-Length: the limit is found while reading, and still answered 413 (not 400).
    client = small.api("van-thu-a") if where.startswith("/api/") else login(small, "van-thu-a")
    sent: list[int] = []
    total = 200 * 1024 * 1024
    try:
        answer = client.post(
            where,
            content=_chunked_upload(sent, total),
            headers={"Content-Type": "multipart/form-data; boundary=b0undary"},
        )
    finally:
        client.close()
    assert answer.request.headers.get("transfer-encoding") == "chunked"
    assert "content-length" not in answer.request.headers
    assert answer.status_code == 413, answer.text
    if where.startswith("/api/"):
        assert "1 MB" in answer.json()["errors"][0]["message"]
    else:
        assert "quá lớn" in answer.text and "1 MB" in answer.text
    # The server stopped reading at the limit: the client never got to send the whole body.
    assert sent[0] < total // 4


def _zip(entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            archive.writestr(info, data)
    return buffer.getvalue()


def _yaml_entries(prefix: str = "") -> list[tuple[zipfile.ZipInfo | str, bytes]]:
    return [(prefix + p.name, p.read_bytes()) for p in sorted(sample_folder().glob("*.yaml"))]


def _link(name: str, target: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


@pytest.mark.parametrize(
    ("entries", "reason"),
    [
        ([("../to-chuc.yaml", b"ma: x\n")], "ra ngoài thư mục"),
        ([("du-lieu/../../to-chuc.yaml", b"ma: x\n")], "ra ngoài thư mục"),
        ([("/etc/to-chuc.yaml", b"ma: x\n")], "tuyệt đối"),
        ([(_link("to-chuc.yaml", "/etc/passwd"), b"/etc/passwd")], "liên kết"),
        ([("to-chuc.yaml", b"\0" * (5 * 1024 * 1024))], "zip bomb"),
        (
            [("a.yaml", b"\0" * (15 * 1024 * 1024)), ("b.yaml", b"\0" * (15 * 1024 * 1024))],
            "quá 20 MB",
        ),
    ],
    ids=["dot-dot", "nested-dot-dot", "absolute", "symlink", "bomb", "too-large"],
)
def test_hostile_zip_is_refused_before_extraction(
    small: Server, entries: list[tuple[zipfile.ZipInfo | str, bytes]], reason: str
) -> None:
    body = _zip(entries)
    with small.api("van-thu-a") as client:
        answer = client.post("/api/v1/jobs", files={"data": ("du-lieu.zip", body)})
    assert answer.status_code == 422, answer.text
    assert reason in answer.json()["errors"][0]["message"]
    outside = small.data_dir / "to-chuc.yaml"
    assert not outside.exists()


def test_zip_of_the_yaml_folder_builds(small: Server) -> None:
    body = _zip(_yaml_entries("binh-lu/"))
    with small.api("van-thu-a") as client:
        answer = client.post(
            "/api/v1/jobs", files={"data": ("binh-lu.zip", body)}, data={"set": "plan"}
        )
        assert answer.status_code == 202, answer.text
        job = wait_job(client, answer.json()["url"])
    assert job["status"] == "done", job["errors"]
    assert [d["kind"] for d in job["documents"]] == ["kh_cchc"]


def _insert_job(data_dir: Path, job_id: str, status: str, spec: BuildSpec) -> None:
    with sqlite3.connect(data_dir / "vanban-web.sqlite") as db:
        db.execute(
            "INSERT INTO jobs (id, org, user, upload, set_name, spec, status, done_steps, "
            "total_steps, created_at) VALUES (?, 'binh-lu', 'van-thu-a', 'u', 'plan', ?, ?, 0, "
            "3, '2026-01-01T00:00:00+00:00')",
            (job_id, json.dumps(spec.to_dict()), status),
        )


def test_jobs_after_a_restart_fail_or_run_again(tmp_path: Path) -> None:
    """What a killed server leaves: a running job with a half-written set, a queued job."""
    seed(tmp_path)
    running = BuildSpec(data="x", set_name="plan", out=str(tmp_path / "jobs" / "j1" / "out"))
    _insert_job(tmp_path, "j1", "running", running)
    leftover = tmp_path / "jobs" / "j1" / "out" / "binh-lu" / "2026" / ".plan-abc123.tmp"
    leftover.mkdir(parents=True)
    (leftover / "01-ke-hoach-cchc.docx").write_bytes(b"half")
    # Its owner, the stopped server, is gone.
    owner = {"host": socket.gethostname(), "pid": dead_pid(), "started": None}
    (leftover / OWNER_NAME).write_text(json.dumps(owner), encoding="utf-8")
    queued = BuildSpec(
        data=str(sample_folder()), set_name="plan", out=str(tmp_path / "jobs" / "j2" / "out")
    )
    _insert_job(tmp_path, "j2", "queued", queued)
    # Received files of the stopped server (a finalisation's, an upload's): old ones go.
    incoming = tmp_path / "uploads" / ".incoming"
    (incoming / "a1b2-d").mkdir(parents=True)
    stale = [incoming / "a1b2", incoming / "a1b2-d"]
    (incoming / "a1b2").write_bytes(b"PK")
    (incoming / "a1b2-d" / "van-ban.docx").write_bytes(b"PK")
    for path in stale:
        os.utime(path, (time.time() - 7200, time.time() - 7200))
    young = incoming / "c3d4"
    young.write_bytes(b"PK")
    server = start_server(tmp_path, "--no-pdf")
    try:
        client = login(server, "van-thu-a")
        page = client.get("/viec/j1")
        rerun = client.get("/viec/j2/trang-thai").json()
        while rerun["status"] in ("queued", "running"):
            rerun = client.get("/viec/j2/trang-thai").json()
    finally:
        server.stop()
    assert page.status_code == 200
    assert "lỗi" in page.text and "Máy chủ đã dừng" in page.text
    assert not leftover.exists()
    assert not any(path.exists() for path in stale)
    assert young.exists()
    assert rerun["status"] == "done", rerun["errors"]
    assert [d["kind"] for d in rerun["documents"]] == ["kh_cchc"]


def test_audit_log_lists_who_did_what(small: Server, sample_workbook: Path) -> None:
    with httpx.Client(base_url=small.url) as stranger:
        assert try_login(stranger, "van-thu-khac", "sai-mat-khau").status_code == 401
    clerk = login(small, "van-thu-a")
    clerk.post(
        "/tai-len",
        files={"data": ("du-lieu.xlsx", sample_workbook.read_bytes())},
        data={"csrf": csrf_of(clerk)},
    )
    assert clerk.get("/quan-tri/nhat-ky").status_code == 403
    admin = login(small, "quan-tri")
    page = admin.get("/quan-tri/nhat-ky")
    assert page.status_code == 200
    assert "van-thu-a" in page.text
    for action in ("đăng nhập", "tải dữ liệu lên", "đăng nhập sai"):
        assert action in page.text, action


def test_pages_of_errors_are_vietnamese(small: Server) -> None:
    client = login(small, "van-thu-a")
    missing = client.get("/khong-co-trang-nay")
    assert missing.status_code == 404 and "Không tìm thấy" in missing.text
    other = client.get("/to-chuc/xa-khac")
    assert other.status_code == 404
    forbidden = client.get("/tinh")
    assert forbidden.status_code == 403 and "Không có quyền" in forbidden.text
    job = client.get("/viec/khongco")
    assert job.status_code == 404


def test_pages_show_vietnam_time(small: Server) -> None:
    # The store keeps UTC; a clerk reads Vietnam time (+07:00), dd/mm/yyyy HH:MM.
    with Store(small.data_dir).connect() as db:
        db.execute(
            "INSERT INTO audit (at, user, org, action, target, detail) VALUES (?,?,?,?,?,?)",
            ("2026-03-05T20:30:00Z", "van-thu-a", "binh-lu", "thu-gio", "dong-ho", ""),
        )
    admin = login(small, "quan-tri")
    page = admin.get("/quan-tri/nhat-ky")
    assert page.status_code == 200
    row = re.search(r"<tr><td>([^<]*)</td><td>van-thu-a</td><td>binh-lu</td><td>thu-gio", page.text)
    assert row is not None, page.text
    assert row[1] == "06/03/2026 03:30"
