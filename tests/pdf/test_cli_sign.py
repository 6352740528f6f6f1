"""`vanban sign` through CliRunner on PDFs made by the real pipeline (`vanban build`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.nd30 import lint_errors
from generator.pdf.fields import SEAL_FIELD, SIGNER_FIELD

from .certs import PASSWORD, make_certificate, validate
from .conftest import needs_soffice

pytestmark = [pytest.mark.soffice, needs_soffice]
DATA = Path(__file__).parents[1] / "cases" / "inspection" / "minimal" / "data"
PLAN = "01-ke-hoach-kiem-tra.pdf"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the inspection set folder built once with real LibreOffice."""
    out = tmp_path_factory.mktemp("sign-build")
    result = CliRunner().invoke(cli, ["build", "inspection", str(DATA), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / "an-hoa" / "2026" / "inspection"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Return (p12, cert.pem) made now."""
    return make_certificate(tmp_path_factory.mktemp("cert"), "Nguyễn Văn An")


@pytest.fixture
def plan(built: Path, tmp_path: Path) -> Path:
    """Return a private copy of the set's signed-ready plan PDF."""
    return Path(shutil.copy(built / PLAN, tmp_path / PLAN))


def sign(*args: str, password: str | None = PASSWORD.decode()) -> tuple[int, str, str]:
    """Run `vanban sign` and return (exit code, stdout, stderr)."""
    env = {"VANBAN_P12_PASSWORD": password} if password is not None else {}
    result = CliRunner().invoke(cli, ["sign", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_sign_writes_a_valid_signed_copy_beside_the_original(
    plan: Path, certificate: tuple[Path, Path]
) -> None:
    p12, pem = certificate
    original = plan.read_bytes()
    code, out, err = sign(str(plan), "--p12", str(p12), "--ly-do", "Phê duyệt kế hoạch")
    signed = plan.with_name("01-ke-hoach-kiem-tra-da-ky.pdf")
    assert (code, out, err) == (0, f"Đã ký ô ChuKyNguoiKy của {PLAN}: {signed}\n", "")
    assert plan.read_bytes() == original
    assert validate(signed, pem) == [(True, True, True, "ENTIRE_FILE", "NONE")]
    assert signed.read_bytes().startswith(original)
    assert lint_errors(signed) == []
    lint = CliRunner().invoke(cli, ["lint", str(signed)])
    assert lint.exit_code == 0, lint.output
    assert lint.output == f"{signed}: đạt, không có lỗi\nTổng cộng: 1 tệp, 0 lỗi, 0 cảnh báo\n"


def test_agency_signs_after_the_signer_and_both_stay_valid(
    plan: Path, certificate: tuple[Path, Path], tmp_path: Path
) -> None:
    p12, pem = certificate
    first, second = tmp_path / "nguoi-ky.pdf", tmp_path / "co-quan.pdf"
    assert sign(str(plan), "--p12", str(p12), "--ghi-ra", str(first))[0] == 0
    code, out, err = sign(
        str(first), "--p12", str(p12), "--o-ky", SEAL_FIELD, "--dia-diem", "An Hòa",
        "--ghi-ra", str(second),
    )  # fmt: skip
    assert (code, out, err) == (0, f"Đã ký ô ChuKyCoQuan của nguoi-ky.pdf: {second}\n", "")
    assert validate(second, pem) == [
        (True, True, True, "ENTIRE_REVISION", "FORM_FILLING"),
        (True, True, True, "ENTIRE_FILE", "NONE"),
    ]


def test_password_is_asked_when_not_given(plan: Path, certificate: tuple[Path, Path]) -> None:
    result = CliRunner().invoke(
        cli, ["sign", str(plan), "--p12", str(certificate[0])], input="mat-khau\n"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Mật khẩu chứng thư số: \nĐã ký ô ChuKyNguoiKy của {PLAN}: "
        f"{plan.with_name('01-ke-hoach-kiem-tra-da-ky.pdf')}\n"
    )


def test_wrong_password_is_one_clear_error(plan: Path, certificate: tuple[Path, Path]) -> None:
    p12 = certificate[0]
    code, out, err = sign(str(plan), "--p12", str(p12), "--mat-khau", "sai")
    assert (code, out) == (1, "")
    assert err == (
        f"Lỗi: {p12}: không mở được chứng thư số; kiểm tra mật khẩu và tệp .p12 (PKCS#12).\n"
    )
    assert not plan.with_name("01-ke-hoach-kiem-tra-da-ky.pdf").exists()


def test_broken_p12_is_a_clear_error(plan: Path, tmp_path: Path) -> None:
    broken = tmp_path / "hong.p12"
    broken.write_bytes(b"0\x82 not a pkcs12 file")
    code, out, err = sign(str(plan), "--p12", str(broken))
    assert (code, out) == (1, "")
    assert err == (
        f"Lỗi: {broken}: không mở được chứng thư số; kiểm tra mật khẩu và tệp .p12 (PKCS#12).\n"
    )


def test_pdf_without_the_field_lists_the_fields_it_has(
    built: Path, certificate: tuple[Path, Path], tmp_path: Path
) -> None:
    bundle = Path(shutil.copy(built / "bundle.pdf", tmp_path / "bundle.pdf"))
    plan = Path(shutil.copy(built / PLAN, tmp_path / PLAN))
    code, out, err = sign(str(bundle), str(plan), "--p12", str(certificate[0]), "--o-ky", "ChuTich")
    assert (code, out) == (1, "")
    assert err == (
        f"Lỗi: {bundle}: không có ô chữ ký 'ChuTich' (có: không có ô nào); "
        "hãy tạo lại PDF sẵn sàng ký.\n"
        f"Lỗi: {plan}: không có ô chữ ký 'ChuTich' (có: {SIGNER_FIELD}, {SEAL_FIELD}); "
        "hãy tạo lại PDF sẵn sàng ký.\n"
        "Có 2/2 tệp chưa ký được.\n"
    )


def test_already_signed_field_is_refused(
    plan: Path, certificate: tuple[Path, Path], tmp_path: Path
) -> None:
    p12 = str(certificate[0])
    signed = tmp_path / "da-ky.pdf"
    assert sign(str(plan), "--p12", p12, "--ghi-ra", str(signed))[0] == 0
    code, out, err = sign(str(signed), "--p12", p12, "--ghi-ra", str(tmp_path / "lan-2.pdf"))
    assert (code, out) == (1, "")
    assert err == (
        f"Lỗi: {signed}: ô chữ ký 'ChuKyNguoiKy' đã được ký.\nCó 1/1 tệp chưa ký được.\n"
    )
    assert not (tmp_path / "lan-2.pdf").exists()


def test_not_a_pdf_is_refused(certificate: tuple[Path, Path], tmp_path: Path) -> None:
    text = tmp_path / "van-ban.pdf"
    text.write_text("không phải PDF", encoding="utf-8")
    code, out, err = sign(str(text), "--p12", str(certificate[0]))
    assert (code, out) == (1, "")
    assert err == (
        f"Lỗi: {text}: tệp không phải PDF (không bắt đầu bằng %PDF-).\nCó 1/1 tệp chưa ký được.\n"
    )


def test_never_overwrites_the_original_or_an_earlier_signed_copy(
    plan: Path, certificate: tuple[Path, Path]
) -> None:
    p12 = str(certificate[0])
    code, out, err = sign(str(plan), "--p12", p12, "--ghi-ra", str(plan))
    assert (code, out) == (1, "")
    assert err == f"Lỗi: {plan}: không ghi đè tệp PDF chưa ký; chọn tên khác bằng --ghi-ra.\n"
    assert sign(str(plan), "--p12", p12)[0] == 0
    code, out, err = sign(str(plan), "--p12", p12)
    signed = plan.with_name("01-ke-hoach-kiem-tra-da-ky.pdf")
    assert (code, out) == (1, "")
    assert err == (
        f"Lỗi: {signed}: đã có tệp này (có thể là bản đã ký trước đó); xóa nó hoặc chọn tên "
        "khác bằng --ghi-ra.\n"
    )


DECISION = "02-quyet-dinh-doan.pdf"  # "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH": the narrowest block


def _stamp(pdf: Path) -> tuple[float, str]:
    """Return (smallest font size as drawn at 100 %, text) of the signer field's stamp."""
    import pikepdf

    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            for annot in page.get("/Annots", []):
                if str(annot.get("/T")) != SIGNER_FIELD:
                    continue
                scale, sizes, texts = 1.0, [], []
                for item in pikepdf.parse_content_stream(annot.AP.N):
                    operator, operands = str(item.operator), list(item.operands)
                    if operator == "cm":
                        scale *= float(operands[0])
                    elif operator == "Tf":
                        sizes.append(float(operands[1]) * scale)
                    elif operator == "BDC" and "/ActualText" in operands[1]:
                        texts.append(str(operands[1]["/ActualText"]))
                return min(sizes), "\n".join(texts)
    raise AssertionError(f"no {SIGNER_FIELD} in {pdf}")


def test_stamp_is_readable_in_a_narrow_field_and_shows_vietnam_time(
    built: Path, certificate: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt
    import time

    monkeypatch.setenv("TZ", "UTC")  # a server in UTC still stamps Vietnam time
    time.tzset()
    decision = Path(shutil.copy(built / DECISION, tmp_path / DECISION))
    code, _, err = sign(str(decision), "--p12", str(certificate[0]))
    monkeypatch.undo()
    time.tzset()
    assert (code, err) == (0, "")
    size, text = _stamp(decision.with_name("02-quyet-dinh-doan-da-ky.pdf"))
    assert size >= 9.0, f"stamp drawn at {size:.1f} pt"
    assert "Nguyễn Văn An" in text
    assert "+07:00" in text and "+0000" not in text
    day = dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=7)))
    # Signed moments ago: today's date in Vietnam, or yesterday's just after midnight.
    assert any((day - dt.timedelta(minutes=m)).strftime("%d/%m/%Y") in text for m in (0, 30)), text


def test_certificate_of_someone_else_warns_and_strict_refuses(plan: Path, tmp_path: Path) -> None:
    p12, _ = make_certificate(tmp_path, "Trần Thị Bích")
    code, out, err = sign(str(plan), "--p12", str(p12), "--strict")
    message = (
        f"{plan}: chứng thư số cấp cho 'Trần Thị Bích' nhưng người ký in trên văn bản là "
        "'Nguyễn Văn An'; kiểm tra lại chứng thư số hoặc khối chữ ký."
    )
    assert (code, out) == (1, "")
    assert err == f"Lỗi: {message} (--strict: không ký)\nCó 1/1 tệp chưa ký được.\n"
    assert not plan.with_name("01-ke-hoach-kiem-tra-da-ky.pdf").exists()
    code, out, err = sign(str(plan), "--p12", str(p12))
    signed = plan.with_name("01-ke-hoach-kiem-tra-da-ky.pdf")
    assert (code, out, err) == (
        0,
        f"Đã ký ô ChuKyNguoiKy của {PLAN}: {signed}\n",
        f"Cảnh báo: {message}\n",
    )


def test_a_certificate_in_capitals_without_diacritics_is_the_same_person(
    plan: Path, tmp_path: Path
) -> None:
    p12, _ = make_certificate(tmp_path, "NGUYEN VAN AN")
    code, _, err = sign(str(plan), "--p12", str(p12), "--strict")
    assert (code, err) == (0, "")


def test_the_sets_own_bundle_is_not_asked_for_signature_fields(built: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["lint", str(built / "bundle.pdf")])
    assert "PDF-ky-so" not in result.output
    assert result.exit_code == 0, result.output
    # A lone copy is an ordinary PDF again: it should have its fields.
    alone = Path(shutil.copy(built / "bundle.pdf", tmp_path / "bundle.pdf"))
    assert "PDF-ky-so" in CliRunner().invoke(cli, ["lint", str(alone)]).output
