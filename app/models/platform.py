"""协商议事 platforms (有事来商量 协商议事会/室, 委员之家) and their sessions (DESIGN §2)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base, Record, enum_column
from app.domain.enums import PlatformLevel


class Platform(Record, Base):
    """A standing place of grassroots consultation: a township 协商议事会, a village or
    community 协商议事室, or a 委员之家 where members consult with the people."""

    __tablename__ = "platforms"

    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[PlatformLevel] = mapped_column(enum_column(PlatformLevel))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)  # 联络组 …
    town: Mapped[str] = mapped_column(String(60), default="")  # 所属乡镇（街道）
    established_on: Mapped[dt.date | None]
    notes: Mapped[str] = mapped_column(Text, default="")


class PlatformSession(Record, Base):
    """One consultation held on a platform: topic, how many took part, which members, and how
    many of its results were carried out (办成实事)."""

    __tablename__ = "platform_sessions"
    __table_args__ = (Index("ix_platform_sessions_held", "held_on"),)

    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id"), index=True)
    held_on: Mapped[dt.date]
    topic: Mapped[str] = mapped_column(String(200))
    participants: Mapped[int | None]  # everyone present, members and others
    results_done: Mapped[int | None]  # 落实协商结果 / 办成实事（件）
    notes: Mapped[str] = mapped_column(Text, default="")

    platform: Mapped[Platform] = relationship(lazy="joined", viewonly=True)
    members: Mapped[list[PlatformSessionMember]] = relationship(
        back_populates="session", cascade="all, delete-orphan",
        order_by="PlatformSessionMember.position")


class PlatformSessionMember(Base):
    """A member who took part in a session (one row is one 人次)."""

    __tablename__ = "platform_session_members"
    __table_args__ = (UniqueConstraint("session_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("platform_sessions.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)

    session: Mapped[PlatformSession] = relationship(back_populates="members")
