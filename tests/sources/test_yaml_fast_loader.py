"""libyaml (the fast parser) and PyYAML's Python parser read every sample file the same way:
same values, same line for every key path; a file with an error keeps the Python wording."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.sources import yaml_folder
from generator.sources.yaml_compose import FileRefusedError, compose

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(
    [*(ROOT / "data").rglob("*.yaml"), *(ROOT / "tests" / "cases").rglob("*.yaml")],
    key=str,
)


def test_the_fast_parser_is_there() -> None:
    assert yaml_folder._FAST_LOADER is getattr(yaml, "CSafeLoader", None)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_both_parsers_give_the_same_values_and_lines(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast = compose(text, path.name, yaml_folder._FAST_LOADER)
    python = compose(text, path.name, yaml.SafeLoader)
    assert fast == python
    assert fast.problems == []


def test_a_syntax_error_keeps_the_python_parsers_words(tmp_path: Path) -> None:
    (tmp_path / "to-chuc.yaml").write_text("ten: a\n\tma: b\n", encoding="utf-8")
    with pytest.raises(FileRefusedError) as caught:
        yaml_folder._load_file(tmp_path / "to-chuc.yaml", "to-chuc.yaml")
    assert "có ký tự Tab" in str(caught.value.args[0])
