"""Template pieces of the plan and the report: a section tree and grouped, merged tables.

Both build on the shared skeleton (never copy it):

- `add_muc_tree` writes the loops of a three-level outline ("I." / "1." / "a)") read from a
  context list [{so, tieu_de, doan, muc_con}];
- `add_grouped_table` turns `skeleton.add_data_table` into a table whose items are either group
  rows (a Roman-numbered area across the table, `{%tr if r.nhom %}`) or data rows, with chosen
  columns merged vertically where the context says a cell continues the one above
  (`<w:vMerge w:val="restart|continue">` filled from the item). Word and LibreOffice both read
  a one-cell "restart" as an ordinary cell, so every data cell of a merged column carries one.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from generator.templating.skeleton import (
    add_body,
    add_heading,
    add_tag,
)
from generator.templating.tables import Column, add_data_table


def add_muc_tree(doc: Any, items: str = "muc") -> None:
    """Append the loops of a three-level outline: headings bold down to "1.", "a)" plain."""
    add_tag(doc, f"{{%p for m in {items} %}}")
    add_heading(doc, "{{ m.so }} {{ m.tieu_de }}")
    add_tag(doc, "{%p for d in m.doan %}")
    add_body(doc, ["{{ d }}"])
    add_tag(doc, "{%p endfor %}")
    add_tag(doc, "{%p for c in m.muc_con %}")
    add_heading(doc, "{{ c.so }} {{ c.tieu_de }}")
    add_tag(doc, "{%p for d in c.doan %}")
    add_body(doc, ["{{ d }}"])
    add_tag(doc, "{%p endfor %}")
    add_tag(doc, "{%p for e in c.muc_con %}")
    add_body(doc, ["{{ e.so }} {{ e.tieu_de }}"], keep_next=True)
    add_tag(doc, "{%p for d in e.doan %}")
    add_body(doc, ["{{ d }}"])
    add_tag(doc, "{%p endfor %}")
    add_tag(doc, "{%p endfor %}")
    add_tag(doc, "{%p endfor %}")
    add_tag(doc, "{%p endfor %}")


def _set_tag(row: Any, text: str) -> None:
    """Replace the tag text held in the first cell of a loop row."""
    texts = row.findall(f".//{qn('w:t')}")
    texts[0].text = text
    for t in texts[1:]:
        t.text = ""


def _bold(tc: Any) -> None:
    for rpr in tc.iter(qn("w:rPr")):
        if rpr.find(qn("w:b")) is None:
            rpr.insert(1, parse_xml(f"<w:bCs {nsdecls('w')}/>"))
            rpr.insert(1, parse_xml(f"<w:b {nsdecls('w')}/>"))


def _cell_text(tc: Any, text: str) -> None:
    texts = tc.findall(f".//{qn('w:t')}")
    texts[0].text = text
    for t in texts[1:]:
        t.text = ""


def _group_row(body: Any, cells: Sequence[str], widths: Sequence[int]) -> Any:
    """Return a copy of the data row with `cells` texts, the last one spanning the rest."""
    row = copy.deepcopy(body)
    tcs = row.findall(qn("w:tc"))
    keep = len(cells)
    for tc in tcs[keep:]:
        row.remove(tc)
    last = tcs[keep - 1]
    span = len(widths) - keep + 1
    tc_pr = last.find(qn("w:tcPr"))
    tc_w = tc_pr.find(qn("w:tcW"))
    tc_w.set(qn("w:w"), str(sum(widths[keep - 1 :])))
    if span > 1:
        tc_w.addnext(parse_xml(f'<w:gridSpan {nsdecls("w")} w:val="{span}"/>'))
    for tc, text in zip(tcs[:keep], cells, strict=True):
        _cell_text(tc, text)
        _bold(tc)
        for jc in tc.iter(qn("w:jc")):
            jc.set(qn("w:val"), "center" if tc is not last else "left")
        # A group row alone at the foot of a page reads as an empty area: keep it with its
        # first data row (Word and LibreOffice both honour keepNext on every paragraph of a row).
        for p_pr in tc.iter(qn("w:pPr")):
            if p_pr.find(qn("w:keepNext")) is None:
                p_pr.insert(_after_style(p_pr), parse_xml(f"<w:keepNext {nsdecls('w')}/>"))
    return row


def _after_style(p_pr: Any) -> int:
    """Return where keepNext goes in a pPr: right after pStyle, as the schema orders them."""
    return 1 if len(p_pr) and p_pr[0].tag == qn("w:pStyle") else 0


def _merge(tc: Any, value: str) -> None:
    """Give the cell a vMerge whose value ("restart" / "continue") comes from the context."""
    tc_pr = tc.find(qn("w:tcPr"))
    merge = parse_xml(f'<w:vMerge {nsdecls("w")} w:val="{value}"/>')
    v_align = tc_pr.find(qn("w:vAlign"))
    if v_align is not None:
        v_align.addprevious(merge)
        v_align.set(qn("w:val"), "top")
    else:
        tc_pr.append(merge)


def add_grouped_table(
    doc: Any,
    columns: Sequence[Column],
    items: str,
    *,
    var: str = "r",
    group_cells: Sequence[str] = ("{{ r.tieu_de }}",),
    merge: Mapping[int, str] | None = None,
) -> Any:
    """Append a bordered table with a repeated header row, group rows and merged columns.

    Each item of `items` is a group row when `{var}.nhom` is true: `group_cells` give its texts,
    the last one spanning the remaining columns. Otherwise it is a data row from `columns`;
    `merge` maps a column index to the Jinja expression of its vMerge value.
    """
    table = add_data_table(doc, columns, items, var)
    rows = table._tbl.findall(qn("w:tr"))
    loop_open, body = rows[1], rows[2]
    widths = [round(c.width_cm * 567) for c in columns]
    tags = []
    for text in (f"{{%tr if {var}.nhom %}}", "{%tr else %}", "{%tr endif %}"):
        tag_row = copy.deepcopy(loop_open)
        _set_tag(tag_row, text)
        tags.append(tag_row)
    if_row, else_row, endif_row = tags
    group = _group_row(body, group_cells, widths)
    body.addprevious(if_row)
    body.addprevious(group)
    body.addprevious(else_row)
    body.addnext(endif_row)
    tcs = body.findall(qn("w:tc"))
    for index, value in (merge or {}).items():
        _merge(tcs[index], value)
    return table
