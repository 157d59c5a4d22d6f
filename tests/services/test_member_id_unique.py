"""No two live members share an ID number: the database enforces it (a partial unique index),
and the member service answers a refused write in Chinese, naming the masked number and the
member who has it. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.errors import ValidationError
from app.models import Member
from app.services import members as members_module
from app.services.members import MemberService
from app.text.idcard import check_character, mask_id_number
from tests.versions import versions


def id_number(birth: str, sequence: int) -> str:
    first17 = f"140428{birth}{sequence:03d}"
    return first17 + check_character(first17)


ZHANG = id_number("19750315", 2)
MASKED = mask_id_number(ZHANG)


def live_count(db: Any, number: str) -> int:
    with db.reader() as session:
        return session.scalar(select(func.count()).select_from(Member).where(
            Member.id_number == number, Member.deleted_at.is_(None))) or 0


def test_the_database_refuses_a_second_live_member_with_the_same_id_number(db) -> None:
    with db.session() as session:
        session.add_all([Member(name="张琳", id_number=ZHANG),
                         Member(name="无证甲"), Member(name="无证乙"),  # blank numbers repeat
                         Member(name="张琳旧", id_number=ZHANG,
                                deleted_at=dt.datetime(2024, 1, 1))])
    with pytest.raises(IntegrityError) as caught, db.session() as session:
        session.add(Member(name="张琳二", id_number=ZHANG))
    assert members_module.is_live_id_clash(caught.value)
    assert live_count(db, ZHANG) == 1


@pytest.fixture
def no_precheck(monkeypatch: pytest.MonkeyPatch) -> None:
    """The service's own duplicate lookup passes, as it does for two clerks saving at once:
    only the database's index stands between them."""
    original = MemberService._check_identity

    def without_lookup(self: MemberService, session: Any, values: dict[str, Any],
                       current: Any, info: Any) -> list[Any]:
        return [p for p in original(self, session, values, current, info)
                if p.field != "id_number"]

    monkeypatch.setattr(MemberService, "_check_identity", without_lookup)


def test_create_refused_by_the_index_names_the_masked_number_and_the_holder(
        db, actor, no_precheck) -> None:
    service = MemberService(db)
    zhang = service.create(actor, {"name": "张琳", "id_number": ZHANG}).value
    with pytest.raises(ValidationError) as caught:
        service.create(actor, {"name": "张琳琳", "id_number": ZHANG.lower()})
    problem = caught.value.for_field("id_number")[0]
    assert problem.value == MASKED and ZHANG not in str(caught.value)
    assert f"已属于委员“张琳”（编号{zhang.id}）" in str(caught.value)
    assert live_count(db, ZHANG) == 1
    with db.reader() as session:
        assert session.scalar(select(func.count()).select_from(Member)) == 1


def test_update_refused_by_the_index_the_same_way(db, actor, no_precheck) -> None:
    service = MemberService(db)
    zhang = service.create(actor, {"name": "张琳", "id_number": ZHANG}).value
    li = service.create(actor, {"name": "李强"}).value
    with pytest.raises(ValidationError) as caught:
        service.update(actor, li.id, {"id_number": ZHANG}, version=li.version)
    assert f"{MASKED}" in str(caught.value) and f"“张琳”（编号{zhang.id}）" in str(caught.value)
    assert service.get(li.id).id_number == "" and service.get(li.id).version == li.version


def test_restoring_a_member_whose_number_is_now_taken_is_refused(db, actor) -> None:
    service = MemberService(db)
    old = service.create(actor, {"name": "张琳", "id_number": ZHANG}).value
    service.delete(actor, versions(service, [old.id]))
    new = service.create(actor, {"name": "张 琳", "id_number": ZHANG}).value  # re-entered
    with pytest.raises(ValidationError) as caught:
        service.restore(actor, versions(service, [old.id]))
    message = str(caught.value)
    assert MASKED in message and ZHANG not in message
    assert f"委员“张琳”（编号{old.id}）" in message and f"（编号{new.id}）" in message
    assert "不能恢复" in message
    assert service.get(old.id, include_deleted=True).is_deleted
    service.delete(actor, versions(service, [new.id]))  # the other one gone: restoring works
    service.restore(actor, versions(service, [old.id]))
    assert not service.get(old.id).is_deleted


def test_a_restore_racing_a_new_member_is_refused_by_the_index(db, actor, monkeypatch) -> None:
    service = MemberService(db)
    old = service.create(actor, {"name": "张琳", "id_number": ZHANG}).value
    service.delete(actor, versions(service, [old.id]))
    new = service.create(actor, {"name": "张琳", "id_number": ZHANG}).value
    real = members_module._restore_clashes
    calls: list[int] = []

    def first_check_misses(session: Any, ids: list[int]) -> list[Any]:
        calls.append(1)
        return [] if len(calls) == 1 else real(session, ids)

    monkeypatch.setattr(members_module, "_restore_clashes", first_check_misses)
    with pytest.raises(ValidationError) as caught:
        service.restore(actor, versions(service, [old.id]))
    assert f"（编号{new.id}）" in str(caught.value) and MASKED in str(caught.value)
    assert service.get(old.id, include_deleted=True).is_deleted
