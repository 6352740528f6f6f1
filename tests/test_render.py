"""generator.render: escaping of & < > " ', strict sandboxed Jinja, template errors, atomicity."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import TemplateError
from generator.render import check_template, render, template_variables
from generator.templating.skeleton import (
    add_body,
    new_document,
    save,
)
from generator.templating.tables import add_closing_table
from tests.docx_text import docx_lines

SPECIAL = "Phòng A & B <xã> \"Bình Lư\" 'mới' – Trung tâm Phục vụ hành chính công xã Bình Lư"


def _template(tmp_path: Path, *texts: str) -> Path:
    doc = new_document()
    for text in texts:
        add_body(doc, [text])
    path = tmp_path / "mau.docx"
    save(doc, path)
    return path


def test_special_characters_and_long_names_come_out_intact(tmp_path: Path) -> None:
    template = _template(tmp_path, "{{ ten }}", "{% for x in ds %}[{{ x }}]{% endfor %}")
    long_name = ("Nguyễn Thị Minh Khai Hoàng Phương Thảo Lò Văn Thắng " * 4).strip()
    out = render(template, {"ten": SPECIAL, "ds": ["<a>", "&amp;", long_name]}, tmp_path / "o.docx")
    assert docx_lines(out) == [SPECIAL, f"[<a>][&amp;][{long_name}]"]


def test_an_unknown_variable_names_the_template_and_every_missing_name(tmp_path: Path) -> None:
    template = _template(tmp_path, "{{ ten }} {{ so_ky_hieu_sai }}", "{{ dia_danh_x }}")
    with pytest.raises(TemplateError) as err:
        check_template(template, {"ten": "x", "nam": 2026})
    assert str(err.value) == (
        f"{template}: mẫu dùng biến không có trong dữ liệu của loại văn bản này: dia_danh_x, "
        "so_ky_hieu_sai. Các biến có sẵn: nam, ten."
    )
    assert not (tmp_path / "o.docx").exists()


def test_a_jinja_syntax_error_names_the_template_and_the_paragraph(tmp_path: Path) -> None:
    template = _template(tmp_path, "Đoạn đúng {{ ten }}", "Đoạn sai {{ ten }")
    with pytest.raises(TemplateError) as err:
        render(template, {"ten": "x"}, tmp_path / "o.docx")
    message = str(err.value)
    assert message.startswith(f"{template}: mẫu có lỗi cú pháp Jinja trong phần nội dung ở đoạn «")
    assert "Đoạn sai {{ ten }" in message
    assert message.endswith("Sửa thẻ {{ … }} hoặc {%p … %} trong mẫu rồi chạy lại.")
    assert not (tmp_path / "o.docx").exists()


def test_a_missing_attribute_is_an_error_not_an_empty_string(tmp_path: Path) -> None:
    template = _template(tmp_path, "{{ don_vi.ten_sai }}")
    with pytest.raises(TemplateError) as err:
        render(template, {"don_vi": {"ten": "x"}}, tmp_path / "o.docx")
    assert str(err.value) == (
        f"{template}: mẫu dùng một giá trị không có trong dữ liệu (không có thuộc tính "
        "'ten_sai'); kiểm tra tên biến sau dấu chấm trong mẫu."
    )
    assert list(tmp_path.iterdir()) == [template]


def test_the_sandbox_refuses_python_internals(tmp_path: Path) -> None:
    template = _template(tmp_path, "{{ ten.__class__.__mro__ }}")
    with pytest.raises(TemplateError):
        render(template, {"ten": "x"}, tmp_path / "o.docx")


def test_the_shared_blocks_declare_the_shared_context_keys(tmp_path: Path) -> None:
    doc = new_document()
    add_closing_table(doc)
    path = tmp_path / "ky.docx"
    save(doc, path)
    assert template_variables(path) == {"noi_nhan", "tham_quyen", "nguoi_ky"}


def test_an_existing_output_is_replaced_whole(tmp_path: Path) -> None:
    template = _template(tmp_path, "{{ ten }}")
    out = tmp_path / "o.docx"
    out.write_bytes(b"old")
    render(template, {"ten": "mới"}, out)
    assert docx_lines(out) == ["mới"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mau.docx", "o.docx"]
