"""A bug in a route gives a Vietnamese 500 page (JSON under /api/), never a traceback."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from generator.web.app import create_app
from generator.web.config import WebConfig
from tests.web.conftest import free_port

pytestmark = [pytest.mark.xdist_group("web-security")]


@pytest.fixture
def crashing(tmp_path: Path) -> Iterator[str]:
    """Yield the URL of a real uvicorn serving the app plus a router that raises."""
    app = create_app(
        WebConfig(data_dir=tmp_path, pdf=False), extra_routers=["tests.web.crash_routes"]
    )
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join()


def test_a_bug_gives_a_vietnamese_500(crashing: str) -> None:
    page = httpx.get(crashing + "/thu-loi")
    assert page.status_code == 500
    assert "Lỗi máy chủ" in page.text and "Traceback" not in page.text
    assert "RuntimeError" not in page.text
    api = httpx.get(crashing + "/api/v1/thu-loi")
    assert api.status_code == 500
    assert api.json()["errors"][0]["message"].startswith("Máy chủ gặp lỗi")
