"""Hostile YAML (issue 18): bombs, depth, huge numbers, impossible dates, duplicate keys.

Each case ends in located Vietnamese messages, never a traceback, a hang or a crash.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.errors import DataError
from generator.sources import load_dataset
from tests.sources.conftest import problems


def _replace(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _append(folder: Path, name: str, text: str) -> int:
    """Append `text` to the file; return the line number where it starts."""
    path = folder / name
    start = len(path.read_text(encoding="utf-8").splitlines()) + 1
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)
    return start


def test_billion_laughs_is_refused_at_its_first_anchor(mini_yaml: Path) -> None:
    lines = ['l0: &l0 "ha"']
    for level in range(1, 10):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    _append(mini_yaml, "to-chuc.yaml", "\n".join(lines) + "\n")
    start = len((mini_yaml / "to-chuc.yaml").read_text(encoding="utf-8").splitlines()) - 9
    assert problems(mini_yaml, "mini") == [
        f"mini/to-chuc.yaml (dòng {start}): tệp dữ liệu không dùng neo và bí danh YAML (dấu & "
        "và *); chép thẳng giá trị vào từng chỗ cần"
    ]


def test_an_alias_alone_is_refused_too(mini_yaml: Path) -> None:
    _replace(mini_yaml, "to-chuc.yaml", "dia_danh: Mẫu", "dia_danh: *mau")
    assert problems(mini_yaml, "mini") == [
        "mini/to-chuc.yaml (dòng 8): tệp dữ liệu không dùng neo và bí danh YAML (dấu & và *); "
        "chép thẳng giá trị vào từng chỗ cần"
    ]


@pytest.mark.parametrize("depth", [40, 1_000, 50_000])
def test_deep_nesting_is_refused_while_parsing(mini_yaml: Path, depth: int) -> None:
    line = _append(mini_yaml, "to-chuc.yaml", "ghi_chu: " + "[" * depth + "]" * depth + "\n")
    found = problems(mini_yaml, "mini")
    assert found == [
        f"mini/to-chuc.yaml (dòng {line}): dữ liệu lồng nhau quá sâu (hơn 32 cấp); kiểm tra lại "
        "thụt lề"
    ]


def test_deep_block_nesting_is_refused_while_parsing(mini_yaml: Path) -> None:
    line = _append(mini_yaml, "to-chuc.yaml", "ghi_chu:\n" + "- " * 50_000 + "x\n")
    assert problems(mini_yaml, "mini") == [
        f"mini/to-chuc.yaml (dòng {line + 1}): dữ liệu lồng nhau quá sâu (hơn 32 cấp); kiểm tra "
        "lại thụt lề"
    ]


def test_50000_deep_check_exits_1_with_a_message_not_a_crash(mini_yaml: Path) -> None:
    _append(mini_yaml, "to-chuc.yaml", "ghi_chu: " + "{a: " * 50_000 + "}" * 50_000 + "\n")
    run = subprocess.run(
        [sys.executable, "-m", "generator", "check", str(mini_yaml)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 1, run.stderr
    assert "lồng nhau quá sâu" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "da_giai_quyet: 1500",
            "da_giai_quyet: " + "9" * 5000,
            "mini/bao-cao.yaml › [1].tthc.da_giai_quyet (dòng 11): số quá lớn (hơn 30 chữ số), "
            "nhận được '9999999999999999999999999999999999999999…' (5.000 ký tự)",
        ),
        (
            "da_giai_quyet: 1500",
            "da_giai_quyet: " + "9" * 400,
            "mini/bao-cao.yaml › [1].tthc.da_giai_quyet (dòng 11): số quá lớn (hơn 30 chữ số), "
            "nhận được '9999999999999999999999999999999999999999…' (400 ký tự)",
        ),
        (
            "da_giai_quyet: 1500",
            "da_giai_quyet: .inf",
            "mini/bao-cao.yaml › [1].tthc.da_giai_quyet (dòng 11): cần một số nguyên không âm "
            "như 1.234, nhận được '.inf'",
        ),
        (
            "gia_tri: 80,4",
            "gia_tri: .nan",
            "mini/bao-cao.yaml › [1].chi_tieu[1].gia_tri (dòng 16): cần một số như 1.234 hoặc "
            "95,5, nhận được '.nan'",
        ),
        (
            "ngay_ban_hanh: 15/06/2026",
            "ngay_ban_hanh: !!timestamp 2026-02-31",
            "mini/bao-cao.yaml › [1].van_ban.ngay_ban_hanh (dòng 4): ngày không có thật, nhận "
            "được '2026-02-31'",
        ),
        (
            "ngay_ban_hanh: 15/06/2026",
            "ngay_ban_hanh: 9999-01-01",
            "mini/bao-cao.yaml › [1].van_ban.ngay_ban_hanh (dòng 4): cần một ngày từ năm 1990 "
            "đến năm 2100, nhận được '9999-01-01'",
        ),
        (
            "so: 40",
            "so: " + "4" * 400,
            "mini/bao-cao.yaml › [1].van_ban.so (dòng 3): số quá lớn (hơn 30 chữ số), nhận được "
            "'4444444444444444444444444444444444444444…' (400 ký tự)",
        ),
        (
            "so: 40",
            "so: 100000",
            "mini/bao-cao.yaml › [1].van_ban.so (dòng 3): cần số văn bản là một số nguyên "
            "dương như 45 (từ 1 đến 99.999), nhận được '100000'",
        ),
        (
            "so: 40",
            "so: !!python/object:os.system ls",
            "mini/bao-cao.yaml › [1].van_ban.so (dòng 3): kiểu giá trị YAML không dùng được ở "
            "đây (tag:yaml.org,2002:python/object:os.system): 'ls'",
        ),
    ],
)
def test_every_number_and_date_has_a_range_and_a_message(
    mini_yaml: Path, old: str, new: str, expected: str
) -> None:
    _replace(mini_yaml, "bao-cao.yaml", old, new)
    assert problems(mini_yaml, "mini") == [expected]


def test_year_and_row_number_have_sane_ranges(mini_yaml: Path) -> None:
    _replace(mini_yaml, "kiem-tra.yaml", "nam: 2026", "nam: -999999999")
    _replace(mini_yaml, "ke-hoach.yaml", "  - stt: 1", "  - stt: " + "1" + "0" * 30)
    assert problems(mini_yaml, "mini") == [
        "mini/ke-hoach.yaml › nhiem_vu[1].stt (dòng 46): số quá lớn (hơn 30 chữ số), nhận được "
        "'1000000000000000000000000000000'",
        "mini/kiem-tra.yaml › nam (dòng 1): cần một năm như 2026 (từ 1990 đến 2100), nhận "
        "được '-999999999'",
    ]


def test_a_duplicate_key_names_both_lines(mini_yaml: Path) -> None:
    _replace(mini_yaml, "to-chuc.yaml", "ky_hieu: UBND", "ky_hieu: UBND\nky_hieu: XYZ")
    assert problems(mini_yaml, "mini") == [
        "mini/to-chuc.yaml › ky_hieu (dòng 7): tên trường 'ky_hieu' có hai lần (dòng 7 và "
        "dòng 8); xóa hoặc đổi tên một trong hai"
    ]


def test_a_duplicate_key_deep_in_a_list_names_both_lines(mini_yaml: Path) -> None:
    _replace(mini_yaml, "to-chuc.yaml", "    ho_ten: Trần Thị Bình", "    ho_ten: A\n    ho_ten: B")
    assert problems(mini_yaml, "mini") == [
        "mini/to-chuc.yaml › can_bo[2].ho_ten (dòng 29): tên trường 'ho_ten' có hai lần (dòng "
        "29 và dòng 30); xóa hoặc đổi tên một trong hai"
    ]


def test_an_empty_to_chuc_names_the_file(mini_yaml: Path) -> None:
    (mini_yaml / "to-chuc.yaml").write_text("# trống\n", encoding="utf-8")
    assert problems(mini_yaml, "mini") == [
        "mini/to-chuc.yaml: tệp trống; ghi các trường dạng 'tên: giá trị' như tệp mẫu, hoặc "
        "xóa tệp nếu không dùng"
    ]


def test_a_list_where_fields_belong_names_the_file(mini_yaml: Path) -> None:
    (mini_yaml / "kiem-tra.yaml").write_text("- a\n- b\n", encoding="utf-8")
    assert problems(mini_yaml, "mini") == [
        "mini/kiem-tra.yaml (dòng 1): đầu tệp cần các trường dạng 'tên: giá trị' như tệp mẫu, "
        "nhận được một danh sách"
    ]


def test_a_huge_value_is_refused_and_echoed_short(mini_yaml: Path) -> None:
    _replace(mini_yaml, "to-chuc.yaml", "dia_danh: Mẫu", "dia_danh: " + "x" * 3_000_000)
    found = problems(mini_yaml, "mini")
    assert found == [
        "mini/to-chuc.yaml › dia_danh (dòng 8): giá trị quá dài (3.000.000 ký tự, giới hạn 20.000)"
    ]


def test_a_long_wrong_value_is_echoed_cut(mini_yaml: Path) -> None:
    _replace(mini_yaml, "to-chuc.yaml", "don_vi_tham_muu: vhxh", "don_vi_tham_muu: " + "Á" * 5000)
    found = problems(mini_yaml, "mini")
    assert len(found) == 1
    assert len(found[0]) < 300
    assert "(5.000 ký tự)" in found[0]


def test_a_file_over_the_size_limit_is_refused(
    mini_yaml: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.sources import yaml_folder

    monkeypatch.setattr(yaml_folder, "MAX_YAML_BYTES", 1000)
    assert problems(mini_yaml, "mini")[0].startswith(
        "mini/to-chuc.yaml: tệp quá lớn cho một tệp dữ liệu ("
    )


def test_a_long_list_is_refused(mini_yaml: Path) -> None:
    items = "".join(f"  - Mục {i}\n" for i in range(5001))
    line = _append(mini_yaml, "to-chuc.yaml", "ghi_chu:\n" + items)
    assert problems(mini_yaml, "mini") == [
        f"mini/to-chuc.yaml (dòng {line + 5001}): danh sách quá dài (hơn 5.000 mục)"
    ]


def test_every_problem_is_collected_in_one_pass(mini_yaml: Path) -> None:
    _replace(mini_yaml, "to-chuc.yaml", "ky_hieu: UBND", "ky_hieu: UBND\nky_hieu: XYZ")
    _replace(mini_yaml, "bao-cao.yaml", "so: 40", "so: .inf")
    _replace(mini_yaml, "kiem-tra.yaml", "nam: 2026", "nam: 20260")
    with pytest.raises(DataError) as caught:
        load_dataset(mini_yaml, "mini")
    assert len(caught.value.problems) == 3
