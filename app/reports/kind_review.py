"""年度工作回眸: one section per office and special committee, each with its own figures."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from app.domain.enums import UnitKind
from app.models import Unit
from app.reports.context import Build, base_context, figure_groups
from app.reports.lists import Lists
from app.reports.period import Scope
from app.reports.template_objects import RecordList, row

if TYPE_CHECKING:
    from app.reports.kinds import ReportRequest

SECTION_KINDS = (UnitKind.OFFICE, UnitKind.RESEARCH_CENTER, UnitKind.SPECIAL_COMMITTEE)


def self_word(unit: Unit) -> str:
    """How a unit names itself when its share of a committee figure is given: 本委, 本室 …"""
    if unit.kind == UnitKind.SPECIAL_COMMITTEE:
        return "本委"
    return "本中心" if unit.name.endswith("中心") else "本室"


def section(b: Build, unit: Unit) -> Any:
    """One unit's section: its name, what it is, and every figure scoped to it."""
    scope = Scope(unit.id, unit.name)
    return row(
        name=unit.name, short_name=unit.short_name or unit.name, kind=unit.kind.label,
        is_office=unit.kind == UnitKind.OFFICE,
        is_research=unit.kind == UnitKind.RESEARCH_CENTER,
        is_committee=unit.kind == UnitKind.SPECIAL_COMMITTEE,
        handles_proposals=unit.kind == UnitKind.SPECIAL_COMMITTEE and "提案" in unit.name,
        handles_opinions=unit.kind == UnitKind.RESEARCH_CENTER,
        self_word=self_word(unit),
        lists=Lists(b, scope), **figure_groups(b.source(scope)))


def review_context(b: Build, req: ReportRequest) -> dict[str, Any]:
    context = base_context(b)
    # the committee's figures stay the committee's when the review is of one unit (--scope):
    # a section gives the unit's share as its own clause (其中归口本委71件)
    context.update(figure_groups(b.tracker.source(b.period, Scope())))
    with b.db.reader() as s:
        stmt = select(Unit).where(Unit.deleted_at.is_(None), Unit.retired.is_(False))
        if req.unit_id is not None:
            stmt = stmt.where(Unit.id == req.unit_id)
        else:
            stmt = stmt.where(Unit.kind.in_(SECTION_KINDS))
        units = list(s.scalars(stmt.order_by(Unit.sort_order, Unit.id)))
    context["units"] = RecordList(b.tracker, "units", "各单位一节", "units",
                                  [section(b, u) for u in units], [u.id for u in units],
                                  b.scope.label, b.period.label)
    return context
