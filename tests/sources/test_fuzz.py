"""Seeded fuzz of `vanban check` (issue 18): mutated YAML folders and workbooks end in located
Vietnamese messages (or valid data), never a traceback, a hang or a crash.

The seed is fixed, so a failure repeats; `FUZZ_SEED=n pytest …` tries other mutations.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.errors import DataError, SourceError
from generator.sources import validated
from generator.sources.xlsx_read import Grid, read_sheets
from tests.sources.conftest import MINI

SEED = int(os.environ.get("FUZZ_SEED", "18"))
YAML_CASES = 240
GRID_CASES = 160
WORKBOOK_CASES = 24
VIETNAMESE = set("ạảãáàâầấậẩẫăằắặẳẵêềếệểễẹẻẽéèôồốộổỗơờớợởỡọỏõóòưừứựửữụủũúùđịỉĩíìỵỷỹýỳ")

# Values that broke, or could break, a loader: bombs, huge numbers, impossible dates, odd tags.
HOSTILE = [
    ".inf",
    "-.inf",
    ".nan",
    "9" * 5000,
    "9" * 400,
    "-999999999",
    "1" + "0" * 30,
    "!!timestamp 2026-02-31",
    "2026-13-45",
    "9999-12-31",
    "&a x",
    "*a",
    "[" * 60 + "]" * 60,
    "{" * 40,
    "'",
    '"',
    "- x",
    "1.000",
    "1.250",
    "1 000",
    "-1",
    "",
    "~",
    "yes",
    "0x1F",
    "0o17",
    "1e400",
    "!!binary AAAA",
    "!!python/object:os.system x",
    "!!set {a, b}",
    "x" * 30_000,
    "\t",
    "? a",
    "<<: *a",
    "%YAML 1.1",
    "---",
    "...",
    "|\n  nhiều\n  dòng",
    "Phòng Văn hóa – Xã hội",
    "\u0000",
    "\ufeff",
]


@contextmanager
def _no_hang(seconds: int = 20) -> Iterator[None]:
    """Fail the case (not the run) if it does not finish: a hang is a finding."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError("the case did not finish (a hang)")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _assert_located_vietnamese(err: DataError | SourceError, label: str) -> None:
    lines = [str(p) for p in err.problems] if isinstance(err, DataError) else [str(err)]
    assert lines, "an error without a problem"
    for line in lines:
        assert line.startswith(label), f"not located: {line[:200]}"
        assert len(line) < 800, f"echoes too much ({len(line)} characters): {line[:200]}"
        assert VIETNAMESE & set(line.casefold()), f"not Vietnamese: {line[:200]}"
        assert "Traceback" not in line


def _mutate_text(text: str, rng: random.Random) -> str:
    lines = text.splitlines()
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(lines))
        how = rng.randrange(6)
        if how == 0 and ":" in lines[i]:
            key, _, _ = lines[i].partition(":")
            lines[i] = f"{key}: {rng.choice(HOSTILE)}"
        elif how == 1:
            lines.insert(i, lines[i])  # a key or an item given twice
        elif how == 2:
            del lines[i]
        elif how == 3:
            lines[i] = " " * rng.randint(0, 6) + lines[i].lstrip()
        elif how == 4:
            lines[i] = lines[i] + rng.choice(HOSTILE)
        else:
            lines[i] = "".join(chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(1, 30)))
    return "\n".join(lines) + "\n"


