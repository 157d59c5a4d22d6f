"""Honors, scoring rules, users, the audit log and generated documents."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base, Record, Timestamped, Versioned, enum_column, now
from app.domain.enums import AuditAction, HonorLevel, UserRole
from app.models.member import Member


class Honor(Record, Base):
    """表彰 of a member, or of an organisation when ``member_id`` is empty."""

    __tablename__ = "honors"

    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(100), default="")  # for organisations
    title: Mapped[str] = mapped_column(String(200))
    level: Mapped[HonorLevel] = mapped_column(enum_column(HonorLevel))
    awarded_on: Mapped[dt.date]
    awarding_body: Mapped[str] = mapped_column(default="")

    member: Mapped[Member | None] = relationship(lazy="joined", viewonly=True)


class ScoringRule(Record, Base):
    """What earns or loses 履职积分 points, with an optional yearly cap.

    ``code`` names what is counted (app/domain/scoring.py). Rules without a rule set are the
    default rules a new database starts with; a year's rules belong to its ``ScoringRuleSet``
    (app/models/scoring.py), so a past year keeps the rules it was scored with.
    """

    __tablename__ = "scoring_rules"
    __table_args__ = (UniqueConstraint("rule_set_id", "code"),)

    rule_set_id: Mapped[int | None] = mapped_column(ForeignKey("scoring_rule_sets.id"), index=True)
    code: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(100))
    event_kind_id: Mapped[int | None] = mapped_column(ForeignKey("event_kinds.id"))
    points: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    yearly_cap: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    active: Mapped[bool] = mapped_column(default=True)


class User(Record, Base):
    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("username"),)

    username: Mapped[str] = mapped_column(String(40))
    display_name: Mapped[str] = mapped_column(String(40), default="")
    role: Mapped[UserRole] = mapped_column(enum_column(UserRole))
    password_hash: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(default=True)


class SecurityPolicy(Timestamped, Versioned, Base):
    """The one row of sign-in rules: whether the client asks for a password even with a single
    account, and after how many idle minutes it locks (0: never)."""

    __tablename__ = "security_policy"

    id: Mapped[int] = mapped_column(primary_key=True)
    login_required: Mapped[bool] = mapped_column(default=False)
    idle_lock_minutes: Mapped[int] = mapped_column(default=0)


class AuditEntry(Base):
    """Append-only: services insert, nothing updates or deletes."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=now, index=True)
    username: Mapped[str] = mapped_column(String(40))
    action: Mapped[AuditAction] = mapped_column(enum_column(AuditAction))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None]
    summary: Mapped[str] = mapped_column(String(300), default="")
    detail: Mapped[str] = mapped_column(Text, default="")  # JSON: {field: [old, new]}
    # Hash chain (app/services/audit_chain.py): each entry's digest covers its content and the
    # previous entry's digest, so an edited, inserted or removed entry breaks the chain.
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    entry_hash: Mapped[str] = mapped_column(String(64), default="")


class GeneratedDocument(Timestamped, Base):
    """A record of every document generated: kind, period, template, file, user."""

    __tablename__ = "generated_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200), default="")
    period_from: Mapped[dt.date | None]
    period_to: Mapped[dt.date | None]
    scope: Mapped[str] = mapped_column(String(100), default="")
    template: Mapped[str] = mapped_column(String(300), default="")
    file_path: Mapped[str] = mapped_column(String(500), default="")
    username: Mapped[str] = mapped_column(String(40), default="")
    figures: Mapped[str] = mapped_column(Text, default="")  # JSON {key: value}
