"""People and their keys: organisations, users (argon2 passwords), sessions, API tokens.

Passwords are hashed with argon2id (argon2-cffi). Session and API tokens are 256-bit random
strings given to the client once; the store keeps only their SHA-256, so a stolen database
file opens no session. Failed logins are counted per user name and per address; past the limit
the login is refused for a while (`LoginThrottled`).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from generator.errors import VanbanError
from generator.vi.text import slugify
from generator.web.store import Store, now

ROLES = {
    "clerk": "văn thư xã",
    "province": "cấp tỉnh",
    "admin": "quản trị",
    "unit": "đơn vị của xã",
}
MAX_FAILURES = 5  # per user name
MAX_ADDRESS_FAILURES = 30  # per address: an office behind one NAT shares it
FAILURE_WINDOW = timedelta(minutes=15)
_HASHER = PasswordHasher()
# A hash to verify against when the user does not exist, so both cases take as long.
_DUMMY_HASH = _HASHER.hash("vanban-dummy-password")


class UserError(VanbanError):
    """A user, organisation or token operation was refused (message in Vietnamese)."""


class LoginThrottled(VanbanError):  # noqa: N818  (a refusal, shown as a page)
    """Too many failed logins for this user name or address."""


@dataclass(frozen=True)
class User:
    """A signed-in person: name, organisation slug and role (and, for role "unit", the unit
    of the organisation it reports for)."""

    name: str
    org: str
    role: str
    unit: str | None = None

    @property
    def is_admin(self) -> bool:
        """Return whether the user manages users and sees the audit log."""
        return self.role == "admin"


def token_hash(token: str) -> str:
    """Return the stored form of a session or API token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text)


def ensure_org(
    store: Store, slug: str, *, name: str = "", province: str = "", district: str = ""
) -> str:
    """Return the organisation slug, creating it (or filling its empty names) as needed."""
    clean = slugify(slug)
    if not clean or clean != slug:
        raise UserError(
            f"mã tổ chức '{slug}' không hợp lệ; dùng chữ thường không dấu và '-' như 'binh-lu'"
        )
    with store.connect() as db:
        db.execute(
            "INSERT INTO organisations (slug, name, province, district, created_at) "
            "VALUES (?,?,?,?,?) ON CONFLICT(slug) DO UPDATE SET "
            "name = COALESCE(NULLIF(excluded.name, ''), name), "
            "province = COALESCE(NULLIF(excluded.province, ''), province), "
            "district = COALESCE(NULLIF(excluded.district, ''), district)",
            (slug, name, province, district, now()),
        )
    return slug


def add_user(
    store: Store, name: str, org: str, role: str, password: str, *, unit: str | None = None
) -> User:
    """Return the new user after storing it with an argon2 hash of `password`.

    A user of role "unit" belongs to one unit (`unit`, a unit id of the organisation's data).
    """
    if role not in ROLES:
        raise UserError(f"vai trò '{role}' không có; chọn một trong: {', '.join(ROLES)}")
    if (role == "unit") != bool(unit):
        raise UserError(
            "vai trò unit cần --unit MÃ_ĐƠN_VỊ (như tt-pvhcc)"
            if role == "unit"
            else f"chỉ vai trò unit mới có --unit; vai trò '{role}' không thuộc đơn vị nào"
        )
    if unit is not None and slugify(unit) != unit:
        raise UserError(f"mã đơn vị '{unit}' không hợp lệ; dùng chữ thường không dấu như tt-pvhcc")
    if not name or not name.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise UserError(f"tên đăng nhập '{name}' không hợp lệ; dùng chữ, số, '.', '-' hoặc '_'")
    if len(password) < 8:
        raise UserError("mật khẩu cần ít nhất 8 ký tự")
    ensure_org(store, org)
    with store.connect() as db:
        if db.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
            raise UserError(f"đã có người dùng '{name}'")
        db.execute(
            "INSERT INTO users (name, org, role, unit, password_hash, created_at) "
            "VALUES (?,?,?,?,?,?)",
            (name, org, role, unit, _HASHER.hash(password), now()),
        )
    return User(name, org, role, unit)


def list_users(store: Store) -> list[tuple[User, bool]]:
    """Return every user with whether it is disabled, by organisation then name."""
    with store.connect() as db:
        rows = db.execute("SELECT * FROM users ORDER BY org, name").fetchall()
    return [(User(r["name"], r["org"], r["role"], r["unit"]), bool(r["disabled"])) for r in rows]


