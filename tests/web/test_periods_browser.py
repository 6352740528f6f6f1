"""Periodic reports in a real browser (Debian chromium through Playwright).

Three unit users submit: one types a bad figure, sees the error and fixes it; one submits after
the Văn phòng moved the due date earlier (late). The Văn phòng sees the units × status table with
its reminders, aggregates, and the report's figures are the sum / mean of the units' figures;
every document passes `vanban lint`; the province dashboard shows the commune's status.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from generator.nd30 import lint_errors
from generator.service.periods.store import VIETNAM
from tests.docx_text import docx_text
from tests.web.conftest import PASSWORD, Server, start_server
from tests.web.test_periods_api import seed_periods

pytestmark = [pytest.mark.browser, pytest.mark.soffice, pytest.mark.xdist_group("web-periods")]
CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.is_file():  # pragma: no cover  (make test installs it)
    pytest.skip("cần Debian chromium (/usr/bin/chromium)", allow_module_level=True)
ORG, KY = "binh-lu", "2026-H1"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, sample_workbook: Path) -> Iterator[Server]:
    """Yield a server (with PDF) whose clerk's current data is the sample workbook."""
    data_dir = tmp_path_factory.mktemp("web-periods-browser")
    tokens = seed_periods(data_dir, sample_workbook)
    running = start_server(data_dir)
    running.tokens = tokens
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Yield the Debian chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield launched
        launched.close()


def _login(browser: Any, server: Server, name: str) -> Any:
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(server.url + "/dang-nhap")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def _open(page: Any, server: Server, due: str) -> None:
    page.goto(f"{server.url}/bao-cao-dinh-ky/{ORG}")
    page.fill("#mo-ky input[name=ky]", KY)
    page.fill("#mo-ky input[name=due]", due)
    page.click("#mo-ky button[type=submit]")
    page.wait_for_load_state()


def _unit_form(page: Any) -> None:
    """Go from the unit's landing page (after login) to its form of the period."""
    page.click("#ky a")
    page.wait_for_load_state()


def _fill(page: Any, values: dict[str, str]) -> None:
    for key, value in values.items():
        page.fill(f'input[name="gia_tri:{key}"]', value)
    page.click("#gui")
    page.wait_for_load_state()


def test_three_units_report_the_office_aggregates_the_province_sees(
    live: Server, browser: Any, tmp_path: Path
) -> None:
    today = datetime.now(VIETNAM).date()
    clerk = _login(browser, live, "van-thu-a")
    _open(clerk, live, (today + timedelta(days=7)).strftime("%d/%m/%Y"))
    assert clerk.url.endswith(f"/bao-cao-dinh-ky/{ORG}/{KY}")
    assert clerk.locator("#don-vi tbody tr").count() == 6

    # Trung tâm PVHCC: a bad figure, the error names the field, then fixed.
    desk = _login(browser, live, "tt")
    assert desk.url.endswith(f"/bao-cao-dinh-ky/{ORG}/don-vi/tt-pvhcc")
    _unit_form(desk)
    _fill(
        desk,
        {"so_van_ban_chi_dao": "3", "so_tin_bai_tuyen_truyen": "5", "chi_tieu.ct-05": "chín lăm"},
    )
    problems = desk.inner_text("#problems")
    assert "biểu mẫu trên web › chi_tieu.ct-05" in problems
    assert "cần một số phần trăm như 95 hoặc 95%, nhận được 'chín lăm'" in problems
    assert desk.input_value('input[name="gia_tri:so_van_ban_chi_dao"]') == "3"
    _fill(desk, {"chi_tieu.ct-05": "98"})
    assert desk.is_visible("#da-gui")

    culture = _login(browser, live, "vh")
    _unit_form(culture)
    _fill(culture, {"so_van_ban_chi_dao": "4", "chi_tieu.ct-06": "100%"})
    assert culture.is_visible("#da-gui")

    # The province asked for the report earlier: the due date moves to yesterday.
    _open(clerk, live, (today - timedelta(days=1)).strftime("%d/%m/%Y"))
    police = _login(browser, live, "ca")
    _unit_form(police)
    _fill(police, {"so_van_ban_chi_dao": "1", "chi_tieu.ct-05": "95"})
    assert police.is_visible("#da-gui")
    # A unit user opening another unit's form gets the not-found page.
    other = police.goto(f"{live.url}/bao-cao-dinh-ky/{ORG}/{KY}/don-vi/tt-pvhcc")
    assert other.status == 404

    clerk.goto(f"{live.url}/bao-cao-dinh-ky/{ORG}/{KY}")
    rows = {
        r.get_attribute("data-unit"): r.inner_text()
        for r in clerk.locator("#don-vi tbody tr").all()
    }
    assert "Đã gửi" in rows["tt-pvhcc"] and "gửi chậm" not in rows["tt-pvhcc"]
    assert "Đã gửi" in rows["cong-an"] and "gửi chậm" in rows["cong-an"]
    assert "Quá hạn" in rows["kinh-te"]
    reminders = clerk.inner_text("#nhac-nho")
    for name in ("Văn phòng HĐND và UBND", "Phòng Kinh tế", "Trung tâm Dịch vụ tổng hợp"):
        assert name in reminders
    clerk.click("#tong-hop")
    clerk.wait_for_load_state()
    job_id = clerk.url.rsplit("/", 1)[1]
    deadline = time.monotonic() + 600
    while clerk.inner_text("#job-status") not in ("đã xong", "lỗi"):
        assert time.monotonic() < deadline, "Tổng hợp did not finish"
        time.sleep(1)
        clerk.reload()
    assert clerk.inner_text("#job-status") == "đã xong"

    with live.api("van-thu-a") as api:
        job = api.get(f"/api/v1/jobs/{job_id}").json()
        assert job["status"] == "done", job["errors"]
        (document,) = job["documents"]
        files = {}
        for name in (document["docx"], document["pdf"], "manifest.json"):
            files[name] = tmp_path / Path(name).name
            files[name].write_bytes(api.get(f"/api/v1/jobs/{job_id}/files/{name}").content)
        manifest = json.loads(files["manifest.json"].read_text(encoding="utf-8"))
        phu_luc, annex = manifest["extras"]
        book = openpyxl.load_workbook(
            io.BytesIO(api.get(f"/api/v1/jobs/{job_id}/files/{phu_luc}").content)
        )
        assert api.get(f"/api/v1/jobs/{job_id}/files/{annex}").status_code == 200
    assert lint_errors(files[document["docx"]]) == []
    assert lint_errors(files[document["pdf"]]) == []
    figures = {r[0].value: r[5].value for r in book["Chỉ số"].iter_rows(min_row=5)}
    assert figures["1.4"] == 3 + 4 + 1  # văn bản chỉ đạo: sum of the units
    assert figures["1.9"] == 5  # tin bài: only TT PVHCC reported one
    assert figures["3.5"] == pytest.approx((98 + 95) / 2 / 100)  # ct-05: mean, as a fraction
    assert figures["3.6"] == pytest.approx(1.0)  # ct-06: the unit in charge's value
    text = docx_text(files[document["docx"]])
    assert "còn 03 đơn vị chưa gửi báo cáo: Văn phòng HĐND và UBND, Phòng Kinh tế" in text
    assert "Công an xã Bình Lư gửi báo cáo chậm" in text

    province = _login(browser, live, "so-noi-vu")
    province.goto(f"{live.url}/tinh/bao-cao-dinh-ky")
    cell = province.inner_text(f"#xa-ky tr[data-org='{ORG}']")
    assert "Đã tổng hợp" in cell and "Báo cáo và phụ lục" in cell
