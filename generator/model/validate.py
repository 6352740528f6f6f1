"""Turn raw loaded data into the model, collecting every problem with its place in one pass."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from generator.errors import DataError, Place, Problem
from generator.model.du_lieu import DuLieu, cross_check

Locate = Callable[[tuple[str | int, ...]], Place]


def build_dataset(raw: Mapping[str, Any], locate: Locate) -> DuLieu:
    """Return the validated dataset, or raise DataError listing every problem found."""
    try:
        data = DuLieu.model_validate(raw)
    except ValidationError as err:
        raise DataError(problems=problems_from_pydantic(err, locate)) from None
    issues = cross_check(data)
    if issues:
        problems = [Problem(locate(path), message, _field(path)) for path, message in issues]
        raise DataError(problems=problems)
    return data


def problems_from_pydantic(err: ValidationError, locate: Locate) -> list[Problem]:
    """Return one Vietnamese Problem for each pydantic error, placed by its key path."""
    problems: list[Problem] = []
    for item in err.errors(include_url=False):
        path = tuple(p for p in item["loc"] if isinstance(p, str | int))
        problems.append(Problem(locate(path), _message(item), _field(path)))
    return problems


def _field(path: Sequence[str | int]) -> str | None:
    return path[-1] if path and isinstance(path[-1], str) else None


def _message(item: Mapping[str, Any]) -> str:
    kind = item["type"]
    ctx = item.get("ctx") or {}
    given = item.get("input")
    shown = f"'{given}'" if not isinstance(given, dict | list) else "một nhóm giá trị"
    if kind == "missing":
        return "thiếu giá trị bắt buộc"
    if kind == "extra_forbidden":
        return "trường này không có trong mẫu dữ liệu (viết sai tên hoặc đặt sai chỗ?)"
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", item["msg"]))
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", ", ")
        return f"cần một trong các giá trị {expected}, nhận được {shown}"
    if kind == "too_short":
        return f"cần ít nhất {ctx.get('min_length')} mục, nhận được {ctx.get('actual_length', 0)}"
    if kind in ("list_type", "tuple_type"):
        return f"cần một danh sách, nhận được {shown}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"cần một nhóm trường dạng 'tên: giá trị', nhận được {shown}"
    if kind == "string_type":
        return f"cần một đoạn văn bản, nhận được {shown}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"cần một số nguyên, nhận được {shown}"
    if kind in ("bool_parsing", "bool_type"):
        return f"cần 'có' hoặc 'không' (true/false), nhận được {shown}"
    return f"giá trị không hợp lệ {shown}"