def disable_user(store: Store, name: str) -> None:
    """Disable a user and end its sessions and tokens at once."""
    with store.connect() as db:
        if db.execute("UPDATE users SET disabled = 1 WHERE name = ?", (name,)).rowcount == 0:
            raise UserError(f"không có người dùng '{name}'")
        db.execute("DELETE FROM sessions WHERE user = ?", (name,))
        db.execute("UPDATE api_tokens SET revoked = 1 WHERE user = ?", (name,))


def _active(store: Store, name: str) -> User | None:
    with store.connect() as db:
        row = db.execute("SELECT * FROM users WHERE name = ? AND disabled = 0", (name,)).fetchone()
    return None if row is None else User(row["name"], row["org"], row["role"], row["unit"])


def create_token(store: Store, name: str) -> str:
    """Return a new API token for user `name` (shown once; only its hash is kept)."""
    if _active(store, name) is None:
        raise UserError(f"không có người dùng '{name}' đang hoạt động")
    token = "vb_" + secrets.token_urlsafe(32)
    with store.connect() as db:
        db.execute(
            "INSERT INTO api_tokens (token_hash, user, created_at) VALUES (?,?,?)",
            (token_hash(token), name, now()),
        )
    return token


def user_for_token(store: Store, token: str) -> User | None:
    """Return the active user of an API token, or None."""
    with store.connect() as db:
        row = db.execute(
            "SELECT u.* FROM api_tokens t JOIN users u ON u.name = t.user "
            "WHERE t.token_hash = ? AND t.revoked = 0 AND u.disabled = 0",
            (token_hash(token),),
        ).fetchone()
    return None if row is None else User(row["name"], row["org"], row["role"], row["unit"])


def check_login(store: Store, name: str, password: str, address: str) -> User | None:
    """Return the user when the password matches; count failures and refuse past the limit."""
    keys = [f"user:{name.lower()}", f"addr:{address}"]
    since = (datetime.now(UTC) - FAILURE_WINDOW).isoformat(timespec="seconds")
    with store.connect() as db:
        db.execute("DELETE FROM login_failures WHERE at < ?", (since,))
        for key, limit in zip(keys, (MAX_FAILURES, MAX_ADDRESS_FAILURES), strict=True):
            count = db.execute(
                "SELECT COUNT(*) FROM login_failures WHERE key = ?", (key,)
            ).fetchone()[0]
            if count >= limit:
                raise LoginThrottled(
                    "Đăng nhập sai quá nhiều lần; vui lòng chờ 15 phút rồi thử lại."
                )
        row = db.execute("SELECT * FROM users WHERE name = ? AND disabled = 0", (name,)).fetchone()
    ok = _verify(row["password_hash"] if row else _DUMMY_HASH, password)
    if row is None or not ok:
        with store.connect() as db:
            db.executemany(
                "INSERT INTO login_failures (key, at) VALUES (?,?)", [(k, now()) for k in keys]
            )
        return None
    with store.connect() as db:
        db.execute("DELETE FROM login_failures WHERE key = ?", (keys[0],))
    return User(row["name"], row["org"], row["role"], row["unit"])


def _verify(stored: str, password: str) -> bool:
    """Return whether `password` matches the argon2 hash `stored`."""
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def open_session(store: Store, user: User) -> tuple[str, str]:
    """Return a new (session token, CSRF token) for `user`."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    stamp = now()
    with store.connect() as db:
        db.execute(
            "INSERT INTO sessions (token_hash, user, csrf, created_at, seen_at) VALUES (?,?,?,?,?)",
            (token_hash(token), user.name, csrf, stamp, stamp),
        )
    return token, csrf


def session_user(
    store: Store, token: str, *, idle: timedelta, lifetime: timedelta
) -> tuple[User, str] | None:
    """Return the user and CSRF token of a live session (touching it), or None when expired."""
    key = token_hash(token)
    moment = datetime.now(UTC)
    with store.connect() as db:
        row = db.execute(
            "SELECT s.*, u.org, u.role, u.unit FROM sessions s JOIN users u ON u.name = s.user "
            "WHERE s.token_hash = ? AND u.disabled = 0",
            (key,),
        ).fetchone()
        if row is None:
            return None
        if moment - _parse(row["created_at"]) > lifetime or moment - _parse(row["seen_at"]) > idle:
            db.execute("DELETE FROM sessions WHERE token_hash = ?", (key,))
            return None
        db.execute("UPDATE sessions SET seen_at = ? WHERE token_hash = ?", (now(), key))
    return User(row["user"], row["org"], row["role"], row["unit"]), row["csrf"]


def close_session(store: Store, token: str) -> None:
    """End a session."""
    with store.connect() as db:
        db.execute("DELETE FROM sessions WHERE token_hash = ?", (token_hash(token),))
