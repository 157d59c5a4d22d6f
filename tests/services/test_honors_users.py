"""Honors (表彰) and user accounts (roles, Argon2id passwords, the last active admin)."""

from __future__ import annotations

import pytest

from app.domain.enums import AuditAction, HonorLevel, UserRole
from app.errors import ConflictError, PermissionDeniedError, ValidationError
from app.services.context import Actor
from app.services.crud import ListQuery
from app.services.honors import HonorService
from app.services.users import UserService
from tests.versions import now, versions


def test_honor_round_trip_filters_and_sorts(db, actor, world, audit_log) -> None:
    svc = HonorService(db)
    member = world.members[0]
    person = svc.create(actor, {"member_id": member, "title": "优秀政协委员", "level": "县级",
                                "awarded_on": "2024-01-20", "awarding_body": "中共示范县委"}).value
    unit = svc.create(actor, {"recipient": "示范县政协办公室",
                              "title": "全市社情民意信息工作先进单位",
                              "level": HonorLevel.CITY, "awarded_on": "2023-12-28"}).value
    got = svc.get(person.id)
    changed = svc.update(actor, person.id, {"title": "优秀政协委员（2023年度）"},
                         version=got.version).value
    assert changed.version == got.version + 1

    def ids(**filters):
        return set(svc.ids(ListQuery(filters=filters)))

    assert ids(year=2024) == {person.id} and ids(year=2023) == {unit.id}
    assert ids(level=HonorLevel.CITY) == {unit.id}
    assert ids(member_id=member) == {person.id}
    assert svc.ids(ListQuery(search="办公室")) == [unit.id]
    assert svc.ids(ListQuery(search=world.names[member])) == [person.id]
    assert svc.ids(ListQuery(sort="awarded_on")) == [unit.id, person.id]
    assert svc.ids(ListQuery(sort="awarded_on", descending=True)) == [person.id, unit.id]
    assert set(svc.ids(ListQuery(sort="title"))) == {person.id, unit.id}
    svc.delete(actor, versions(svc, [unit.id]))
    assert svc.ids() == [person.id] and svc.ids(ListQuery(deleted=True)) == [unit.id]
    svc.restore(actor, versions(svc, [unit.id]))
    assert svc.count() == 2
    assert [e.action for e in audit_log("honors", person.id)] == [
        AuditAction.CREATE, AuditAction.UPDATE]
    assert [e.action for e in audit_log("honors", unit.id)] == [
        AuditAction.CREATE, AuditAction.DELETE, AuditAction.RESTORE]


def test_honor_needs_a_recipient_and_valid_values(db, actor, world, snapshot) -> None:
    svc = HonorService(db)
    honor = svc.create(actor, {"member_id": world.members[1], "title": "模范委员",
                               "level": "省级", "awarded_on": "2024-02-01"}).value
    svc.update(actor, honor.id, {"awarding_body": "省政协"}, version=now(svc, honor.id))
    before = snapshot()
    with pytest.raises(ValidationError) as info:
        svc.create(actor, {"title": "先进个人", "level": "区级", "awarded_on": "2024-02-01"})
    fields = {p.field: str(p) for p in info.value.problems}
    assert set(fields) == {"member_id", "level"}
    assert "须选择受表彰的委员，或填写受表彰单位" in fields["member_id"]
    assert "先进个人" in fields["member_id"] and "区级" in fields["level"]
    with pytest.raises(ValidationError) as info:
        svc.update(actor, honor.id, {"member_id": ""},
                   version=now(svc, honor.id))  # removing the member leaves no one
    assert [p.field for p in info.value.problems] == ["member_id"]
    assert "模范委员" in str(info.value)
    with pytest.raises(ConflictError):
        svc.update(actor, honor.id, {"title": "x"}, version=honor.version)
    assert snapshot() == before


