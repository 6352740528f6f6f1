"""Load a data folder of YAML files (to-chuc.yaml, ke-hoach.yaml, kiem-tra.yaml, bao-cao.yaml)."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import DataError, Place, Problem, SourceError
from generator.sources.common import PARTS, KeyPath, Provenance, clean, drop_empty

FILES = {part: part.replace("_", "-") + ".yaml" for part in PARTS}
MAX_BYTES = 20 * 1024 * 1024
NOT_UTF8 = (
    "tệp không phải văn bản UTF-8 (có thể đã lưu bằng bảng mã TCVN3, VNI hoặc Windows-1258); "
    "mở tệp bằng trình soạn thảo (Notepad, VS Code…) và lưu lại với bảng mã UTF-8"
)


def load_yaml_folder(folder: Path, shown: str | None = None) -> tuple[dict[str, Any], Provenance]:
    """Return the raw dataset of a YAML folder and where each value came from.

    Raise DataError with every YAML syntax problem (file and line) at once.
    """
    label = shown or str(folder)
    if not (folder / FILES["to_chuc"]).is_file():
        raise SourceError(
            f"{label}: không thấy tệp {FILES['to_chuc']}; thư mục dữ liệu cần ít nhất tệp này "
            "(chạy 'vanban init THƯ_MỤC' để có bộ dữ liệu mẫu)"
        )
    raw: dict[str, Any] = {}
    prov = Provenance(Place(label))
    problems: list[Problem] = []
    for part, name in FILES.items():
        path = folder / name
        if not path.is_file():
            continue
        file_label = f"{label.rstrip('/')}/{name}"
        try:
            value, places = _load_file(path, file_label)
        except _YamlProblemError as err:
            problems.append(err.problem)
            continue
        raw[part] = value
        prov.merge({(part, *p): place for p, place in places.items()})
    if problems:
        raise DataError(problems=problems)
    return raw, prov


class _YamlProblemError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _load_file(path: Path, label: str) -> tuple[Any, dict[KeyPath, Place]]:
    if path.stat().st_size > MAX_BYTES:
        too_large = "tệp quá lớn cho một tệp dữ liệu (trên 20 MB)"
        raise _YamlProblemError(Problem(Place(label), too_large))
    raw = path.read_bytes()
    try:
        # Notepad's "Unicode" is UTF-16 with a byte-order mark: read it rather than refuse it.
        utf16 = raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        text = raw.decode("utf-16") if utf16 else raw.decode("utf-8")
    except UnicodeDecodeError as err:
        bad_line = raw.count(b"\n", 0, err.start) + 1
        raise _YamlProblemError(Problem(Place(label, line=bad_line), NOT_UTF8)) from None
    try:
        value, places = _compose(text, label, _FAST_LOADER)
    except yaml.MarkedYAMLError:
        value, places = None, {}  # libyaml words errors differently: ask the Python parser
    else:
        return drop_empty(clean(value)), places
    try:
        value, places = _compose(text, label, yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        reason = _translate(err.problem or err.context or "")
        raise _YamlProblemError(
            Problem(Place(label, line=line), f"lỗi cú pháp YAML: {reason}")
        ) from None
    return drop_empty(clean(value)), places


# libyaml's parser (PyYAML's C binding) composes the same nodes with the same marks about five
# times faster; its error messages differ, so a file with an error is parsed again in Python.
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str, label: str, loader_class: Any) -> tuple[Any, dict[KeyPath, Place]]:
    """Return the file's value and the line of every key path, with `loader_class`."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        places: dict[KeyPath, Place] = {}
        value = _build(loader, node, (), label, places) if node is not None else None
    finally:
        loader.dispose()
    return value, places


def _build(
    loader: yaml.SafeLoader, node: Node, path: KeyPath, label: str, places: dict[KeyPath, Place]
) -> Any:
    places[path] = Place(label, line=node.start_mark.line + 1)
    if isinstance(node, MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            key = str(key) if not isinstance(key, str) else key
            result[key] = _build(loader, value_node, (*path, key), label, places)
        return result
    if isinstance(node, SequenceNode):
        return [
            _build(loader, item, (*path, i), label, places) for i, item in enumerate(node.value)
        ]
    if isinstance(node, ScalarNode):
        return loader.construct_object(node, deep=True)
    return None


_REASONS = {
    "could not find expected ':'": "thiếu dấu ':' sau tên trường",
    "mapping values are not allowed here": "dấu ':' đặt sai chỗ (đoạn văn có dấu ':' cần đặt trong "
    "ngoặc kép)",
    "found character '\\t' that cannot start any token": "có ký tự Tab; dùng dấu cách để thụt lề",
    "expected <block end>, but found '-'": "thụt lề của danh sách không thẳng hàng",
    "found undefined alias": "dùng bí danh (*) chưa được định nghĩa",
}


def _translate(reason: str) -> str:
    for english, vietnamese in _REASONS.items():
        if reason.startswith(english):
            return vietnamese
    return f"cấu trúc không hợp lệ ({reason})" if reason else "cấu trúc không hợp lệ"
