"""One SQLite write transaction: `BEGIN IMMEDIATE`, committed on success, rolled back otherwise.

Shared by the web's store and the periods store (connections opened with isolation_level=None,
so Python's sqlite3 module starts no transaction of its own). The register keeps its own, which
turns a lock timeout into a Vietnamese RegisterError.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["immediate"]


@contextmanager
def immediate(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Run the body in one `BEGIN IMMEDIATE` transaction: committed on success, else rolled back."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
