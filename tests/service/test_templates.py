"""A province's own templates: export, check (file and paragraph), build with fallback."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import docx
from click.testing import CliRunner, Result
from docx.text.paragraph import Paragraph

from generator.cli import cli
from generator.kinds import KINDS
from generator.nd30 import lint_errors
from generator.service.templates import sample_contexts
from generator.templating.variables import DESCRIPTIONS, REQUIRED
from tests.docx_text import docx_text
from tests.service.clerk import paragraph, set_text

CASES = Path(__file__).parents[1] / "cases" / "inspection"
KH_TEMPLATE = "kehoach/kiem-tra.docx"
EXTRA = (
    "{{ don_vi_tham_muu }} tổng hợp kết quả kiểm tra, báo cáo Chủ tịch {{ ten_to_chuc }} "
    "trước ngày 15 tháng 10 năm {{ nam }}."
)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def province(exported: Path, target: Path, extra: str = EXTRA) -> Path:
    """Return a province's template folder: the KH with a renamed heading and a new section."""
    target.mkdir(parents=True)
    doc = docx.Document(str(exported / KH_TEMPLATE))
    set_text(paragraph(doc, "I. MỤC ĐÍCH, YÊU CẦU"), "I. MỤC ĐÍCH VÀ YÊU CẦU CỦA ĐỢT KIỂM TRA")
    heading = copy.deepcopy(paragraph(doc, "V. TỔ CHỨC THỰC HIỆN")._p)
    body = copy.deepcopy(paragraph(doc, "{{ thoi_gian }}")._p)
    anchor = paragraph(doc, "{{ ket_thuc }}")._p
    anchor.addprevious(heading)
    anchor.addprevious(body)
    set_text(Paragraph(heading, None), "VI. CHẾ ĐỘ THÔNG TIN, BÁO CÁO")
    set_text(Paragraph(body, None), extra)
    (target / "kehoach").mkdir()
    doc.save(str(target / KH_TEMPLATE))
    return target


def test_export_writes_templates_and_every_variable_described(exported: Path) -> None:
    for kind in KINDS.values():
        assert (exported / kind.template).read_bytes() == kind.template_path.read_bytes()
    schemas = json.loads((exported / "schema.json").read_text(encoding="utf-8"))
    assert sorted(schemas) == sorted(KINDS)
    context_md = (exported / "context.md").read_text(encoding="utf-8")

    def walk(name: str, schema: dict[str, object]) -> list[tuple[str, dict[str, object]]]:
        found = [(name, schema)]
        for child, inner in dict(schema.get("properties") or {}).items():  # type: ignore[call-overload]
            found += walk(f"{name}.{child}", inner)
        items = schema.get("items")
        if isinstance(items, dict):
            for child, inner in dict(items.get("properties") or {}).items():
                found += walk(f"{name}[].{child}", inner)
        return found

    for kind, schema in schemas.items():
        assert schema["required"] == list(REQUIRED), kind
        for name, prop in schema["properties"].items():
            for path, inner in walk(name, prop):
                assert inner.get("description") == DESCRIPTIONS[path], (kind, path)
            assert f"`{name}`" in context_md


def test_every_context_variable_has_a_description() -> None:
    contexts = sample_contexts()
    assert sorted(contexts) == sorted(KINDS)
    missing = sorted({n for c in contexts.values() for n in c} - set(DESCRIPTIONS))
    assert missing == []


def test_the_exported_defaults_pass_the_check(exported: Path) -> None:
    result = invoke("template", "check", str(exported))
    assert result.exit_code == 0, result.output
    assert result.output == (f"Tổng cộng: 0 lỗi, 0 cảnh báo trong các mẫu của {exported}.\n")


def test_a_province_template_builds_and_passes_lint(exported: Path, tmp_path: Path) -> None:
    folder = province(exported, tmp_path / "mau-tinh")
    checked = invoke("template", "check", str(folder))
    assert checked.exit_code == 0, checked.output
    out = tmp_path / "out"
    result = invoke(
        "build", "inspection", str(CASES / "minimal" / "data"), "--out", str(out), "--no-pdf",
        "--templates", str(folder),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        f"Dùng mẫu riêng trong {folder}: kehoach/kiem-tra.docx."
    )
    built = out / "an-hoa" / "2026" / "inspection"
    text = docx_text(built / "01-ke-hoach-kiem-tra.docx")
    assert "I. MỤC ĐÍCH VÀ YÊU CẦU CỦA ĐỢT KIỂM TRA" in text
    assert "I. MỤC ĐÍCH, YÊU CẦU\n" not in text
    assert (
        "VI. CHẾ ĐỘ THÔNG TIN, BÁO CÁO\nPhòng Văn hóa - Xã hội tổng hợp kết quả kiểm tra, báo "
        "cáo Chủ tịch Ủy ban nhân dân xã An Hòa trước ngày 15 tháng 10 năm 2026." in text
    )
    # The kinds without a template of the province's keep the defaults.
    default = tmp_path / "default"
    data = str(CASES / "minimal" / "data")
    assert invoke("build", "inspection", data, "--out", str(default), "--no-pdf").exit_code == 0
    same = default / "an-hoa" / "2026" / "inspection" / "02-quyet-dinh-doan.docx"
    assert docx_text(built / "02-quyet-dinh-doan.docx") == docx_text(same)
    for path in sorted(built.glob("*.docx")):
        assert lint_errors(path) == [], path.name


