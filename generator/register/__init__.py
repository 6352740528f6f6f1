"""The sổ đăng ký văn bản đi: a SQLite register that gives each issued document its number.

ND30 Điều 15.1: numbers run from 01 on 1 January to 31 December of each year, follow the order and
the dates of issue, and số + ký hiệu are unique within the year. Điều 15.1.c leaves the series of
administrative documents to the head of the agency; Điều 15.2 gives secret documents their own
series; Phụ lục I II.3.a gives advisory bodies (Hội đồng, Ban, Tổ using the agency's seal) theirs.

Series policy. The default, `chung`, is one series per organisation and year for every type (KH,
QĐ, TB, BC share 01, 02, 03 …): it is the plain reading of Điều 15.1 ("theo thứ tự … văn bản của
cơ quan, tổ chức trong năm"), it is what a văn thư keeping one paper sổ does, and the register
number then tells how many documents the body issued. `theo_loai` (one series per document type)
is the option for bodies whose head decided so under Điều 15.1.c. Secret documents (`mat`) and
advisory bodies (`co_quan_tu_van`) always get separate series. The policy is fixed per
organisation and year at its first number, because switching mid-year would print the same
"05/KH-UBND" twice.

Life of an entry: `issue` reserves the numbers of a whole set in one `BEGIN IMMEDIATE`
transaction (status `reserved`); `record_hashes` marks a document `issued` once its files exist;
`release` gives a failed build's reserved numbers back when they are still the last of their
series, and marks them `void` with the reason otherwise, so a number is never skipped silently.
A reserved entry left by a killed process is completed by the next build of the same document,
which gets the same number back (idempotent by organisation, set and key).
"""

from __future__ import annotations

from pathlib import Path

from generator.register.entries import (
    POLICY_LABELS,
    Entry,
    Issued,
    IssueRequest,
    SeriesPolicy,
    series_for,
)
from generator.register.store import SCHEMA_VERSION, Register

__all__ = [
    "DEFAULT_NAME",
    "POLICY_LABELS",
    "SCHEMA_VERSION",
    "Entry",
    "IssueRequest",
    "Issued",
    "Register",
    "SeriesPolicy",
    "default_path",
    "series_for",
]

DEFAULT_NAME = "so-dang-ky.sqlite"


def default_path(data: Path) -> Path:
    """Return the register file beside a data folder or workbook: `<parent>/so-dang-ky.sqlite`."""
    return data.resolve().parent / DEFAULT_NAME
