"""The one permission rule: may this user see this organisation? (through the function)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.web.access import may_issue, may_see, visible_orgs
from generator.web.store import Store
from generator.web.users import User, ensure_org


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """Return a store with two communes of Lai Châu, one of Điện Biên and a province office."""
    made = Store(tmp_path)
    ensure_org(made, "binh-lu", name="Xã Bình Lư", province="Lai Châu", district="Phong Thổ")
    ensure_org(made, "xa-khac", name="Xã Khác", province="Lai Châu", district="Tam Đường")
    ensure_org(made, "xa-xa", name="Xã Xa", province="Điện Biên")
    ensure_org(made, "so-noi-vu", name="Sở Nội vụ", province="LAI CHÂU")
    ensure_org(made, "so-trong", name="Sở chưa rõ tỉnh")
    return made


def test_clerk_sees_and_issues_for_its_own_organisation_only(store: Store) -> None:
    clerk = User("a", "binh-lu", "clerk")
    assert may_see(store, clerk, "binh-lu") and may_issue(store, clerk, "binh-lu")
    assert not may_see(store, clerk, "xa-khac") and not may_issue(store, clerk, "xa-khac")
    assert [o.slug for o in visible_orgs(store, clerk)] == ["binh-lu"]


def test_province_sees_its_province_and_never_issues(store: Store) -> None:
    province = User("p", "so-noi-vu", "province")
    assert may_see(store, province, "binh-lu") and may_see(store, province, "xa-khac")
    assert not may_see(store, province, "xa-xa")  # another province
    assert not may_see(store, province, "khong-co")
    assert not may_issue(store, province, "binh-lu") and not may_issue(store, province, "so-noi-vu")
    assert not may_see(store, User("q", "so-trong", "province"), "binh-lu")  # no province set


def test_admin_sees_everything_but_does_not_issue(store: Store) -> None:
    admin = User("q", "so-trong", "admin")
    assert all(may_see(store, admin, o) for o in ("binh-lu", "xa-xa", "khong-co"))
    assert not may_issue(store, admin, "binh-lu")


def test_organisation_slugs_are_checked(store: Store) -> None:
    from generator.web.users import UserError

    with pytest.raises(UserError, match="không hợp lệ"):
        ensure_org(store, "../etc")
    with pytest.raises(UserError, match="không hợp lệ"):
        ensure_org(store, "Bình Lư")
