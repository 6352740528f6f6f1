"""Match the header cells of one sheet (column titles, or the field names of a form's column A)
with the spec, and say what is wrong the way the clerk sees it.

One problem per cause: a header renamed to "Ho ten" is reported once, at its cell, as "có phải
'Họ và tên'?", not a second time as a missing column; a header cell left blank above data says
which header belongs there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.errors import Place, Problem
from generator.limits import shown
from generator.model.refs import closest
from generator.sources.common import clean
from generator.sources.workbook_layout import Col, Sheet, is_required
from generator.sources.workbook_spec import record_path

# How many headers a message lists before "…".
LISTED = 12


def header_key(text: Any) -> str:
    """Return a header as compared: NFC, case and spacing ignored, without the '*' mark."""
    return " ".join(str(clean(text)).rstrip("*").split()).casefold()


@dataclass
class Headers:
    """The header cells matched: position -> column, and the problems found."""

    found: dict[int, Col] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def expected_columns(spec: Sheet) -> list[Col]:
    """Return the columns of the sheet in the order the writer lays them out (link first)."""
    link = spec.link
    first = [Col(link.header, (), link.note)] if link is not None else []
    return [*first, *spec.cols]


def match_headers(
    spec: Sheet,
    names: list[Any],
    where: str,
    place_of: Callable[[int], Place],
    has_data: Callable[[int], bool],
) -> Headers:
    """Return the columns found at each position of `names` and the problems of the headers.

    `where` is "cột" (a table's header row) or "dòng" (a form's column A); `place_of(i)` is the
    cell of header i; `has_data(i)` says whether values stand under (beside) header i.
    """
    columns = expected_columns(spec)
    wanted = {header_key(c.header): c for c in columns}
    result = Headers()
    first_at: dict[str, int] = {}
    unknown: list[tuple[int, str]] = []
    blank: list[int] = []
    for i, name in enumerate(names):
        if name is None or str(name).strip() == "":
            if has_data(i):
                blank.append(i)
            continue
        column = wanted.get(header_key(name))
        if column is None:
            unknown.append((i, str(clean(name))))
            continue
        if column.header in first_at:
            result.problems.append(
                Problem(
                    place_of(i),
                    f"{where} {shown(column.header)} có hai lần (lần đầu ở ô "
                    f"{place_of(first_at[column.header]).cell}); xóa hoặc đổi tên một {where}",
                )
            )
            continue
        first_at[column.header] = i
        result.found[i] = column
    missing = [c for c in columns if c.header not in first_at]
    explained: set[str] = set()
    known = ", ".join(c.header for c in columns[:LISTED]) + (
        f", … ({len(columns)} {where}, xem trang HuongDan)" if len(columns) > LISTED else ""
    )
    for i, name in unknown:
        guess = closest(name, [c.header for c in missing if c.header not in explained])
        if guess is not None:
            explained.add(guess)
            hint = f"; có phải {shown(guess)}? Sửa lại đúng tên như trong sổ mẫu"
        else:
            hint = f"; các {where} của trang này: {known}"
        result.problems.append(
            Problem(place_of(i), f"{where} {shown(name)} không có trong mẫu{hint}")
        )
    for i in blank:
        at_position = columns[i] if i < len(columns) else None
        if at_position is not None and at_position in missing:
            explained.add(at_position.header)
            message = (
                f"ô tên {where} đang trống nhưng {where} có dữ liệu; ghi lại tên "
                f"{shown(at_position.header)} như trong sổ mẫu"
            )
        else:
            message = (
                f"ô tên {where} đang trống nhưng {where} có dữ liệu; ghi tên {where} (các {where} "
                f"của trang này: {known}) hoặc xóa dữ liệu của {where} này"
            )
        result.problems.append(Problem(place_of(i), message))
    for column in missing:
        if column.header in explained or not _required(spec, column):
            continue
        result.problems.append(
            Problem(
                Place(place_of(0).file, sheet=spec.name),
                f"thiếu {where} {shown(column.header)}; thêm lại {where} này (đúng tên như trong "
                "sổ mẫu)",
            )
        )
    return result


def _required(spec: Sheet, column: Col) -> bool:
    if spec.layout in ("tree", "mapping") or not column.path:
        return True
    return is_required(record_path(spec), column.path)
