"""Manual 加分/扣分 decided by the 常委会议 or 主席会议: recorded, audited, never typed scores."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from app.db.base import now
from app.db.engine import Database
from app.domain.enums import AuditAction, DecisionBody
from app.domain.schema import SCORE_ADJUSTMENT
from app.domain.scoring import fmt_points
from app.errors import FieldProblem, NotFoundError, ValidationError
from app.models import Member, ScoreAdjustment
from app.services import audit
from app.services.context import Actor, Changes, publish
from app.services.validation import clean

MAX_POINTS = Decimal(100)  # one decision never moves a score by more than this


@dataclass(frozen=True)
class Adjustment:
    id: int
    member_id: int
    member_name: str
    year: int
    points: Decimal
    reason: str
    decided_by: DecisionBody
    decided_on: dt.date
    decision_ref: str


class AdjustmentService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def list(self, year: int, member_id: int | None = None) -> list[Adjustment]:
        query = (select(ScoreAdjustment, Member.name)
                 .join(Member, Member.id == ScoreAdjustment.member_id)
                 .where(ScoreAdjustment.year == year, ScoreAdjustment.deleted_at.is_(None))
                 .order_by(ScoreAdjustment.decided_on, ScoreAdjustment.id))
        if member_id is not None:
            query = query.where(ScoreAdjustment.member_id == member_id)
        with self.db.reader() as s:
            return [Adjustment(a.id, a.member_id, name, a.year, a.points, a.reason, a.decided_by,
                               a.decided_on, a.decision_ref) for a, name in s.execute(query)]

    def add(self, actor: Actor, data: dict[str, Any]) -> Adjustment:
        """Record one adjustment; refused as a whole when any field is wrong."""
        actor.require_write()
        with self.db.session() as s:
            values, problems = clean(s, SCORE_ADJUSTMENT, data)
            points = values.get("points")
            if points is not None and (points == 0 or abs(points) > MAX_POINTS):
                problems.append(FieldProblem("points", SCORE_ADJUSTMENT.label_of("points"),
                                             data.get("points"),
                                             f"应为非零的数，且绝对值不超过{MAX_POINTS}分"))
            if isinstance(values.get("reason"), str) and not values["reason"].strip():
                problems.append(FieldProblem("reason", "事由", data.get("reason"), "必须填写"))
            member = s.get(Member, values["member_id"]) if values.get("member_id") else None
            if values.get("member_id") and (member is None or member.deleted_at is not None):
                problems.append(FieldProblem("member_id", "委员", data.get("member_id"),
                                             "没有这位委员"))
            if problems:
                raise ValidationError(problems, "考核加减分")
            row = ScoreAdjustment(**values)
            s.add(row)
            s.flush()
            assert member is not None
            sign = "加" if row.points > 0 else "扣"
            audit.record(s, actor, AuditAction.CREATE, SCORE_ADJUSTMENT, row.id,
                         f"{member.name}{row.year}年度履职考核{sign}{fmt_points(abs(row.points))}分"
                         f"（{row.decided_by.label}决定：{row.reason}）",
                         {name: (None, getattr(row, name)) for name in values})
            result = Adjustment(row.id, row.member_id, member.name, row.year, row.points,
                                row.reason, row.decided_by, row.decided_on, row.decision_ref)
        publish(Changes.of("score_adjustments", [result.id]))
        return result

    def remove(self, actor: Actor, adjustment_id: int, why: str) -> None:
        """Withdraw an adjustment (soft delete), with the reason in the operation log."""
        actor.require_write()
        if not why.strip():
            raise ValidationError([FieldProblem("reason", "撤销原因", why, "必须填写")],
                                  "撤销考核加减分")
        with self.db.session() as s:
            row = s.get(ScoreAdjustment, adjustment_id)
            if row is None or row.deleted_at is not None:
                raise NotFoundError(f"没有编号为{adjustment_id}的考核加减分记录。")
            row.deleted_at = now()
            member = s.get(Member, row.member_id)
            s.flush()
            audit.record(s, actor, AuditAction.DELETE, SCORE_ADJUSTMENT, row.id,
                         f"撤销{member.name if member else ''}{row.year}年度考核加减分"
                         f"{fmt_points(row.points)}分：{why.strip()}")
        publish(Changes.of("score_adjustments", [adjustment_id]))
