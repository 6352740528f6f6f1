"""The authority lines of the signer block (ô 7a): "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / …

ND30 Phụ lục I II.7.b: TM. (on behalf of a collective), KT. (deputy signs for the head), Q.
(acting head), TL. (by order), TUQ. (by authorisation). TM. is expressed by `thay_mat`, the
others by `tham_quyen`. The signer's name, on the last line, is not produced here.
"""

from __future__ import annotations

from generator.vi.text import clean_text, upper_vi

__all__ = ["THAM_QUYEN", "VALID_PREFIXES", "signer_lines"]

VALID_PREFIXES: tuple[str, ...] = ("TM.", "KT.", "Q.", "TL.", "TUQ.")

# tham_quyen values accepted by signer_lines, and whether the signer's own chức vụ follows
# on a second line (a deputy, an office head or an authorised person signs for the head).
THAM_QUYEN: dict[str, bool] = {"KT": True, "Q": False, "TL": True, "TUQ": True}


def _clean(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{what} phải là chữ, nhận được {value!r}")
    return clean_text(value) or None


def _same_title(a: str, b: str) -> bool:
    return upper_vi(a) == upper_vi(b)


def signer_lines(
    thay_mat: str | None,
    tham_quyen: str | None,
    chuc_danh: str,
    chuc_vu: str | None,
) -> list[str]:
    """Return the upper-case authority lines above the signature, top to bottom.

    `thay_mat` is the collective signed for ("Ủy ban nhân dân" → "TM. ỦY BAN NHÂN DÂN");
    `chuc_danh` the head's title the document is issued under ("Chủ tịch"); `tham_quyen` one of
    KT, Q, TL, TUQ or None; `chuc_vu` the signer's own title, required for KT, TL and TUQ
    ("Phó Chủ tịch" → "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH").
    """
    thay_mat = _clean(thay_mat, "tên tập thể (thay mặt)")
    chuc_danh_clean = _clean(chuc_danh, "chức danh người đứng đầu")
    chuc_vu = _clean(chuc_vu, "chức vụ người ký")
    if chuc_danh_clean is None:
        raise ValueError("cần chức danh của người đứng đầu (ví dụ 'Chủ tịch') cho khối chữ ký")
    lines: list[str] = []
    if thay_mat is not None:
        # Tolerate a "TM." the clerk typed into the field instead of doubling it.
        name = thay_mat.removeprefix("TM.").removeprefix("tm.").strip()
        if not name:
            raise ValueError(f"cần tên tập thể sau TM., nhận được {thay_mat!r}")
        lines.append(f"TM. {upper_vi(name)}")
    head = upper_vi(chuc_danh_clean)
    if tham_quyen is None:
        if chuc_vu is not None and not _same_title(chuc_vu, chuc_danh_clean):
            raise ValueError(
                f"người ký có chức vụ '{chuc_vu}' khác chức danh '{chuc_danh_clean}': "
                "cần ghi thẩm quyền ký KT, TL hoặc TUQ"
            )
        lines.append(head)
        return lines
    key = tham_quyen.strip().rstrip(".").upper() if isinstance(tham_quyen, str) else ""
    if key not in THAM_QUYEN:
        hint = " (TM. được ghi qua tên tập thể thay mặt)" if key == "TM" else ""
        raise ValueError(
            f"thẩm quyền ký {tham_quyen!r} không hợp lệ{hint}; cần một trong: "
            f"{', '.join(THAM_QUYEN)} hoặc để trống"
        )
    lines.append(f"{key}. {head}")
    if THAM_QUYEN[key]:
        if chuc_vu is None:
            raise ValueError(
                f"ký {key}. {chuc_danh_clean} cần chức vụ của người ký cho dòng thứ hai "
                "(ví dụ 'Phó Chủ tịch' khi ký KT., 'Chánh Văn phòng' khi ký TL.)"
            )
        if _same_title(chuc_vu, chuc_danh_clean):
            raise ValueError(
                f"ký {key}. thì chức vụ người ký phải khác chức danh '{chuc_danh_clean}', "
                f"nhận được '{chuc_vu}'"
            )
        lines.append(upper_vi(chuc_vu))
    elif chuc_vu is not None and not _same_title(chuc_vu, chuc_danh_clean):
        raise ValueError(
            f"ký Q. {chuc_danh_clean} chỉ ghi một dòng; bỏ chức vụ '{chuc_vu}' của người ký"
        )
    return lines
