"""Tests for generator.vi.signer: the TM./KT./Q./TL./TUQ. authority lines of the signer block."""

from __future__ import annotations

import re

import pytest

from generator.vi.signer import VALID_PREFIXES, signer_lines

UBND = "Ủy ban nhân dân"


@pytest.mark.parametrize(
    ("thay_mat", "tham_quyen", "chuc_danh", "chuc_vu", "expected"),
    [
        (UBND, None, "Chủ tịch", None, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
        (UBND, None, "Chủ tịch", "Chủ tịch", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
        (UBND, "Q", "Chủ tịch", None, ["TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH"]),
        (
            UBND,
            "KT",
            "Chủ tịch",
            "Phó Chủ tịch",
            ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        ),
        (None, None, "Chủ tịch", None, ["CHỦ TỊCH"]),
        (None, "KT", "Chủ tịch", "Phó Chủ tịch", ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
        (None, "Q", "Chủ tịch", None, ["Q. CHỦ TỊCH"]),
        (None, "TL", "Chủ tịch", "Chánh Văn phòng", ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"]),
        (
            None,
            "TUQ",
            "Chủ tịch",
            "Trưởng phòng Văn hóa - Xã hội",
            ["TUQ. CHỦ TỊCH", "TRƯỞNG PHÒNG VĂN HÓA - XÃ HỘI"],
        ),
        # Lenient about how the clerk typed the prefix and the collective.
        (None, "kt.", "Chủ tịch", "Phó Chủ tịch", ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
        ("TM. Ủy ban nhân dân", None, "Chủ tịch", None, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
        ("  Ủy  ban nhân dân ", None, " Chủ tịch", None, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
        (UBND, None, "Chủ tịch", "", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
        (None, "Q", "Chủ tịch", "chủ tịch", ["Q. CHỦ TỊCH"]),
    ],
)
def test_signer_lines(
    thay_mat: str | None,
    tham_quyen: str | None,
    chuc_danh: str,
    chuc_vu: str | None,
    expected: list[str],
) -> None:
    assert signer_lines(thay_mat, tham_quyen, chuc_danh, chuc_vu) == expected


@pytest.mark.parametrize("tham_quyen", ["KT", "TL", "TUQ"])
def test_delegated_signing_needs_the_signers_title(tham_quyen: str) -> None:
    with pytest.raises(ValueError) as info:
        signer_lines(UBND, tham_quyen, "Chủ tịch", None)
    assert str(info.value) == (
        f"ký {tham_quyen}. Chủ tịch cần chức vụ của người ký cho dòng thứ hai "
        "(ví dụ 'Phó Chủ tịch' khi ký KT., 'Chánh Văn phòng' khi ký TL.)"
    )


@pytest.mark.parametrize("tham_quyen", ["KT", "TL", "TUQ"])
@pytest.mark.parametrize("chuc_vu", ["Chủ tịch", "CHỦ TỊCH", " chủ  tịch "])
def test_delegated_signing_rejects_same_title(tham_quyen: str, chuc_vu: str) -> None:
    with pytest.raises(
        ValueError, match=re.escape(f"ký {tham_quyen}. thì chức vụ người ký phải khác")
    ):
        signer_lines(UBND, tham_quyen, "Chủ tịch", chuc_vu)


@pytest.mark.parametrize("tham_quyen", ["TM", "XX", "", "K T", "Thay mặt"])
def test_rejects_unknown_tham_quyen(tham_quyen: str) -> None:
    with pytest.raises(ValueError, match=r"thẩm quyền ký .* không hợp lệ"):
        signer_lines(UBND, tham_quyen, "Chủ tịch", "Phó Chủ tịch")


def test_tm_as_tham_quyen_points_to_thay_mat() -> None:
    with pytest.raises(ValueError) as info:
        signer_lines(None, "TM", "Chủ tịch", None)
    assert str(info.value) == (
        "thẩm quyền ký 'TM' không hợp lệ (TM. được ghi qua tên tập thể thay mặt); "
        "cần một trong: KT, Q, TL, TUQ hoặc để trống"
    )


def test_other_title_without_tham_quyen_is_rejected() -> None:
    with pytest.raises(ValueError) as info:
        signer_lines(UBND, None, "Chủ tịch", "Phó Chủ tịch")
    assert str(info.value) == (
        "người ký có chức vụ 'Phó Chủ tịch' khác chức danh 'Chủ tịch': "
        "cần ghi thẩm quyền ký KT, TL hoặc TUQ"
    )


def test_acting_head_takes_no_second_line() -> None:
    with pytest.raises(ValueError, match=re.escape("ký Q. Chủ tịch chỉ ghi một dòng")):
        signer_lines(UBND, "Q", "Chủ tịch", "Phó Chủ tịch")


@pytest.mark.parametrize("chuc_danh", ["", "   ", None])
def test_requires_chuc_danh(chuc_danh: object) -> None:
    with pytest.raises(ValueError, match="cần chức danh của người đứng đầu"):
        signer_lines(UBND, None, chuc_danh, None)  # type: ignore[arg-type]


def test_requires_a_name_after_tm() -> None:
    with pytest.raises(ValueError, match=re.escape("cần tên tập thể sau TM.")):
        signer_lines("TM.", None, "Chủ tịch", None)


def test_every_produced_prefix_is_a_valid_prefix() -> None:
    assert VALID_PREFIXES == ("TM.", "KT.", "Q.", "TL.", "TUQ.")
    for tham_quyen, chuc_vu in [("KT", "Phó Chủ tịch"), ("Q", None), ("TL", "X"), ("TUQ", "Y")]:
        lines = signer_lines(UBND, tham_quyen, "Chủ tịch", chuc_vu)
        assert lines[0].split(" ")[0] in VALID_PREFIXES
        assert lines[1].split(" ")[0] in VALID_PREFIXES
