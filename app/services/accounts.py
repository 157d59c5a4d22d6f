"""Signing in: the administrator's first password, whether a login is needed, the sign-in itself
(GUI and CLI alike) and the security policy (login switched on, idle lock).

Roles are enforced where the data is written (``Actor.require_write``/``require_admin`` in every
service); this module only decides *who* the actor is.

- A new database has one account, ``admin``, without a password. The client's first start asks
  for one (``set_first_password``); until then the program acts as that administrator.
- With one active account and the policy's ``login_required`` off, nobody is asked to sign in:
  a single clerk's PC behaves as before. With more accounts, or the switch on, every start of the
  client and every CLI command names a user and gives the password.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.db.engine import Database
from app.domain.enums import AuditAction, UserRole
from app.domain.schema import USER
from app.errors import ConflictError, FieldProblem, PermissionDeniedError, ValidationError
from app.models import SecurityPolicy, User
from app.services import audit
from app.services.context import Actor, Changes, publish
from app.services.users import MIN_PASSWORD_LENGTH, UserService, hash_password

BAD_LOGIN = "用户名或密码不正确，或该账户已停用。"
MAX_IDLE_MINUTES = 24 * 60


@dataclass(frozen=True)
class Policy:
    login_required: bool
    idle_lock_minutes: int  # 0: never lock
    version: int


def _policy_row(session: Session) -> SecurityPolicy:
    row = session.scalars(select(SecurityPolicy).order_by(SecurityPolicy.id)).first()
    if row is None:  # a database seeded before the policy existed
        row = SecurityPolicy()
        session.add(row)
        session.flush()
    return row


def _active_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).where(
        User.active.is_(True), User.deleted_at.is_(None)).order_by(User.id)))


class AccountService:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.users = UserService(db)

    # ----- policy --------------------------------------------------------------------
    def policy(self) -> Policy:
        with self.db.session() as session:
            row = _policy_row(session)
            return Policy(row.login_required, row.idle_lock_minutes, row.version)

    def update_policy(self, actor: Actor, *, login_required: bool, idle_lock_minutes: int,
                      version: int) -> Policy:
        actor.require_admin("修改登录和锁定设置")
        if not 0 <= idle_lock_minutes <= MAX_IDLE_MINUTES:
            raise ValidationError([FieldProblem(
                "idle_lock_minutes", "无操作自动锁定（分钟）", str(idle_lock_minutes),
                f"应在0到{MAX_IDLE_MINUTES}之间（0表示不自动锁定）")])
        try:
            with self.db.session() as session:
                row = _policy_row(session)
                if row.version != version:
                    raise ConflictError("登录和锁定设置已被其他管理员修改，请重新打开后再改。")
                before = (row.login_required, row.idle_lock_minutes)
                row.login_required = login_required
                row.idle_lock_minutes = idle_lock_minutes
                audit.record(session, actor, AuditAction.UPDATE, USER, None,
                             "修改登录和锁定设置",
                             {"login_required": (before[0], login_required),
                              "idle_lock_minutes": (before[1], idle_lock_minutes)})
                session.flush()
                result = Policy(row.login_required, row.idle_lock_minutes, row.version)
        except StaleDataError as exc:
            raise ConflictError("登录和锁定设置已被其他管理员修改，请重新打开后再改。") from exc
        publish(Changes.of("users", []))
        return result

    # ----- first start ---------------------------------------------------------------
    def needs_first_password(self) -> bool:
        """True while no active administrator has a password (a new database)."""
        with self.db.reader() as session:
            return not session.scalar(select(func.count()).select_from(User).where(
                User.role == UserRole.ADMIN, User.active.is_(True), User.deleted_at.is_(None),
                User.password_hash != ""))

    def set_first_password(self, password: str, confirm: str) -> Actor:
        """Give the administrator of a new database a password; returns that administrator."""
        if password != confirm:
            raise ValidationError([FieldProblem("confirm", "确认密码", "", "两次输入的密码不一致")])
        if len(password) < MIN_PASSWORD_LENGTH:
            raise ValidationError([FieldProblem(
                "password", "密码", f"{len(password)}个字符",
                f"密码不能少于{MIN_PASSWORD_LENGTH}个字符")])
        with self.db.session() as session:
            admins = [u for u in _active_users(session) if u.role == UserRole.ADMIN]
            if not admins or any(u.password_hash for u in admins):
                raise PermissionDeniedError(
                    "管理员已经设置过密码；修改密码请在“系统设置”→“用户”中进行。")
            admin = admins[0]
            admin.password_hash = hash_password(password)
            actor = Actor(admin.username, admin.role, admin.display_name)
            audit.record(session, actor, AuditAction.UPDATE, USER, admin.id,
                         f"首次设置管理员“{admin.username}”的密码")
        publish(Changes.of("users", [admin.id]))
        return actor

    # ----- signing in ----------------------------------------------------------------
    def login_needed(self) -> bool:
        """Whether a user must name themself: more than one account, or the switch is on."""
        with self.db.session() as session:
            return _policy_row(session).login_required or len(_active_users(session)) > 1

    def default_actor(self) -> Actor:
        """The one account of a single-user database (when ``login_needed()`` is False)."""
        with self.db.reader() as session:
            users = _active_users(session)
        admins = [u for u in users if u.role == UserRole.ADMIN]
        if len(users) != 1 or not admins:
            raise PermissionDeniedError("此数据库有多个用户，请先登录。")
        return Actor(admins[0].username, admins[0].role, admins[0].display_name)

    def sign_in(self, username: str, password: str) -> Actor:
        """The actor for a name and password; a wrong pair is refused and logged."""
        actor = self.users.verify(username, password)
        name = (username or "").strip()[:40]
        with self.db.session() as session:
            who = actor or Actor(name or "（空）", UserRole.READONLY)
            action = AuditAction.LOGIN if actor else AuditAction.LOGIN_FAILED
            audit.record(session, who, action, USER, None,
                         f"用户“{who.username}”{action.label}")
        if actor is None:
            raise PermissionDeniedError(BAD_LOGIN)
        return actor

    def usernames(self) -> list[str]:
        """Active accounts, for the login dialog's list."""
        with self.db.reader() as session:
            return [u.username for u in _active_users(session)]
