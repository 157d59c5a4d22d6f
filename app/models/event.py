"""Meetings, consultations and activities, with attendance and outcomes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base, Record, enum_column
from app.domain.enums import Attendance, EventFamily, OutcomeKind, ParticipationRole


class EventKind(Record, Base):
    """视察, 调研, 专题学习, 常委会议 …: user-extensible, each in one family."""

    __tablename__ = "event_kinds"
    __table_args__ = (UniqueConstraint("name"),)

    name: Mapped[str] = mapped_column(String(40))
    family: Mapped[EventFamily] = mapped_column(enum_column(EventFamily), index=True)
    default_score: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(0))
    measure_word: Mapped[str] = mapped_column(String(8), default="次")  # 委员讲坛 counts in 期
    sort_order: Mapped[int] = mapped_column(default=0)
    retired: Mapped[bool] = mapped_column(default=False)


class Event(Record, Base):
    __tablename__ = "events"
    __table_args__ = (Index("ix_events_kind_start", "kind_id", "start_on"),)

    title: Mapped[str] = mapped_column(String(200))
    kind_id: Mapped[int] = mapped_column(ForeignKey("event_kinds.id"))
    start_on: Mapped[dt.date] = mapped_column(index=True)
    end_on: Mapped[dt.date | None]
    place: Mapped[str] = mapped_column(default="")
    organizer_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("plenary_sessions.id"))
    sequence_no: Mapped[int | None]  # 第N次常委会议 within the term
    topic: Mapped[str] = mapped_column(default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    featured: Mapped[bool] = mapped_column(default=False)
    guests: Mapped[int] = mapped_column(default=0)  # people present who are not members
    people_served: Mapped[int] = mapped_column(default=0)
    deeds_done: Mapped[int] = mapped_column(default=0)
    funds_raised: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal(0))  # 元
    beneficiaries: Mapped[int] = mapped_column(default=0)
    notes: Mapped[str] = mapped_column(Text, default="")

    kind: Mapped[EventKind] = relationship()
    participations: Mapped[list[Participation]] = relationship(
        back_populates="event", cascade="all, delete-orphan"
    )
    outcomes: Mapped[list[Outcome]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Outcome.id"
    )


class Participation(Base):
    __tablename__ = "participations"
    __table_args__ = (UniqueConstraint("event_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    role: Mapped[ParticipationRole] = mapped_column(
        enum_column(ParticipationRole), default=ParticipationRole.PARTICIPANT
    )
    attendance: Mapped[Attendance] = mapped_column(
        enum_column(Attendance), default=Attendance.PRESENT
    )
    leave_reason: Mapped[str] = mapped_column(default="")
    # Who approved the leave (主席 for the plenary and 常委会议, the committee head for
    # committee activities) and when; an unapproved absence is recorded as 缺席.
    leave_approver: Mapped[str] = mapped_column(String(40), default="")
    leave_approved_on: Mapped[dt.date | None]

    event: Mapped[Event] = relationship(back_populates="participations")


class Outcome(Base):
    """A report or suggestion produced by an event: "提出4方面13条建议"."""

    __tablename__ = "outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    kind: Mapped[OutcomeKind] = mapped_column(enum_column(OutcomeKind))
    title: Mapped[str] = mapped_column(String(200))
    completed_on: Mapped[dt.date | None]
    aspects: Mapped[int] = mapped_column(default=0)  # 方面
    items: Mapped[int] = mapped_column(default=0)  # 条
    problems: Mapped[int] = mapped_column(default=0)  # 问题 (项)
    submitted_to: Mapped[str] = mapped_column(default="")
    adopted: Mapped[bool] = mapped_column(default=False)
    adoption_note: Mapped[str] = mapped_column(Text, default="")

    event: Mapped[Event] = relationship(back_populates="outcomes")
