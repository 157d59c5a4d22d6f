"""Fixtures for the service tests: a small committee world, a change recorder, a DB snapshot."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import select

from app.domain.enums import EventFamily
from app.models import (
    AuditEntry,
    Base,
    Department,
    EventKind,
    Member,
    PlenarySession,
    Term,
    Unit,
)
from app.services.context import Changes, subscribe

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国志"


@dataclass
class World:
    """Ids of the records most service tests need (members are added straight to the table)."""

    term_id: int
    session3_id: int  # 十届三次会议
    session4_id: int  # 十届四次会议
    departments: dict[str, int]
    members: list[int]
    names: dict[int, str]
    meeting_kind_id: int
    study_kind_id: int
    unit_id: int
    extra: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def world(db: Any) -> World:
    with db.session() as session:
        term = Term(number=10, start_on=dt.date(2021, 12, 20))
        session.add(term)
        session.flush()
        s3 = PlenarySession(term_id=term.id, number=3, start_on=dt.date(2023, 3, 1))
        s4 = PlenarySession(term_id=term.id, number=4, start_on=dt.date(2024, 4, 22))
        departments = [Department(name=n, sort_order=i) for i, n in
                       enumerate(["示范县住建局", "示范县教育局", "示范县农业农村局"])]
        members = [Member(name=SURNAMES[i] + GIVEN[i]) for i in range(30)]
        session.add_all([s3, s4, *departments, *members])
        session.flush()
        kinds = {k.family: k for k in session.scalars(select(EventKind).order_by(EventKind.id))}
        unit = session.scalars(select(Unit).order_by(Unit.id)).first()
        return World(
            term.id, s3.id, s4.id, {d.name: d.id for d in departments},
            [m.id for m in members], {m.id: m.name for m in members},
            kinds[EventFamily.MEETING].id, kinds[EventFamily.STUDY].id, unit.id)


@pytest.fixture
def published() -> Iterator[list[Changes]]:
    """Every ``Changes`` published while the test runs."""
    seen: list[Changes] = []
    unsubscribe = subscribe(seen.append)
    yield seen
    unsubscribe()


@pytest.fixture
def snapshot(db: Any) -> Callable[[], dict[str, list[tuple[Any, ...]]]]:
    """Every row of every table: equal snapshots before and after mean nothing was written."""
    def take() -> dict[str, list[tuple[Any, ...]]]:
        with db.reader() as session:
            return {t.name: sorted(map(tuple, session.execute(select(t)).all()), key=repr)
                    for t in Base.metadata.sorted_tables}
    return take


@pytest.fixture
def audit_log(db: Any) -> Callable[..., list[AuditEntry]]:
    """Audit entries, optionally of one entity; ``audit_log.count()`` style via len()."""
    def entries(entity: str | None = None, entity_id: int | None = None) -> list[AuditEntry]:
        stmt = select(AuditEntry).order_by(AuditEntry.id)
        if entity is not None:
            stmt = stmt.where(AuditEntry.entity == entity)
        if entity_id is not None:
            stmt = stmt.where(AuditEntry.entity_id == entity_id)
        with db.reader() as session:
            return list(session.scalars(stmt))
    return entries

