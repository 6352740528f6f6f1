"""Turn the cells of each sheet into the raw dataset, following `workbook_spec` layout by layout.

Every value read, and every blank cell where a value belongs, records its place (file, sheet,
cell) under its key path, so a model error points at the cell to fix.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter

from generator.errors import Place, Problem
from generator.limits import MAX_TEXT_CHARS, grouped
from generator.limits import shown as _shown
from generator.sources.common import KeyPath, Provenance, clean
from generator.sources.workbook_layout import Col, Sheet
from generator.sources.workbook_spec import CHOICES, SHEETS, sheet
from generator.sources.xlsx_headers import header_key, match_headers

Grid = list[list[tuple[Any, str | None]]]


class _SkipError(Exception):
    """A cell whose problem is already recorded; its value is left out."""


def read_sheets(
    grids: dict[str, Grid], label: str
) -> tuple[dict[str, Any], Provenance, list[Problem], list[Problem]]:
    """Return (raw dataset, provenance, structural problems, cell problems) of the sheets."""
    reader = _Reader(label)
    by_key = {sheet_key(name): name for name in grids}
    for spec in SHEETS:
        found = by_key.get(sheet_key(spec.name))
        if found is None:
            reader.structural.append(
                Problem(
                    Place(label, sheet=spec.name),
                    f"không tìm thấy trang tính này ({spec.title.split(':')[0]}); sổ có các "
                    f"trang {', '.join(grids) or '(không có)'}. Đừng đổi tên hay xóa trang tính; "
                    "lệnh 'vanban init' tạo sổ mẫu đủ các trang",
                )
            )
            continue
        reader.read(spec, grids[found])
    reader.raw.setdefault("to_chuc", {})
    return reader.raw, reader.prov, reader.structural, reader.cells


def sheet_key(name: str) -> str:
    """Return a sheet name as compared: case and spaces ignored ("Can bo" is CanBo)."""
    return _key(name).replace(" ", "")


_key = header_key


class _Reader:
    """Read sheets into one raw dataset, collecting problems instead of stopping at the first."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.raw: dict[str, Any] = {}
        self.prov = Provenance(Place(label))
        self.structural: list[Problem] = []
        self.cells: list[Problem] = []
        # The header of each column (tables) or row (forms) of each sheet, as the clerk sees it.
        self.headers: dict[str, dict[int, str]] = {}

    def place(self, spec: Sheet, row: int, column: int) -> Place:
        """Return the place of a cell, with the header of its column (or form row)."""
        headers = self.headers.get(spec.name, {})
        header = headers.get(row if spec.layout in ("form", "columns") else column)
        cell = f"{get_column_letter(column + 1)}{row + 1}"
        return Place(self.label, sheet=spec.name, cell=cell, column=header)

    def read(self, spec: Sheet, grid: Grid) -> None:
        self.prov.add(spec.path[:1], Place(self.label, sheet=spec.name))
        if spec.layout in ("form", "columns"):
            self._read_form(spec, grid)
        else:
            self._read_table(spec, grid)

    # Headers ------------------------------------------------------------------------------

    def _labels(self, spec: Sheet, grid: Grid, where: str) -> dict[int, Col] | None:
        """Return position -> column of the sheet's header cells; None (with the problems
        recorded) when a header is wrong, so the sheet is not read on wrong assumptions."""
        if where == "cột":
            names = [c[0] for c in grid[0]] if grid else []

            def has_data(i: int) -> bool:
                return any(_plain(*_cell(grid, r, i)) is not None for r in range(1, len(grid)))
        else:
            names = [row[0][0] if row else None for row in grid[1:]]

            def has_data(i: int) -> bool:
                return any(_plain(*c) is not None for c in grid[i + 1][1:])

        headers = match_headers(
            spec, names, where, lambda i: self._header_place(spec, i, where), has_data
        )
        self.headers[spec.name] = {
            (i if where == "cột" else i + 1): c.header for i, c in headers.found.items()
        }
        if headers.problems:
            self.structural += headers.problems
            return None
        self._refuse_long_cells(spec, grid)
        return headers.found

    def _refuse_long_cells(self, spec: Sheet, grid: Grid) -> None:
        """Record every cell longer than MAX_TEXT_CHARS and blank it (reported once)."""
        for r, row in enumerate(grid):
            for j, (value, _) in enumerate(row):
                if isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
                    self.cells.append(
                        Problem(
                            self.place(spec, r, j),
                            f"ô quá dài ({grouped(len(value))} ký tự, giới hạn "
                            f"{grouped(MAX_TEXT_CHARS)}); rút gọn nội dung",
                        )
                    )
                    row[j] = (None, None)

    def _header_place(self, spec: Sheet, i: int, where: str) -> Place:
        place = self.place(spec, 0, i) if where == "cột" else self.place(spec, i + 1, 0)
        return replace(place, column=None)

    # Cell values ----------------------------------------------------------------------------

    def value(self, spec: Sheet, column: Col, cell: tuple[Any, str | None], at: Place) -> Any:
        """Return the cell's value as the model expects it; None for a blank cell."""
        value = _plain(*cell)
        if value is None:
            return None
        kind = column.kind
        if kind == "lines":
            return (
                [line for line in value.split("\n") if line] if isinstance(value, str) else [value]
            )
        if kind == "codes":
            parts = re.split(r"[\n,;]+", value) if isinstance(value, str) else [value]
            return [p.strip() for p in parts if p.strip()]
        if kind == "day_month" and isinstance(value, date):
            return f"{value.day}/{value.month}"
        if column.choices in CHOICES:
            return self._choice(column, value, at)
        return value

    def _choice(self, column: Col, value: Any, at: Place) -> Any:
        options = CHOICES[column.choices or ""]
        if isinstance(value, bool) and any(v is value for _, v in options):
            return value
        for shown, model_value in options:
            if _key(value) in (_key(shown), _key(model_value)):
                return model_value
        labels = ", ".join(_shown(shown) for shown, _ in options)
        self.cells.append(
            Problem(at, f"cần một trong các giá trị {labels}, nhận được {_shown(value)}", None)
        )
        raise _SkipError

    def put(self, path: KeyPath, value: Any) -> None:
        """Set `value` at `path` in the raw dataset, creating the records and lists on the way."""
        node: Any = self.raw
        for part, following in itertools.pairwise(path):
            empty: Any = [] if isinstance(following, int) else {}
            if isinstance(node, dict):
                node = node.setdefault(part, empty)
            else:
                if part == len(node):
                    node.append(empty)
                node = node[part]
        if isinstance(node, list) and path[-1] == len(node):
            node.append(value)
        else:
            node[path[-1]] = value

    def field(self, spec: Sheet, column: Col, path: KeyPath, cell: Any, at: Place) -> None:
        """Record the place of one field and set its value unless blank or wrong."""
        at = replace(at, column=column.header)
        self.prov.add(path, at)
        try:
            value = self.value(spec, column, cell, at)
        except _SkipError:
            self.cells[-1] = Problem(at, self.cells[-1].message, str(path[-1]))
            return
        if value is not None:
            self.put(path, value)

    # Layouts ------------------------------------------------------------------------------

    def _read_form(self, spec: Sheet, grid: Grid) -> None:
        labels = self._labels(spec, grid, "dòng")
        if labels is None:
            return
        rows = {i + 1: c for i, c in labels.items()}
        width = max((len(row) for row in grid), default=0)
        many = spec.layout == "columns"
        items = [
            j
            for j in range(1, width if many else 2)
            if not many or any(_cell(grid, r, j)[0] not in (None, "") for r in rows)
        ]
        self.prov.add(spec.path, Place(self.label, sheet=spec.name))
        for index, j in enumerate(items):
            base: KeyPath = (*spec.path, index) if many else spec.path
            self.prov.add(base, self.place(spec, 0, j))
            for r, column in rows.items():
                at = self.place(spec, r, j)
                self.field(spec, column, (*base, *column.path), _cell(grid, r, j), at)

    def _read_table(self, spec: Sheet, grid: Grid) -> None:
        columns = self._labels(spec, grid, "cột")
        if columns is None:
            return
        rows = [r for r in range(1, len(grid)) if any(_plain(*c) is not None for c in grid[r])]
        if spec.layout == "tree":
            _read_tree(self, spec, grid, rows, columns)
        elif spec.layout == "mapping":
            _read_mapping(self, spec, grid, rows, columns)
        elif spec.layout == "child":
            _read_child(self, spec, grid, rows, columns)
        else:
            self.prov.add(spec.path, Place(self.label, sheet=spec.name))
            if not rows and _lookup(self.raw, spec.path[:-1], None) is not None:
                # An empty list, not a missing one: "cần ít nhất 1 mục" says to add rows.
                self.put(spec.path, [])
            for index, r in enumerate(rows):
                self.prov.add((*spec.path, index), self.place(spec, r, 0))
                self.put((*spec.path, index), {})
                for j, column in columns.items():
                    path: KeyPath = (*spec.path, index, *column.path)
                    self.field(spec, column, path, _cell(grid, r, j), self.place(spec, r, j))


