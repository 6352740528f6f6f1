"""Load a data folder of YAML files (to-chuc.yaml, ke-hoach.yaml, kiem-tra.yaml, bao-cao.yaml)."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import yaml

from generator.errors import DataError, Place, Problem, SourceError
from generator.limits import MAX_YAML_BYTES, MB
from generator.sources.common import PARTS, KeyPath, Provenance, clean, drop_empty
from generator.sources.yaml_compose import Composed, FileRefusedError, compose

FILES = {part: part.replace("_", "-") + ".yaml" for part in PARTS}
NOT_UTF8 = (
    "tệp không phải văn bản UTF-8 (có thể đã lưu bằng bảng mã TCVN3, VNI hoặc Windows-1258); "
    "mở tệp bằng trình soạn thảo (Notepad, VS Code…) và lưu lại với bảng mã UTF-8"
)


def load_yaml_folder(
    folder: Path, shown: str | None = None
) -> tuple[dict[str, Any], Provenance, list[Problem]]:
    """Return the raw dataset of a YAML folder, where each value came from, and the problems
    of single values (left out of the raw dataset, to be reported with the model's).

    Raise DataError with every problem that stops a file (YAML syntax, an empty file, input
    beyond the limits of `generator.limits`), file and line, at once.
    """
    label = shown or str(folder)
    if not (folder / FILES["to_chuc"]).is_file():
        raise SourceError(
            f"{label}: không thấy tệp {FILES['to_chuc']}; thư mục dữ liệu cần ít nhất tệp này "
            "(chạy 'vanban init THƯ_MỤC' để có bộ dữ liệu mẫu)"
        )
    raw: dict[str, Any] = {}
    prov = Provenance(Place(label))
    fatal: list[Problem] = []
    values: list[tuple[KeyPath, str]] = []
    for part, name in FILES.items():
        path = folder / name
        if not path.is_file():
            continue
        file_label = f"{label.rstrip('/')}/{name}"
        try:
            composed = _load_file(path, file_label, list if part == "bao_cao" else dict)
        except FileRefusedError as err:
            fatal.append(err.problem)
            continue
        raw[part] = composed.value
        prov.merge({(part, *p): place for p, place in composed.places.items()})
        values += [((part, *p), message) for p, message in composed.problems]
    if fatal:
        raise DataError(problems=fatal)
    return raw, prov, [Problem(prov.locate(p), m, _field(p)) for p, m in values]


def _field(path: KeyPath) -> str | None:
    return path[-1] if path and isinstance(path[-1], str) else None


def _load_file(path: Path, label: str, shape: type = dict) -> Composed:
    """Return the cleaned value of one file; raise FileRefusedError when it cannot be used."""
    size = path.stat().st_size
    if size > MAX_YAML_BYTES:
        raise FileRefusedError(
            Problem(
                Place(label),
                f"tệp quá lớn cho một tệp dữ liệu ({size / MB:.1f} MB, giới hạn "
                f"{MAX_YAML_BYTES // MB} MB)".replace(".", ","),
            )
        )
    raw = path.read_bytes()
    try:
        # Notepad's "Unicode" is UTF-16 with a byte-order mark: read it rather than refuse it.
        utf16 = raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        text = raw.decode("utf-16") if utf16 else raw.decode("utf-8")
    except UnicodeDecodeError as err:
        bad_line = raw.count(b"\n", 0, err.start) + 1
        raise FileRefusedError(Problem(Place(label, line=bad_line), NOT_UTF8)) from None
    try:
        composed = compose(text, label, _FAST_LOADER)
    except yaml.YAMLError:
        # libyaml words errors differently: ask the Python parser, which stops at the same place.
        composed = _compose_python(text, label)
    if composed.value is None:
        raise FileRefusedError(
            Problem(
                Place(label),
                "tệp trống; ghi các trường dạng 'tên: giá trị' như tệp mẫu, hoặc xóa tệp nếu "
                "không dùng",
            )
        )
    if not isinstance(composed.value, shape):
        needed = "các trường dạng 'tên: giá trị'" if shape is dict else "một danh sách (- …)"
        found: dict[type, str] = {dict: "các trường 'tên: giá trị'", list: "một danh sách"}
        raise FileRefusedError(
            Problem(
                Place(label, line=1),
                f"đầu tệp cần {needed} như tệp mẫu, nhận được "
                + found.get(type(composed.value), "một giá trị đơn"),
            )
        )
    composed.value = drop_empty(clean(composed.value))
    return composed


def _compose_python(text: str, label: str) -> Composed:
    try:
        return compose(text, label, yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        reason = _translate(err.problem or err.context or "")
        raise FileRefusedError(
            Problem(Place(label, line=line), f"lỗi cú pháp YAML: {reason}")
        ) from None
    except yaml.reader.ReaderError as err:
        line = text.count("\n", 0, err.position) + 1
        raise FileRefusedError(
            Problem(
                Place(label, line=line),
                f"tệp có ký tự điều khiển không dùng được (mã {err.character!r}); xóa ký tự đó",
            )
        ) from None
    except yaml.YAMLError:
        raise FileRefusedError(
            Problem(Place(label), "lỗi cú pháp YAML: cấu trúc không hợp lệ")
        ) from None


# libyaml's parser (PyYAML's C binding) emits the same events with the same marks about five
# times faster; its error messages differ, so a file with an error is parsed again in Python.
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
