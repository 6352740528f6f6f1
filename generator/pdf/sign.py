"""Sign one empty signature field with a PKCS#12 certificate (PAdES B-B), always as the last step.

The visible stamp uses an embedded Vietnamese-capable font. pyHanko 0.38 writes glyph widths in
font units, so a 2048-units-per-em TrueType font comes out double-spaced: the font is rescaled to
1000 units per em once and cached (see the environment notes).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import SigningError
from generator.pdf.fields import SIGNER_FIELD, existing_fields
from generator.pdf.tools import require_serif_font

if TYPE_CHECKING:
    from pyhanko.sign.signers import SimpleSigner

STAMP_FONT_SIZE = 9
STAMP_TEXT = "Ký bởi: %(signer)s\nThời gian: %(ts)s"


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(base) / "vanban"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = Path(tempfile.gettempdir()) / "vanban-cache"
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def stamp_font() -> Path:
    """Return Liberation Serif rescaled to 1000 units per em, building the cached copy once."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    source = Path(require_serif_font())
    stat = source.stat()
    key = hashlib.sha256(f"{source}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:12]
    target = _cache_dir() / f"{source.stem}-1000upem-v2-{key}.ttf"
    if target.is_file():
        return target
    font = TTFont(str(source))
    if font["head"].unitsPerEm != 1000:
        scale_upem(font, 1000)
    if "FFTM" in font:  # FontForge's timestamp: the stamp's subsetter drops it with a warning
        del font["FFTM"]
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        font.save(str(temporary))
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return target


def load_signer(p12: Path, passphrase: bytes | None) -> SimpleSigner:
    """Return the signer of a PKCS#12 file; a wrong passphrase or a broken file is an error."""
    from pyhanko.sign import signers

    try:
        data = p12.read_bytes()
    except FileNotFoundError as err:
        raise SigningError(f"{p12}: không tìm thấy tệp chứng thư số (.p12).") from err
    except OSError as err:
        raise SigningError(f"{p12}: không đọc được tệp chứng thư số ({err.strerror}).") from err
    try:
        # Not load_pkcs12(): it logs the failure with a traceback on stderr.
        signer: SimpleSigner = signers.SimpleSigner.load_pkcs12_data(
            data, set(), passphrase=passphrase
        )
    except Exception as err:  # cryptography raises ValueError/TypeError, pyHanko its own
        raise SigningError(
            f"{p12}: không mở được chứng thư số; kiểm tra mật khẩu và tệp .p12 (PKCS#12)."
        ) from err
    return signer


def check_field(pdf: Path, field: str) -> None:
    """Raise unless `pdf` has the empty signature field `field`."""
    present = existing_fields(pdf)
    if field not in present:
        shown = ", ".join(present) or "không có ô nào"
        raise SigningError(
            f"{pdf}: không có ô chữ ký '{field}' (có: {shown}); hãy tạo lại PDF sẵn sàng ký."
        )
    if present[field]:
        raise SigningError(f"{pdf}: ô chữ ký '{field}' đã được ký.")


def sign_pdf(
    src: Path,
    dst: Path,
    p12: Path,
    passphrase: bytes | None,
    *,
    field: str = SIGNER_FIELD,
    reason: str | None = None,
    location: str | None = None,
) -> None:
    """Sign `field` of `src` into `dst` (may be the same file) with a visible Vietnamese stamp."""
    from pyhanko.pdf_utils.font import opentype
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    check_field(src, field)
    signer = load_signer(p12, passphrase)
    font = opentype.GlyphAccumulatorFactory(str(stamp_font()), font_size=STAMP_FONT_SIZE)
    style = TextStampStyle(
        stamp_text=STAMP_TEXT,
        text_box_style=TextBoxStyle(font=font, font_size=STAMP_FONT_SIZE),
        timestamp_format="%d/%m/%Y %H:%M:%S %z",
        border_width=0,
    )
    meta = signers.PdfSignatureMetadata(
        field_name=field,
        reason=reason,
        location=location,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    dst.parent.mkdir(parents=True, exist_ok=True)
    temporary = dst.with_name(f".{dst.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with src.open("rb") as handle, temporary.open("wb") as out:
            writer = IncrementalPdfFileWriter(handle, strict=False)
            signers.PdfSigner(meta, signer=signer, stamp_style=style).sign_pdf(writer, output=out)
        os.replace(temporary, dst)
    except (OSError, PdfError, ValueError) as err:
        raise SigningError(f"{src}: ký số không thành công ({err}).") from err
    finally:
        temporary.unlink(missing_ok=True)