def test_users_roles_and_the_last_admin(db, actor, snapshot, audit_log) -> None:
    svc = UserService(db)
    admin = svc.by_username("admin")  # seeded
    clerk = svc.create(actor, {"username": "liwei", "display_name": "李伟", "role": "录入员"}).value
    assert clerk.active and clerk.role == UserRole.CLERK
    assert svc.ids(ListQuery(filters={"role": UserRole.CLERK})) == [clerk.id]
    assert set(svc.ids(ListQuery(search="李"))) == {clerk.id}
    before = snapshot()
    with pytest.raises(ValidationError) as info:
        svc.create(actor, {"username": "LiWei", "role": "只读"})
    assert info.value.problems[0].field == "username"
    assert "LiWei" in str(info.value) and "已有同名用户“liwei”" in str(info.value)
    with pytest.raises(ValidationError, match="不能包含空格"):
        svc.create(actor, {"username": "li wei", "role": "只读"})
    with pytest.raises(ValidationError) as info:
        svc.update(actor, admin.id, {"role": "录入员"}, version=now(svc, admin.id))
    assert info.value.problems[0].field == "role"
    assert "用户“admin”是唯一启用的管理员，不能取消其管理员角色" in str(info.value)
    with pytest.raises(ValidationError, match="唯一启用的管理员，不能停用"):
        svc.update(actor, admin.id, {"active": False}, version=now(svc, admin.id))
    with pytest.raises(ValidationError, match="唯一启用的管理员，不能删除"):
        svc.delete(actor, versions(svc, [admin.id]))
    as_clerk = Actor("liwei", UserRole.CLERK)
    with pytest.raises(PermissionDeniedError):
        svc.create(as_clerk, {"username": "x", "role": "管理员"})
    with pytest.raises(PermissionDeniedError):
        svc.update(as_clerk, clerk.id, {"role": "管理员"}, version=now(svc, clerk.id))
    assert snapshot() == before
    # with a second admin the first may step down
    svc.update(actor, clerk.id, {"role": "管理员"}, version=now(svc, clerk.id))
    assert svc.update(actor, admin.id, {"active": "否"},
                      version=now(svc, admin.id)).value.active is False
    with pytest.raises(ValidationError, match="用户“liwei”是唯一启用的管理员"):
        svc.update(actor, clerk.id, {"role": "只读"}, version=now(svc, clerk.id))
    svc.delete(actor, versions(svc, [admin.id]))
    svc.restore(actor, versions(svc, [admin.id]))
    assert [e.action for e in audit_log("users", admin.id)] == [
        AuditAction.UPDATE, AuditAction.DELETE, AuditAction.RESTORE]


def test_passwords_are_hashed_and_verified(db, actor, snapshot, audit_log) -> None:
    svc = UserService(db)
    user = svc.create(actor, {"username": "wangfang", "display_name": "王芳",
                              "role": "录入员"}).value
    assert svc.verify("wangfang", "") is None  # no password yet
    before = snapshot()
    with pytest.raises(ValidationError) as info:
        svc.set_password(actor, user.id, "short7!")
    problem = info.value.problems[0]
    assert problem.field == "password" and "不能少于8个字符" in str(info.value)
    assert "short7!" not in str(info.value)  # a password is never echoed
    with pytest.raises(PermissionDeniedError):
        svc.set_password(Actor("liwei", UserRole.CLERK), user.id, "长长的新密码123")
    assert snapshot() == before
    changes = svc.set_password(actor, user.id, "正确的密码abc")
    assert changes.entities == {"users": {user.id}}
    stored = svc.get(user.id).password_hash
    assert stored.startswith("$argon2id$") and "正确的密码" not in stored
    signed_in = svc.verify(" WangFang ", "正确的密码abc")
    assert signed_in == Actor("wangfang", UserRole.CLERK, "王芳")
    assert svc.verify("wangfang", "错误的密码abc") is None
    assert svc.verify("nobody", "正确的密码abc") is None
    # users change their own password; a deactivated account cannot sign in
    svc.set_password(Actor("wangfang", UserRole.CLERK), user.id, "另一个密码xyz")
    assert svc.verify("wangfang", "另一个密码xyz") is not None
    svc.update(actor, user.id, {"active": False}, version=now(svc, user.id))
    assert svc.verify("wangfang", "另一个密码xyz") is None
    entries = audit_log("users", user.id)
    assert [e.summary for e in entries if "密码" in e.summary] == [
        "设置用户“wangfang”的密码"] * 2
    assert all("argon2" not in e.detail for e in entries)
