"""A list page's count row (提案 per 办理状态, 社情民意 per 处理状态) from one GROUP BY query
equals counting each value on its own, under any other filter and search."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import event

from app.demo import generate_demo
from app.domain.enums import OpinionStatus, ProposalStage
from app.services.crud import ListQuery
from app.services.opinions import OpinionService
from app.services.proposals import ProposalService


@pytest.fixture
def demo(db):
    generate_demo(db, scale="county", seed=3)
    return db


def per_value(svc, query: ListQuery, key: str, values: list) -> list[int]:
    others = {k: v for k, v in query.filters.items() if k != key}
    return [svc.count(replace(query, filters=others))] + [
        svc.count(replace(query, filters={**others, key: v})) for v in values]


def count_queries(db) -> list[str]:
    seen: list[str] = []
    event.listen(db.engine, "before_cursor_execute",
                 lambda _c, _cur, sql, *_a: seen.append(sql))
    return seen


PROPOSAL_QUERIES = [
    ListQuery(),
    ListQuery(filters={"year": 2025}),
    ListQuery(filters={"year": 2025, "stage": ProposalStage.ASSIGNED, "is_key": False}),
    ListQuery(search="农"),
    ListQuery(deleted=True),
]
OPINION_QUERIES = [
    ListQuery(),
    ListQuery(filters={"year": 2025, "status": OpinionStatus.ISSUED}),
    ListQuery(search="建议"),
]


def test_proposal_stages_in_one_query(demo) -> None:
    svc = ProposalService(demo)
    stages = list(ProposalStage)
    for query in PROPOSAL_QUERIES:
        expected = per_value(svc, query, "stage", stages)
        seen = count_queries(demo)
        assert svc.tally(query, "stage", stages) == expected, query
        assert len(seen) == 1
        assert sum(expected[1:]) == expected[0]  # every proposal has exactly one stage
    assert svc.tally(ListQuery(), "stage", stages)[0] > 100


def test_opinion_statuses_in_one_query(demo) -> None:
    svc = OpinionService(demo)
    statuses = list(OpinionStatus)
    for query in OPINION_QUERIES:
        expected = per_value(svc, query, "status", statuses)
        seen = count_queries(demo)
        assert svc.tally(query, "status", statuses) == expected, query
        assert len(seen) == 1
    assert svc.tally(ListQuery(), "status", statuses)[0] > 100
