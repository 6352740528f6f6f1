"""Text-level ND30 checks shared by the .docx and PDF checkers: số, ngày tháng, nơi nhận, "/.".

Each function takes plain text and returns (rule id, message values) pairs; the caller knows the
place and turns them into findings.
"""

from __future__ import annotations

import datetime as dt
import re

from generator.nd30 import rules

Problem = tuple[str, dict[str, object]]


def _p(rule_id: str, problem: str) -> Problem:
    """Return a problem of a rule whose message takes one {problem} value."""
    return (rule_id, {"problem": problem})


_SO_RE = re.compile(r"^\s*Số(?P<colon>\s*:)?\s*(?P<rest>.*?)\s*$", re.DOTALL)
_DATE_RE = re.compile(
    r"^(?P<place>.*?)(?P<comma>,?)\s*ngày\s+(?:(?P<d>\S+)\s+)?tháng\s+(?:(?P<m>\S+)\s+)?"
    r"năm\s+(?P<y>\S+?)\s*$",
    re.DOTALL,
)
_LUU_RE = re.compile(r"^[-–]\s*Lưu\s*:\s*VT\b.*\.$")
_SO_NGUOI_SOAN_RE = re.compile(r"^[A-ZĐ]+\.?\(\d+\)\.?$")


def squash(text: str) -> str:
    """Return `text` with every run of whitespace turned into one space, trimmed."""
    return re.sub(r"\s+", " ", text).strip()


def so_problems(line: str, expected_code: str | None) -> list[Problem]:
    """Return problems of a "Số: 05/QĐ-UBND" line; `expected_code` comes from the tên loại."""
    match = _SO_RE.match(line)
    if match is None:
        return [_p("ND30-3.c", f"phải bắt đầu bằng “Số:”, thấy “{squash(line)}”")]
    problems: list[Problem] = []
    if match.group("colon") is None:
        problems.append(_p("ND30-3.c", "thiếu dấu hai chấm sau chữ “Số”"))
    rest = match.group("rest")
    if re.search(r"\s", rest.strip()):
        problems.append(_p("ND30-3.c.so", f"không được có dấu cách, thấy “{squash(rest)}”"))
    compact = re.sub(r"\s", "", rest)
    parsed = re.fullmatch(r"(?P<n>[^/]*)/(?P<kh>.+)", compact)
    if parsed is None:
        problems.append(_p("ND30-3.c.so", f"phải có dạng “05/QĐ-UBND”, thấy “{compact}”"))
        return problems
    number, symbol = parsed.group("n"), parsed.group("kh")
    if number.strip("._…") == "":
        pass  # Left blank for the văn thư to fill in at registration: allowed.
    elif not number.isdigit():
        problems.append(_p("ND30-3.c.so", f"số phải là chữ số Ả Rập, thấy “{number}”"))
    elif int(number) < 10 and len(number) != 2:
        problems.append(
            (
                "ND30-3.c.so",
                {"problem": f"số nhỏ hơn 10 phải có số 0 phía trước, thấy “{number}”"},
            )
        )
    problems += _symbol_problems(symbol, expected_code)
    return problems


def _symbol_problems(symbol: str, expected_code: str | None) -> list[Problem]:
    """Return problems of the ký hiệu part ("QĐ-UBND")."""
    groups = symbol.split("-")
    if any(not g for g in groups) or len(groups) < 2:
        return [
            (
                "ND30-3.c.so",
                {"problem": f"các nhóm chữ viết tắt phải nối bằng “-”, thấy “{symbol}”"},
            )
        ]
    problems: list[Problem] = []
    code = groups[0]
    if code in rules.MA_KHONG_HOP_LE or (expected_code is not None and code not in rules.MA_LOAI):
        problems.append(_p("ND30-3.b", f"“{code}” không có trong bảng chữ viết tắt Phụ lục III"))
    elif expected_code is not None and code != expected_code:
        problems.append(
            (
                "ND30-3.b",
                {"problem": f"“{code}” không khớp tên loại văn bản (phải là “{expected_code}”)"},
            )
        )
    others = groups[1:] if code in rules.MA_LOAI else groups
    lower = [g for g in others if g != g.upper()]
    if lower:
        problems.append(_p("ND30-3.c.so", f"ký hiệu phải in hoa, thấy “{'-'.join(lower)}”"))
    return problems


