"""Accounts: the first password, when a login is needed, sign-in, the policy, and the CLI's
``--user`` (a named user, unmasked export only for administrators, with the user logged)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from app.domain.enums import AuditAction, UserRole
from app.errors import ConflictError, PermissionDeniedError, ValidationError
from app.models import AuditEntry
from app.services.accounts import AccountService
from app.services.opening import open_database
from app.services.users import UserService

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "zxlz-2025!"


def test_new_database_single_admin_needs_no_login_until_a_second_account(db, actor) -> None:
    accounts = AccountService(db)
    assert accounts.needs_first_password()
    assert not accounts.login_needed()
    assert accounts.default_actor().username == "admin"
    admin = accounts.set_first_password(PASSWORD, PASSWORD)
    assert admin.role == UserRole.ADMIN and not accounts.needs_first_password()
    with pytest.raises(PermissionDeniedError, match="已经设置过密码"):
        accounts.set_first_password("another-pass", "another-pass")
    UserService(db).create(admin, {"username": "lihua", "display_name": "李华",
                                   "role": UserRole.CLERK})
    assert accounts.login_needed()
    with pytest.raises(PermissionDeniedError, match="请先登录"):
        accounts.default_actor()


def test_first_password_rules(db) -> None:
    accounts = AccountService(db)
    with pytest.raises(ValidationError, match="不一致"):
        accounts.set_first_password(PASSWORD, PASSWORD + "x")
    with pytest.raises(ValidationError, match="不能少于8个字符"):
        accounts.set_first_password("short", "short")
    assert accounts.needs_first_password()


def test_sign_in_logs_success_and_failure(db) -> None:
    accounts = AccountService(db)
    accounts.set_first_password(PASSWORD, PASSWORD)
    assert accounts.sign_in("ADMIN", PASSWORD).username == "admin"
    with pytest.raises(PermissionDeniedError, match="用户名或密码不正确"):
        accounts.sign_in("admin", "wrong-password")
    with db.reader() as s:
        actions = [e.action for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions[-2:] == [AuditAction.LOGIN, AuditAction.LOGIN_FAILED]


def test_disabled_account_cannot_sign_in(db) -> None:
    accounts = AccountService(db)
    admin = accounts.set_first_password(PASSWORD, PASSWORD)
    users = UserService(db)
    clerk = users.create(admin, {"username": "lihua", "role": UserRole.CLERK}).value
    users.set_password(admin, clerk.id, "clerk-pass-1")
    assert accounts.sign_in("lihua", "clerk-pass-1").role == UserRole.CLERK
    users.update(admin, clerk.id, {"active": False}, version=users.get(clerk.id).version)
    with pytest.raises(PermissionDeniedError):
        accounts.sign_in("lihua", "clerk-pass-1")


def test_policy_is_admin_only_versioned_and_checked(db, reader) -> None:
    accounts = AccountService(db)
    admin = accounts.set_first_password(PASSWORD, PASSWORD)
    policy = accounts.policy()
    assert (policy.login_required, policy.idle_lock_minutes) == (False, 0)
    with pytest.raises(PermissionDeniedError):
        accounts.update_policy(reader, login_required=True, idle_lock_minutes=5,
                               version=policy.version)
    with pytest.raises(ValidationError, match="0到1440"):
        accounts.update_policy(admin, login_required=True, idle_lock_minutes=-1,
                               version=policy.version)
    new = accounts.update_policy(admin, login_required=True, idle_lock_minutes=10,
                                 version=policy.version)
    assert new.login_required and new.idle_lock_minutes == 10
    assert accounts.login_needed()
    with pytest.raises(ConflictError, match="其他管理员"):
        accounts.update_policy(admin, login_required=False, idle_lock_minutes=0,
                               version=policy.version)


def _cli(db_path: Path, *args: str, password: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "ZXLZ_PASSWORD"}
    if password is not None:
        env["ZXLZ_PASSWORD"] = password
    return subprocess.run([sys.executable, "main.py", *args, "--db", str(db_path)], cwd=ROOT,
                          env=env, capture_output=True, text=True, encoding="utf-8",
                          stdin=subprocess.DEVNULL, timeout=300)


def test_cli_acts_as_a_named_user_when_login_is_needed(tmp_path: Path) -> None:
    path = tmp_path / "cli.sqlite"
    db = open_database(path)
    accounts = AccountService(db)
    admin = accounts.set_first_password(PASSWORD, PASSWORD)
    users = UserService(db)
    clerk = users.create(admin, {"username": "lihua", "role": UserRole.CLERK}).value
    users.set_password(admin, clerk.id, "clerk-pass-1")
    db.dispose()
    out = tmp_path / "m.xlsx"

    refused = _cli(path, "export", "members", "--out", str(out))
    assert refused.returncode != 0 and "要求登录" in refused.stderr and not out.exists()

    wrong = _cli(path, "export", "members", "--out", str(out), "--user", "lihua",
                 password="nope-nope")
    assert wrong.returncode != 0 and "用户名或密码不正确" in wrong.stderr

    no_password = _cli(path, "export", "members", "--out", str(out), "--user", "lihua")
    assert no_password.returncode != 0 and "ZXLZ_PASSWORD" in no_password.stderr

    unmasked = _cli(path, "export", "members", "--out", str(out), "--user", "lihua",
                    "--unmasked", "--reason", "换届", password="clerk-pass-1")
    assert unmasked.returncode != 0 and "管理员" in unmasked.stderr and not out.exists()

    ok = _cli(path, "export", "members", "--out", str(out), "--user", "admin", "--unmasked",
              "--reason", "换届考察", password=PASSWORD)
    assert ok.returncode == 0, ok.stderr
    assert out.exists()
    db = open_database(path)
    with db.reader() as s:
        last = s.scalars(select(AuditEntry).where(AuditEntry.action == AuditAction.EXPORT)
                         ).all()
    db.dispose()
    assert [(e.username, "换届考察" in e.summary) for e in last] == [("admin", True)]
