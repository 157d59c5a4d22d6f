"""Member service: round trip, validation, derived keys, soft delete, audit, locking."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from app.domain.enums import AuditAction, CppccPost, Gender, LeftReason, TermOrigin
from app.errors import ConflictError, PermissionDeniedError, ValidationError
from app.models import AuditEntry, Member, Sector
from app.services.context import Changes, subscribe
from app.services.crud import ListQuery
from app.services.members import MemberService
from app.services.terms import TermService
from tests.versions import now, versions

GOOD_ID = "11010519491231002X"  # 1949-12-31, 女 (TECH_NOTES §4)


def count(db, model) -> int:
    with db.reader() as s:
        return s.scalar(select(func.count()).select_from(model))


def make(db, actor, **data):
    return MemberService(db).create(actor, {"name": "张琳", **data}).value


def test_create_get_update_round_trip(db, actor) -> None:
    svc = MemberService(db)
    created = svc.create(actor, {
        "name": " 张  琳 ", "id_number": "11010519491231002x", "mobile": "138 0013 8000",
        "party": "民盟", "education": "大学", "work_unit_post": "示范县人民医院院长",
    }).value
    assert created.name == "张琳"  # padding removed
    assert created.id_number == GOOD_ID  # normalised
    assert created.birth_date == dt.date(1949, 12, 31)  # filled from the ID number
    assert created.gender == Gender.FEMALE
    assert created.mobile == "13800138000"
    assert "zl" in created.search_key
    assert created.stroke_key
    assert created.version == 1

    updated = svc.update(actor, created.id, {"work_unit_post": "示范县卫健局局长"},
                         version=1).value
    assert updated.work_unit_post == "示范县卫健局局长"
    assert updated.version == 2
    assert svc.get(created.id).work_unit_post == "示范县卫健局局长"


def test_invalid_input_names_field_and_value_and_writes_nothing(db, actor) -> None:
    before = (count(db, Member), count(db, AuditEntry))
    with pytest.raises(ValidationError) as info:
        MemberService(db).create(actor, {
            "name": "", "id_number": "11010519491231002Y", "mobile": "12345",
            "party": "不存在的党派", "birth_date": "1975-02-30",
        })
    fields = {p.field for p in info.value.problems}
    assert fields == {"name", "id_number", "mobile", "party", "birth_date"}
    message = str(info.value)
    assert "姓名" in message and "必须填写" in message
    assert "11010519491231002Y" in message and "身份证号" in message
    assert "12345" in message and "不存在的党派" in message
    assert (count(db, Member), count(db, AuditEntry)) == before


def test_birth_date_and_gender_must_agree_with_id_number(db, actor) -> None:
    with pytest.raises(ValidationError) as info:
        MemberService(db).create(actor, {"name": "王伟", "id_number": GOOD_ID,
                                         "birth_date": dt.date(1950, 1, 1), "gender": "男"})
    assert {p.field for p in info.value.problems} == {"birth_date", "gender"}
    assert "1949-12-31" in str(info.value)


def test_duplicate_id_number_rejected(db, actor) -> None:
    first = make(db, actor, id_number=GOOD_ID)
    with pytest.raises(ValidationError) as info:
        make(db, actor, name="李四", id_number=GOOD_ID)
    assert "张琳" in str(info.value) and str(first.id) in str(info.value)


def test_soft_delete_and_restore(db, actor) -> None:
    svc = MemberService(db)
    member = make(db, actor)
    svc.delete(actor, versions(svc, [member.id]))
    assert member.id not in svc.ids()
    assert svc.ids(ListQuery(deleted=True)) == [member.id]
    with pytest.raises(Exception, match="不存在或已删除"):
        svc.get(member.id)
    svc.restore(actor, versions(svc, [member.id]))
    assert svc.ids() == [member.id]
    with db.reader() as s:
        actions = list(s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "members")
                                 .order_by(AuditEntry.id)))
    assert actions == [AuditAction.CREATE, AuditAction.DELETE, AuditAction.RESTORE]


def test_purge_only_from_recycle_bin_and_only_by_admin(db, actor, reader) -> None:
    svc = MemberService(db)
    member = make(db, actor)
    with pytest.raises(ValidationError, match="回收站"):
        svc.purge(actor, versions(svc, [member.id]))
    svc.delete(actor, versions(svc, [member.id]))
    with pytest.raises(PermissionDeniedError):
        svc.purge(reader, versions(svc, [member.id]))
    svc.purge(actor, versions(svc, [member.id]))
    assert count(db, Member) == 0


def test_readonly_user_cannot_write(db, reader) -> None:
    with pytest.raises(PermissionDeniedError, match="只读"):
        MemberService(db).create(reader, {"name": "张琳"})
    assert count(db, Member) == 0


def test_audit_entry_records_changes_with_sensitive_values_masked(db, actor) -> None:
    svc = MemberService(db)
    member = make(db, actor)
    svc.update(actor, member.id, {"id_number": GOOD_ID, "notes": "备注"},
               version=now(svc, member.id))
    with db.reader() as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == AuditAction.UPDATE and entry.username == "tester"
    detail = json.loads(entry.detail)
    assert detail["备注"] == ["", "备注"]
    assert detail["身份证号"][1] == "110105********002X"


def test_stale_version_is_a_conflict_and_changes_nothing(db, actor) -> None:
    svc = MemberService(db)
    member = make(db, actor)
    svc.update(actor, member.id, {"notes": "第一位用户"}, version=1)
    with pytest.raises(ConflictError, match="已被其他用户修改"):
        svc.update(actor, member.id, {"notes": "第二位用户"}, version=1)
    assert svc.get(member.id).notes == "第一位用户"


def test_search_by_name_initials_pinyin_and_unit(db, actor) -> None:
    svc = MemberService(db)
    zhang = make(db, actor, work_unit_post="示范县第一中学校长")
    li = make(db, actor, name="李科杰", work_unit_post="示范县农业农村局")
    assert svc.ids(ListQuery(search="zl")) == [zhang.id]
    assert svc.ids(ListQuery(search="zhangl")) == [zhang.id]
    assert svc.ids(ListQuery(search="科杰")) == [li.id]
    assert svc.ids(ListQuery(search="农业")) == [li.id]
    assert set(svc.ids(ListQuery(search="示范县"))) == {zhang.id, li.id}


def test_default_sort_is_by_surname_strokes_with_manual_override(db, actor) -> None:
    svc = MemberService(db)
    names = ["田大利", "王芳", "丁一", "田富", "李明", "张伟"]
    ids = {n: make(db, actor, name=n).id for n in names}
    order = [svc.get(i).name for i in svc.ids()]
    assert order == ["丁一", "王芳", "田富", "田大利", "李明", "张伟"]
    svc.update(actor, ids["张伟"], {"sort_number": 1}, version=now(svc, ids["张伟"]))
    assert svc.get(svc.ids()[0]).name == "张伟"


def test_term_seat_filters_and_leaving(db, actor) -> None:
    svc = MemberService(db)
    term = TermService(db).create(actor, {"number": 10, "start_on": "2021-12-20"}).value
    with db.reader() as s:
        sector = s.scalars(select(Sector).order_by(Sector.sort_order)).first()
    member = make(db, actor)
    other = make(db, actor, name="李科杰")
    svc.save_term(actor, member.id, term.id, {"sector_id": sector.id, "post": CppccPost.STANDING,
                                              "is_standing": True, "joined_on": "2021-12-20"})
    svc.save_term(actor, other.id, term.id, {"sector_id": sector.id, "origin": TermOrigin.ADDITION,
                                             "joined_on": "2023-03-01"})
    assert svc.ids(ListQuery(filters={"standing": True})) == [member.id]
    assert set(svc.ids(ListQuery(filters={"sector_id": sector.id}))) == {member.id, other.id}
    assert set(svc.ids(ListQuery(filters={"group_id": sector.group_id}))) == {member.id, other.id}

    with pytest.raises(ValidationError) as info:
        svc.save_term(actor, other.id, term.id, {"left_on": "2023-01-01"})
    assert {p.field for p in info.value.problems} == {"left_on", "left_reason"}
    svc.save_term(actor, other.id, term.id, {"left_on": "2024-05-01",
                                             "left_reason": LeftReason.RESIGNED})
    assert svc.ids(ListQuery(filters={"status": "active"})) == [member.id]
    assert svc.ids(ListQuery(filters={"status": "left"})) == [other.id]


def test_writes_announce_what_changed(db, actor) -> None:
    seen: list[Changes] = []
    unsubscribe = subscribe(seen.append)
    try:
        member = make(db, actor)
        MemberService(db).update(actor, member.id, {"notes": "x"},
                                 version=now(MemberService(db), member.id))
    finally:
        unsubscribe()
    assert [c.entities for c in seen] == [{"members": {member.id}}] * 2


def test_member_and_seat_are_saved_together_or_not_at_all(db, actor) -> None:
    svc = MemberService(db)
    term = TermService(db).create(actor, {"number": 10, "start_on": "2021-12-20"}).value
    with db.reader() as s:
        sector = s.scalars(select(Sector)).first()
    before = count(db, Member)
    with pytest.raises(ValidationError) as info:
        svc.create(actor, {"name": "张琳", "seat": {"term_id": term.id, "sector_id": 999999}})
    assert [p.field for p in info.value.problems] == ["seat.sector_id"]
    assert count(db, Member) == before
    member = svc.create(actor, {"name": "张琳", "seat": {
        "term_id": term.id, "sector_id": sector.id, "post": "常委", "is_standing": True}}).value
    assert [(t.term_id, t.sector_id, t.post) for t in member.terms] == [
        (term.id, sector.id, CppccPost.STANDING)]
    updated = svc.update(actor, member.id, {"seat": {"term_id": term.id, "post": "委员",
                                                     "is_standing": False}},
                         version=now(svc, member.id)).value
    assert updated.terms[0].post == CppccPost.MEMBER and updated.version == 2
    with db.reader() as s:
        detail = s.scalars(select(AuditEntry.detail).order_by(AuditEntry.id.desc())).first()
    assert "委员届次·政协职务" in detail
