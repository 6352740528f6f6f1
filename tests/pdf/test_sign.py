"""Real pyHanko signing: PAdES B-B that validates offline, and fields added after signing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.errors import SigningError
from generator.pdf.fields import SignedReadyMeta, add_empty_fields, make_signed_ready
from generator.pdf.inspect import pdf_facts
from generator.pdf.sign import sign_pdf, stamp_font

from .certs import PASSWORD, make_certificate, validate
from .conftest import ConvertedSet, needs_soffice
from .samples import SIGNER_LINES, SIGNER_NAME

pytestmark = [pytest.mark.soffice, pytest.mark.xdist_group("pdf"), needs_soffice]


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Return (p12, cert.pem): a self-signed signing certificate made now."""
    return make_certificate(tmp_path_factory.mktemp("cert"), SIGNER_NAME)


@pytest.fixture
def ready_pdf(converted: ConvertedSet, tmp_path: Path) -> Path:
    pdf = tmp_path / "dai.pdf"
    shutil.copyfile(converted.pdf("dai"), pdf)
    meta = SignedReadyMeta(
        "Kế hoạch", "UBND xã Bình Lư", "12/KH-UBND", "Kế hoạch", SIGNER_LINES, SIGNER_NAME
    )
    make_signed_ready(pdf, meta)
    return pdf


def test_signature_validates_offline(
    ready_pdf: Path, certificate: tuple[Path, Path], tmp_path: Path
) -> None:
    p12, pem = certificate
    signed = tmp_path / "da-ky.pdf"
    sign_pdf(ready_pdf, signed, p12, PASSWORD, reason="Phê duyệt kế hoạch", location="Bình Lư")
    assert validate(signed, pem) == [(True, True, True, "ENTIRE_FILE", "NONE")]
    assert signed.read_bytes().startswith(ready_pdf.read_bytes())
    facts = pdf_facts(signed)
    assert (facts.pdfa_part, facts.pdfa_conformance) == ("2", "B")
    assert all(embedded for _, embedded in facts.fonts)


def test_adding_a_field_after_signing_keeps_the_signature(
    ready_pdf: Path, certificate: tuple[Path, Path]
) -> None:
    p12, pem = certificate
    sign_pdf(ready_pdf, ready_pdf, p12, PASSWORD)
    add_empty_fields(ready_pdf, [("ChuKyThem", 0, (400, 100, 500, 150))])
    assert validate(ready_pdf, pem) == [(True, True, True, "ENTIRE_REVISION", "FORM_FILLING")]


def test_stamp_font_is_rescaled_to_1000_units_per_em() -> None:
    from fontTools.ttLib import TTFont

    assert TTFont(str(stamp_font()))["head"].unitsPerEm == 1000


def test_wrong_passphrase_is_a_clear_error(
    ready_pdf: Path, certificate: tuple[Path, Path], tmp_path: Path
) -> None:
    with pytest.raises(SigningError) as caught:
        sign_pdf(ready_pdf, tmp_path / "x.pdf", certificate[0], b"sai")
    assert str(caught.value) == (
        f"{certificate[0]}: không mở được chứng thư số; kiểm tra mật khẩu và tệp .p12 (PKCS#12)."
    )
    assert not (tmp_path / "x.pdf").exists()


def test_missing_field_is_a_clear_error(
    converted: ConvertedSet, certificate: tuple[Path, Path], tmp_path: Path
) -> None:
    with pytest.raises(SigningError) as caught:
        sign_pdf(converted.pdf("ngan"), tmp_path / "x.pdf", certificate[0], PASSWORD)
    assert str(caught.value) == (
        f"{converted.pdf('ngan')}: không có ô chữ ký 'ChuKyNguoiKy' (có: không có ô nào); "
        "hãy tạo lại PDF sẵn sàng ký."
    )
