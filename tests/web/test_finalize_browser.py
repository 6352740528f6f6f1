"""Hoàn thiện and mẫu riêng in the Debian chromium: the clerk finalises an edited draft on the
set's page and sees its versions; the admin uploads a province template set the next build uses.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest

from generator.service.templates import export_templates
from tests.docx_text import docx_text
from tests.service.clerk import set_text
from tests.service.test_templates import EXTRA, province
from tests.web.conftest import PASSWORD, Server

pytestmark = [pytest.mark.browser, pytest.mark.soffice, pytest.mark.xdist_group("browser")]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip

if not CHROMIUM.exists():  # pragma: no cover
    pytest.skip("cần Debian chromium (/usr/bin/chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Yield one chromium for the module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


def sign_in(chromium: Any, server: Server, user: str) -> Any:
    """Return a page of a new browser context, signed in as `user`."""
    context = chromium.new_context(accept_downloads=True, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(server.url + "/dang-nhap")
    page.fill("input[name=name]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    return page


def build_inspection(page: Any, server: Server, workbook: Path) -> Path:
    """Build the inspection draft through the pages; return its set folder on the server."""
    page.goto(server.url + "/tai-len")
    page.set_input_files("input[name=data]", str(workbook))
    page.click("main button[type=submit]")
    page.check("input[value=inspection]")
    page.click("main button[type=submit]")
    page.wait_for_selector("#result", timeout=300_000)
    job_id = page.url.rsplit("/", 1)[1]
    return next((server.data_dir / "jobs" / job_id / "out").rglob("manifest.json")).parent


def edited_copy(source: Path, out: Path) -> Path:
    """Return a copy of `source` with one list item changed, as a clerk does in Word."""
    doc = docx.Document(str(source))
    item = next(p for p in doc.paragraphs if p.text.startswith("- ") and p.text.endswith(";"))
    set_text(item, item.text[:-1] + " và báo cáo kết quả bằng văn bản;")
    doc.save(str(out))
    return out


def test_clerk_finalises_an_edited_draft_and_sees_its_versions(
    chromium: Any, server: Server, sample_workbook: Path, tmp_path: Path
) -> None:
    page = sign_in(chromium, server, "van-thu-a")
    folder = build_inspection(page, server, sample_workbook)
    job_url = page.url
    edited = edited_copy(folder / "01-ke-hoach-kiem-tra.docx", tmp_path / "Kế hoạch đã sửa.docx")

    page.set_input_files("#finalize input[name=data]", str(edited))
    page.check("#finalize input[name=issue]")
    page.fill("#finalize input[name=ngay]", "20/03/2026")
    page.click("#finalize button[type=submit]")
    result = page.locator("#finalize-result").inner_text()
    assert "Đã hoàn thiện 01-ke-hoach-kiem-tra.docx" in result
    number = re.search(r"Số (\d+/KH-UBND) · bản 2", result)
    assert number is not None, result
    versions = page.locator("#versions").inner_text()
    assert re.search(r"bản 1 \(số 45/KH-UBND\): \.docx ?\.pdf", versions), versions
    assert f"bản 2 · số {number[1]} · hoàn thiện " in versions
    with page.expect_download() as old:
        page.click("#versions a[href$='/1/pdf'] >> nth=0")
    assert Path(old.value.path()).read_bytes().startswith(b"%PDF-")
    assert "và báo cáo kết quả bằng văn bản" in docx_text(folder / "01-ke-hoach-kiem-tra.docx")

    # A document of another commune's set is refused with the reason; nothing changes.
    before = (folder / "manifest.json").read_bytes()
    stranger = tmp_path / "khac.docx"
    _another_org(stranger)
    page.goto(job_url)
    page.set_input_files("#finalize input[name=data]", str(stranger))
    page.click("#finalize button[type=submit]")
    problems = page.locator("#finalize-problems").inner_text()
    assert "không phải văn bản của bộ inspection (Ủy ban nhân dân xã Bình Lư)" in problems
    assert (folder / "manifest.json").read_bytes() == before
    page.context.close()

    # Another commune's clerk does not see the set; the province sees it but cannot finalise.
    other = sign_in(chromium, server, "van-thu-khac")
    assert other.goto(job_url).status == 404
    assert other.goto(job_url + "/phien-ban").status == 404
    other.context.close()
    province_user = sign_in(chromium, server, "so-noi-vu")
    assert province_user.goto(job_url).status == 200
    assert province_user.locator("#finalize form").count() == 0
    assert province_user.goto(job_url + "/phien-ban").status == 200
    province_user.context.close()


def _another_org(out: Path) -> None:
    """Write the minimal case's KH (xã An Hòa) to `out`, built with --no-pdf."""
    from click.testing import CliRunner

    from generator.cli import cli

    cases = Path(__file__).parents[1] / "cases" / "inspection" / "minimal" / "data"
    built = CliRunner().invoke(cli, ["build", "inspection", str(cases), "--out",
                                     str(out.parent / "khac"), "--no-pdf"])  # fmt: skip
    assert built.exit_code == 0, built.output
    out.write_bytes(next((out.parent / "khac").rglob("01-ke-hoach-kiem-tra.docx")).read_bytes())


def _zip(folder: Path, out: Path) -> Path:
    with zipfile.ZipFile(out, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"mau-tinh/{path.relative_to(folder).as_posix()}")
    return out


def test_admin_uploads_a_province_template_set_the_next_build_uses(
    chromium: Any, server: Server, sample_workbook: Path, tmp_path: Path
) -> None:
    defaults = tmp_path / "mac-dinh"
    export_templates(defaults)
    typo = _zip(province(defaults, tmp_path / "loi", EXTRA.replace("ten_to_chuc", "ten_to_chucc")),
                tmp_path / "loi.zip")  # fmt: skip
    good = _zip(province(defaults, tmp_path / "dung"), tmp_path / "dung.zip")

    admin = sign_in(chromium, server, "quan-tri")
    admin.click("text=Mẫu riêng")
    admin.select_option("select[name=scope]", "province")
    admin.fill("input[name=target]", "Lai Châu")
    admin.set_input_files("input[name=data]", str(typo))
    admin.click("main button[type=submit]")
    problems = admin.locator("#template-problems").inner_text()
    assert "kehoach/kiem-tra.docx: đoạn 75" in problems
    assert "biến 'ten_to_chucc' không có trong dữ liệu của loại văn bản này" in problems
    assert "Chưa có bộ mẫu nào" in admin.locator("#template-sets").inner_text()
    admin.select_option("select[name=scope]", "province")
    admin.fill("input[name=target]", "Lai Châu")
    admin.set_input_files("input[name=data]", str(good))
    admin.click("main button[type=submit]")
    assert "Đã lưu bộ mẫu cho tỉnh lai-chau" in admin.locator("#template-stored").inner_text()
    admin.context.close()

    # A clerk of a commune in Lai Châu builds: the KH follows the province's template.
    page = sign_in(chromium, server, "van-thu-b")
    folder = build_inspection(page, server, sample_workbook)
    text = docx_text(folder / "01-ke-hoach-kiem-tra.docx")
    assert "I. MỤC ĐÍCH VÀ YÊU CẦU CỦA ĐỢT KIỂM TRA" in text
    assert "VI. CHẾ ĐỘ THÔNG TIN, BÁO CÁO" in text
    page.context.close()
