"""The variables each kind's template receives, as JSON Schema and as a Vietnamese context.md.

The shape is read from a real context (the sample data's), so it is always the one the code
builds; the descriptions come from generator/templating/variables.py.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from generator.kinds import Kind
from generator.render import Image
from generator.templating.variables import DESCRIPTIONS, REQUIRED

__all__ = ["context_markdown", "schema_of"]

_TYPES = {str: "string", bool: "boolean", int: "integer", float: "number"}
_SHOWN = {
    "string": "chuỗi",
    "boolean": "đúng/sai",
    "integer": "số nguyên",
    "number": "số",
    "array": "danh sách",
    "object": "đối tượng",
}


def _fields(value: Any) -> dict[str, Any] | None:
    """Return the named fields of a mapping or dataclass value, None for anything else."""
    if isinstance(value, dict):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type | Image):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    return None


def _schema(path: str, values: list[Any]) -> dict[str, Any]:
    """Return the JSON Schema of the values seen at `path` (all elements of a list merged)."""
    described = {"description": DESCRIPTIONS[path]} if path in DESCRIPTIONS else {}
    present = [v for v in values if v is not None]
    if any(isinstance(v, Image) for v in present):
        return {"type": "object", "format": "ảnh PNG", **described}
    if present and all(isinstance(v, list | tuple) for v in present):
        items = [item for v in present for item in v]
        inner = _schema(f"{path}[]", items) if items else {}
        return {"type": "array", **({"items": inner} if inner else {}), **described}
    objects = [f for f in map(_fields, present) if f is not None]
    if present and len(objects) == len(present):
        keys = list(dict.fromkeys(k for obj in objects for k in obj))
        properties = {
            k: _schema(f"{path}.{k}" if path else k, [o[k] for o in objects if k in o])
            for k in keys
        }
        return {"type": "object", "properties": properties, **described}
    kinds = sorted({_TYPES.get(type(v), "string") for v in present})
    nullable = ["null"] if len(present) < len(values) else []
    if not kinds:
        return {"type": "null", **described}
    shown: str | list[str] = kinds[0] if len(kinds) + len(nullable) == 1 else kinds + nullable
    return {"type": shown, **described}


def schema_of(kind: Kind, context: dict[str, Any]) -> dict[str, Any]:
    """Return the JSON Schema of the context `kind` renders with, from one real context."""
    properties = {name: _schema(name, [value]) for name, value in context.items()}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": kind.title,
        "description": f"Các biến của mẫu {kind.template} (loại {kind.loai_van_ban})",
        "type": "object",
        "properties": properties,
        "required": [name for name in REQUIRED if name in context],
    }


def _lines(name: str, schema: dict[str, Any], depth: int) -> list[str]:
    kind = schema.get("type", "")
    kinds = kind if isinstance(kind, list) else [kind]
    shown = " hoặc ".join(_SHOWN.get(k, "rỗng" if k == "null" else str(k)) for k in kinds)
    if kind == "array" and "items" in schema:
        inner = schema["items"].get("type")
        shown += f" ({_SHOWN.get(inner, inner)})" if isinstance(inner, str) else ""
    about = schema.get("description", "")
    lines = [f"{'  ' * depth}- `{name}` ({shown}): {about}".rstrip(": ")]
    children = schema.get("properties") or schema.get("items", {}).get("properties") or {}
    for child, child_schema in children.items():
        lines += _lines(child, child_schema, depth + 1)
    return lines


def context_markdown(schemas: dict[str, dict[str, Any]]) -> str:
    """Return context.md: for each kind, every variable with its type and description."""
    out = [
        "# Biến của các mẫu văn bản",
        "",
        "Mỗi mẫu .docx dùng thẻ docxtpl: `{{ bien }}` in một giá trị, `{%p for x in ds %}` … "
        "`{%p endfor %}` lặp đoạn, `{%tr for x in ds %}` lặp hàng bảng, `{%p if dk %}` … "
        "`{%p endif %}` in có điều kiện. Phần tử của danh sách đọc bằng dấu chấm: "
        "`{{ x.linh_vuc }}`. Biến đánh dấu (bắt buộc) phải có trong mẫu. Kiểm tra mẫu đã sửa "
        "bằng `vanban template check THƯ_MỤC`.",
        "",
    ]
    for schema in schemas.values():
        out += [f"## {schema['title']}", "", schema["description"], ""]
        required = set(schema["required"])
        for name, prop in schema["properties"].items():
            line = _lines(name, prop, 0)
            if name in required:
                line[0] = line[0].replace(f"`{name}`", f"`{name}` (bắt buộc)", 1)
            out += line
        out.append("")
    return "\n".join(out)
