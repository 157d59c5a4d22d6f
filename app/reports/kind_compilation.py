"""提案汇编: every accepted proposal of one plenary session, grouped by category."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from app.domain.enums import RefList, ReviewStatus
from app.errors import AppError
from app.models import PlenarySession, Proposal, RefValue
from app.reports.context import Build, base_context
from app.reports.lists import proposal_rows
from app.reports.template_objects import RecordList, Subject, row

if TYPE_CHECKING:
    from app.reports.kinds import ReportRequest


def paragraphs(text: str) -> list[str]:
    """A proposal's body as paragraphs (blank lines and surrounding spaces dropped)."""
    return [line.strip() for line in text.replace("\r", "").split("\n") if line.strip()]


def compilation_context(b: Build, req: ReportRequest) -> dict[str, Any]:
    if req.session_id is None:
        raise AppError("生成提案汇编需要指定全体会议（例如 --session 十届四次）。")
    with b.db.reader() as s:
        plenary = s.get(PlenarySession, req.session_id)
        if plenary is None or plenary.deleted_at is not None:
            raise AppError("所选的全体会议不存在或已删除。")
        ids = select(Proposal.id).where(Proposal.deleted_at.is_(None),
                                        Proposal.session_id == plenary.id,
                                        Proposal.review_status == ReviewStatus.ACCEPTED)
        found = proposal_rows(s, ids)
        order = {label: i for i, label in enumerate(s.scalars(
            select(RefValue.label).where(RefValue.list_name == RefList.PROPOSAL_CATEGORY)
            .order_by(RefValue.sort_order, RefValue.id)))}
    context = base_context(b, plenary)
    session: Subject = context["session"]
    by_category = session.by_category
    groups: dict[str, list[tuple[Proposal, dict[str, Any]]]] = {}
    for p, fields in found:
        groups.setdefault(fields["category"], []).append((p, fields))
    categories = []
    for name in sorted(groups, key=lambda c: (order.get(c, len(order)), c)):
        items = groups[name]
        rows = [row(**fields, body=p.body, paragraphs=paragraphs(p.body),
                    type=p.type.label, submitted=f"{p.submitted_on.year}年{p.submitted_on.month}月"
                    f"{p.submitted_on.day}日") for p, fields in items]
        categories.append(row(name=name, count=by_category[name], proposals=RecordList(
            b.tracker, f"categories[{name}]", f"{name}类立案提案", "proposals", rows,
            [p.id for p, _f in items], session.name, "")))
    context["categories"] = RecordList(
        b.tracker, "categories", "汇编收录的立案提案", "proposals", categories,
        [p.id for p, _f in found], session.name, "")
    return context
