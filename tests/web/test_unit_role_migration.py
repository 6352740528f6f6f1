"""A web database made before unit users existed gains the role and keeps its users."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from generator.web.store import DB_NAME, Store
from generator.web.users import add_user, check_login, create_token, user_for_token

OLD_USERS = """
CREATE TABLE organisations (slug TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '',
    province TEXT NOT NULL DEFAULT '', district TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL);
CREATE TABLE users (
    name TEXT PRIMARY KEY,
    org TEXT NOT NULL REFERENCES organisations(slug),
    role TEXT NOT NULL CHECK (role IN ('clerk', 'province', 'admin')),
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE TABLE api_tokens (token_hash TEXT PRIMARY KEY, user TEXT NOT NULL REFERENCES users(name),
    created_at TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
"""


def test_an_old_database_gets_unit_users_and_keeps_its_clerks(tmp_path: Path) -> None:
    store = Store(tmp_path / "first")
    add_user(store, "van-thu", "binh-lu", "clerk", "mat-khau-dai-du")
    hashed = sqlite3.connect(store.path).execute("SELECT password_hash FROM users").fetchone()[0]
    old = tmp_path / "old"
    old.mkdir()
    db = sqlite3.connect(old / DB_NAME)
    db.executescript(OLD_USERS)
    db.execute("INSERT INTO organisations VALUES ('binh-lu', '', '', '', '2026-01-01')")
    db.execute(
        "INSERT INTO users (name, org, role, password_hash, created_at) VALUES (?,?,?,?,?)",
        ("van-thu", "binh-lu", "clerk", hashed, "2026-01-01"),
    )
    db.commit()
    db.close()
    migrated = Store(old)
    assert check_login(migrated, "van-thu", "mat-khau-dai-du", "127.0.0.1") is not None
    unit = add_user(migrated, "can-bo", "binh-lu", "unit", "mat-khau-dai-du", unit="tt-pvhcc")
    assert unit.unit == "tt-pvhcc"
    token = create_token(migrated, "can-bo")
    assert user_for_token(migrated, token) == unit
    Store(old)  # a second start changes nothing
