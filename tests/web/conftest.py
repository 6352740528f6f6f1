"""A real `vanban serve` on a free port, its users and tokens, and the sample workbooks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from generator.web.store import Store
from generator.web.users import add_user, create_token, ensure_org

PASSWORD = "mat-khau-thu-nghiem"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# name → (organisation, role)
USERS = {
    "van-thu-a": ("binh-lu", "clerk"),
    "van-thu-b": ("binh-lu", "clerk"),
    "van-thu-khac": ("xa-khac", "clerk"),
    "so-noi-vu": ("so-noi-vu-lai-chau", "province"),
    "quan-tri": ("quan-tri", "admin"),
}
ORGS = {
    "binh-lu": ("Ủy ban nhân dân xã Bình Lư", "Lai Châu", "Phong Thổ"),
    "xa-khac": ("Ủy ban nhân dân xã Khác", "Lai Châu", "Tam Đường"),
    "so-noi-vu-lai-chau": ("Sở Nội vụ tỉnh Lai Châu", "Lai Châu", ""),
    "quan-tri": ("Quản trị", "", ""),
}


def free_port() -> int:
    """Return a TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    """A running `vanban serve` process."""

    url: str
    data_dir: Path
    process: subprocess.Popen[bytes]
    tokens: dict[str, str] = field(default_factory=dict)

    def api(self, user: str | None = None) -> httpx.Client:
        """Return an httpx client for the API, with the user's bearer token."""
        headers = {"Authorization": f"Bearer {self.tokens[user]}"} if user else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=60)

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL)."""
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def seed(data_dir: Path) -> dict[str, str]:
    """Return the API tokens of the test users after creating them in `data_dir`."""
    store = Store(data_dir)
    for slug, (name, province, district) in ORGS.items():
        ensure_org(store, slug, name=name, province=province, district=district)
    tokens = {}
    for name, (org, role) in USERS.items():
        add_user(store, name, org, role, PASSWORD)
        tokens[name] = create_token(store, name)
    return tokens


def start_server(data_dir: Path, *args: str, tmpdir: Path | None = None) -> Server:
    """Return a started server over `data_dir` (waits until it answers); with `tmpdir`, the
    server's TMPDIR (where its LibreOffice pool lives), so a test can find what it left."""
    port = free_port()
    log = (data_dir / "server.log").open("ab")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if tmpdir is not None:
        tmpdir.mkdir(parents=True, exist_ok=True)
        env["TMPDIR"] = str(tmpdir)
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--port", str(port),
         "--data-dir", str(data_dir), *args],
        stdout=log, stderr=subprocess.STDOUT, env=env,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError((data_dir / "server.log").read_text(errors="replace"))
        try:
            httpx.get(url + "/dang-nhap", timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    return Server(url, data_dir, process)


def post_kh_qd(client: httpx.Client, workbook: Path) -> httpx.Response:
    """Return the answer to an issuing inspection job for the KH and QĐ on 05/03/2026 (the
    chain's date order: the TBs come after the inspections), the workbook uploaded."""
    with workbook.open("rb") as handle:
        return client.post(
            "/api/v1/jobs",
            files={"data": (workbook.name, handle, XLSX_TYPE)},
            data={"set": "inspection", "issue": "true", "chi": "KH,QĐ", "ngay": "05/03/2026"},
        )


@pytest.fixture(scope="session")
def sample_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the sample workbook (xã Bình Lư) as `vanban init` writes it."""
    from generator.sources import load_dataset
    from generator.sources.sample import sample_folder
    from generator.sources.xlsx_writer import write_workbook

    path = tmp_path_factory.mktemp("wb") / "du-lieu.xlsx"
    write_workbook(load_dataset(sample_folder()), path)
    return path


@pytest.fixture(scope="session")
def broken_workbook(sample_workbook: Path) -> Path:
    """Return the sample workbook with two bad cells: ChiTieu!E2 and KiemTra!B3."""
    from openpyxl import load_workbook

    book = load_workbook(sample_workbook)
    book["ChiTieu"]["E2"] = "chín lăm"
    book["KiemTra"]["B3"] = "ngày mai"
    path = sample_workbook.with_name("du-lieu-hong.xlsx")
    book.save(path)
    return path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Yield a server with the test users (one per module)."""
    data_dir = tmp_path_factory.mktemp("web")
    tokens = seed(data_dir)
    running = start_server(data_dir)
    running.tokens = tokens
    yield running
    running.stop()


def wait_job(client: httpx.Client, url: str, timeout: float = 300) -> dict[str, object]:
    """Return the job's JSON once it is done or failed."""
    deadline = time.monotonic() + timeout
    while True:
        state: dict[str, object] = client.get(url).json()
        if state["status"] in ("done", "failed") or time.monotonic() > deadline:
            return state
        time.sleep(0.3)
