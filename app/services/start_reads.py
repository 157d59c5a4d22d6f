"""The few reads the client's start makes before the models are imported (issue 15).

Importing the ORM and the 35 declarative models, and configuring their mappers on the first
ORM query, costs about 0.25 s of CPU on a modest PC. The start needs none of it to open a
database that is already set up and to sign in the clerk of a single-user database, so these
reads are plain Core statements on the tables (``text``; the names are the models', and
tests/services/test_start_reads.py checks every answer against the services that own it, on
both backends). Anything unusual answers None, and the caller then asks the owning service
(``AccountService``, ``ensure_reference_data``), which may also repair what it finds.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text

from app.db.engine import Database
from app.domain.enums import UserRole
from app.services.context import Actor

_SEEDED = text("SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM ref_values LIMIT 1) AS r)"
               " + (SELECT COUNT(*) FROM (SELECT 1 FROM units LIMIT 1) AS u)")
_POLICY = text("SELECT login_required, idle_lock_minutes FROM security_policy "
               "ORDER BY id LIMIT 1")
_ACTIVE = text("SELECT username, role, display_name FROM users "
               "WHERE active = :yes AND deleted_at IS NULL ORDER BY id LIMIT 2")
_ADMIN_PASSWORDS = text("SELECT COUNT(*) FROM users WHERE role = :admin AND active = :yes "
                        "AND deleted_at IS NULL AND password_hash <> ''")
_LAST_AUDIT = text("SELECT MAX(id) FROM audit_log")


def is_seeded(db: Database) -> bool:
    """Whether the database has reference values or units, i.e. is not new
    (``seed.ensure_reference_data`` seeds exactly the databases for which this is False)."""
    with db.engine.connect() as conn:
        return bool(conn.execute(_SEEDED).scalar())


@dataclass(frozen=True)
class SignInState:
    """What ``ui.login.sign_in`` asks ``AccountService`` at every start, read in one go."""

    first_password: bool  # no active administrator has a password yet
    login_needed: bool  # the policy asks for one, or there is more than one active account
    actor: Actor | None  # the only active account, when it is an administrator
    idle_lock_minutes: int


def sign_in_state(db: Database) -> SignInState | None:
    """The sign-in decision's inputs; None when the policy row is missing (a database seeded
    before the policy existed: ``AccountService`` adds it) or a role is not one this program
    knows (the service then reports it)."""
    with db.engine.connect() as conn:
        policy = conn.execute(_POLICY).first()
        if policy is None:
            return None
        active = conn.execute(_ACTIVE, {"yes": True}).all()
        with_password = conn.execute(_ADMIN_PASSWORDS, {"admin": UserRole.ADMIN.value,
                                                        "yes": True}).scalar()
    try:
        roles = [UserRole(role) for _name, role, _display in active]
    except ValueError:
        return None
    actor = None
    if len(active) == 1 and roles[0] == UserRole.ADMIN:
        username, _role, display_name = active[0]
        actor = Actor(username, roles[0], display_name or "")
    return SignInState(first_password=not with_password,
                       login_needed=bool(policy[0]) or len(active) > 1,
                       actor=actor, idle_lock_minutes=int(policy[1]))


def idle_lock_minutes(db: Database) -> int | None:
    """The policy's idle-lock minutes (0: never); None when the policy row is missing."""
    with db.engine.connect() as conn:
        row = conn.execute(_POLICY).first()
    return None if row is None else int(row[1])


def last_audit_id(db: Database) -> int:
    """The newest operation-log entry's id (0 for an empty log): where following other
    clerks' changes starts (``RemoteChanges``)."""
    with db.engine.connect() as conn:
        return int(conn.execute(_LAST_AUDIT).scalar() or 0)
