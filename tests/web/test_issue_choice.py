"""Issuing from the web keeps the inspection chain's date order and issues parts separately:
the API's `chi` and `ngay`, and the build page's choice (posted as a browser would, with CSRF)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.errors import DateOrderError
from generator.register import Register
from generator.service.jobs import BuildSpec, run_build
from generator.sources.sample import sample_folder
from tests.web.conftest import XLSX_TYPE, Server, seed, start_server, wait_job
from tests.web.test_security import csrf_of, login

pytestmark = [pytest.mark.xdist_group("web-issue-choice")]


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Yield a server that makes .docx only (the register is what these tests look at)."""
    data_dir = tmp_path_factory.mktemp("web-issue")
    tokens = seed(data_dir)
    running = start_server(data_dir, "--no-pdf")
    running.tokens = tokens
    yield running
    running.stop()


def _post(server: Server, workbook: Path, **fields: str) -> tuple[int, dict]:
    with server.api("van-thu-a") as client, workbook.open("rb") as handle:
        answer = client.post(
            "/api/v1/jobs", files={"data": (workbook.name, handle, XLSX_TYPE)}, data=fields
        )
    return answer.status_code, answer.json()


def _entries(server: Server) -> dict[str, tuple[str, str]]:
    """Return the register's entries: document key → (số/ký hiệu, ngày ISO)."""
    path = server.data_dir / "so-dang-ky.sqlite"
    if not path.exists():
        return {}
    with Register(path) as register:
        return {
            e.key: (e.so_ky_hieu, e.ngay.isoformat()) for e in register.entries("binh-lu", 2026)
        }


def test_an_issue_date_before_the_inspections_is_refused(
    drafts: Server, sample_workbook: Path
) -> None:
    for ngay in ("05/03/2026", "2026-03-05"):
        status, body = _post(drafts, sample_workbook, set="inspection", issue="true", ngay=ngay)
        assert status == 422, body
        [problem] = body["errors"]
        message = problem["message"]
        assert message.startswith("không cấp số ngày 05/03/2026: Thông báo kết luận (")
        assert "sớm hơn buổi kiểm tra của nó ngày 15/9/2026" in message
        assert message.endswith(
            "Cấp riêng từng văn bản khi đến lúc ban hành, ví dụ chi=KH,QĐ bây giờ, rồi "
            "chi=TB:<mã đơn vị> với ngay=<ngày> sau buổi kiểm tra của đơn vị đó"
        )
        assert "--chi" not in message
    status, body = _post(drafts, sample_workbook, set="inspection", issue="true", ngay="31/02/2026")
    assert status == 422 and body["errors"][0]["where"] == "ngay"
    status, body = _post(drafts, sample_workbook, set="inspection", issue="true", chi="TB:khong")
    assert status == 422
    assert body["errors"][0]["message"].startswith(
        "chi: bộ văn bản không có văn bản 'TB:khong'; chọn trong: KH, QĐ, TB, TB:vp-hdnd-ubnd"
    )
    assert _entries(drafts) == {}  # nothing reserved


def test_a_job_whose_dates_break_the_chain_fails_without_cli_words(tmp_path: Path) -> None:
    """When the dates are found wrong only in the job (the register changed meanwhile)."""
    spec = BuildSpec(
        data=str(sample_folder()), set_name="inspection", out=str(tmp_path / "out"),
        issue=True, register=str(tmp_path / "so.sqlite"), issue_date="2026-03-05",
    )  # fmt: skip
    with pytest.raises(DateOrderError) as caught:
        run_build(spec, converter=None, events=lambda _event: None)
    assert str(caught.value).startswith("không cấp số ngày 05/03/2026: ")
    assert "--chi" not in str(caught.value) and "chi=" not in str(caught.value)


def test_chi_issues_only_the_kh_and_the_qd(drafts: Server, sample_workbook: Path) -> None:
    before = _entries(drafts)
    status, body = _post(
        drafts, sample_workbook, set="inspection", issue="true", chi="KH,QĐ", ngay="2026-03-05"
    )
    assert status == 202, body
    with drafts.api("van-thu-a") as client:
        job = wait_job(client, body["url"])
    assert job["status"] == "done", job["errors"]
    numbered = [d["so_ky_hieu"] for d in job["documents"] if d["so_ky_hieu"]]
    assert len(job["documents"]) == 9 and len(numbered) == 2
    new = {key: value for key, value in _entries(drafts).items() if key not in before}
    assert sorted(key.split(":")[0] for key in new) == ["kh_kiem_tra", "qd_doan"]
    assert {ngay for _, ngay in new.values()} == {"2026-03-05"}
    assert sorted(so for so, _ in new.values()) == sorted(numbered)


def test_the_build_page_offers_the_choice_and_posts_it(
    drafts: Server, sample_workbook: Path
) -> None:
    client = login(drafts, "van-thu-a")
    files = {"data": ("du-lieu.xlsx", sample_workbook.read_bytes())}
    answer = client.post("/tai-len", files=files, data={"csrf": csrf_of(client)})
    assert answer.status_code == 303
    form_url = answer.headers["location"]
    page = client.get(form_url).text
    chi = re.search(r'<select name="chi">(.*?)</select>', page, re.S)
    assert chi is not None
    choices = re.findall(r'<option value="([^"]*)"[^>]*>([^<]+)</option>', chi[1])
    assert choices[:3] == [
        ("", "Cả bộ văn bản"),
        ("KH,QĐ", "Kế hoạch và Quyết định thành lập Đoàn"),
        ("TB", "Mọi Thông báo kết luận"),
    ]
    assert ("TB:kinh-te", "Thông báo kết luận: Phòng Kinh tế") in choices
    assert 'type="date" name="ngay"' in page
    token = csrf_of(client, form_url)
    # All the TBs on 05/03/2026: before their inspections, refused in the page's words.
    refused = client.post(
        form_url,
        data={"set_name": "inspection", "issue": "1", "chi": "TB", "ngay": "2026-03-05",
              "csrf": token},
    )  # fmt: skip
    assert refused.status_code == 422
    # One row per broken date (each TB before its unit's inspection), then how to issue instead.
    rows = re.findall(r"<tr><td>\d+</td><td colspan=\"4\" class=\"where\">(.*?)</td><td>(.*?)</td>",
                      refused.text)  # fmt: skip
    dated = [message for where, message in rows if where == "Ngày ban hành 05/03/2026"]
    assert len(dated) >= 2 and all(m.startswith("Thông báo kết luận (") for m in dated), rows
    assert rows[-1][0] == "Cách cấp số"
    assert "«Kế hoạch và Quyết định thành lập Đoàn» bây giờ" in rows[-1][1]
    assert f"Có {len(rows)} lỗi." in refused.text
    assert "--chi" not in refused.text and "chi=" not in refused.text
    before = _entries(drafts)
    # One unit's TB after its inspection (15/09/2026).
    answer = client.post(
        form_url,
        data={"set_name": "inspection", "issue": "1", "chi": "TB:kinh-te", "ngay": "2026-10-05",
              "csrf": token},
    )  # fmt: skip
    assert answer.status_code == 303, answer.text
    job_id = answer.headers["location"].rsplit("/", 1)[1]
    with drafts.api("van-thu-a") as api:
        job = wait_job(api, f"/api/v1/jobs/{job_id}")
    assert job["status"] == "done", job["errors"]
    new = {key: value for key, value in _entries(drafts).items() if key not in before}
    assert list(new) == ["tb_ket_luan:thong-bao-phong-kinh-te"]
    assert [ngay for _, ngay in new.values()] == ["2026-10-05"]
