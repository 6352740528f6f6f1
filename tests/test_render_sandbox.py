"""Attacks from a template a province or commune brings: none may read a file or run code.

Each template is the real default template with one paragraph's text replaced by the attack,
rendered through `render` (the path `vanban build --templates` takes).
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from generator.errors import TemplateError
from generator.kinds import KINDS
from generator.render import render
from generator.sources import load_dataset

CASES = Path(__file__).parent / "cases" / "inspection"
KIND = KINDS["qd_doan"]
ANCHOR = "{{ thi_hanh }}"


@pytest.fixture(scope="module")
def context() -> dict[str, object]:
    data = load_dataset(CASES / "minimal" / "data")
    return KIND.build_context(data, today=date(2026, 3, 1))


def with_text(tmp_path: Path, text: str, *, doctype: str = "") -> Path:
    """Return the default template with `{{ thi_hanh }}` replaced by `text`.

    `text` is XML-escaped, unless a `doctype` is given: then it is XML written as it is.
    """
    escaped = text if doctype else text.replace("&", "&amp;").replace("<", "&lt;")
    escaped = escaped if doctype else escaped.replace(">", "&gt;")
    out = tmp_path / "mau.docx"
    with zipfile.ZipFile(KIND.template_path) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                assert ANCHOR in xml
                xml = xml.replace(ANCHOR, escaped)
                if doctype:
                    head, rest = xml.split("?>", 1)
                    xml = head + "?>" + doctype + rest
                data = xml.encode("utf-8")
            target.writestr(info, data)
    return out


ATTACKS = {
    "mro": "{{ trich_yeu.__class__.__mro__[1].__subclasses__() }}",
    "globals": "{{ trich_yeu.format.__globals__ }}",
    "os_via_init": "{{ nguoi_ky.__class__.__init__.__globals__['os'].system('id') }}",
    "attr_filter": "{{ trich_yeu|attr('__class__')|attr('__mro__') }}",
    "format_string": "{{ '{0.__class__.__mro__}'.format(trich_yeu) }}",
    "include_file": "{% include '/etc/passwd' %}",
    "import_module": "{% import 'os' as os %}{{ os }}",
    "extends": "{% extends '/etc/hostname' %}",
    "cycler_globals": "{{ cycler.__init__.__globals__.os }}",
    "self_context": "{{ self._TemplateReference__context }}",
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_a_template_cannot_escape_the_sandbox(
    name: str, context: dict[str, object], tmp_path: Path
) -> None:
    template = with_text(tmp_path, ATTACKS[name])
    out = tmp_path / "out.docx"
    with pytest.raises(TemplateError) as caught:
        render(template, context, out)
    assert str(caught.value).startswith(f"{template}: ")
    assert not out.exists()


def test_a_template_cannot_read_a_file_through_an_xml_entity(
    context: dict[str, object], tmp_path: Path
) -> None:
    secret = tmp_path / "bi-mat.txt"
    secret.write_text("MAT-KHAU-123", encoding="utf-8")
    doctype = f'<!DOCTYPE w:document [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
    fixed = with_text(tmp_path, "Thi hành: &x;", doctype=doctype)
    out = tmp_path / "out.docx"
    try:
        render(fixed, context, out)
    except TemplateError:
        return  # refused outright: nothing was read
    with zipfile.ZipFile(out) as rendered:
        assert b"MAT-KHAU-123" not in rendered.read("word/document.xml")
