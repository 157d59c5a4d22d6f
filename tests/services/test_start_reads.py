"""The start's Core reads (app/services/start_reads.py) answer what the services that own the
data answer, on both backends: the client signs a single-user database's clerk in, seeds only
a new database and follows other clerks' changes from the right entry without the models."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from app.domain.enums import UserRole
from app.errors import PermissionDeniedError
from app.models import AuditEntry
from app.services.accounts import AccountService
from app.services.opening import open_database
from app.services.remote_changes import RemoteChanges
from app.services.seed import ensure_reference_data
from app.services.start_reads import (
    idle_lock_minutes,
    is_seeded,
    last_audit_id,
    sign_in_state,
)
from app.services.users import UserService
from tests.versions import now, versions

PASSWORD = "zxlz-2025!"


def _from_service(db: Any) -> tuple[bool, bool, Any, int]:
    accounts = AccountService(db)
    try:
        actor = accounts.default_actor()
    except PermissionDeniedError:
        actor = None
    return (accounts.needs_first_password(), accounts.login_needed(), actor,
            accounts.policy().idle_lock_minutes)


def _from_core(db: Any) -> tuple[bool, bool, Any, int]:
    state = sign_in_state(db)
    assert state is not None
    return state.first_password, state.login_needed, state.actor, state.idle_lock_minutes


def _same(db: Any) -> tuple[bool, bool, Any, int]:
    core = _from_core(db)  # (first: the service may add a missing policy row)
    assert core == _from_service(db)
    assert idle_lock_minutes(db) == core[3]
    return core


def test_the_sign_in_state_is_what_the_accounts_service_says(db) -> None:
    accounts = AccountService(db)
    admin_actor = accounts.default_actor()
    assert _same(db) == (True, False, admin_actor, 0)  # a new database: the first password

    admin = accounts.set_first_password(PASSWORD, PASSWORD)
    assert _same(db) == (False, False, admin, 0)  # the usual start: no dialog at all

    users = UserService(db)
    me = users.by_username("admin")
    users.update(admin, me.id, {"display_name": "王主任"}, version=now(users, me.id))
    named = _same(db)[2]
    assert named is not None and (named.username, named.display_name) == ("admin", "王主任")

    clerk = users.create(admin, {"username": "lihua", "display_name": "李华",
                                 "role": UserRole.CLERK}).value
    assert _same(db) == (False, True, None, 0)  # two accounts: the login dialog

    users.update(admin, clerk.id, {"active": False}, version=now(users, clerk.id))
    assert _same(db)[:3] == (False, False, named)  # the clerk's account switched off
    users.update(admin, clerk.id, {"active": True}, version=now(users, clerk.id))
    users.delete(admin, versions(users, [clerk.id]))
    assert _same(db)[:3] == (False, False, named)  # in the recycle bin

    policy = accounts.policy()
    accounts.update_policy(admin, login_required=True, idle_lock_minutes=15,
                           version=policy.version)
    assert _same(db) == (False, True, named, 15)  # the switch is on: one account, a login


def test_a_missing_policy_row_is_left_to_the_accounts_service(db) -> None:
    with db.session() as session:
        session.execute(text("DELETE FROM security_policy"))
    assert sign_in_state(db) is None and idle_lock_minutes(db) is None
    assert not AccountService(db).login_needed()  # the service adds the row …
    assert _same(db) == (True, False, AccountService(db).default_actor(), 0)  # … as before


def test_an_unknown_role_is_left_to_the_accounts_service(db) -> None:
    with db.session() as session:
        session.execute(text("UPDATE users SET role = 'visitor'"))
    assert sign_in_state(db) is None


@pytest.fixture
def empty_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[str]:
    """A new, empty database on ``backend``."""
    if backend == "sqlite":
        yield str(tmp_path / "new.sqlite")
        return
    server = request.getfixturevalue("pg_server")
    name = server.create("zxlz_new")
    try:
        yield server.url(name)
    finally:
        server.drop_later(name)


def test_only_a_new_database_is_seeded(db, empty_url: str) -> None:
    assert is_seeded(db)
    new = open_database(empty_url, seed=False)
    try:
        assert not is_seeded(new)
        assert ensure_reference_data(new)  # the service agrees: it was new
        assert is_seeded(new) and not ensure_reference_data(new)
    finally:
        new.dispose()
    opened = open_database(empty_url)  # opening seeds a new database once, then leaves it
    try:
        assert is_seeded(opened)
    finally:
        opened.dispose()


def test_following_other_clerks_starts_after_the_newest_entry(db, actor) -> None:
    AccountService(db).set_first_password(PASSWORD, PASSWORD)
    with db.reader() as session:
        newest = session.scalar(select(func.max(AuditEntry.id)))
    assert newest and last_audit_id(db) == newest
    assert RemoteChanges(db, after=last_audit_id(db)).last_id == RemoteChanges(db).last_id
