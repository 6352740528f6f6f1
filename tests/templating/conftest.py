"""Reuse the inspection-set fixture of tests/kinds for the layout tests."""

from tests.kinds.conftest import inspection_set

__all__ = ["inspection_set"]
