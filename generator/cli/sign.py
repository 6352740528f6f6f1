"""`vanban sign`: sign a signed-ready PDF's empty field with a PKCS#12 certificate, last of all.

Part of the CLI layer: it prints; generator.pdf.sign does the work and only raises.
The unsigned original is never overwritten: the signed copy goes next to it as <tên>-da-ky.pdf.
"""

from __future__ import annotations

from pathlib import Path

import click

from generator.errors import SigningError
from generator.pdf.fields import SEAL_FIELD, SIGNER_FIELD

SIGNED_SUFFIX = "-da-ky"
PASSWORD_ENV = "VANBAN_P12_PASSWORD"


def signed_name(pdf: Path) -> Path:
    """Return where the signed copy of `pdf` goes by default: <tên>-da-ky.pdf beside it."""
    return pdf.with_name(f"{pdf.stem}{SIGNED_SUFFIX}.pdf")


def _targets(pdfs: tuple[Path, ...], output: Path | None) -> list[tuple[Path, Path]]:
    """Return (input, output) pairs; refuse to overwrite an input or an earlier signed copy."""
    if output is not None and len(pdfs) > 1:
        raise click.UsageError("--ghi-ra chỉ dùng khi ký một tệp PDF.")
    pairs = []
    for pdf in pdfs:
        target = output if output is not None else signed_name(pdf)
        if target.resolve() in {p.resolve() for p in pdfs}:
            raise SigningError(
                f"{target}: không ghi đè tệp PDF chưa ký; chọn tên khác bằng --ghi-ra."
            )
        if output is None and target.exists():
            raise SigningError(
                f"{target}: đã có tệp này (có thể là bản đã ký trước đó); xóa nó hoặc chọn tên "
                "khác bằng --ghi-ra."
            )
        pairs.append((pdf, target))
    return pairs


@click.command("sign", options_metavar="[TÙY_CHỌN]")
@click.argument("pdfs", metavar="PDF...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--p12", "p12", required=True, metavar="TỆP",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Tệp chứng thư số PKCS#12 (.p12, .pfx) của người ký.",
)  # fmt: skip
@click.option(
    "--mat-khau", "password", prompt="Mật khẩu chứng thư số", hide_input=True,
    envvar=PASSWORD_ENV, metavar="MẬT_KHẨU",
    help=f"Mật khẩu của tệp .p12 (hoặc biến môi trường {PASSWORD_ENV}); không có thì sẽ hỏi.",
)  # fmt: skip
@click.option(
    "--o-ky", "field", default=SIGNER_FIELD, show_default=True, metavar="TÊN_Ô",
    help=f"Ô chữ ký cần ký: {SIGNER_FIELD} (người ký) hoặc {SEAL_FIELD} (cơ quan).",
)  # fmt: skip
@click.option(
    "--ly-do", "reason", metavar="LÝ_DO", help="Lý do ký, ví dụ: Phê duyệt kế hoạch."
)  # fmt: skip
@click.option("--dia-diem", "location", metavar="NƠI_KÝ", help="Nơi ký, ví dụ: Bình Lư.")
@click.option(
    "--ghi-ra", "output", metavar="TỆP", type=click.Path(path_type=Path, dir_okay=False),
    help="Tệp PDF đã ký (chỉ khi ký một tệp); mặc định <tên>-da-ky.pdf cạnh tệp gốc.",
)  # fmt: skip
@click.option(
    "--strict", is_flag=True,
    help="Không ký khi chứng thư số cấp cho người khác với người ký in trên văn bản.",
)  # fmt: skip
def sign_cmd(
    *,
    strict: bool,
    pdfs: tuple[Path, ...],
    p12: Path,
    password: str,
    field: str,
    reason: str | None,
    location: str | None,
    output: Path | None,
) -> None:
    """Ký số ô chữ ký của các tệp PDF sẵn sàng ký bằng chứng thư số PKCS#12 (PAdES).

    Chữ ký hiển thị "Ký bởi … / Thời gian …" (giờ Việt Nam, +07:00) nằm trong ô đã đặt sẵn khi
    lập bộ văn bản. Chứng thư số cấp cho người khác với người ký in trên văn bản thì có cảnh báo;
    với --strict thì không ký. Ký số là
    bước cuối cùng: mọi sửa đổi sau đó (gộp, lưu lại) làm mất hiệu lực chữ ký. Tệp gốc chưa ký
    được giữ nguyên. Mật khẩu có thể đặt sẵn trong biến môi trường VANBAN_P12_PASSWORD.
    """
    from generator.pdf.sign import load_signer, sign_pdf

    passphrase = password.encode("utf-8") if password else None
    pairs = _targets(pdfs, output)
    load_signer(p12, passphrase)  # a wrong passphrase fails once, before any file
    failed = 0
    for pdf, target in pairs:
        try:
            warnings = sign_pdf(
                pdf, target, p12, passphrase,
                field=field, reason=reason, location=location, strict=strict,
            )  # fmt: skip
        except SigningError as err:
            failed += 1
            click.echo(f"Lỗi: {err}", err=True)
            continue
        for warning in warnings:
            click.echo(f"Cảnh báo: {warning}", err=True)
        click.echo(f"Đã ký ô {field} của {pdf.name}: {target}")
    if failed:
        click.echo(f"Có {failed}/{len(pairs)} tệp chưa ký được.", err=True)
        raise click.exceptions.Exit(1)
