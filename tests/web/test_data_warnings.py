"""Warnings about accepted data reach the web as they reach `vanban check`: cells that still name
the sample commune after the clerk renamed theirs, on the build page and in the API's answer."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import Server
from tests.web.test_security import _yaml_entries, _zip, csrf_of, login

pytestmark = [pytest.mark.xdist_group("web-data-warnings")]
RENAMED = "Cảnh báo: tổ chức đã đổi tên thành Ủy ban nhân dân xã Mới, nhưng "


def _renamed_zip() -> bytes:
    """Return the sample YAML folder as a .zip, the organisation renamed, its cells not."""
    entries = []
    old = "ten_day_du: Ủy ban nhân dân xã Bình Lư"
    for name, data in _yaml_entries():
        text = data.decode("utf-8")
        if name == "to-chuc.yaml":
            assert old in text
            text = text.replace(old, "ten_day_du: Ủy ban nhân dân xã Mới")
        entries.append((name, text.encode("utf-8")))
    return _zip(entries)


def test_the_api_answer_warns_about_the_sample_name(server: Server) -> None:
    with server.api("van-thu-a") as client:
        answer = client.post(
            "/api/v1/jobs",
            files={"data": ("du-lieu.zip", _renamed_zip())},
            data={"set": "plan", "issue": "false"},
        )
    assert answer.status_code == 202, answer.text
    warnings = answer.json()["warnings"]
    assert warnings[0].startswith(RENAMED), warnings
    assert warnings[0].endswith("vẫn ghi tên xã mẫu 'Bình Lư'; kiểm tra lại:")
    assert warnings[1].startswith("- du-lieu.zip"), warnings


def test_the_build_page_warns_about_the_sample_name(server: Server) -> None:
    clerk = login(server, "van-thu-a")
    answer = clerk.post(
        "/tai-len",
        files={"data": ("du-lieu.zip", _renamed_zip())},
        data={"csrf": csrf_of(clerk)},
    )
    assert answer.status_code == 303, answer.text
    page = clerk.get(answer.headers["location"])
    assert page.status_code == 200
    section = re.search(r'id="canh-bao-du-lieu">(.*?)</section>', page.text, re.S)
    assert section is not None, page.text
    assert RENAMED in section[1]
    # The sample itself (not renamed) gets no such warning.
    plain = clerk.post(
        "/tai-len",
        files={"data": ("du-lieu.zip", _zip(_yaml_entries()))},
        data={"csrf": csrf_of(clerk)},
    )
    assert 'id="canh-bao-du-lieu"' not in clerk.get(plain.headers["location"]).text
