"""What an import works out once per distinct value (issue #15) gives every row the answer
it would get alone: a repeated bad 界别 is refused on each of its rows, with each row's
number; a repeated good one is stored on each; a referenced record deleted before the import
is refused on each row that names it (``memoize_references``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.db.base import now
from app.domain.schema import MEMBER_TERM
from app.exchange.plan import analyse
from app.models import Sector
from app.services.validation import clean, memoize_references
from tests.exchange.conftest import id_number

HEADER = ["姓名", "性别", "出生年月", "政治面貌", "届次", "界别", "身份证号"]


def _rows() -> list[list[Any]]:
    return [HEADER,
            ["甲一", "男", "1980.01", "中共", "第十届", "航天界", id_number("19800101", 1)],
            ["甲二", "男", "1980.02", "中共", "第十届", "教育", id_number("19800201", 3)],
            ["甲三", "男", "1980.03", "中共", "十届", "航天界", id_number("19800301", 5)],
            ["甲四", "女", "1980.04", "群众", "第十届", "教育", id_number("19800401", 6)],
            ["甲五", "男", "1980.05", "中共", 10, "航天界 ", id_number("19800501", 7)]]


def test_a_repeated_bad_value_is_refused_on_each_row(db: Any, world: Any, book: Any) -> None:
    plan = analyse(db, book("memo.xlsx", _rows()), "members")
    refused = [(p.row, p.column, p.value) for p in plan.all_problems() if not p.warning]
    assert refused == [(2, "界别", "航天界"), (4, "界别", "航天界"), (6, "界别", "航天界 ")]
    good = {e.row: e.extra["seats"][0]["sector_id"] for e in plan.entries if e.valid}
    assert good == {3: world.sectors["教育界"], 5: world.sectors["教育界"]}


def test_a_deleted_reference_is_refused_on_every_row_that_names_it(db: Any, world: Any
                                                                   ) -> None:
    with db.session() as session:
        sector = session.scalars(select(Sector).where(Sector.name == "教育界")).one()
        sector.deleted_at = now()
        deleted = sector.id
    with db.session() as session:
        memoize_references(session)
        answers = [clean(session, MEMBER_TERM, {"term_id": world.term_id, "sector_id": s,
                                                "member_id": 1})[1]
                   for s in (deleted, world.sectors["经济界"], deleted, 10**6, 10**6)]
        assert [[p.message for p in a if p.field == "sector_id"] for a in answers] == [
            ["所选记录已删除（在回收站中）"], [], ["所选记录已删除（在回收站中）"],
            ["所选记录不存在"], ["所选记录不存在"]]
        session.rollback()
