"""Figures computed for one unit (--scope, a 回眸 section) count that unit's records only:
members and honors of its 组成人员, and the 委员信息采用率 over its own members."""

from __future__ import annotations

from sqlalchemy import select

from app.models import Honor, Unit, UnitMembership
from app.reports.figures import compute, ratio
from app.reports.period import Period, Scope
from tests.reports.conftest import ReportDemo

Y2025 = Period.year(2025)
KEYS = ["members.total", "honors.members", "honors.organizations",
        "opinions.adopted_members", "opinions.adopted_member_rate"]


def test_unit_figures_are_the_units_own(report_demo: ReportDemo) -> None:
    db = report_demo.db
    whole = compute(db, KEYS, Y2025)
    with db.reader() as s:
        unit = s.scalar(select(Unit).where(Unit.name == "提案委员会"))
        assert unit is not None
        scope = Scope(unit.id, unit.name)
        own = set(s.scalars(select(UnitMembership.member_id)
                            .where(UnitMembership.unit_id == unit.id)))
        honors = set(s.scalars(select(Honor.id).where(
            Honor.member_id.in_(own), Honor.deleted_at.is_(None),
            Honor.awarded_on.between(Y2025.start, Y2025.end))))
    part = compute(db, KEYS, Y2025, scope)
    seated = set(part["members.total"].ids)
    assert seated and seated <= own and seated <= set(whole["members.total"].ids)
    assert len(seated) < whole["members.total"].value
    assert set(part["honors.members"].ids) == honors
    assert whole["honors.organizations"].value >= 0 and part["honors.organizations"].value == 0
    adopted_own = set(whole["opinions.adopted_members"].ids) & seated
    assert set(part["opinions.adopted_member_rate"].ids) == adopted_own
    assert part["opinions.adopted_member_rate"].value == ratio(len(adopted_own), len(seated))
