"""Public-opinion reports (社情民意信息), forwarding and adoption, and leader instructions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base, Record, enum_column
from app.domain.enums import ForwardLevel, LeaderLevel, OpinionStatus
from app.domain.fields import REF_LABEL_LENGTH


class OpinionReport(Record, Base):
    __tablename__ = "opinion_reports"
    __table_args__ = (Index("ix_opinion_reports_received", "received_on"),)

    serial_no: Mapped[str] = mapped_column(String(30), default="")  # 收文登记号
    title: Mapped[str] = mapped_column(String(300))
    category: Mapped[str] = mapped_column(String(REF_LABEL_LENGTH), default="")
    received_on: Mapped[dt.date]
    body: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[OpinionStatus] = mapped_column(
        enum_column(OpinionStatus), default=OpinionStatus.RECEIVED
    )
    channel_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))  # 归口
    # 本级采用: issued in the committee's own bulletin 《社情民意》
    issued_on: Mapped[dt.date | None]
    bulletin_year: Mapped[int | None]
    bulletin_no: Mapped[int | None]
    notes: Mapped[str] = mapped_column(Text, default="")

    submitters: Mapped[list[OpinionSubmitter]] = relationship(
        back_populates="opinion", cascade="all, delete-orphan", order_by="OpinionSubmitter.position"
    )
    forwards: Mapped[list[OpinionForward]] = relationship(
        back_populates="opinion", cascade="all, delete-orphan", order_by="OpinionForward.id"
    )


class OpinionSubmitter(Base):
    """A member, or a named informant who is not a member (特邀信息员, 参加单位 …)."""

    __tablename__ = "opinion_submitters"
    __table_args__ = (
        CheckConstraint("member_id IS NOT NULL OR name <> ''", name="member_or_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    opinion_id: Mapped[int] = mapped_column(ForeignKey("opinion_reports.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    position: Mapped[int] = mapped_column(default=0)

    opinion: Mapped[OpinionReport] = relationship(back_populates="submitters")


class OpinionForward(Base):
    """上报 to one higher level, and whether that level adopted (采用) it. Adoption ≠ forwarding."""

    __tablename__ = "opinion_forwards"
    __table_args__ = (UniqueConstraint("opinion_id", "level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    opinion_id: Mapped[int] = mapped_column(ForeignKey("opinion_reports.id"), index=True)
    level: Mapped[ForwardLevel] = mapped_column(enum_column(ForwardLevel))
    forwarded_on: Mapped[dt.date]
    adopted: Mapped[bool] = mapped_column(default=False)
    adopted_on: Mapped[dt.date | None]
    outlet: Mapped[str] = mapped_column(String(60), default="")  # 《每日社情》 …

    opinion: Mapped[OpinionReport] = relationship(back_populates="forwards")


class Instruction(Base):
    """批示: a leader's written comment on a proposal, an opinion report or an outcome."""

    __tablename__ = "instructions"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN proposal_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN opinion_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN outcome_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_target",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"), index=True)
    opinion_id: Mapped[int | None] = mapped_column(ForeignKey("opinion_reports.id"), index=True)
    outcome_id: Mapped[int | None] = mapped_column(ForeignKey("outcomes.id"), index=True)
    level: Mapped[LeaderLevel] = mapped_column(enum_column(LeaderLevel))
    leader: Mapped[str] = mapped_column(String(60), default="")
    instructed_on: Mapped[dt.date]
    gist: Mapped[str] = mapped_column(Text, default="")
