"""Fixtures of the periodic collection: the sample commune's data and a fresh store."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from generator.model import DuLieu
from generator.service.periods.store import PeriodStore
from generator.service.periods.use_cases import open_period
from generator.sources import load_dataset

ROOT = Path(__file__).resolve().parents[2]
DUE = date(2026, 6, 20)
ON_TIME = datetime(2026, 6, 18, 3, 0, tzinfo=UTC)
LATE = datetime(2026, 6, 22, 3, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def sample() -> DuLieu:
    """Return the sample commune's validated data (Bình Lư)."""
    return load_dataset(ROOT / "data" / "binh-lu")


@pytest.fixture
def store(tmp_path: Path) -> PeriodStore:
    """Return an empty store in a fresh data directory."""
    return PeriodStore.in_dir(tmp_path / "data")


@pytest.fixture
def opened(store: PeriodStore, sample: DuLieu) -> PeriodStore:
    """Return a store where the Văn phòng opened 2026-H1 due on 20/6/2026."""
    open_period(store, sample, "2026-H1", DUE, by="van-phong", now=ON_TIME)
    return store
