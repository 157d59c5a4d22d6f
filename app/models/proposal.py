"""Proposals (提案) through their handling chain."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base, Record, enum_column
from app.db.partial_index import PartialIndex
from app.domain.enums import (
    AssignmentRole,
    ProposalType,
    ReplyClass,
    ReviewStatus,
    Satisfaction,
    SupervisionLevel,
)
from app.domain.fields import REF_LABEL_LENGTH
from app.models.org import PlenarySession, Term


class Proposal(Record, Base):
    __tablename__ = "proposals"
    __table_args__ = (
        # One number per series among live proposals: a plenary session's series, and the
        # term's 闭会期间 series (session_id NULL). Partial unique indexes, so that two clerks
        # on a shared PostgreSQL database cannot both take the same next number.
        PartialIndex("uq_proposals_session_number", "term_id", "session_id", "number",
                     unique=True, where="session_id IS NOT NULL AND deleted_at IS NULL"),
        PartialIndex("uq_proposals_interim_number", "term_id", "number", unique=True,
                     where="session_id IS NULL AND deleted_at IS NULL"),
        Index("ix_proposals_submitted", "submitted_on"),
    )

    term_id: Mapped[int] = mapped_column(ForeignKey("terms.id"))
    # None: submitted between plenaries (闭会期间), numbered in the term's interim series
    session_id: Mapped[int | None] = mapped_column(ForeignKey("plenary_sessions.id"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))  # 案由
    body: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(REF_LABEL_LENGTH), default="")
    type: Mapped[ProposalType] = mapped_column(enum_column(ProposalType))
    lead_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    collective_proposer: Mapped[str] = mapped_column(default="")  # 民盟长子县委员会 …
    channel_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))  # 归口
    submitted_on: Mapped[dt.date]
    review_status: Mapped[ReviewStatus] = mapped_column(
        enum_column(ReviewStatus), default=ReviewStatus.PENDING, index=True
    )
    reviewed_on: Mapped[dt.date | None]
    review_note: Mapped[str] = mapped_column(Text, default="")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"))
    is_key: Mapped[bool] = mapped_column(default=False)
    supervision_level: Mapped[SupervisionLevel | None] = mapped_column(
        enum_column(SupervisionLevel)
    )
    supervisor: Mapped[str] = mapped_column(default="")  # leader who supervises a key proposal
    is_excellent: Mapped[bool] = mapped_column(default=False)
    closed_on: Mapped[dt.date | None]

    term: Mapped[Term] = relationship(lazy="joined", viewonly=True)
    plenary: Mapped[PlenarySession | None] = relationship(lazy="joined", viewonly=True)
    cosigners: Mapped[list[ProposalCosigner]] = relationship(
        back_populates="proposal",
        cascade="all, delete-orphan",
        order_by="ProposalCosigner.position",
    )
    assignments: Mapped[list[ProposalAssignment]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="ProposalAssignment.id"
    )
    supervisions: Mapped[list[SupervisionRecord]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="SupervisionRecord.id"
    )


class ProposalCosigner(Base):
    __tablename__ = "proposal_cosigners"
    __table_args__ = (UniqueConstraint("proposal_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)

    proposal: Mapped[Proposal] = relationship(back_populates="cosigners")


class ProposalAssignment(Base):
    """交办 to one department, and that department's reply and the proposer's evaluation."""

    __tablename__ = "proposal_assignments"
    __table_args__ = (UniqueConstraint("proposal_id", "department_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    role: Mapped[AssignmentRole] = mapped_column(enum_column(AssignmentRole))
    assigned_on: Mapped[dt.date]
    due_on: Mapped[dt.date]
    replied_on: Mapped[dt.date | None]
    reply_doc_no: Mapped[str] = mapped_column(String(60), default="")
    reply_class: Mapped[ReplyClass | None] = mapped_column(enum_column(ReplyClass))
    satisfaction: Mapped[Satisfaction | None] = mapped_column(enum_column(Satisfaction))
    evaluated_on: Mapped[dt.date | None]
    evaluation_note: Mapped[str] = mapped_column(Text, default="")

    proposal: Mapped[Proposal] = relationship(back_populates="assignments")


class SupervisionRecord(Base):
    """督办: one supervision visit, meeting or letter."""

    __tablename__ = "supervision_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    level: Mapped[SupervisionLevel] = mapped_column(enum_column(SupervisionLevel))
    leader: Mapped[str] = mapped_column(default="")
    supervised_on: Mapped[dt.date]
    form: Mapped[str] = mapped_column(String(20), default="")  # 实地督办 / 座谈 / 协商会 / 书面
    notes: Mapped[str] = mapped_column(Text, default="")

    proposal: Mapped[Proposal] = relationship(back_populates="supervisions")