def date_problems(line: str) -> list[Problem]:
    """Return problems of a "<Địa danh>, ngày 05 tháng 3 năm 2026" line."""
    text = squash(line)
    match = _DATE_RE.match(text)
    if match is None:
        return [
            (
                "ND30-4.c",
                {"problem": f"phải có dạng “<Địa danh>, ngày … tháng … năm …”, thấy “{text}”"},
            )
        ]
    problems: list[Problem] = []
    place = match.group("place").strip()
    if not place:
        problems.append(_p("ND30-4.c", "thiếu địa danh trước ngày tháng"))
    elif not match.group("comma"):
        problems.append(_p("ND30-4.c", f"phải có dấu phẩy sau địa danh “{place}”"))
    elif place[0].islower():
        problems.append(_p("ND30-4.c", f"chữ cái đầu của địa danh phải viết hoa, thấy “{place}”"))
    day, month, year = match.group("d"), match.group("m"), match.group("y")
    if day is None or month is None:
        # A draft leaves the day (and maybe the month) blank until the signer dates it.
        return problems
    if not (day.isdigit() and month.isdigit() and year.isdigit()):
        written = text[len(place) :].lstrip(", ")
        problems.append(
            _p(
                "ND30-4.b",
                f"ngày tháng năm phải viết đủ bằng chữ số Ả Rập, thấy “{written}”",
            )
        )
        return problems
    if int(day) < 10 and len(day) != 2:
        problems.append(
            _p("ND30-4.b", f"ngày nhỏ hơn 10 phải có số 0 phía trước, thấy “ngày {day}”")
        )
    elif int(day) >= 10 and len(day) != 2:
        problems.append(_p("ND30-4.b", f"ngày viết sai, thấy “ngày {day}”"))
    if int(month) in (1, 2) and len(month) != 2:
        problems.append(
            _p("ND30-4.b", f"tháng 1 và 2 phải có số 0 phía trước, thấy “tháng {month}”")
        )
    elif int(month) >= 3 and month != str(int(month)):
        problems.append(
            _p("ND30-4.b", f"chỉ tháng 1 và 2 có số 0 phía trước, thấy “tháng {month}”")
        )
    try:
        dt.date(int(year), int(month), int(day))
    except ValueError:
        problems.append(_p("ND30-4.b", f"ngày không có thật: {day}/{month}/{year}"))
    if len(year) != 4:
        problems.append(_p("ND30-4.b", f"năm phải viết đủ 4 chữ số, thấy “năm {year}”"))
    return problems


def noi_nhan_list_problems(items: list[str]) -> list[tuple[int, Problem]]:
    """Return (item position, problem) for the lines of a Nơi nhận list."""
    lines = [squash(item) for item in items if item.strip()]
    if lines and _SO_NGUOI_SOAN_RE.match(lines[-1]) and len(lines) > 1:
        lines = lines[:-1]  # ô 12 (người soạn thảo, số bản) may sit on its own line.
    if not lines:
        return [(0, ("ND30-9.d.luu", {"found": "danh sách trống"}))]
    problems: list[tuple[int, Problem]] = []
    for pos, line in enumerate(lines[:-1]):
        if not line.startswith(("-", "–")):
            problems.append(
                (pos, _p("ND30-9.d.ds", f"mỗi dòng phải bắt đầu bằng “-”, thấy “{line}”"))
            )
        elif not line.endswith(";"):
            problems.append(
                (pos, _p("ND30-9.d.ds", f"mỗi dòng phải kết thúc bằng “;”, thấy “{line}”"))
            )
    last = lines[-1]
    if not _LUU_RE.match(last):
        problems.append((len(lines) - 1, ("ND30-9.d.luu", {"found": f"“{last}”"})))
    return problems


def closing_problem(text: str) -> Problem | None:
    """Return the problem when the content does not end with "/." after the last word."""
    tail = squash(text)
    if tail.endswith("/."):
        return None
    shown = tail[-30:] if len(tail) > 30 else tail
    return ("ND30-PLIII.ket-thuc", {"found": f"“…{shown}”" if len(tail) > 30 else f"“{shown}”"})


def signer_prefix_problem(line: str) -> Problem | None:
    """Return the problem of a wrong quyền hạn prefix (T/M, KT without dot …) on line 7a."""
    text = squash(line)
    match = re.match(r"^(?P<token>[A-ZĐ/]{1,5})(?P<mark>[.:]?)\s+\S", text)
    if match is None:
        return None
    token = match.group("token") + match.group("mark")
    known = {p.rstrip(".") for p in rules.SIGNER_PREFIXES} | {"T/M", "K/T", "T/L", "T/U/Q", "TUQ"}
    if token in rules.SIGNER_PREFIXES:
        return None
    if match.group("token") in known or match.group("mark") == ".":
        valid = ", ".join(rules.SIGNER_PREFIXES)
        return _p("ND30-7.b", f"phải là một trong {valid}, thấy “{token}”")
    return None


# Word's paragraph alignments as a clerk names them ("canh trái", not "left").
ALIGN_VI = {
    "left": "trái",
    "start": "trái",
    "right": "phải",
    "end": "phải",
    "center": "giữa",
    "both": "đều hai lề",
    "justify": "đều hai lề",
    "distribute": "giãn đều",
}


def align_vi(align: str | None) -> str:
    """Return a Word alignment in Vietnamese: "left" → "trái"; unknown values as given."""
    return ALIGN_VI.get(align or "left", align or "trái")


def first_words(text: str, count: int = 6) -> str:
    """Return the first `count` words of `text`, "…" when cut: how a clerk finds a paragraph."""
    words = squash(text).split(" ")
    shown = " ".join(words[:count])
    return shown + ("…" if len(words) > count else "")
