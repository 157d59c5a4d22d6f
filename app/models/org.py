"""Committee, terms and plenary sessions, units, sectors, departments, reference lists."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base, Record, Versioned, enum_column
from app.domain.enums import CommitteeLevel, RefList, UnitKind, UnitRole
from app.domain.fields import REF_LABEL_LENGTH


class CommitteeSettings(Record, Base):
    """The one row describing the committee that owns this database."""

    __tablename__ = "committee_settings"

    region: Mapped[str] = mapped_column(String(60))  # 长子县
    parent_region: Mapped[str] = mapped_column(String(60), default="")  # 长治市
    level: Mapped[CommitteeLevel] = mapped_column(enum_column(CommitteeLevel))
    founded_year: Mapped[int | None]
    current_term_id: Mapped[int | None] = mapped_column(ForeignKey("terms.id"))


class Term(Record, Base):
    """届: a five-year term of the committee."""

    __tablename__ = "terms"
    __table_args__ = (UniqueConstraint("number"),)

    number: Mapped[int]
    start_on: Mapped[dt.date]
    end_on: Mapped[dt.date | None]
    notes: Mapped[str] = mapped_column(Text, default="")

    sessions: Mapped[list[PlenarySession]] = relationship(
        back_populates="term", order_by="PlenarySession.number"
    )


class PlenarySession(Record, Base):
    """次会议: the annual plenary within a term ("十届四次会议")."""

    __tablename__ = "plenary_sessions"
    __table_args__ = (UniqueConstraint("term_id", "number"),)

    term_id: Mapped[int] = mapped_column(ForeignKey("terms.id"), index=True)
    number: Mapped[int]
    start_on: Mapped[dt.date]
    end_on: Mapped[dt.date | None]
    place: Mapped[str] = mapped_column(default="")

    term: Mapped[Term] = relationship(back_populates="sessions")


class Unit(Record, Base):
    """An internal organ: office, special committee, 界别组, liaison group, 委员之家 …"""

    __tablename__ = "units"

    name: Mapped[str] = mapped_column(String(100))
    short_name: Mapped[str] = mapped_column(String(40), default="")
    kind: Mapped[UnitKind] = mapped_column(enum_column(UnitKind), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    sort_order: Mapped[int] = mapped_column(default=0)
    retired: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str] = mapped_column(Text, default="")

    memberships: Mapped[list[UnitMembership]] = relationship(
        back_populates="unit", cascade="all, delete-orphan"
    )


class UnitMembership(Base):
    """A member's place in a unit, with a role."""

    __tablename__ = "unit_memberships"
    __table_args__ = (UniqueConstraint("unit_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    role: Mapped[UnitRole] = mapped_column(enum_column(UnitRole), default=UnitRole.MEMBER)
    since: Mapped[dt.date | None]
    until: Mapped[dt.date | None]

    unit: Mapped[Unit] = relationship(back_populates="memberships")


class Sector(Record, Base):
    """界别; grouped into a 界别组 (a Unit of kind sector_group) for activities."""

    __tablename__ = "sectors"
    __table_args__ = (UniqueConstraint("name"),)

    name: Mapped[str] = mapped_column(String(60))
    short_name: Mapped[str] = mapped_column(String(30), default="")
    group_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    sort_order: Mapped[int] = mapped_column(default=0)
    retired: Mapped[bool] = mapped_column(default=False)


class Department(Record, Base):
    """承办单位: a body outside the committee that handles proposals (县住建局 …)."""

    __tablename__ = "departments"
    __table_args__ = (UniqueConstraint("name"),)

    name: Mapped[str] = mapped_column(String(100))
    short_name: Mapped[str] = mapped_column(String(40), default="")
    kind: Mapped[str] = mapped_column(String(30), default="")  # 党委部门 / 政府部门 / 法检 / 群团 …
    contact: Mapped[str] = mapped_column(String(60), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    sort_order: Mapped[int] = mapped_column(default=0)
    retired: Mapped[bool] = mapped_column(default=False)


class RefValue(Versioned, Base):
    """One value of a user-editable reference list (党派, 民族, 提案类别 …).

    Records store the label text; a value in use can be retired but not deleted. Versioned
    like every record a clerk edits, so two administrators' changes cannot overwrite each
    other.
    """

    __tablename__ = "ref_values"
    __table_args__ = (UniqueConstraint("list_name", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_name: Mapped[RefList] = mapped_column(enum_column(RefList), index=True)
    label: Mapped[str] = mapped_column(String(REF_LABEL_LENGTH))
    code: Mapped[str] = mapped_column(String(40), default="")  # ethnic_religious_hkmt …
    sort_order: Mapped[int] = mapped_column(default=0)
    retired: Mapped[bool] = mapped_column(default=False)
