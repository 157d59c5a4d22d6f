"""User accounts: roles, Argon2id passwords, and the guard that keeps one active admin."""

from __future__ import annotations

from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.enums import AuditAction, UserRole
from app.domain.schema import USER
from app.errors import FieldProblem, NotFoundError, PermissionDeniedError
from app.models import User
from app.services import audit
from app.services.context import Actor, Changes, Result, publish
from app.services.crud import FilterFn, RecordService, SortFn
from app.services.versions import Versions

MIN_PASSWORD_LENGTH = 8
_hasher = PasswordHasher()  # Argon2id with the library's current recommended parameters


def hash_password(password: str) -> str:
    """An Argon2id hash of ``password`` (salted; verify with ``UserService.verify``)."""
    return _hasher.hash(password)


class UserService(RecordService[User]):
    model = User
    rtype = USER
    search_columns = (User.username, User.display_name)
    default_sort = "username"

    def filters(self) -> dict[str, FilterFn]:
        return {"role": lambda v: User.role == v, "active": lambda v: User.active.is_(bool(v))}

    def sorts(self) -> dict[str, SortFn]:
        return {"id": lambda: [User.id], "username": lambda: [User.username],
                "role": lambda: [User.role, User.username]}

    def describe(self, obj: User) -> str:
        return obj.username

    # ----- writes: administrators only ------------------------------------------------
    def create(self, actor: Actor, data: dict[str, Any]) -> Result[User]:
        actor.require_admin("新增用户")
        return super().create(actor, data)

    def update(self, actor: Actor, record_id: int, data: dict[str, Any], *,
               version: int) -> Result[User]:
        actor.require_admin("修改用户")
        return super().update(actor, record_id, data, version=version)

    def delete(self, actor: Actor, versions: Versions) -> Changes:
        actor.require_admin("删除用户")
        return super().delete(actor, versions)

    def restore(self, actor: Actor, versions: Versions) -> Changes:
        actor.require_admin("恢复用户")
        return super().restore(actor, versions)

    def check(self, session: Session, values: dict[str, Any], current: User | None
              ) -> list[FieldProblem]:
        problems: list[FieldProblem] = []
        username = values.get("username")
        if username:
            if any(c.isspace() for c in username):
                problems.append(FieldProblem("username", USER.label_of("username"), username,
                                             "不能包含空格"))
            clash = session.scalars(select(User).where(
                func.lower(User.username) == username.lower(),
                User.id != (current.id if current else -1))).first()
            if clash is not None:
                where = "（在回收站中）" if clash.deleted_at is not None else ""
                problems.append(FieldProblem("username", USER.label_of("username"), username,
                                             f"已有同名用户“{clash.username}”{where}"))
        if current is not None and self._is_last_admin(session, current):
            if values.get("role") not in (None, UserRole.ADMIN):
                problems.append(FieldProblem(
                    "role", USER.label_of("role"), values["role"].label,
                    f"用户“{current.username}”是唯一启用的管理员，不能取消其管理员角色"))
            if "active" in values and not values["active"]:
                problems.append(FieldProblem(
                    "active", USER.label_of("active"), "否",
                    f"用户“{current.username}”是唯一启用的管理员，不能停用"))
        return problems

    def check_delete(self, session: Session, obj: User) -> str | None:
        if self._is_last_admin(session, obj):
            return f"用户“{obj.username}”是唯一启用的管理员，不能删除"
        return None

    @staticmethod
    def _is_last_admin(session: Session, user: User) -> bool:
        if user.role != UserRole.ADMIN or not user.active or user.deleted_at is not None:
            return False
        others = session.scalar(select(func.count()).select_from(User).where(
            User.role == UserRole.ADMIN, User.active.is_(True), User.deleted_at.is_(None),
            User.id != user.id)) or 0
        return others == 0

    # ----- passwords -----------------------------------------------------------------
    def set_password(self, actor: Actor, user_id: int, password: str) -> Changes:
        """Set a new password: an administrator for anyone, every user for themself."""
        with self.db.session() as session:
            user = self._get(session, user_id)
            if actor.role != UserRole.ADMIN and actor.username != user.username:
                raise PermissionDeniedError("只有管理员可以设置其他用户的密码。")
            password = password or ""
            if len(password) < MIN_PASSWORD_LENGTH:
                self._raise([FieldProblem(
                    "password", "密码", f"{len(password)}个字符",
                    f"用户“{user.username}”的密码不能少于{MIN_PASSWORD_LENGTH}个字符")])
            user.password_hash = hash_password(password)
            audit.record(session, actor, AuditAction.UPDATE, USER, user.id,
                         f"设置用户“{user.username}”的密码")
        changes = Changes.of("users", [user_id])
        publish(changes)
        return changes

    def verify(self, username: str, password: str) -> Actor | None:
        """The signed-in ``Actor`` when the name and password match an active account."""
        with self.db.session() as session:
            user = session.scalars(select(User).where(
                func.lower(User.username) == (username or "").strip().lower(),
                User.deleted_at.is_(None))).first()
            if user is None or not user.active or not user.password_hash:
                return None
            try:
                _hasher.verify(user.password_hash, password or "")
            except (VerificationError, InvalidHashError):
                return None
            if _hasher.check_needs_rehash(user.password_hash):
                user.password_hash = _hasher.hash(password)
            return Actor(user.username, user.role, user.display_name)

    def by_username(self, username: str) -> User:
        with self.db.reader() as session:
            user = session.scalars(select(User).where(User.username == username)).first()
            if user is None:
                raise NotFoundError(f"用户“{username}”不存在。")
            return user