def test_mutated_yaml_folders_end_in_located_messages(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    runner = CliRunner()
    names = sorted(p.name for p in MINI.glob("*.yaml"))
    outcomes = {"hợp lệ": 0, "lỗi": 0}
    for case in range(YAML_CASES):
        folder = tmp_path / f"c{case}"
        shutil.copytree(MINI, folder)
        name = rng.choice(names)
        path = folder / name
        if rng.random() < 0.05:
            path.write_bytes(path.read_bytes()[: rng.randrange(200)] + bytes([0xC3, 0x28]))
        else:
            path.write_text(_mutate_text(path.read_text(encoding="utf-8"), rng), encoding="utf-8")
        with _no_hang():
            result = runner.invoke(cli, ["check", str(folder)])
        assert result.exit_code in (0, 1), (case, name, result.output[-2000:], result.exception)
        assert not isinstance(result.exception, Exception) or isinstance(
            result.exception, SystemExit
        ), (case, name, repr(result.exception))
        assert "Traceback" not in result.output
        if result.exit_code == 1:
            outcomes["lỗi"] += 1
            lines = [line for line in result.output.splitlines() if line.startswith(("- ", "Lỗi"))]
            assert lines, (case, name, result.output[-2000:])
            for line in lines:
                assert str(folder) in line, (case, name, line[:300])
                assert len(line) < 900, (case, name, line[:300])
        else:
            outcomes["hợp lệ"] += 1
        shutil.rmtree(folder)
    assert outcomes["lỗi"] > YAML_CASES // 2  # the mutations really reach the checks


def _grids(path: Path) -> dict[str, Grid]:
    from generator.sources.xlsx import _read_grids

    return _read_grids(path, "du-lieu.xlsx")


def _mutate_grids(grids: dict[str, Grid], rng: random.Random) -> dict[str, Grid]:
    copy = {name: [list(row) for row in grid] for name, grid in grids.items()}
    for _ in range(rng.randint(1, 3)):
        name = rng.choice([n for n, g in copy.items() if g])
        grid = copy[name]
        r = rng.randrange(len(grid))
        if not grid[r]:
            continue
        j = rng.randrange(len(grid[r]))
        how = rng.randrange(5)
        values: list[Any] = [
            None,
            "",
            rng.choice(HOSTILE),
            float("inf"),
            float("nan"),
            10**400,
            -(10**6),
            1.25,
            0.955,
            46086,
            True,
        ]
        if how == 0:
            grid[r][j] = (rng.choice(values), None)
        elif how == 1:
            grid[r][j] = (rng.choice(values), "0.0%")
        elif how == 2:
            grid.insert(r, list(grid[r]))  # a row given twice
        elif how == 3 and r > 0:
            del grid[r]
        else:
            grid[0][j] = (rng.choice([None, "", "Cột lạ", grid[0][j][0]]), None)
    return copy


def test_mutated_workbook_cells_end_in_located_messages(
    mini_xlsx: Path,
) -> None:
    rng = random.Random(SEED + 1)
    grids = _grids(mini_xlsx)
    outcomes = {"hợp lệ": 0, "lỗi": 0}
    for case in range(GRID_CASES):
        mutated = _mutate_grids(grids, rng)
        with _no_hang():
            try:
                raw, prov, structural, cells = read_sheets(mutated, "du-lieu.xlsx")
                if structural:
                    raise DataError(problems=structural)
                validated(raw, prov, cells)
            except (DataError, SourceError) as err:
                outcomes["lỗi"] += 1
                _assert_located_vietnamese(err, "du-lieu.xlsx")
            else:
                outcomes["hợp lệ"] += 1
        assert case >= 0
    assert outcomes["lỗi"] > GRID_CASES // 2


def _edit_book(path: Path, change: Callable[[openpyxl.Workbook], None]) -> None:
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)


def test_mutated_workbook_files_end_in_located_messages(mini_xlsx: Path, tmp_path: Path) -> None:
    rng = random.Random(SEED + 2)
    runner = CliRunner()
    for case in range(WORKBOOK_CASES):
        target = tmp_path / f"c{case}.xlsx"
        shutil.copyfile(mini_xlsx, target)
        how = rng.randrange(4)
        if how == 0:
            data = bytearray(target.read_bytes())
            for _ in range(rng.randint(1, 20)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            target.write_bytes(bytes(data))
        elif how == 1:
            target.write_bytes(target.read_bytes()[: rng.randrange(1, 5000)])
        else:

            def change(book: openpyxl.Workbook) -> None:
                sheet = book[rng.choice(book.sheetnames)]
                for _ in range(rng.randint(1, 4)):
                    row, column = rng.randint(1, 6), rng.randint(1, 8)
                    sheet.cell(row, column).value = rng.choice([*HOSTILE[:30], None, 10**20])

            try:
                _edit_book(target, change)
            except Exception:  # openpyxl refuses some values itself; that case proves nothing
                continue
        with _no_hang():
            result = runner.invoke(cli, ["check", str(target)])
        assert result.exit_code in (0, 1), (case, result.output[-2000:], result.exception)
        assert not isinstance(result.exception, Exception) or isinstance(
            result.exception, SystemExit
        ), (case, repr(result.exception))
        assert "Traceback" not in result.output
        if result.exit_code == 1:
            assert str(target) in result.output, (case, result.output[-1000:])


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_each_hostile_value_in_a_count(mini_yaml: Path, value: str) -> None:
    path = mini_yaml / "bao-cao.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("da_giai_quyet: 1500", f"da_giai_quyet: {value}"), "utf-8")
    result = CliRunner().invoke(cli, ["check", str(mini_yaml)])
    assert result.exit_code in (0, 1)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
