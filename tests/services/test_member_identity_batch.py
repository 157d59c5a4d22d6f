"""``MemberService.preload_identities``: one query for every live identity number, after
which ``check`` answers from it — the same problems as the query per member it replaces
(issue 11, import speed). Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.db.base import now
from app.models import Member
from app.services.members import MemberService
from app.text.idcard import check_character


def id_number(birth: str, sequence: int) -> str:
    first17 = f"140428{birth}{sequence:03d}"
    return first17 + check_character(first17)


ZHANG, LI, NEW = id_number("19750315", 2), id_number("19680501", 11), id_number("19900101", 13)


def _problems(db: Any, preload: bool, values: dict[str, Any], current_name: str | None
              ) -> list[str]:
    service = MemberService(db)
    with db.reader() as session:
        if preload:
            service.preload_identities(session)
        current = None
        if current_name is not None:
            current = session.scalars(select(Member).where(Member.name == current_name)).one()
        return [f"{p.label}:{p.message}" for p in service.check(session, dict(values), current)]


def test_preloaded_identity_numbers_give_the_same_answers_as_the_query(db: Any) -> None:
    with db.session() as session:
        session.add_all([Member(name="张琳", id_number=ZHANG), Member(name="李强", id_number=LI),
                         Member(name="已删", id_number=NEW, deleted_at=now())])  # number free
    cases: list[tuple[dict[str, Any], str | None]] = [
        ({"name": "王伟", "id_number": ZHANG}, None),  # another member has it
        ({"name": "张琳", "id_number": ZHANG}, "张琳"),  # the member's own number
        ({"name": "李强", "id_number": ZHANG}, "李强"),  # changed to another member's number
        ({"name": "赵敏", "id_number": NEW}, None),  # only a deleted member had it
    ]
    for values, current in cases:
        assert _problems(db, True, values, current) == _problems(db, False, values, current)
    clash = _problems(db, True, {"name": "王伟", "id_number": ZHANG}, None)
    assert len(clash) == 1 and "与已有委员“张琳”" in clash[0] and "身份证号重复" in clash[0]
    assert _problems(db, True, {"name": "张琳", "id_number": ZHANG}, "张琳") == []
    assert _problems(db, True, {"name": "赵敏", "id_number": NEW}, None) == []
