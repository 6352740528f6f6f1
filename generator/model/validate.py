"""Turn raw loaded data into the model, collecting every problem with its place in one pass."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from generator.errors import DataError, Place, Problem
from generator.limits import shown as limited
from generator.model.du_lieu import DuLieu, cross_check

Locate = Callable[[tuple[str | int, ...]], Place]


def build_dataset(raw: Mapping[str, Any], locate: Locate) -> DuLieu:
    """Return the validated dataset, or raise DataError listing every problem found.

    When some values are invalid, the cross-reference checks still run over what is valid
    (a salvaged model), so a clerk sees every problem in one pass, not in two rounds.
    """
    try:
        data = DuLieu.model_validate(raw)
    except ValidationError as err:
        problems = problems_from_pydantic(err, locate)
        salvaged = salvage(DuLieu, raw)
        if isinstance(salvaged, DuLieu):
            # A value refused above is missing from the salvaged model: a check that then
            # finds it missing at the same place would report the same cell twice.
            seen = {p.place for p in problems}
            later = _placed(cross_check(salvaged, partial=True), locate)
            problems += [p for p in later if p.place not in seen]
        raise DataError(problems=problems) from None
    issues = cross_check(data)
    if issues:
        raise DataError(problems=_placed(issues, locate))
    return data


def _placed(issues: list[tuple[tuple[str | int, ...], str]], locate: Locate) -> list[Problem]:
    return [Problem(locate(path), message, _field(path)) for path, message in issues]


_INVALID = object()


def salvage(model: type[BaseModel], raw: Any) -> BaseModel | None:
    """Return `model` built from the valid parts of `raw`; invalid values are left unset.

    Nested models and lists of models are salvaged item by item, so one bad cell loses only
    itself. The result is not validated: use it only for checks that tolerate missing values.
    """
    try:
        return model.model_validate(raw)
    except ValidationError:
        pass
    if not isinstance(raw, Mapping):
        return None
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in raw:
            value = _salvage_value(info.annotation, info.metadata, raw[name])
            if value is not _INVALID:
                values[name] = value
    return model.model_construct(**values)


def _salvage_value(annotation: Any, metadata: list[Any], raw: Any) -> Any:
    nested = _model_in(annotation)
    if nested is not None and isinstance(raw, Mapping):
        return salvage(nested, raw)
    item_model = _model_in(get_args(annotation)[0]) if get_origin(annotation) is list else None
    if item_model is not None and isinstance(raw, list):
        return [salvage(item_model, item) for item in raw]
    try:
        adapter: TypeAdapter[Any] = TypeAdapter(
            Annotated[annotation, *metadata] if metadata else annotation
        )
        return adapter.validate_python(raw)
    except (ValidationError, TypeError):
        return _INVALID


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """Return the model class of `X` or `X | None`, else None."""
    candidates = (
        [annotation, *get_args(annotation)]
        if get_origin(annotation)
        in (
            Union,
            UnionType,
        )
        else [annotation]
    )
    for candidate in candidates:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


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
    shown = limited(given) if not isinstance(given, dict | list) else "một nhóm giá trị"
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
