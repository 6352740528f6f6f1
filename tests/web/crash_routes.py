"""A router that fails on purpose, to see the server's 500 answers (tests only)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()


@router.get("/thu-loi")
def crash_page() -> None:
    """Fail like a bug would."""
    raise RuntimeError("a bug, on purpose")


@router.get("/api/v1/thu-loi")
def crash_api() -> None:
    """Fail like a bug would, under the API."""
    raise RuntimeError("a bug, on purpose")
