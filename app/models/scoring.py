"""履职考核: a year's rule set and manual adjustments. Scores themselves are never stored."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, Record, enum_column
from app.domain.enums import DecisionBody, GradeMode


class ScoringRuleSet(Record, Base):
    """The rules of one year: base score, category caps, grading and the minimum duties.

    Its ``ScoringRule`` rows carry the points. Created by copying the previous year's set (or
    the default rules) the first time the year is scored or edited, so later edits to another
    year never change it.
    """

    __tablename__ = "scoring_rule_sets"
    __table_args__ = (UniqueConstraint("year"),)

    year: Mapped[int]
    base_score: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(0))
    grade_mode: Mapped[GradeMode] = mapped_column(enum_column(GradeMode), default=GradeMode.POINTS)
    # By points: the lowest total of each grade. By share: 优秀/良好 are the top percentages
    # and ``pass_min`` still separates 称职 from 不称职.
    excellent_min: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(90))
    good_min: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(80))
    pass_min: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(60))
    excellent_share: Mapped[int] = mapped_column(default=15)  # per cent
    good_share: Mapped[int] = mapped_column(default=35)  # per cent
    # Minimum yearly duties (闵行): the plenary, ≥1 proposal, ≥1 社情民意, ≥3 activities.
    require_plenary: Mapped[bool] = mapped_column(default=True)
    min_proposals: Mapped[int] = mapped_column(default=1)
    min_opinions: Mapped[int] = mapped_column(default=1)
    min_activities: Mapped[int] = mapped_column(default=3)
    # JSON {category code: cap}; a category's positive points are cut to its cap.
    category_caps: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class ScoreAdjustment(Record, Base):
    """A manual 加分 or 扣分 decided by the 常委会议 or 主席会议, with its reason."""

    __tablename__ = "score_adjustments"
    __table_args__ = (Index("ix_score_adjustments_year_member", "year", "member_id"),)

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    year: Mapped[int]
    points: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    reason: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[DecisionBody] = mapped_column(enum_column(DecisionBody))
    decided_on: Mapped[dt.date]
    decision_ref: Mapped[str] = mapped_column(String(100), default="")  # 会议名称或文号
