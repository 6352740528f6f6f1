"""Tests for the number register: series, years, idempotent re-issue, release, void, concurrency."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from generator.errors import RegisterError
from generator.register import IssueRequest, Register, SeriesPolicy, default_path, series_for

ORG = "binh-lu"


def req(
    key: str,
    loai: str = "KH",
    ngay: date = date(2026, 3, 5),
    *,
    set_name: str = "2026/inspection",
    org: str = ORG,
    mat: bool = False,
    tu_van: str | None = None,
    ky_hieu: str | None = None,
) -> IssueRequest:
    """Return a request for one document of Bình Lư."""
    return IssueRequest(
        org=org,
        set_name=set_name,
        key=key,
        loai_van_ban=loai,
        ky_hieu=ky_hieu or f"{loai}-UBND",
        ngay=ngay,
        trich_yeu=f"Văn bản {key}",
        nguoi_ky="Nguyễn Văn An",
        ten_to_chuc="Ủy ban nhân dân xã Bình Lư",
        noi_nhan=("UBND tỉnh Lai Châu", "Các phòng chuyên môn"),
        luu="VT, VP",
        mat=mat,
        co_quan_tu_van=tu_van,
    )


@pytest.fixture
def reg(tmp_path: Path) -> Register:
    """Return a fresh register in tmp_path."""
    return Register(tmp_path / "so-dang-ky.sqlite")


def test_one_series_for_all_types_by_default(reg: Register) -> None:
    got = reg.issue([req("01-kh", "KH"), req("02-qd", "QĐ"), req("03-tb", "TB")])
    assert [i.so_ky_hieu for i in got] == ["01/KH-UBND", "02/QĐ-UBND", "03/TB-UBND"]
    assert {i.series for i in got} == {"chung"}
    assert all(i.new and i.status == "reserved" for i in got)


def test_per_type_series_option(reg: Register) -> None:
    policy = SeriesPolicy.THEO_LOAI
    got = reg.issue([req("kh", "KH"), req("qd", "QĐ"), req("kh2", "KH")], policy)
    assert [i.so_ky_hieu for i in got] == ["01/KH-UBND", "01/QĐ-UBND", "02/KH-UBND"]
    assert reg.last_numbers(ORG, 2026) == {"KH": 2, "QĐ": 1}


def test_policy_cannot_change_within_a_year(reg: Register) -> None:
    reg.issue([req("kh")])
    with pytest.raises(RegisterError) as err:
        reg.issue([req("qd", "QĐ")], SeriesPolicy.THEO_LOAI)
    assert str(err.value) == (
        "năm 2026, binh-lu đã cấp số theo cách 'một dãy số chung cho mọi loại văn bản'; không đổi "
        "sang 'mỗi loại văn bản một dãy số riêng' giữa năm được (số và ký hiệu sẽ bị trùng); đổi "
        "cách cấp số từ năm sau"
    )
    # Next year may start with the other policy.
    got = reg.issue([req("qd", "QĐ", date(2027, 1, 4))], SeriesPolicy.THEO_LOAI)
    assert got[0].series == "QĐ"


def test_numbering_restarts_at_01_each_year(reg: Register) -> None:
    reg.issue([req(f"a{i}", ngay=date(2026, 12, 30)) for i in range(3)])
    got = reg.issue([req("b", ngay=date(2027, 1, 1)), req("c", ngay=date(2027, 1, 2))])
    assert [(i.year, i.so_ky_hieu) for i in got] == [(2027, "01/KH-UBND"), (2027, "02/KH-UBND")]
    assert reg.last_numbers(ORG, 2026) == {"chung": 3}
    assert reg.years(ORG) == [2026, 2027]


def test_secret_and_advisory_series_kept_apart(reg: Register) -> None:
    got = reg.issue(
        [
            req("kh"),
            req("kh-mat", mat=True),
            req("qd-hd", "QĐ", tu_van="HDTD", ky_hieu="QĐ-HĐTĐ"),
            req("qd", "QĐ"),
            req("bb-hd", "BB", tu_van="HDTD", ky_hieu="BB-HĐTĐ"),
        ]
    )
    assert [(i.series, i.so_ky_hieu) for i in got] == [
        ("chung", "01/KH-UBND"),
        ("mat", "01/KH-UBND"),
        ("tu_van:HDTD", "01/QĐ-HĐTĐ"),
        ("chung", "02/QĐ-UBND"),
        ("tu_van:HDTD", "02/BB-HĐTĐ"),
    ]
    assert series_for("KH", SeriesPolicy.THEO_LOAI, mat=True, co_quan_tu_van="X") == (
        "tu_van:X/mat/KH"
    )


def test_advisory_body_with_agency_ky_hieu_is_refused(reg: Register) -> None:
    reg.issue([req("kh")])
    with pytest.raises(RegisterError, match=r"01/KH-UBND đã được cấp trong năm 2026 ở dãy số"):
        reg.issue([req("kh-hd", tu_van="HDTD")])


def test_reissue_returns_same_number_and_date(reg: Register) -> None:
    first = reg.issue([req("01-kh"), req("02-qd", "QĐ")])
    reg.issue([req("x", set_name="2026/report-6t")])
    again = reg.issue([req("02-qd", "QĐ", date(2026, 4, 1)), req("01-kh", ngay=date(2026, 4, 1))])
    assert [(i.so, i.ngay, i.new) for i in again] == [
        (2, date(2026, 3, 5), False),
        (1, date(2026, 3, 5), False),
    ]
    assert {i.so_ky_hieu for i in again} == {i.so_ky_hieu for i in first}
    assert reg.last_numbers(ORG, 2026) == {"chung": 3}


def test_reissue_next_year_keeps_last_years_number(reg: Register) -> None:
    reg.issue([req("bc", "BC", date(2026, 12, 31))])
    again = reg.issue([req("bc", "BC", date(2027, 1, 2))])
    assert (again[0].year, again[0].so_ky_hieu, again[0].new) == (2026, "01/BC-UBND", False)


def test_duplicate_keys_in_one_call_are_refused(reg: Register) -> None:
    with pytest.raises(RegisterError, match="trùng khóa"):
        reg.issue([req("a"), req("a")])


def test_dates_must_not_run_backwards(reg: Register) -> None:
    reg.issue([req("a", ngay=date(2026, 5, 20))])
    with pytest.raises(RegisterError) as err:
        reg.issue([req("b", ngay=date(2026, 6, 1)), req("c", ngay=date(2026, 5, 1))])
    assert str(err.value) == (
        "không cấp số được cho 'Văn bản c': ngày ban hành 01/05/2026 sớm hơn văn bản số "
        "02/KH-UBND đã cấp ngày 01/06/2026; số phải theo trình tự thời gian (Điều 15 Nghị định "
        "30/2020/NĐ-CP), hãy dùng ngày ban hành từ ngày đó trở đi"
    )
    # The whole call was one transaction: "b" got no number either.
    assert reg.last_numbers(ORG, 2026) == {"chung": 1}
    assert [e.key for e in reg.entries(ORG, 2026)] == ["a"]


def test_record_hashes_marks_issued(reg: Register) -> None:
    (got,) = reg.issue([req("a")])
    reg.record_hashes(got, "d" * 64, "p" * 64)
    (entry,) = reg.entries(ORG, 2026)
    assert (entry.status, entry.sha256_docx, entry.sha256_pdf) == ("issued", "d" * 64, "p" * 64)
    assert reg.pending() == []
    # An issued document re-issued stays issued with the same number.
    (again,) = reg.issue([req("a")])
    assert (again.so, again.status, again.new) == (1, "issued", False)


def test_release_gives_back_the_tail_and_voids_the_rest(reg: Register) -> None:
    failed = reg.issue([req("a"), req("b")])
    (other,) = reg.issue([req("c", set_name="2026/report-q1")])
    # "b" (02) is followed by "c" (03): it cannot be given back and is voided on record;
    # "a" (01) neither. A build that failed alone at the tail gives its numbers back.
    voided = reg.release(failed, "lỗi khi tạo PDF")
    assert [v.so for v in voided] == [2, 1]
    tail = reg.issue([req("d", set_name="2026/plan")])
    reg.release(tail, "lỗi mẫu")
    assert reg.last_numbers(ORG, 2026) == {"chung": 3}
    rows = [(e.so, e.key, e.status, e.ly_do_huy) for e in reg.entries(ORG, 2026)]
    assert rows == [
        (1, "a", "void", "lỗi khi tạo PDF"),
        (2, "b", "void", "lỗi khi tạo PDF"),
        (3, "c", "reserved", None),
    ]
    # A voided key gets a new number, the next after the tail.
    (again,) = reg.issue([req("a")])
    assert (again.so, again.new) == (4, True)
    assert other.so == 3


def test_release_leaves_issued_numbers_alone(reg: Register) -> None:
    (done,) = reg.issue([req("a")])
    reg.record_hashes(done, "d" * 64, None)
    (again,) = reg.issue([req("a")])
    assert reg.release([again], "lỗi khi tạo lại") == []
    assert [e.status for e in reg.entries(ORG, 2026)] == ["issued"]


def test_void_keeps_the_number_on_record(reg: Register) -> None:
    reg.issue([req("a"), req("b", "QĐ")])
    entry = reg.void(ORG, 2026, "Số: 02/QĐ-UBND", "ký nhầm người")
    assert (entry.so, entry.status, entry.ly_do_huy) == (2, "void", "ký nhầm người")
    (nxt,) = reg.issue([req("c")])
    assert nxt.so == 3
    with pytest.raises(RegisterError) as err:
        reg.void(ORG, 2026, "02/QĐ-UBND", "lần nữa")
    assert str(err.value) == "văn bản số 02/QĐ-UBND năm 2026 đã bị hủy trước đó: ký nhầm người"
    with pytest.raises(RegisterError) as err:
        reg.void(ORG, 2026, "09/QĐ-UBND", "không có")
    assert str(err.value) == (
        "không có văn bản số 09/QĐ-UBND của binh-lu trong năm 2026; "
        "xem danh sách bằng 'vanban register list'"
    )
    with pytest.raises(RegisterError, match="cần ghi lý do"):
        reg.void(ORG, 2026, "01/KH-UBND", "  ")


def test_ambiguous_secret_number_needs_series(reg: Register) -> None:
    reg.issue([req("a"), req("m", mat=True)])
    with pytest.raises(RegisterError, match=r"có 2 văn bản mang số 01/KH-UBND .*chung, mat"):
        reg.find(ORG, 2026, "01/KH-UBND")
    assert reg.find(ORG, 2026, "01/KH-UBND", series="mat").key == "m"


def test_register_survives_reopen_and_checks_schema(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "so.sqlite"
    with Register(path) as reg:
        reg.issue([req("a")])
    with Register(path) as reg:
        assert reg.orgs() == {ORG: "Ủy ban nhân dân xã Bình Lư"}
        reg._db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(RegisterError, match="phiên bản vanban mới hơn"):
        Register(path)


def test_not_a_register_file(tmp_path: Path) -> None:
    bad = tmp_path / "x.sqlite"
    bad.write_text("không phải sổ đăng ký " * 100, encoding="utf-8")
    with pytest.raises(RegisterError, match="không mở được sổ đăng ký văn bản đi"):
        Register(bad)


def test_default_path_is_beside_the_data(tmp_path: Path) -> None:
    assert default_path(tmp_path / "data" / "binh-lu") == tmp_path / "data" / "so-dang-ky.sqlite"


WORKER = textwrap.dedent(
    """
    import sys, time
    from datetime import date
    from pathlib import Path
    from generator.register import IssueRequest, Register

    path, name, count, start = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    reg = Register(path)
    while not start.exists():
        time.sleep(0.001)
    got = []
    for i in range(count):
        request = IssueRequest(
            org="binh-lu", set_name=name, key=f"{i:03d}", loai_van_ban="TB",
            ky_hieu="TB-UBND", ngay=date(2026, 3, 5), trich_yeu=f"{name} {i}", nguoi_ky="A",
        )
        got.append(reg.issue([request])[0].so)
    print(" ".join(map(str, got)))
    """
)


def test_two_processes_never_get_the_same_number(tmp_path: Path) -> None:
    path = tmp_path / "so.sqlite"
    Register(path).close()
    start = tmp_path / "start"
    root = Path(__file__).resolve().parents[2]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(path), name, "50", str(start)],
            cwd=root,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in ("p1", "p2")
    ]
    start.touch()
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    numbers = [[int(n) for n in out.split()] for out in outputs]
    assert all(len(n) == 50 and n == sorted(n) for n in numbers)
    assert sorted(numbers[0] + numbers[1]) == list(range(1, 101))
    with Register(path) as reg:
        entries = reg.entries(ORG, 2026)
    assert [e.so for e in entries] == list(range(1, 101))
    assert len({e.so_ky_hieu for e in entries}) == 100
