"""``RecordService.create_many_in`` (issue 11, import speed): new members written with one
INSERT per table give the same rows, seats and audit entries as ``create`` writes one by one,
the defaults of columns a record leaves out included, and the operation log's chain holds
across the batch and the entries before and after it. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from app.domain.enums import AuditAction, CppccPost
from app.models import AuditEntry, Member, MemberTerm
from app.services import audit, audit_chain
from app.services.batch_rows import NewRecord
from app.services.members import MemberService
from app.text.idcard import check_character

_SKIP = {"id", "created_at", "updated_at", "name", "id_number", "search_key", "stroke_key"}


def _number(birth: str, sequence: int) -> str:
    first17 = f"140428{birth}{sequence:03d}"
    return first17 + check_character(first17)


def _row(obj: Any) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in obj.__table__.columns if c.key not in _SKIP}


def _detail(session: Any, member_id: int) -> dict[str, Any]:
    entry = session.scalars(select(AuditEntry).where(
        AuditEntry.entity == "members", AuditEntry.entity_id == member_id)).one()
    detail = json.loads(entry.detail)
    detail.pop("姓名", None)
    detail.pop("身份证号", None)
    return detail


def test_a_batch_writes_what_create_writes(db: Any, world: Any, actor: Any) -> None:
    service = MemberService(db)
    given: list[tuple[dict[str, Any], dict[str, Any] | None]] = [
        ({"name": "陈晨", "ethnicity": "回族", "party": "民盟", "mobile": "13912345678",
          "id_number": _number("19800102", 13)}, {"term_id": world.term_id, "post": "委员"}),
        ({"name": "刘洋", "birth_date": None}, None),  # no 民族: the column default (汉族)
    ]
    with db.session() as session:
        audit.record(session, actor, AuditAction.UPDATE, service.rtype, None, "批次之前")
        records = []
        for data, seat in given:  # as the import checks them
            extra = {"seat": dict(seat)} if seat else {}
            values, problems = service.check_in(session, dict(data), extra, None)
            assert problems == []
            records.append(NewRecord(values, [extra] if extra else []))
        service.create_many_in(session, actor, records, action=AuditAction.IMPORT)
        audit.record(session, actor, AuditAction.UPDATE, service.rtype, None, "批次之后")
    ids = [r.id for r in records if r.id is not None]
    assert len(ids) == 2 and ids[1] == ids[0] + 1
    created = [service.create(actor, dict(data) | ({"seat": dict(seat)} if seat else {})
                              | {"name": data["name"] + "乙"}
                              | ({"id_number": _number("19800102", 19)} if "id_number" in data
                                 else {})).value
               for data, seat in given]
    with db.reader() as session:
        for batch_id, single in zip(ids, created, strict=True):
            batch = session.get(Member, batch_id)
            one = session.get(Member, single.id)
            assert batch is not None and one is not None
            assert _row(batch) == _row(one)
            assert batch.search_key and batch.stroke_key  # derived as ``derive`` does
            assert [_row(t) | {"member_id": 0} for t in batch.terms] == \
                [_row(t) | {"member_id": 0} for t in one.terms]
            assert _detail(session, batch_id) == _detail(session, single.id)
        assert session.get(Member, ids[1]).ethnicity == "汉族"
        seat = session.scalars(select(MemberTerm).where(MemberTerm.member_id == ids[0])).one()
        assert seat.term_id == world.term_id and seat.post == CppccPost.MEMBER
        summaries = [e.summary for e in session.scalars(
            select(AuditEntry).order_by(AuditEntry.id))]
        assert summaries[-6:-2] == ["批次之前", "导入新增委员“陈晨”", "导入新增委员“刘洋”",
                                    "批次之后"]  # then the two ``create`` wrote
        assert audit_chain.verify(session) is None