def _cell(grid: Grid, row: int, column: int) -> tuple[Any, str | None]:
    line = grid[row] if row < len(grid) else []
    return line[column] if column < len(line) else (None, None)


def _plain(value: Any, number_format: str | None) -> Any:
    """Return a cell value cleaned: NFC text, percent cells as '95%', blank as None."""
    if isinstance(value, str):
        text = clean(value)
        return text or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if number_format and "%" in number_format:
            # 0.955 shown as 95,5%: Decimal avoids 95.49999; the comma is the decimal mark.
            shown = format((Decimal(str(value)) * 100).normalize(), "f")
            return shown.replace(".", ",") + "%"
        if isinstance(value, float) and value.is_integer():
            return int(value)
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    return value


def _read_child(
    reader: _Reader, spec: Sheet, grid: Grid, rows: list[int], columns: dict[int, Col]
) -> None:
    link = spec.link
    if link is None:
        return
    parent = sheet(link.sheet)
    found = _lookup(reader.raw, parent.path)
    parents = [item for item in found if isinstance(item, dict)] if isinstance(found, list) else []
    index = {_code(item.get(link.key)): i for i, item in enumerate(parents)}
    counts: dict[int, int] = {}
    link_at = next((j for j, c in columns.items() if not c.path), None)
    for r in rows:
        if link_at is None:
            break
        at = reader.place(spec, r, link_at)
        code = _code(_plain(*_cell(grid, r, link_at)))
        if code not in index:
            known = ", ".join(sorted(index)) or "chưa có dòng nào"
            found = f"nhận được {_shown(code)}" if code else "ô đang trống"
            reader.cells.append(
                Problem(
                    at,
                    f"cần {link.header.lower()} của một dòng trong trang {parent.name} "
                    f"(có: {known}), {found}",
                    link.key,
                )
            )
            continue
        owner = index[code]
        child = counts.get(owner, 0)
        counts[owner] = child + 1
        base: KeyPath = (*parent.path, owner, *spec.path, child)
        reader.prov.add(base, reader.place(spec, r, 0))
        reader.put(base, {})
        for j, column in columns.items():
            if column.path:
                cell = _cell(grid, r, j)
                reader.field(spec, column, (*base, *column.path), cell, reader.place(spec, r, j))
    for owner in range(len(parents)):
        reader.prov.add((*parent.path, owner, *spec.path), Place(reader.label, sheet=spec.name))
        if owner not in counts:
            reader.put((*parent.path, owner, *spec.path), [])


