"""Computed figures (tasks, inspection, ratios) and the checks of typed figures against them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli
from generator.errors import DataError, UsageError
from generator.model.so_lieu import CuaSo, computed_counts, period_values
from generator.report.so_lieu import so_lieu_bao_cao
from generator.sources import load_dataset
from generator.vi import parse_ky
from tests.report.conftest import BINH_LU, load_case


def window(code: str) -> CuaSo:
    ky = parse_ky(code)
    return CuaSo(ky.nam, ky.chot_tu, ky.chot_den)


def test_tasks_done_follow_status_and_cut_off() -> None:
    data = load_dataset(BINH_LU)
    assert data.ke_hoach is not None
    tasks = data.ke_hoach.nhiem_vu
    for code in ("2026-Q1", "2026-H1", "2026"):
        cut = window(code).den
        done = sum(
            1
            for t in tasks
            if t.trang_thai == "xong" and t.ngay_hoan_thanh and t.ngay_hoan_thanh <= cut
        )
        counts = computed_counts(data.ke_hoach, data.kiem_tra, window(code))
        assert counts["tong_nhiem_vu"] == len(tasks)
        assert counts["nhiem_vu_hoan_thanh"] == done
    # A plan for 2026-2030 says nothing about 2025.
    assert computed_counts(data.ke_hoach, data.kiem_tra, window("2025"))["tong_nhiem_vu"] is None


def test_inspection_counts_come_from_the_conclusions() -> None:
    data = load_dataset(BINH_LU)
    assert data.kiem_tra is not None
    conclusions = data.kiem_tra.ket_luan
    findings = [f for tb in conclusions for f in tb.ton_tai]
    year = computed_counts(data.ke_hoach, data.kiem_tra, window("2026"))
    assert year["don_vi_kiem_tra"] == len({tb.don_vi for tb in conclusions}) >= 6
    assert year["ton_tai_phat_hien"] == len(findings)
    assert year["ton_tai_da_khac_phuc"] == sum(1 for f in findings if f.da_khac_phuc)
    assert 0 < year["ton_tai_da_khac_phuc"] < len(findings)  # type: ignore[operator]
    # Inspections are held in September-October: none falls in the first half-year.
    half = computed_counts(data.ke_hoach, data.kiem_tra, window("2026-H1"))
    assert half["don_vi_kiem_tra"] == 0


def test_ratios_come_from_their_parts() -> None:
    data = load_dataset(BINH_LU)
    entry = next(e for e in data.bao_cao if e.ky == "2026-H1")
    values = period_values(data.ke_hoach, data.kiem_tra, entry, window("2026-H1"))
    assert values["ho_so_tiep_nhan"] == 1245
    assert values["ty_le_truc_tuyen"] == pytest.approx(100 * 1020 / 1245)
    assert values["ty_le_dung_han"] == pytest.approx(100 * 1198 / 1217)
    assert values["ty_le_hoan_thanh"] == pytest.approx(
        100 * values["nhiem_vu_hoan_thanh"] / values["tong_nhiem_vu"]  # type: ignore[operator]
    )
    assert values["ty_le_khac_phuc"] is None  # no finding yet: no ratio, not 0%


def test_comparison_periods(tmp_path: Path) -> None:
    h1 = so_lieu_bao_cao(load_dataset(BINH_LU), "2026-H1")
    assert h1.nhan_truoc == "quý I năm 2026"
    assert h1.truoc is not None and h1.truoc["ho_so_tiep_nhan"] == 612
    assert h1.cung_ky is not None and h1.cung_ky["ho_so_tiep_nhan"] == 1108
    q1 = so_lieu_bao_cao(load_dataset(BINH_LU), "2026-Q1")
    assert q1.truoc is None and q1.nhan_truoc is None
    nine = so_lieu_bao_cao(load_case("ca-nam", tmp_path), "2026-9M")
    # The same period of 2025 typed inside the 2026-9M entry (tthc_cung_ky).
    assert nine.cung_ky is not None and nine.cung_ky["ho_so_tiep_nhan"] == 1702


@pytest.mark.parametrize("code", ["2026-H3", "26-Q1", "2026-q5", "quý I", ""])
def test_bad_period_codes_are_refused(code: str) -> None:
    with pytest.raises(UsageError) as err:
        so_lieu_bao_cao(load_dataset(BINH_LU), code)
    assert "không hợp lệ" in str(err.value)
    assert "2026-Q1 (quý I), 2026-H1 (6 tháng đầu năm)" in str(err.value)


def test_period_without_a_report_entry() -> None:
    with pytest.raises(UsageError) as err:
        so_lieu_bao_cao(load_dataset(BINH_LU), "2025-H1")
    assert str(err.value) == (
        "kỳ báo cáo 2025-H1 (6 tháng đầu năm 2025) chỉ có số liệu so sánh, chưa có van_ban; thêm "
        "kỳ này vào dữ liệu báo cáo (bao-cao.yaml hoặc trang BaoCao của sổ Excel) với van_ban và "
        "số liệu, hoặc chọn một kỳ đã có: 2026-Q1, 2026-H1"
    )


def _edited(tmp_path: Path, edit: Any) -> Path:
    folder = tmp_path / "binh-lu"
    shutil.copytree(BINH_LU, folder)
    path = folder / "bao-cao.yaml"
    reports = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit({r["ky"]: r for r in reports})
    path.write_text(yaml.safe_dump(reports, allow_unicode=True, sort_keys=False), "utf-8")
    return folder


def _messages(folder: Path) -> list[str]:
    """Return the problems found, without the YAML line numbers (they depend on the dump)."""
    with pytest.raises(DataError) as err:
        load_dataset(folder, "du-lieu")
    return [re.sub(r" \(dòng \d+\)", "", str(p)) for p in err.value.problems]


def test_figures_that_contradict_each_other(tmp_path: Path) -> None:
    def edit(r: dict[str, Any]) -> None:
        t = r["2026-H1"]["tthc"]
        t["qua_han"] = 20  # 1198 + 20 != 1217
        t["xin_loi"] = 25  # more apologies than late files
        t["ty_le_dung_han"] = "99%"  # computed 98,4%
        r["2026-Q1"]["tthc"]["dang_giai_quyet"] = 80  # 590 + 80 > 28 + 612

    assert _messages(_edited(tmp_path, edit)) == [
        "du-lieu/bao-cao.yaml › [1].tthc.dang_giai_quyet: đã giải quyết (590) cộng đang giải "
        "quyết (80) nhiều hơn tổng số hồ sơ phải giải quyết (640 = kỳ trước chuyển sang 28 + "
        "tiếp nhận trực tuyến 489 + tiếp nhận trực tiếp 123)",
        "du-lieu/bao-cao.yaml › [2].tthc.da_giai_quyet: số hồ sơ đã giải quyết (1217) phải bằng "
        "đúng hạn (1198) cộng quá hạn (20)",
        "du-lieu/bao-cao.yaml › [2].tthc.xin_loi: số thư xin lỗi (25) không thể lớn hơn số hồ "
        "sơ quá hạn (20)",
        "du-lieu/bao-cao.yaml › [2].tthc.ty_le_dung_han: tỷ lệ đúng hạn ghi là 99%, nhưng tính "
        "từ số hồ sơ là 98,4%; sửa lại hoặc bỏ trống để chương trình tự tính",
    ]


def test_typed_figures_that_disagree_with_computed_ones(tmp_path: Path) -> None:
    data = load_dataset(BINH_LU)
    done = computed_counts(data.ke_hoach, data.kiem_tra, window("2026-H1"))
    typed = int(done["nhiem_vu_hoan_thanh"] or 0) + 2

    def edit(r: dict[str, Any]) -> None:
        r["2026-H1"]["so_nhiem_vu_hoan_thanh"] = typed
        r["2026-H1"]["so_don_vi_kiem_tra"] = 3
        r["2026-H1"]["chi_tieu"][1]["gia_tri"] = 90  # ct-04 is measured by ty_le_so_hoa

    messages = _messages(_edited(tmp_path, edit))
    assert messages == [
        "du-lieu/bao-cao.yaml › [2].chi_tieu[2].gia_tri: giá trị ghi là 90, nhưng chỉ số tính "
        "được (ty_le_so_hoa) tính từ số liệu là 94,5; sửa lại hoặc bỏ trống giá trị đạt",
        f"du-lieu/bao-cao.yaml › [2].so_nhiem_vu_hoan_thanh: số hoạt động đã hoàn thành ghi là "
        f"{typed}, nhưng tính từ trạng thái các hoạt động của phụ lục nhiệm vụ (đến ngày "
        f"14/6/2026) là {typed - 2}; sửa lại số liệu hoặc bỏ trống để chương trình tự tính",
        "du-lieu/bao-cao.yaml › [2].so_don_vi_kiem_tra: số cơ quan, đơn vị được kiểm tra ghi là "
        "3, nhưng tính từ các thông báo kết luận kiểm tra (đến ngày 14/6/2026) là 0; sửa lại số "
        "liệu hoặc bỏ trống để chương trình tự tính",
    ]


def test_bad_period_code_and_unknown_indicator_in_the_data(tmp_path: Path) -> None:
    def edit(r: dict[str, Any]) -> None:
        r["2026-Q1"]["ky"] = "2026-Q2"
        r["2026-H1"]["chi_tieu"].append({"chi_tieu": "ct-99", "gia_tri": 5})
        r["2026-H1"]["chi_tieu"].append({"chi_tieu": "ct-07", "gia_tri": 100})
        r["2026-H1"]["chi_tieu"].append({"chi_tieu": "ct-05"})

    messages = _messages(_edited(tmp_path, edit))
    assert messages[0].startswith(
        "du-lieu/bao-cao.yaml › [1].ky: mã kỳ báo cáo '2026-Q2' không hợp lệ"
    )
    assert messages[1:] == [
        "du-lieu/bao-cao.yaml › [2].chi_tieu[5].chi_tieu: không có chỉ tiêu nào mang mã 'ct-99'; "
        "có phải 'ct-09'? (các mã chỉ tiêu: ct-01, ct-02, ct-03, ct-04, ct-05, ct-06, ct-07, "
        "ct-08, …)",
        "du-lieu/bao-cao.yaml › [2].chi_tieu[6].chi_tieu: chỉ tiêu 'ct-07' thuộc giai đoạn "
        "2028-2030, không đánh giá trong kỳ 6 tháng đầu năm 2026",
        "du-lieu/bao-cao.yaml › [2].chi_tieu[7].gia_tri: cần giá trị đạt được, hoặc một chỉ số "
        "tính được (như tỷ lệ hồ sơ đúng hạn) để chương trình tự tính",
    ]


def test_vanban_check_reports_the_disagreement(tmp_path: Path) -> None:
    def edit(r: dict[str, Any]) -> None:
        r["2026-H1"]["so_don_vi_kiem_tra"] = 3

    folder = _edited(tmp_path, edit)
    lines = (folder / "bao-cao.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, start=1) if "so_don_vi_kiem_tra" in text)
    result = CliRunner().invoke(cli, ["check", str(folder)])
    assert result.exit_code == 1
    assert result.output == (
        "Dữ liệu có 1 lỗi cần sửa:\n"
        f"- {folder}/bao-cao.yaml › [2].so_don_vi_kiem_tra (dòng {line}): số cơ quan, đơn vị "
        "được kiểm tra ghi là 3, nhưng tính từ các thông báo kết luận kiểm tra (đến ngày "
        "14/6/2026) là 0; sửa lại số liệu hoặc bỏ trống để chương trình tự tính\n"
    )
