"""Sign one empty signature field with a PKCS#12 certificate (PAdES B-B), always as the last step.

The visible stamp (lines and layout: generator/pdf/stamp.py) uses an embedded Vietnamese-capable
font, shows Vietnam time and stays readable in a narrow field. Before signing, the certificate's
holder is compared with the name printed under the field: a different person is a warning, or
an error when signing strictly. pyHanko 0.38 writes glyph widths in
font units, so a 2048-units-per-em TrueType font comes out double-spaced: the font is rescaled to
1000 units per em once and cached (see the environment notes).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import SigningError
from generator.pdf.fields import SIGNER_FIELD, existing_fields
from generator.pdf.stamp import (
    FONT_SIZE,
    LEADING,
    MARGIN,
    holder_name,
    printed_signer,
    same_person,
    stamp_lines,
)
from generator.pdf.tools import require_serif_font

if TYPE_CHECKING:
    from pyhanko.sign.signers import SimpleSigner

STAMP_FONT_SIZE = FONT_SIZE


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


def _field_box(pdf: Path, field: str) -> tuple[float, float]:
    """Return the (width, height) of the field in points; a wide default when unreadable."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        for page in PdfReader(pdf).pages:
            for ref in page.get("/Annots") or []:
                annot = ref.get_object()
                name = annot.get("/T") or annot.get("/Parent", {}).get("/T")
                if str(name) == field:
                    x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
                    return abs(x1 - x0), abs(y1 - y0)
    except (OSError, PdfReadError, ValueError, KeyError, TypeError):
        pass
    return 200.0, 60.0


def holder_warning(src: Path, field: str, holder: str) -> str | None:
    """Return why the certificate holder may not be the printed signer, or None."""
    if field != SIGNER_FIELD:
        return None  # the agency's seal is signed with the agency's certificate
    try:
        printed = printed_signer(src, field)
    except SigningError:
        printed = None
    if not printed:
        return None
    if not holder:
        return (
            f"{src}: chứng thư số không ghi tên người được cấp; không đối chiếu được với người "
            f"ký in trên văn bản ({printed})."
        )
    if same_person(holder, printed):
        return None
    return (
        f"{src}: chứng thư số cấp cho '{holder}' nhưng người ký in trên văn bản là '{printed}'; "
        "kiểm tra lại chứng thư số hoặc khối chữ ký."
    )


def sign_pdf(
    src: Path,
    dst: Path,
    p12: Path,
    passphrase: bytes | None,
    *,
    field: str = SIGNER_FIELD,
    reason: str | None = None,
    location: str | None = None,
    strict: bool = False,
) -> list[str]:
    """Sign `field` of `src` into `dst` (may be the same file) with a visible Vietnamese stamp;
    return the warnings (a certificate holder other than the printed signer).

    With `strict`, a warning is an error and nothing is signed.
    """
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.font import opentype
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    check_field(src, field)
    signer = load_signer(p12, passphrase)
    holder = holder_name(signer.signing_cert)
    warning = holder_warning(src, field, holder)
    if warning and strict:
        raise SigningError(f"{warning} (--strict: không ký)")
    font_path = stamp_font()
    lines = stamp_lines(holder or "-", datetime.now(UTC), _field_box(src, field), font_path)
    font = opentype.GlyphAccumulatorFactory(str(font_path), font_size=STAMP_FONT_SIZE)
    centred = layout.SimpleBoxLayoutRule(
        x_align=layout.AxisAlignment.ALIGN_MID,
        y_align=layout.AxisAlignment.ALIGN_MID,
        margins=layout.Margins(left=MARGIN, right=MARGIN, top=MARGIN, bottom=MARGIN),
    )
    style = TextStampStyle(
        stamp_text=lines.text,
        text_box_style=TextBoxStyle(
            font=font, font_size=STAMP_FONT_SIZE, leading=LEADING, box_layout_rule=centred
        ),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID
        ),
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
    return [warning] if warning else []