def _lookup(raw: dict[str, Any], path: KeyPath, default: Any = ()) -> Any:
    """Return the value at `path` in the raw dataset, or `default` when there is none."""
    node: Any = raw
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node


def _code(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _read_mapping(
    reader: _Reader, spec: Sheet, grid: Grid, rows: list[int], columns: dict[int, Col]
) -> None:
    reader.prov.add(spec.path, Place(reader.label, sheet=spec.name))
    order = sorted(columns, key=lambda j: spec.cols.index(columns[j]))
    for r in rows:
        key_at, *value_at = order
        try:
            key = reader.value(spec, columns[key_at], _cell(grid, r, key_at), Place(""))
        except _SkipError:
            reader.cells[-1] = Problem(reader.place(spec, r, key_at), reader.cells[-1].message)
            continue
        path = (*spec.path, str(key))
        reader.prov.add(path, reader.place(spec, r, key_at))
        values = [reader.value(spec, columns[j], _cell(grid, r, j), Place("")) for j in value_at]
        for k, j in enumerate(value_at):
            reader.prov.add((*path, k), reader.place(spec, r, j))
        reader.put(path, [v for v in values if v is not None])


def _read_tree(
    reader: _Reader, spec: Sheet, grid: Grid, rows: list[int], columns: dict[int, Col]
) -> None:
    at = {c.path[0]: j for j, c in columns.items()}
    parts = {_key(shown): name for shown, name in spec.parts} | {
        _key(name): name for _, name in spec.parts
    }
    stacks: dict[str, list[tuple[dict[str, Any], KeyPath]]] = {}
    roots: dict[str, list[dict[str, Any]]] = {}
    part: str | None = None
    for r in rows:
        text = {name: _plain(*_cell(grid, r, j)) for name, j in at.items()}
        if text["phan"] is not None:
            part = parts.get(_key(text["phan"]))
            if part is None:
                labels = ", ".join(_shown(shown) for shown, _ in spec.parts)
                reader.cells.append(
                    Problem(
                        reader.place(spec, r, at["phan"]),
                        f"cần một trong các giá trị {labels}, nhận được {_shown(text['phan'])}",
                        "phan",
                    )
                )
                continue
        if part is None:
            reader.cells.append(
                Problem(reader.place(spec, r, at["phan"]), "cần phần của kế hoạch", "phan")
            )
            continue
        stack = stacks.setdefault(part, [])
        if text["tieu_de"] is not None:
            level = text["cap"]
            if not isinstance(level, int) or not 1 <= level <= len(stack) + 1:
                reader.cells.append(
                    Problem(
                        reader.place(spec, r, at["cap"]),
                        f"cần cấp của tiêu đề mục từ 1 đến {len(stack) + 1} (mục cấp 2 nằm "
                        f"dưới một mục cấp 1 …), nhận được {_shown(level or '')}",
                        "cap",
                    )
                )
                continue
            del stack[level - 1 :]
            siblings = stack[-1][0]["muc_con"] if stack else roots.setdefault(part, [])
            path: KeyPath = (
                (*stack[-1][1], "muc_con", len(siblings))
                if stack
                else (*spec.path, part, len(siblings))
            )
            node: dict[str, Any] = {"tieu_de": text["tieu_de"], "doan": [], "muc_con": []}
            siblings.append(node)
            stack.append((node, path))
            reader.prov.add(path, reader.place(spec, r, at["tieu_de"]))
            reader.prov.add((*path, "tieu_de"), reader.place(spec, r, at["tieu_de"]))
        if text["doan"] is not None:
            if not stack:
                reader.cells.append(
                    Problem(
                        reader.place(spec, r, at["doan"]),
                        "đoạn văn cần một tiêu đề mục ở dòng trên (cột Tiêu đề mục)",
                        "doan",
                    )
                )
                continue
            node, path = stack[-1]
            reader.prov.add((*path, "doan", len(node["doan"])), reader.place(spec, r, at["doan"]))
            node["doan"].append(text["doan"])
    for part, items in roots.items():
        reader.prov.add((*spec.path, part), Place(reader.label, sheet=spec.name))
        reader.put((*spec.path, part), items)
