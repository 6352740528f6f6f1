"""`vanban serve`, `vanban user …`, `vanban token create`: the web application and its people.

Each command takes the same `--data-dir` as `serve` (default ./vanban-data).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.cli.base import OPTIONS_METAVAR, VanbanCommand, VanbanGroup, table

DATA_DIR_OPT = click.option(
    "--data-dir",
    "data_dir",
    default=Path("vanban-data"),
    show_default=True,
    metavar="THƯ_MỤC",
    type=click.Path(path_type=Path, file_okay=False),
    help="Thư mục dữ liệu của máy chủ web (người dùng, việc lập, tệp, nhật ký).",
)


@click.command("serve", cls=VanbanCommand, short_help="Chạy ứng dụng web (mở bằng trình duyệt).")
@click.option(
    "--host", default="127.0.0.1", show_default=True, metavar="ĐỊA_CHỈ", help="Địa chỉ lắng nghe."
)
@click.option(
    "--port", default=8000, show_default=True, type=int, metavar="CỔNG", help="Cổng lắng nghe."
)
@DATA_DIR_OPT
@click.option(
    "--gioi-han-tai-len", "upload_mb", default=20, show_default=True, type=click.IntRange(1),
    metavar="MB", help="Dung lượng tối đa của một lần tải lên (MB); lớn hơn bị từ chối (413).",
)  # fmt: skip
@click.option("--no-pdf", "no_pdf", is_flag=True, help="Chỉ lập .docx (máy không có LibreOffice).")
@click.option(
    "--queue", "queue", default=None, metavar="URL",
    help="Giao việc lập văn bản cho các worker qua hàng đợi Redis (redis://MÁY:CỔNG/SỐ); "
    "THƯ_MỤC phải là thư mục chung mà mọi worker cũng thấy ở cùng đường dẫn.",
)  # fmt: skip
def serve_cmd(
    *, host: str, port: int, data_dir: Path, upload_mb: int, no_pdf: bool, queue: str | None
) -> None:
    """Chạy ứng dụng web vanban: một tiến trình, dữ liệu trong THƯ_MỤC, không cần dịch vụ nào khác.

    Mở trình duyệt tới http://ĐỊA_CHỈ:CỔNG/ rồi đăng nhập bằng tài khoản tạo bởi 'vanban user add'.
    """
    import uvicorn

    from generator.web.app import create_app
    from generator.web.config import WebConfig

    config = WebConfig(
        data_dir=data_dir, upload_limit=upload_mb * 1024 * 1024, pdf=not no_pdf,
        executor="celery" if queue else "thread",
    )  # fmt: skip
    executor = None
    if queue is not None:
        from generator.queue.web import CeleryExecutor
        from generator.web.store import Store

        executor = CeleryExecutor(Store(data_dir), queue)
        click.echo(f"Việc lập văn bản được giao cho các worker qua {queue} (vanban worker).")
    app = create_app(config, executor=executor)
    click.echo(f"vanban đang chạy ở http://{host}:{port}/ (dữ liệu: {data_dir}); Ctrl-C để dừng.")
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=True)


@click.group("user", cls=VanbanGroup, options_metavar=OPTIONS_METAVAR)
def user_group() -> None:
    """Quản lý người dùng của ứng dụng web."""


@user_group.command("add", short_help="Thêm người dùng.")
@click.argument("name", metavar="TÊN")
@click.option("--org", "org", required=True, metavar="MÃ", help="Mã tổ chức (như binh-lu).")
@click.option(
    "--role", "role", required=True,
    type=click.Choice(["clerk", "province", "admin", "unit"]),
    help="clerk: văn thư một xã; province: cấp tỉnh (xem mọi xã của tỉnh); admin: quản trị; "
    "unit: cán bộ một đơn vị của xã (chỉ gửi báo cáo định kỳ của đơn vị mình, cần --unit).",
)  # fmt: skip
@click.option("--unit", "unit", default=None, metavar="MÃ_ĐƠN_VỊ",
              help="Mã đơn vị (như tt-pvhcc) của người dùng vai trò unit.")  # fmt: skip
@click.option("--password-stdin", "password_stdin", is_flag=True, help="Đọc mật khẩu từ stdin.")
@click.option("--ten-to-chuc", "org_name", default="", help="Tên đầy đủ của tổ chức.")
@click.option("--tinh", "province", default="", help="Tỉnh của tổ chức (như 'Lai Châu').")
@click.option("--huyen", "district", default="", help="Huyện / khu vực của tổ chức.")
@DATA_DIR_OPT
def user_add_cmd(
    *, name: str, org: str, role: str, unit: str | None, password_stdin: bool, org_name: str,
    province: str, district: str, data_dir: Path,
) -> None:  # fmt: skip
    """Thêm người dùng TÊN thuộc tổ chức --org với vai trò --role."""
    from generator.web.store import Store
    from generator.web.users import add_user, ensure_org

    if not password_stdin:
        raise click.UsageError("cần --password-stdin (mật khẩu không được ghi trên dòng lệnh)")
    password = sys.stdin.readline().rstrip("\r\n")
    store = Store(data_dir)
    ensure_org(store, org, name=org_name, province=province, district=district)
    checked = True
    if role == "unit" and unit:
        from generator.web.config import WebConfig
        from generator.web.periods import check_unit_code

        checked = check_unit_code(store, WebConfig(data_dir=data_dir), org, unit)
    add_user(store, name, org, role, password, unit=unit)
    where = f"{org}, đơn vị {unit}" if unit else org
    click.echo(f"Đã thêm người dùng {name} ({role}) thuộc {where}.")
    if not checked:
        click.echo(
            f"Lưu ý: {org} chưa có dữ liệu đã kiểm tra nên chưa đối chiếu được mã đơn vị "
            f"'{unit}'; mã này sẽ được đối chiếu khi văn thư tải dữ liệu lên (trang kết quả tải "
            "lên báo nếu kế hoạch CCHC không có đơn vị này).",
            err=True,
        )


@user_group.command("list", short_help="Liệt kê người dùng.")
@DATA_DIR_OPT
def user_list_cmd(*, data_dir: Path) -> None:
    """Liệt kê mọi người dùng: tên, tổ chức, vai trò, trạng thái."""
    from generator.web.store import Store
    from generator.web.users import list_users

    rows = [
        [u.name, u.org + (f" › {u.unit}" if u.unit else ""), u.role,
         "đã khóa" if disabled else "hoạt động"]
        for u, disabled in list_users(Store(data_dir))
    ]  # fmt: skip
    if not rows:
        click.echo("Chưa có người dùng nào; thêm bằng 'vanban user add'.")
        return
    for line in table(["Tên", "Tổ chức", "Vai trò", "Trạng thái"], rows):
        click.echo(line)


@user_group.command("disable", short_help="Khóa người dùng.")
@click.argument("name", metavar="TÊN")
@DATA_DIR_OPT
def user_disable_cmd(*, name: str, data_dir: Path) -> None:
    """Khóa người dùng TÊN: kết thúc mọi phiên và mã API của người đó."""
    from generator.web.store import Store
    from generator.web.users import disable_user

    disable_user(Store(data_dir), name)
    click.echo(f"Đã khóa người dùng {name}.")


@click.group("token", cls=VanbanGroup, options_metavar=OPTIONS_METAVAR)
def token_group() -> None:
    """Mã truy cập API của ứng dụng web."""


@token_group.command("create", short_help="Tạo mã API cho một người dùng.")
@click.argument("name", metavar="TÊN")
@DATA_DIR_OPT
def token_create_cmd(*, name: str, data_dir: Path) -> None:
    """In một mã API mới của người dùng TÊN (chỉ in một lần; máy chủ chỉ giữ bản băm)."""
    from generator.web.store import Store
    from generator.web.users import create_token

    click.echo(create_token(Store(data_dir), name))