def test_a_typo_in_a_variable_is_caught_with_its_paragraph(exported: Path, tmp_path: Path) -> None:
    folder = province(exported, tmp_path / "mau-tinh", EXTRA.replace("ten_to_chuc", "ten_to_chucc"))
    result = invoke("template", "check", str(folder))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "- kehoach/kiem-tra.docx: đoạn 75 «{{ don_vi_tham_muu }} tổng hợp kết quả kiểm tra, báo "
        "cáo Chủ tịch {{ ten_to_chucc }} trước ngày 1…»: biến 'ten_to_chucc' không có trong dữ "
        "liệu của loại văn bản này; có phải 'ten_to_chuc'?",
        f"Tổng cộng: 1 lỗi, 0 cảnh báo trong các mẫu của {folder}.",
    ]
    out = tmp_path / "out"
    built = invoke(
        "build", "inspection", str(CASES / "minimal" / "data"), "--out", str(out), "--no-pdf",
        "--templates", str(folder),
    )  # fmt: skip
    assert built.exit_code == 1
    assert "mẫu dùng biến không có trong dữ liệu của loại văn bản này: ten_to_chucc" in built.output
    assert not (out / "an-hoa" / "2026" / "inspection").exists()


def test_syntax_errors_and_missing_parts_are_reported_never_replaced(
    exported: Path, tmp_path: Path
) -> None:
    folder = province(exported, tmp_path / "mau-tinh", "{{ don_vi_tham_muu ")
    (folder / "kehoach" / "quyet-dinh-doan.docx").write_bytes(
        (exported / "kehoach" / "quyet-dinh-doan.docx").read_bytes()
    )
    doc = docx.Document(str(folder / "kehoach" / "quyet-dinh-doan.docx"))
    signer = next(p for t in doc.tables for c in t._cells for p in c.paragraphs
                  if "{{ nguoi_ky }}" in p.text)  # fmt: skip
    set_text(signer, "Người ký")
    doc.save(str(folder / "kehoach" / "quyet-dinh-doan.docx"))
    (folder / "kehoach" / "thong-bao.docx").write_bytes(b"not used")
    result = invoke("template", "check", str(folder))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == (
        "- kehoach/thong-bao.docx: không có loại văn bản nào dùng tên tệp này; tên mẫu hợp lệ: "
        "baocao/ket-qua.docx, kehoach/ke-hoach-cchc.docx, kehoach/kiem-tra.docx, "
        "kehoach/quyet-dinh-doan.docx, kehoach/thong-bao-ket-luan.docx"
    )
    assert re.fullmatch(
        r"- kehoach/kiem-tra\.docx: mẫu có lỗi cú pháp Jinja trong phần nội dung ở đoạn "
        r"«\{\{ don_vi_tham_muu.*» \(dòng \d+ của XML\): .+",
        lines[1],
    )
    assert lines[2] == (
        "- kehoach/quyet-dinh-doan.docx: thiếu biến bắt buộc 'nguoi_ky' (Họ và tên người ký "
        "(ô 7c)); văn bản lập ra sẽ thiếu thành phần thể thức này"
    )
    assert lines[-1].startswith("Tổng cộng: 3 lỗi")
    built = invoke(
        "build", "inspection", str(CASES / "minimal" / "data"), "--out", str(tmp_path / "out"),
        "--no-pdf", "--templates", str(folder),
    )  # fmt: skip
    assert built.exit_code == 1
    output = built.output
    assert output.startswith(f"Lỗi: thư mục mẫu {folder} có 2 lỗi:\n- kehoach/thong-bao.docx: ")
    assert "- kehoach/kiem-tra.docx: " in output and "lỗi cú pháp Jinja" in output
    assert not (tmp_path / "out").exists()


def test_an_attribute_typo_is_placed_at_its_paragraph(exported: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mau-tinh"
    (folder / "kehoach").mkdir(parents=True)
    doc = docx.Document(str(exported / KH_TEMPLATE))
    set_text(paragraph(doc, "{{ nd.linh_vuc }}"), "{{ loop.index }}. {{ nd.linh_vucc }}")
    doc.save(str(folder / KH_TEMPLATE))
    result = invoke("template", "check", str(folder))
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "- kehoach/kiem-tra.docx: đoạn 32 «{{ loop.index }}. {{ nd.linh_vucc }}»: mẫu dùng một "
        "giá trị không có trong dữ liệu (không có thuộc tính 'linh_vucc'); kiểm tra tên biến "
        "sau dấu chấm trong mẫu."
    )
