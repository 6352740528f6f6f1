"""Unit users' codes against the organisation's current data: `vanban user add --unit`, the
warnings of an upload that does not name a unit user's unit, and the unit's name on its page."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli
from generator.web.config import WebConfig
from generator.web.store import Store
from generator.web.uploads import store_upload
from generator.web.users import add_user, disable_user, list_users
from tests.web.conftest import PASSWORD, XLSX_TYPE, Server, seed, start_server
from tests.web.test_security import csrf_of, login

pytestmark = [pytest.mark.xdist_group("web-unit-codes")]
CODES = "vp-hdnd-ubnd, vhxh, kinh-te, tt-pvhcc, tt-dvth, cong-an"


def add_unit_user(data_dir: Path, name: str, unit: str) -> Result:
    return CliRunner().invoke(
        cli,
        ["user", "add", name, "--org", "binh-lu", "--role", "unit", "--unit", unit,
         "--password-stdin", "--data-dir", str(data_dir)],
        input="mat-khau-dai-du\n",
    )  # fmt: skip


def upload_current(data_dir: Path, workbook: Path) -> None:
    body = data_dir / "incoming.xlsx"
    shutil.copy(workbook, body)
    store_upload(Store(data_dir), WebConfig(data_dir=data_dir).uploads, org="binh-lu",
                 user="van-thu-a", filename="du-lieu.xlsx", body=body)  # fmt: skip


def names(data_dir: Path) -> list[str]:
    return [user.name for user, _ in list_users(Store(data_dir))]


def test_without_data_the_code_is_taken_with_a_warning(tmp_path: Path) -> None:
    done = add_unit_user(tmp_path, "can-bo", "tt-pvhc")
    assert done.exit_code == 0, done.output
    assert done.stdout == "Đã thêm người dùng can-bo (unit) thuộc binh-lu, đơn vị tt-pvhc.\n"
    assert done.stderr == (
        "Lưu ý: binh-lu chưa có dữ liệu đã kiểm tra nên chưa đối chiếu được mã đơn vị "
        "'tt-pvhc'; mã này sẽ được đối chiếu khi văn thư tải dữ liệu lên (trang kết quả tải "
        "lên báo nếu kế hoạch CCHC không có đơn vị này).\n"
    )


def test_with_data_only_the_plans_units_are_taken(tmp_path: Path, sample_workbook: Path) -> None:
    seed(tmp_path)
    upload_current(tmp_path, sample_workbook)
    wrong = add_unit_user(tmp_path, "can-bo", "tt-pvhc")
    assert wrong.exit_code == 1
    assert wrong.output == (
        "Lỗi: dữ liệu hiện tại của binh-lu (du-lieu.xlsx): không có đơn vị nào mang mã "
        "'tt-pvhc' trong kế hoạch CCHC; có phải 'tt-pvhcc' (Trung tâm Phục vụ hành chính "
        f"công)? (các mã đơn vị được giao chủ trì, phối hợp: {CODES}); dùng một mã trong số "
        "đó, hoặc sửa dữ liệu và tải lên lại\n"
    )
    # A unit of the commune the plan gives no work (a school) is refused too.
    assert add_unit_user(tmp_path, "can-bo", "th-binh-lu").exit_code == 1
    assert "can-bo" not in names(tmp_path)
    right = add_unit_user(tmp_path, "can-bo", "tt-pvhcc")
    assert right.exit_code == 0, right.output
    assert right.output == "Đã thêm người dùng can-bo (unit) thuộc binh-lu, đơn vị tt-pvhcc.\n"


@pytest.fixture(scope="module")
def stale_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Yield a server without data whose unit users were added with one wrong code."""
    data_dir = tmp_path_factory.mktemp("web-unit-codes")
    tokens = seed(data_dir)
    store = Store(data_dir)
    add_user(store, "sai-ma", "binh-lu", "unit", PASSWORD, unit="tt-pvhc")
    add_user(store, "da-khoa", "binh-lu", "unit", PASSWORD, unit="khong-co")
    disable_user(store, "da-khoa")
    add_user(store, "dung-ma", "binh-lu", "unit", PASSWORD, unit="tt-pvhcc")
    running = start_server(data_dir, "--no-pdf")
    running.tokens = tokens
    yield running
    running.stop()


WARNING = (
    "người dùng 'sai-ma' thuộc đơn vị 'tt-pvhc', nhưng kế hoạch CCHC của dữ liệu này không giao "
    "việc cho đơn vị nào mang mã đó; có phải 'tt-pvhcc' (Trung tâm Phục vụ hành chính công)?; "
    "người đó sẽ không gửi được báo cáo định kỳ. Khóa tài khoản (vanban user disable sai-ma) "
    "rồi thêm lại với mã đúng, hoặc sửa dữ liệu"
)


def test_an_upload_warns_of_unit_users_it_does_not_name_and_pages_name_units(
    stale_server: Server, sample_workbook: Path
) -> None:
    data = sample_workbook.read_bytes()
    with stale_server.api("van-thu-a") as client:
        answer = client.post(
            "/api/v1/jobs", files={"data": ("du-lieu.xlsx", data, XLSX_TYPE)}, data={"set": "plan"}
        )
    assert answer.status_code == 202, answer.text
    assert answer.json()["warnings"] == [WARNING]
    page = login(stale_server, "van-thu-a")
    sent = page.post("/tai-len", files={"data": ("du-lieu.xlsx", data, XLSX_TYPE)},
                     data={"csrf": csrf_of(page)})  # fmt: skip
    assert sent.status_code == 303, sent.text
    shown = page.get(sent.headers["location"])
    assert shown.status_code == 200
    assert 'id="canh-bao-don-vi"' in shown.text
    assert "1 người dùng đơn vị không khớp" in shown.text
    assert WARNING.replace("'", "&#39;") in shown.text
    assert "da-khoa" not in shown.text and "dung-ma" not in shown.text
    # With the upload, binh-lu has current data: a unit's own page names the unit.
    right = login(stale_server, "dung-ma").get("/bao-cao-dinh-ky/binh-lu/don-vi/tt-pvhcc")
    assert right.status_code == 200
    assert "<h1>Báo cáo định kỳ của Trung tâm Phục vụ hành chính công</h1>" in right.text
    wrong = login(stale_server, "sai-ma").get("/bao-cao-dinh-ky/binh-lu/don-vi/tt-pvhc")
    assert wrong.status_code == 200
    assert "<h1>Báo cáo định kỳ của đơn vị</h1>" in wrong.text
    assert "không giao việc cho đơn vị mang mã này" in wrong.text
