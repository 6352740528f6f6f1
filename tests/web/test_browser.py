"""The whole journey in the Debian chromium, driven by Playwright against a real server.

Set VANBAN_SCREENSHOTS=folder to also save screenshots at 1366×768 and at phone width.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.web.conftest import PASSWORD, XLSX_TYPE, Server, wait_job

pytestmark = [pytest.mark.browser, pytest.mark.soffice, pytest.mark.xdist_group("browser")]
CHROMIUM = Path("/usr/bin/chromium")
ALL_LOADED = (
    "() => [...document.querySelectorAll('{}')].every(i => i.complete && i.naturalWidth > 0)"
)
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip

if not CHROMIUM.exists():  # pragma: no cover
    pytest.skip("cần Debian chromium (/usr/bin/chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Yield one chromium for the module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


def _shots() -> Path | None:
    folder = os.environ.get("VANBAN_SCREENSHOTS")
    return Path(folder) if folder else None


def shoot(page: Any, name: str) -> None:
    """Save the page at office width and at phone width when screenshots are asked for."""
    folder = _shots()
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.screenshot(path=str(folder / f"{name}-1366.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(folder / f"{name}-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})


def log_in(page: Any, server: Server, user: str) -> None:
    """Sign in through the login form."""
    page.goto(server.url + "/")
    assert "/dang-nhap" in page.url
    page.fill("input[name=name]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")


def _cli_inspection(workbook: Path, out: Path) -> Path:
    """Return the inspection set folder the CLI makes from the same workbook."""
    subprocess.run(
        [sys.executable, "-m", "generator", "build", "inspection", str(workbook),
         "--out", str(out)],
        check=True, capture_output=True,
    )  # fmt: skip
    return next(out.rglob("manifest.json")).parent


def _pdfa_part(data: bytes) -> str | None:
    found = re.search(rb"pdfaid:part(?:>|=\")(\d)", data)
    return found[1].decode() if found else None


def _outline(reader: PdfReader) -> list[str]:
    return [item.title for item in reader.outline if not isinstance(item, list)]


def test_clerk_journey(
    browser: Any, server: Server, sample_workbook: Path, broken_workbook: Path, tmp_path: Path
) -> None:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(server.url + "/")
    shoot(page, "01-dang-nhap")
    log_in(page, server, "van-thu-a")
    assert page.url.endswith("/to-chuc/binh-lu")
    assert page.locator("#sets").inner_text().count("chưa lập") == 3
    shoot(page, "02-trang-chu")

    # A broken workbook: the table names every bad cell; nothing is built.
    page.click("text=Tải dữ liệu lên")
    # The file input speaks Vietnamese: a styled label, the native control visually hidden but
    # still the labelled input, and the chosen file's name beside it.
    assert page.locator("label[for=tep-du-lieu] .file-pick").inner_text() == "Chọn tệp…"
    assert page.locator("#tep-du-lieu-ten").inner_text() == "Chưa chọn tệp nào"
    assert page.get_by_label("Sổ Excel dữ liệu (.xlsx)").get_attribute("name") == "data"
    box = page.locator("#tep-du-lieu").bounding_box()
    assert box is None or box["width"] <= 1
    page.set_input_files("input[name=data]", str(broken_workbook))
    assert page.locator("#tep-du-lieu-ten").inner_text() == "du-lieu-hong.xlsx"
    shoot(page, "02b-tai-len")
    page.click("main button[type=submit]")
    rows = [r.split("\t") for r in page.locator("#problems tbody").inner_text().splitlines()]
    assert [r[1:5] for r in rows] == [
        ["du-lieu-hong.xlsx", "ChiTieu", "E2", "muc_tieu"],
        ["du-lieu-hong.xlsx", "KiemTra", "B3", "so"],
    ]
    assert "nhận được 'ngày mai'" in rows[1][5]
    assert page.locator("text=Tải sổ Excel có đánh dấu các ô lỗi").count() == 1
    shoot(page, "03-loi-du-lieu")
    with page.expect_download() as marked:
        page.click("text=Tải sổ Excel có đánh dấu các ô lỗi")
    from openpyxl import load_workbook

    marked.value.save_as(tmp_path / "danh-dau.xlsx")
    book = load_workbook(tmp_path / "danh-dau.xlsx")
    assert "ngày mai" in book["KiemTra"]["B3"].comment.text

    # The sample workbook: build the inspection set as a draft.
    page.set_input_files("input[name=data]", str(sample_workbook))
    page.click("main button[type=submit]")
    assert "/lap/" in page.url
    shoot(page, "04-lap-van-ban")
    page.check("input[value=inspection]")
    page.click("main button[type=submit]")
    assert "/viec/" in page.url
    job_id = page.url.rsplit("/", 1)[1]
    seen = []
    if page.locator("#progress").count():
        seen.append(page.locator("#progress").get_attribute("value"))
        page.wait_for_function(
            "() => { const p = document.getElementById('progress');"
            " return !p || Number(p.value) > 0; }", timeout=300_000
        )  # fmt: skip
        shoot(page, "05-dang-lap")
    page.wait_for_selector("#result", timeout=300_000)
    assert page.locator("#job-status").inner_text() == "đã xong"
    thumbs = page.locator("img.thumb")
    assert thumbs.count() == 9
    page.wait_for_function(ALL_LOADED.format("img.thumb"))
    shoot(page, "06-ket-qua")

    with page.expect_download() as bundle_download:
        page.click("a[href$='/tep/bundle.pdf']")
    web_bundle = Path(bundle_download.value.path()).read_bytes()
    cli = _cli_inspection(sample_workbook, tmp_path / "cli")
    cli_bundle = (cli / "bundle.pdf").read_bytes()
    web_reader, cli_reader = PdfReader(_io(web_bundle)), PdfReader(_io(cli_bundle))
    assert len(web_reader.pages) == len(cli_reader.pages)
    assert _outline(web_reader) == _outline(cli_reader)
    assert _pdfa_part(web_bundle) == _pdfa_part(cli_bundle) == "2"
    web_folder = next((server.data_dir / "jobs" / job_id / "out").rglob("manifest.json")).parent
    for pdf in sorted(cli.glob("*.pdf")):
        if pdf.name == "bundle.pdf":
            continue
        ours, theirs = PdfReader(web_folder / pdf.name), PdfReader(pdf)
        assert len(ours.pages) == len(theirs.pages), pdf.name
        assert sorted(ours.get_fields() or {}) == sorted(theirs.get_fields() or {}), pdf.name
        assert sorted(theirs.get_fields() or {}), pdf.name  # the signature fields are there

    # The preview shows every page of a document as an image.
    page.click("a:has-text('Xem trước') >> nth=0")
    page.wait_for_function(ALL_LOADED.format(".pages img"))
    assert page.locator(".pages img").count() >= 1
    shoot(page, "07-xem-truoc")

    page.goto(server.url + "/to-chuc/binh-lu")
    assert "dự thảo" in page.locator("#sets").inner_text()
    page.click("text=Đăng xuất")
    assert "/dang-nhap" in page.url
    page.goto(server.url + f"/viec/{job_id}")
    assert "/dang-nhap" in page.url  # signed out: the job is not shown
    context.close()


def _io(data: bytes) -> Any:
    import io

    return io.BytesIO(data)


def test_province_dashboard_and_another_clerks_job(
    browser: Any, server: Server, sample_workbook: Path, tmp_path: Path
) -> None:
    # Another commune's plan, built by its own clerk through the API.
    from openpyxl import load_workbook

    book = load_workbook(sample_workbook)
    book["ToChuc"]["B2"] = "xa-khac"
    book["ToChuc"]["B3"] = "Ủy ban nhân dân xã Khác"
    other = tmp_path / "xa-khac.xlsx"
    book.save(other)
    with server.api("van-thu-khac") as client, other.open("rb") as handle:
        answer = client.post(
            "/api/v1/jobs", files={"data": (other.name, handle, XLSX_TYPE)}, data={"set": "plan"}
        )
        assert answer.status_code == 202, answer.text
        job = wait_job(client, answer.json()["url"])
    assert job["status"] == "done", job["errors"]

    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    log_in(page, server, "van-thu-a")
    response = page.goto(server.url + f"/viec/{job['id']}")
    assert response.status == 404
    assert "Không tìm thấy" in page.content()
    shoot(page, "08-khong-tim-thay")
    context.close()

    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    log_in(page, server, "so-noi-vu")
    assert page.url.endswith("/tinh")
    table = page.locator("#province").inner_text()
    assert "Ủy ban nhân dân xã Bình Lư" in table and "xã Khác" in table
    shoot(page, "09-tinh")
    page.select_option("select[name=huyen]", "Tam Đường")
    page.click("button:has-text('Lọc')")
    table = page.locator("#province").inner_text()
    assert "xã Khác" in table and "Bình Lư" not in table
    assert page.locator("#province a:has-text('bundle.pdf')").count() == 1
    context.close()


def test_issue_numbers_then_register_filter_void_export(
    browser: Any, server: Server, sample_workbook: Path, tmp_path: Path
) -> None:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    log_in(page, server, "van-thu-b")
    page.click("text=Tải dữ liệu lên")
    page.set_input_files("input[name=data]", str(sample_workbook))
    page.click("main button[type=submit]")
    page.check("input[name=set_name][value=plan]")
    page.check("input[name=issue][value='1']")
    page.click("main button[type=submit]")
    page.wait_for_selector("#result", timeout=300_000)
    number = page.locator(".doc-meta").first.inner_text()
    assert re.match(r"Số \d\d/KH-UBND", number), number
    with page.expect_download() as pdf:
        page.click(".doc-links a:has-text('.pdf') >> nth=0")
    assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF-")

    page.goto(server.url + "/to-chuc/binh-lu")
    assert "đã cấp số" in page.locator("#sets").inner_text()

    page.click("text=Sổ đăng ký")
    register = page.locator("#register").inner_text()
    so_ky_hieu = number.split()[1]
    assert so_ky_hieu in register and "đã ban hành" in register
    page.select_option("select[name=loai]", "KH")
    page.click("button:has-text('Lọc')")
    assert page.locator("#register tbody tr").count() >= 1
    shoot(page, "10-so-dang-ky")
    with page.expect_download() as exported:
        page.click("text=Xuất Excel")
    exported.value.save_as(tmp_path / "so.xlsx")
    from openpyxl import load_workbook

    cells = [c.value for ws in load_workbook(tmp_path / "so.xlsx") for row in ws for c in row]
    assert any(so_ky_hieu.split("/")[0] in str(v) for v in cells if v is not None)

    row = page.locator("#register tbody tr", has_text=so_ky_hieu)
    row.locator("input[name=ly_do]").fill("Ban hành nhầm, làm lại")
    row.locator("button:has-text('Hủy số')").click()
    assert f"Đã hủy số {so_ky_hieu}" in page.locator(".alert").inner_text()
    assert (
        "đã hủy số: Ban hành nhầm, làm lại"
        in page.locator("#register tbody tr", has_text=so_ky_hieu).inner_text()
    )
    context.close()

    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    log_in(page, server, "quan-tri")
    audit = page.locator("#audit").inner_text()
    for action in ("cấp số và lập", "hủy số", "xuất sổ đăng ký", "tải về", "tải dữ liệu lên"):
        assert action in audit, action
    shoot(page, "11-nhat-ky")
    context.close()


def test_issue_the_plan_and_decision_now_from_the_build_page(
    browser: Any, server: Server, sample_workbook: Path
) -> None:
    """The build page's issue choice and date, in a real browser: all the TBs on 05/03/2026 are
    refused row by row (before their inspections), then the KH and the QĐ alone are issued."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    log_in(page, server, "van-thu-b")
    page.click("text=Tải dữ liệu lên")
    page.set_input_files("input[name=data]", str(sample_workbook))
    page.click("main button[type=submit]")
    page.check("input[name=set_name][value=inspection]")
    page.check("input[name=issue][value='1']")
    page.select_option("select[name=chi]", "TB")
    page.fill("input[name=ngay]", "2026-03-05")
    page.click("main button[type=submit]")
    rows = page.locator("#problems tbody tr")
    assert rows.count() >= 3
    assert "Ngày ban hành 05/03/2026" in rows.first.inner_text()
    assert "Cách cấp số" in rows.last.inner_text()
    shoot(page, "12-cap-so-sai-thu-tu")

    page.go_back()
    page.check("input[name=set_name][value=inspection]")
    page.check("input[name=issue][value='1']")
    page.select_option("select[name=chi]", "KH,QĐ")
    page.fill("input[name=ngay]", "2026-03-05")
    page.click("main button[type=submit]")
    page.wait_for_selector("#result", timeout=300_000)
    meta = page.locator(".doc-meta").all_inner_texts()
    numbered = [m for m in meta if re.search(r"Số \d\d/(KH|QĐ)-UBND", m)]
    assert len(meta) == 9 and len(numbered) == 2, meta
    context.close()
