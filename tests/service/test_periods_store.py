"""Periods and submissions in SQLite: every submission kept, locks honoured, nothing lost."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest

from generator.errors import UsageError
from generator.service.periods.figures import Figures, Task
from generator.service.periods.store import PeriodStore

AT = datetime(2026, 6, 10, 2, 0, tzinfo=UTC)


def test_every_submission_is_kept_with_who_when_and_what_changed(store: PeriodStore) -> None:
    store.open("binh-lu", "2026-H1", date(2026, 6, 20), by="vp", at=AT)
    first = Figures({"so_van_ban_chi_dao": 3.0}, {"hoat_dong.I.1": Task("dang")})
    second = Figures({"so_van_ban_chi_dao": 4.0}, {"hoat_dong.I.1": Task("dang")})
    store.submit("binh-lu", "2026-H1", "vhxh", first, by="thu", at=AT, source="json")
    later = AT + timedelta(hours=2)
    store.submit("binh-lu", "2026-H1", "vhxh", second, by="tien", at=later, source="xlsx")
    history = store.history("binh-lu", "2026-H1", "vhxh")
    assert [(s.by, s.at, s.source) for s in history] == [
        ("thu", AT, "json"),
        ("tien", later, "xlsx"),
    ]
    assert history[0].changes == {
        "so_van_ban_chi_dao": [None, "3"],
        "hoat_dong.I.1": [None, "dang"],
    }
    assert history[1].changes == {"so_van_ban_chi_dao": ["3", "4"]}
    assert store.latest("binh-lu", "2026-H1")["vhxh"].figures.values == {"so_van_ban_chi_dao": 4.0}


def test_a_locked_or_unopened_period_takes_no_submission(store: PeriodStore) -> None:
    with pytest.raises(UsageError, match="chưa mở kỳ báo cáo 2026-H1"):
        store.submit("binh-lu", "2026-H1", "vhxh", Figures(), by="thu", at=AT, source="json")
    store.open("binh-lu", "2026-H1", date(2026, 6, 20), by="vp", at=AT)
    store.lock("binh-lu", "2026-H1", by="vp", at=AT)
    with pytest.raises(UsageError, match="đã khóa"):
        store.submit("binh-lu", "2026-H1", "vhxh", Figures(), by="thu", at=AT, source="json")
    with pytest.raises(UsageError, match="đã khóa"):
        store.open("binh-lu", "2026-H1", date(2026, 7, 1), by="vp", at=AT)
    assert store.history("binh-lu", "2026-H1") == []


def test_units_submitting_at_the_same_moment_lose_nothing(store: PeriodStore) -> None:
    store.open("binh-lu", "2026-H1", date(2026, 6, 20), by="vp", at=AT)
    units = [f"don-vi-{i}" for i in range(8)]
    rounds = 5
    start = threading.Barrier(len(units))
    failures: list[BaseException] = []

    def send(unit: str) -> None:
        try:
            start.wait()
            for n in range(rounds):
                figures = Figures({"so_van_ban_chi_dao": float(n)})
                store.submit("binh-lu", "2026-H1", unit, figures, by=unit, at=AT, source="json")
        except BaseException as err:  # reported below, not swallowed
            failures.append(err)

    threads = [threading.Thread(target=send, args=(u,)) for u in units]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    history = store.history("binh-lu", "2026-H1")
    assert len(history) == len(units) * rounds
    assert len({s.id for s in history}) == len(history)
    latest = store.latest("binh-lu", "2026-H1")
    assert {u: s.figures.values["so_van_ban_chi_dao"] for u, s in latest.items()} == dict.fromkeys(
        units, float(rounds - 1)
    )
    for unit in units:  # each unit's chain of changes is unbroken: 0→1→2→…
        changes = [
            s.changes.get("so_van_ban_chi_dao") for s in store.history("binh-lu", "2026-H1", unit)
        ]
        assert changes == [[None, "0"], *([[f"{n}", f"{n + 1}"] for n in range(rounds - 1)])]


def test_a_submission_is_late_against_the_due_date_in_force_when_sent(store: PeriodStore) -> None:
    store.open("binh-lu", "2026-H1", date(2026, 6, 20), by="vp", at=AT)
    early = store.submit(
        "binh-lu",
        "2026-H1",
        "vhxh",
        Figures({"so_van_ban_chi_dao": 1.0}),
        by="thu",
        at=datetime(2026, 6, 19, 3, tzinfo=UTC),
        source="json",
    )
    store.open("binh-lu", "2026-H1", date(2026, 6, 15), by="vp", at=AT)  # moved earlier
    after = store.submit(
        "binh-lu",
        "2026-H1",
        "cong-an",
        Figures({"so_van_ban_chi_dao": 1.0}),
        by="ca",
        at=datetime(2026, 6, 19, 3, tzinfo=UTC),
        source="json",
    )
    kept = store.latest("binh-lu", "2026-H1")
    assert (early.late(), kept["vhxh"].late()) == (False, False)
    assert (after.late(), kept["cong-an"].late()) == (True, True)
    # The due day itself is on time in Vietnam, even late in the evening (UTC+7).
    evening = store.submit(
        "binh-lu",
        "2026-H1",
        "kinh-te",
        Figures({"so_van_ban_chi_dao": 1.0}),
        by="kt",
        at=datetime(2026, 6, 15, 16, 30, tzinfo=UTC),
        source="json",
    )
    assert evening.late() is False
