"""The figures added for the drafts, on the county demo: breakdowns add up to their figures,
satisfaction partitions the evaluated proposals, sums agree with raw SQL, subject figures
need their subject, and every figure's records can be described for 数据底稿."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import Date, bindparam, text

from app.errors import AppError
from app.reports.evidence import describe_records
from app.reports.figures import (
    breakdowns,
    compute,
    compute_breakdowns,
    figures,
    subject_figures,
)
from app.reports.period import Period, Scope

Y2025 = Period.year(2025)


@pytest.fixture(scope="module")
def values(report_demo):
    return compute(report_demo.db, [f.key for f in figures()], Y2025)


@pytest.fixture(scope="module")
def splits(report_demo):
    keys = [b.key for b in breakdowns() if not b.key.startswith("session.")]
    return compute_breakdowns(report_demo.db, keys, Y2025)


def total(splits, key: str) -> int:
    return sum(r.value for r in splits[key].rows)


def test_breakdowns_add_up_to_their_figures(values, splits) -> None:
    assert total(splits, "proposals.by_category") == values["proposals.accepted"].value
    assert total(splits, "proposals.by_status") == values["proposals.received"].value
    assert total(splits, "proposals.by_type") == values["proposals.received"].value
    assert total(splits, "events.by_kind") == values["events.total"].value
    assert total(splits, "events.by_organizer") == values["events.total"].value
    assert total(splits, "events.consultation_kinds") == values["events.consultation"].value
    assert total(splits, "members.by_sector") == values["members.total"].value
    assert total(splits, "honors.by_level") == values["honors.members"].value
    assert total(splits, "opinions.by_category") == values["opinions.received"].value
    levels = {"市政协": "city", "省政协": "province", "全国政协": "national"}
    for row in splits["opinions.forwarded_by_level"].rows:
        assert row.value == values[f"opinions.forwarded_{levels[row.label]}"].value
    for row in splits["opinions.adopted_by_level"].rows:
        assert row.value == values[f"opinions.adopted_{levels[row.label]}"].value
    classes = {r.label[0]: r.value for r in splits["proposals.by_reply_class"].rows}
    assert classes["A"] == values["proposals.class_a"].value
    for b in splits.values():
        for row in b.rows:
            assert row.value == len(row.ids), (b.key, row.label)


def test_proposal_handling_figures(values) -> None:
    v = values
    assert (v["proposals.satisfied"].value + v["proposals.basically_satisfied"].value
            + v["proposals.unsatisfied"].value) == v["proposals.evaluated"].value > 0
    assert 0 < v["proposals.satisfaction_rate"].value <= 100
    assert sum(v[f"proposals.{k}"].value for k in ("individual", "joint", "collective")) \
        == v["proposals.received"].value
    assert sum(v[f"proposals.{k}"].value for k in ("pending", "rejected", "merged", "converted",
                                                   "withdrawn", "accepted")) \
        == v["proposals.received"].value
    assert v["proposals.key_supervised"].value <= v["proposals.key"].value
    assert set(v["proposals.excellent"].ids) <= set(v["proposals.accepted"].ids)


def test_sums_agree_with_raw_sql(report_demo, values) -> None:
    params = {"s": dt.date(2025, 1, 1), "e": dt.date(2025, 12, 31)}
    with report_demo.db.reader() as session:
        def one(sql: str) -> tuple[Any, ...]:
            typed = text(sql).bindparams(bindparam("s", type_=Date), bindparam("e", type_=Date))
            return tuple(session.execute(typed, params).one())

        people, funds = one(
            "SELECT sum(people_served), sum(funds_raised) FROM events WHERE deleted_at IS NULL "
            "AND start_on BETWEEN :s AND :e")
        office = one(
            "SELECT count(*) FROM events e JOIN event_kinds k ON k.id = e.kind_id JOIN units u "
            "ON u.id = e.organizer_id WHERE e.deleted_at IS NULL AND k.name = '专题学习' AND "
            "u.kind IN ('office', 'research_center') AND e.start_on BETWEEN :s AND :e")[0]
        items = one(
            "SELECT sum(o.items) FROM outcomes o JOIN events e ON e.id = o.event_id WHERE "
            "e.deleted_at IS NULL AND coalesce(o.completed_on, e.start_on) BETWEEN :s AND :e")[0]
        homes = one(
            "SELECT count(*) FROM events e JOIN units u ON u.id = e.organizer_id WHERE "
            "e.deleted_at IS NULL AND u.kind = 'member_home' AND e.start_on BETWEEN :s AND :e")[0]
    assert values["service.people"].value == people
    assert float(values["service.funds"].value) == pytest.approx(float(funds) / 10000)
    assert values["study.office"].value == office
    assert values["outcomes.items"].value == items
    assert values["homes.activities"].value == homes


def test_unit_scopes_partition_the_committee(report_demo, values) -> None:
    from sqlalchemy import select

    from app.models import Unit

    with report_demo.db.reader() as s:
        units = list(s.scalars(select(Unit.id)))
    scoped = sum(compute(report_demo.db, ["events.total"], Y2025, Scope(u))["events.total"].value
                 for u in units)
    assert 0 < scoped <= values["events.total"].value


def test_subject_figures_need_their_subject(report_demo) -> None:
    with pytest.raises(AppError, match="需要指定委员"):
        compute(report_demo.db, ["member.present"], Y2025)
    with pytest.raises(AppError, match="需要指定会议活动"):
        compute(report_demo.db, ["event.invited"], Y2025)
    for fig in subject_figures():
        assert fig.label and fig.unit and fig.definition and fig.group, fig.key
    member = compute(report_demo.db, [f.key for f in subject_figures("member")], Y2025,
                     Scope(member_id=1))
    assert member["member.invited"].value == sum(
        member[f"member.{k}"].value for k in ("present", "excused", "absent"))


def test_every_figures_records_can_be_described(report_demo, values) -> None:
    for key, fv in values.items():
        if fv.ids:
            described = describe_records(report_demo.db, fv.entity, fv.ids[:5])
            assert len(described) == len(fv.ids[:5]) and all(d for _i, d in described), key
    with pytest.raises(ValueError, match="no description"):
        describe_records(report_demo.db, "no_such_table", [1])
