"""The building blocks of the workbook spec: columns, sheets and the layouts a clerk can fill.

Layouts (the sheets themselves are declared in `workbook_spec.py`):

- `form`: one record, one field per row (column A the field, column B its value).
- `columns`: several records side by side, one field per row, one record per column (B, C, …).
- `table`: one record per row, one field per column.
- `child`: a `table` whose first column names the parent record (e.g. "Mã đơn vị" ties a TonTai
  row to its KetLuan), for lists nested in a record.
- `tree`: numbered sections, one paragraph per row, with a "Cấp" (level) column for sub-sections.
- `mapping`: one key per row and its values (a small dictionary).

A list of short texts fits in one cell, one item per line (Alt+Enter in Excel).
"""

from __future__ import annotations

import types
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.model import DuLieu, Muc

Kind = Literal["text", "lines", "codes", "date", "number", "bool", "day_month"]
Layout = Literal["form", "columns", "table", "child", "tree", "mapping"]
FieldPath = tuple[str, ...]


@dataclass(frozen=True)
class Col:
    """One column (or form row): its Vietnamese header, the field path in the record, a note."""

    header: str
    path: FieldPath
    note: str
    kind: Kind = "text"
    choices: str | None = None
    width: int = 18


@dataclass(frozen=True)
class Link:
    """How a child sheet names its parent record: the parent list, its key field, the header."""

    sheet: str
    key: str
    header: str
    note: str


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name, where its records go in the dataset, its layout and columns.

    `path` is the list (or record) in the dataset; for a `child` sheet it is the list field inside
    each parent record; for a `tree` sheet it is the record holding the section lists.
    """

    name: str
    path: FieldPath
    layout: Layout
    title: str
    cols: tuple[Col, ...]
    link: Link | None = None
    parts: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def col(
    header: str,
    dotted: str,
    note: str,
    kind: Kind = "text",
    *,
    choices: str | None = None,
    width: int = 18,
) -> Col:
    """Return a column for the field `dotted` ("van_ban.so") of the record."""
    return Col(header, tuple(dotted.split(".")), note, kind, choices, width)


def _unwrap(annotation: Any) -> Any:
    """Return the annotation without `| None` and `Annotated[...]` wrappers."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            rest = [a for a in get_args(annotation) if a is not type(None)]
            if len(rest) != 1:
                return annotation
            annotation = rest[0]
        else:
            return annotation


def _record(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """Return (the record model this annotation holds, whether it is a list of them)."""
    bare = _unwrap(annotation)
    is_list = get_origin(bare) is list
    inner = _unwrap(get_args(bare)[0]) if is_list else bare
    # A section tree (Muc) is a leaf: it has its own sheet layout.
    if isinstance(inner, type) and issubclass(inner, BaseModel) and inner is not Muc:
        return inner, is_list
    return None, is_list


def leaf_paths(model: type[BaseModel] = DuLieu, prefix: FieldPath = ()) -> list[FieldPath]:
    """Return the path of every value field of the model; "*" stands for a list index."""
    found: list[FieldPath] = []
    for name, info in model.model_fields.items():
        inner, is_list = _record(info.annotation)
        path = (*prefix, name)
        if inner is None:
            found.append(path)
        else:
            found += leaf_paths(inner, (*path, "*") if is_list else path)
    return found


def field_info(path: FieldPath, model: type[BaseModel] = DuLieu) -> list[FieldInfo] | None:
    """Return the pydantic fields along `path` ("*" for list indices), or None if it is unknown."""
    current: type[BaseModel] | None = model
    chain: list[FieldInfo] = []
    for name in (p for p in path if p != "*"):
        if current is None or name not in current.model_fields:
            return None
        chain.append(current.model_fields[name])
        current, _ = _record(chain[-1].annotation)
    return chain


def is_required(record: FieldPath, path: FieldPath) -> bool:
    """Return True when every record holding field `path` (inside `record`) must give it.

    A field is required when it, and each record it sits in below `record`, is required or a
    list that must not be empty.
    """
    chain = field_info((*record, *path))
    if not chain:
        return False
    return all(_must_give(info) for info in chain[len(chain) - len(path) :])


def _must_give(info: FieldInfo) -> bool:
    min_length = max((getattr(m, "min_length", 0) or 0 for m in info.metadata), default=0)
    return info.is_required() or min_length > 0
