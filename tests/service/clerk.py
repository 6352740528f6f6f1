"""A clerk's edits, made with python-docx on a generated draft (in LibreOffice: lo_edit.py)."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

LO_EDIT = Path(__file__).with_name("lo_edit.py")
SYSTEM_PYTHON = "/usr/bin/python3"
LONG = (
    "Các cơ quan, đơn vị chủ động rà soát hồ sơ, tài liệu liên quan đến công tác cải cách hành "
    "chính, chuẩn bị báo cáo bằng văn bản và bố trí cán bộ làm việc với Đoàn kiểm tra đúng thời "
    "gian; trường hợp có thay đổi phải báo cáo trước ít nhất 03 ngày làm việc."
)


def paragraph(doc: Document, text: str) -> Paragraph:
    """Return the body paragraph (outside tables) whose text contains `text`."""
    for p in doc.paragraphs:
        if text in p.text:
            return p
    raise AssertionError(f"no paragraph holds {text!r}")


def set_text(p: Paragraph, text: str) -> None:
    """Replace a paragraph's text, keeping its first run's formatting."""
    runs = p.runs
    runs[0].text = text
    for run in runs[1:]:
        run.text = ""


def add_paragraphs_after(doc: Document, anchor: str, texts: list[str]) -> None:
    """Insert paragraphs formatted like the one holding `anchor`, right after it."""
    p = paragraph(doc, anchor)
    last = p._p
    for text in texts:
        new = copy.deepcopy(p._p)
        last.addnext(new)
        set_text(Paragraph(new, p._parent), text)
        last = new


def add_table_after(doc: Document, anchor: str, rows: list[list[str]]) -> None:
    """Insert a bordered table (Times New Roman 13 pt) right after the paragraph with `anchor`."""
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = None
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            run = cell.paragraphs[0].add_run(value)
            run.font.name = "Times New Roman"
            run.font.size = docx.shared.Pt(13)
    paragraph(doc, anchor)._p.addnext(table._tbl)


def edit_with_python_docx(source: Path, out: Path, *, long_paragraphs: int = 14) -> None:
    """Edit like a clerk: change a sentence, add a table, add text that pushes the signer on."""
    doc = docx.Document(str(source))
    set_text(
        paragraph(doc, "Kịp thời phát hiện"),
        "- Kịp thời phát hiện, uốn nắn, chấn chỉnh những hạn chế, tồn tại.",
    )
    add_table_after(
        doc,
        "Trong tháng 9 năm 2026.",
        [["STT", "Nội dung", "Ghi chú"], ["1", "Rà soát hồ sơ", "Quý III"]],
    )
    add_paragraphs_after(
        doc,
        "Phối hợp giám sát việc thực hiện Kế hoạch.",
        [f"- {LONG}" for _ in range(long_paragraphs)],
    )
    doc.save(str(out))


def add_tracked_changes(source: Path, out: Path) -> None:
    """Leave an insertion, a deletion and a comment unresolved, as Word's review mode does."""
    doc = docx.Document(str(source))
    target = paragraph(doc, "Kịp thời phát hiện")._p
    ins = target.makeelement(qn("w:ins"), {qn("w:id"): "9001", qn("w:author"): "Trưởng phòng"})
    run = copy.deepcopy(target.find(qn("w:r")))
    run.find(qn("w:t")).text = " thêm chữ"
    ins.append(run)
    target.append(ins)
    gone = paragraph(doc, "Tiếp nhận, giải quyết hồ sơ")._p
    deleted = gone.makeelement(qn("w:del"), {qn("w:id"): "9002", qn("w:author"): "Chủ tịch"})
    run = copy.deepcopy(gone.find(qn("w:r")))
    text = run.find(qn("w:t"))
    text.tag = qn("w:delText")
    text.text = " bỏ đoạn này"
    deleted.append(run)
    gone.append(deleted)
    doc.add_comment(
        paragraph(doc, "Niêm yết, công khai").runs, text="Bổ sung thời hạn", author="Phó Chủ tịch"
    )
    doc.save(str(out))


def lo_edit(source: Path, out: Path, profile: Path, **spec: Any) -> None:
    """Edit `source` in LibreOffice Writer through UNO (lo_edit.py) and save it to `out`."""
    spec |= {"in": str(source), "out": str(out), "profile": str(profile)}
    done = subprocess.run(
        [SYSTEM_PYTHON, str(LO_EDIT), json.dumps(spec, ensure_ascii=False)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0 and out.is_file(), done.stderr


def copy_set(folder: Path, to: Path) -> Path:
    """Return a copy of a built set folder under `to`, kept at <org>/<year>/<set>."""
    target = to / folder.parent.parent.name / folder.parent.name / folder.name
    shutil.copytree(folder, target)
    return target
