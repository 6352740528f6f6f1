"""The one question every route asks before a read or a write: may this user see this organisation?

A clerk sees its own organisation; a province user sees every organisation of its province (read
and download, no issuing); an admin sees every organisation. A unit user (role "unit") sees none
of its organisation's jobs, files or register: only its own unit's periodic reports
(`may_report`). Routes answer "not found" (404)
when the answer is no, so a job or file of another organisation is never revealed to exist.
"""

from __future__ import annotations

from generator.vi.text import slugify
from generator.web.store import Store
from generator.web.users import User


class Organisation:
    """An organisation as the pages show it."""

    def __init__(self, slug: str, name: str, province: str, district: str) -> None:
        self.slug = slug
        self.name = name or slug
        self.province = province
        self.district = district


def organisation(store: Store, slug: str) -> Organisation | None:
    """Return the organisation `slug`, or None."""
    with store.connect() as db:
        row = db.execute("SELECT * FROM organisations WHERE slug = ?", (slug,)).fetchone()
    if row is None:
        return None
    return Organisation(row["slug"], row["name"], row["province"], row["district"])


def may_see(store: Store, user: User, org: str) -> bool:
    """Return whether `user` may read the organisation `org` (its jobs, files, register)."""
    if user.role == "admin":
        return True
    if user.role == "unit":
        return False
    if user.org == org:
        return True
    if user.role != "province":
        return False
    mine, theirs = organisation(store, user.org), organisation(store, org)
    if mine is None or theirs is None or not mine.province:
        return False
    return slugify(mine.province) == slugify(theirs.province)


def may_issue(store: Store, user: User, org: str) -> bool:
    """Return whether `user` may upload, build, issue numbers or void them for `org`."""
    return user.role == "clerk" and user.org == org and may_see(store, user, org)


def visible_orgs(store: Store, user: User) -> list[Organisation]:
    """Return the organisations `user` may see, by province, district and name."""
    with store.connect() as db:
        rows = db.execute(
            "SELECT * FROM organisations ORDER BY province, district, name, slug"
        ).fetchall()
    orgs = [Organisation(r["slug"], r["name"], r["province"], r["district"]) for r in rows]
    return [o for o in orgs if may_see(store, user, o.slug)]


def may_report(store: Store, user: User, org: str, unit: str) -> bool:
    """Return whether `user` may read and write unit `unit`'s periodic report of `org`: the
    unit's own users and the organisation's clerks (the Văn phòng)."""
    if user.role == "unit":
        return user.org == org and user.unit == unit
    return may_issue(store, user, org)
