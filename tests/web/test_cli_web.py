"""`vanban user add|list|disable` and `vanban token create` through click's CliRunner."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from generator.web.store import Store
from generator.web.users import check_login, user_for_token


def _run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    return result.exit_code, result.output


def test_user_add_list_disable_and_token(tmp_path: Path) -> None:
    data = str(tmp_path)
    code, out = _run("user", "add", "van-thu", "--org", "binh-lu", "--role", "clerk",
                     "--password-stdin", "--tinh", "Lai Châu", "--data-dir", data,
                     stdin="mat-khau-du-dai\n")  # fmt: skip
    assert (code, out) == (0, "Đã thêm người dùng van-thu (clerk) thuộc binh-lu.\n")
    store = Store(tmp_path)
    assert check_login(store, "van-thu", "mat-khau-du-dai", "127.0.0.1") is not None
    code, out = _run("token", "create", "van-thu", "--data-dir", data)
    token = out.strip()
    assert code == 0 and token.startswith("vb_") and len(token) > 40
    assert user_for_token(store, token) is not None
    with store.connect() as db:  # only the hash is kept
        assert db.execute("SELECT COUNT(*) FROM api_tokens WHERE token_hash = ?",
                          (token,)).fetchone()[0] == 0  # fmt: skip
    code, out = _run("user", "list", "--data-dir", data)
    assert code == 0
    assert out.splitlines() == [
        "Tên      Tổ chức  Vai trò  Trạng thái",
        "-------  -------  -------  ----------",
        "van-thu  binh-lu  clerk    hoạt động",
    ]
    assert _run("user", "disable", "van-thu", "--data-dir", data) == (
        0, "Đã khóa người dùng van-thu.\n"
    )  # fmt: skip
    assert user_for_token(store, token) is None
    assert check_login(store, "van-thu", "mat-khau-du-dai", "127.0.0.1") is None


def test_user_add_refusals_are_vietnamese(tmp_path: Path) -> None:
    data = str(tmp_path)
    code, out = _run("user", "add", "x", "--org", "binh-lu", "--role", "clerk", "--data-dir", data)
    assert code == 2 and "cần --password-stdin" in out
    code, out = _run("user", "add", "x", "--org", "binh-lu", "--role", "clerk",
                     "--password-stdin", "--data-dir", data, stdin="ngan\n")  # fmt: skip
    assert (code, out) == (1, "Lỗi: mật khẩu cần ít nhất 8 ký tự\n")
    code, out = _run("token", "create", "khong-co", "--data-dir", data)
    assert (code, out) == (1, "Lỗi: không có người dùng 'khong-co' đang hoạt động\n")
    assert _run("user", "disable", "khong-co", "--data-dir", data) == (
        1, "Lỗi: không có người dùng 'khong-co'\n"
    )  # fmt: skip
