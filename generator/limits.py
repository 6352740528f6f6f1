"""Hard limits on every input a clerk (or anyone who can log in) hands to vanban, in one place.

The CLI loaders (`generator.sources`), the model's field parsers (`generator.model.fields`) and
the web upload all read these names, so a limit is changed here once. Imports nothing of the
project.

Files
- `MAX_YAML_BYTES`: one YAML data file (to-chuc.yaml …).
- `MAX_XLSX_BYTES`: one workbook as uploaded; `MAX_XLSX_UNPACKED`: the sum of its unzipped parts;
  `MAX_XLSX_RATIO` above `XLSX_RATIO_FLOOR`: the compression ratio of a zip bomb;
  `MAX_XLSX_ENTRIES`: parts inside the zip.
- `MAX_UPLOAD_BYTES`: the largest single file the web upload accepts (the larger of the two).

Structure
- `MAX_DEPTH`: nesting of mappings and lists in a YAML file (the real data needs about 8).
- `MAX_ITEMS`: items in one list (rows of a table sheet, entries of a YAML list).
- `MAX_KEYS`: keys in one YAML mapping.
- `MAX_ROWS`, `MAX_COLUMNS`: the size of one worksheet as read.

Values
- `MAX_TEXT_CHARS`: one text value (a YAML scalar or a worksheet cell).
- `MAX_NUMBER_DIGITS`: digits of a number as typed (far below Python's 4,300-digit limit).
- `MAX_COUNT`: a count (số hồ sơ, số tin bài…), `MAX_SO`: a document number,
  `MAX_STT`: a row number of the plan appendix, `MIN_YEAR`/`MAX_YEAR`: any year or date,
  `MAX_AMOUNT`: any other number (a value reached by an indicator…).

Messages
- `ECHO_CHARS`: how much of a refused value a message repeats; `shown()` cuts it.
"""

from __future__ import annotations

from typing import Any

MB = 1024 * 1024

MAX_YAML_BYTES = 5 * MB
MAX_XLSX_BYTES = 20 * MB
MAX_XLSX_UNPACKED = 200 * MB
MAX_XLSX_RATIO = 100
XLSX_RATIO_FLOOR = 10 * MB  # below this, a high ratio is just a sparse sheet
MAX_XLSX_ENTRIES = 2000
MAX_UPLOAD_BYTES = max(MAX_YAML_BYTES, MAX_XLSX_BYTES)

MAX_DEPTH = 32
MAX_ITEMS = 5000
MAX_KEYS = 500
MAX_ROWS = 20_000
MAX_COLUMNS = 500

MAX_TEXT_CHARS = 20_000
MAX_NUMBER_DIGITS = 30
MAX_COUNT = 1_000_000_000
MAX_SO = 99_999
MAX_STT = 9_999
MIN_YEAR = 1990
MAX_YEAR = 2100
MAX_AMOUNT = 1e12

ECHO_CHARS = 40


def shown(value: Any) -> str:
    """Return `value` quoted for a message, cut to ECHO_CHARS characters with its full length."""
    if value is None:
        return "giá trị trống"
    if isinstance(value, int) and value.bit_length() > 4 * MAX_NUMBER_DIGITS:
        return f"một số có khoảng {grouped(int(value.bit_length() * 0.30103))} chữ số"
    text = str(value) if not isinstance(value, str) else value
    if len(text) > ECHO_CHARS:
        return f"'{text[:ECHO_CHARS]}…' ({grouped(len(text))} ký tự)"
    return f"'{text}'"


def grouped(number: int) -> str:
    """Return a whole number with Vietnamese thousands dots: 20000 → "20.000"."""
    return f"{number:,}".replace(",", ".")
