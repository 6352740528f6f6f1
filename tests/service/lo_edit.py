"""Edit a .docx the way a clerk does in LibreOffice Writer, through UNO; Debian's python3 only.

    /usr/bin/python3 lo_edit.py '<json>'

The JSON says: "in", "out" (.docx paths), "profile" (a folder), and any of "replace"
([[old, new], ...]), "table_after" (text of the paragraph to put a 3x3 table after),
"paragraphs_after" ([text, count]: that many long paragraphs after the paragraph holding text),
"record" (turn on change tracking first, so every edit stays a tracked change). LibreOffice
starts on a private pipe with its own profile, loads the file hidden, makes the edits, saves it
as Word 2007-365 and quits.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]

PARAGRAPH_BREAK = 0
LONG = (
    "Ủy ban nhân dân xã đề nghị các cơ quan, đơn vị rà soát lại toàn bộ hồ sơ thủ tục hành "
    "chính đã tiếp nhận trong năm, đối chiếu với danh mục đã công bố, bảo đảm công khai đầy đủ, "
    "đúng quy định và báo cáo kết quả về Văn phòng trước ngày 30 tháng 9 năm 2026."
)


def prop(name: str, value: Any) -> Any:
    """Return a UNO PropertyValue."""
    item = PropertyValue()
    item.Name, item.Value = name, value
    return item


def connect(pipe: str) -> Any:
    """Return the desktop of the LibreOffice listening on `pipe`."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def find(doc: Any, text: str) -> Any:
    """Return the first range holding `text`."""
    search = doc.createSearchDescriptor()
    search.SearchString = text
    found = doc.findFirst(search)
    if found is None:
        raise SystemExit(f"text not found: {text}")
    return found


def after_paragraph(doc: Any, text: str) -> tuple[Any, Any]:
    """Return (text, cursor) at the end of the paragraph holding `text`, a new paragraph begun."""
    found = find(doc, text)
    body = found.getText()
    cursor = body.createTextCursorByRange(found.getEnd())
    cursor.gotoEndOfParagraph(False)
    body.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
    return body, cursor


def edit(doc: Any, spec: dict[str, Any]) -> None:
    """Make the edits `spec` asks for."""
    if spec.get("record"):
        doc.RecordChanges = True
    for old, new in spec.get("replace", []):
        replace = doc.createReplaceDescriptor()
        replace.SearchString, replace.ReplaceString = old, new
        if doc.replaceAll(replace) < 1:
            raise SystemExit(f"text not found: {old}")
    if "table_after" in spec:
        body, cursor = after_paragraph(doc, spec["table_after"])
        table = doc.createInstance("com.sun.star.text.TextTable")
        table.initialize(3, 3)
        body.insertTextContent(cursor, table, False)
        rows = (
            ["STT", "Nội dung", "Ghi chú"],
            ["1", "Rà soát hồ sơ", "Quý III"],
            ["2", "Niêm yết thủ tục", "Quý IV"],
        )
        for row, cells in enumerate(rows, start=1):
            for column, value in zip("ABC", cells, strict=True):
                table.getCellByName(f"{column}{row}").setString(value)
    if "paragraphs_after" in spec:
        anchor, count = spec["paragraphs_after"]
        body, cursor = after_paragraph(doc, anchor)
        for index in range(count):
            body.insertString(cursor, f"{index + 1}. {LONG}", False)
            if index < count - 1:
                body.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)


def main() -> None:
    """Start LibreOffice, edit the file, save it as .docx, quit."""
    spec = json.loads(sys.argv[1])
    pipe = f"vanban-edit-{uuid.uuid4().hex[:8]}"
    profile = Path(spec["profile"]).resolve().as_uri()
    office = subprocess.Popen(
        ["soffice", "--headless", "--norestore", "--nologo", "--nolockcheck",
         f"-env:UserInstallation={profile}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        desktop = connect(pipe)
        url = Path(spec["in"]).resolve().as_uri()
        doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
        edit(doc, spec)
        out = Path(spec["out"]).resolve().as_uri()
        doc.storeToURL(out, (prop("FilterName", "MS Word 2007 XML"),))
        doc.close(True)
        with contextlib.suppress(Exception):  # the bridge drops while LibreOffice quits
            desktop.terminate()
        office.wait(timeout=30)
    finally:
        if office.poll() is None:
            os.kill(office.pid, 15)
            office.wait(timeout=30)


if __name__ == "__main__":
    main()
