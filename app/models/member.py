"""Members (委员) and their place in each term."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from app.db.base import Base, Record, enum_column
from app.db.partial_index import PartialIndex
from app.domain.enums import CppccPost, Gender, LeftReason, TermOrigin
from app.domain.fields import REF_LABEL_LENGTH

# The rows the unique ID-number index covers: live members with an ID number.
LIVE_ID_NUMBER = "deleted_at IS NULL AND id_number <> ''"


class Member(Record, Base):
    __tablename__ = "members"
    __table_args__ = (
        # No two live members share an ID number, whoever writes (two clerks importing the
        # same roster at once): enforced by the database, not only by the services' check.
        PartialIndex("uq_members_live_id_number", "id_number", unique=True,
                     where=LIVE_ID_NUMBER),
    )

    name: Mapped[str] = mapped_column(String(40), index=True)
    gender: Mapped[Gender | None] = mapped_column(enum_column(Gender))
    ethnicity: Mapped[str] = mapped_column(String(REF_LABEL_LENGTH), default="汉族")
    birth_date: Mapped[dt.date | None]
    native_place: Mapped[str] = mapped_column(String(40), default="")
    party: Mapped[str] = mapped_column(String(REF_LABEL_LENGTH), default="")
    party_joined_on: Mapped[dt.date | None]
    work_started_on: Mapped[dt.date | None]
    education: Mapped[str] = mapped_column(String(REF_LABEL_LENGTH), default="")
    degree: Mapped[str] = mapped_column(String(REF_LABEL_LENGTH), default="")
    school_major: Mapped[str] = mapped_column(default="")
    professional_title: Mapped[str] = mapped_column(String(60), default="")
    title_level: Mapped[str] = mapped_column(String(REF_LABEL_LENGTH), default="")
    work_unit_post: Mapped[str] = mapped_column(default="")  # 工作单位及职务, as printed
    employer_type: Mapped[str] = mapped_column(String(REF_LABEL_LENGTH), default="")
    mobile: Mapped[str] = mapped_column(String(20), default="")
    office_phone: Mapped[str] = mapped_column(String(20), default="")
    address: Mapped[str] = mapped_column(default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    email: Mapped[str] = mapped_column(String(100), default="")
    id_number: Mapped[str] = mapped_column(String(18), default="", index=True)
    member_card_no: Mapped[str] = mapped_column(String(30), default="")
    other_posts: Mapped[str] = mapped_column(Text, default="")
    expertise: Mapped[str] = mapped_column(Text, default="")
    resume: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    photo: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    sort_number: Mapped[int | None]  # manual order that overrides 姓氏笔画
    # Derived on every write (app.text): searched and sorted in SQL, never typed by a person.
    # Unbounded: a key grows with the name (a 40-character name can need 1,500 characters).
    # The stroke key is an ASCII sort key, compared byte by byte ("C") whatever the server's
    # locale, as SQLite compares it.
    stroke_key: Mapped[str] = mapped_column(
        Text().with_variant(Text(collation="C"), "postgresql"), default="", index=True)
    search_key: Mapped[str] = mapped_column(Text, default="")

    terms: Mapped[list[MemberTerm]] = relationship(
        back_populates="member", cascade="all, delete-orphan", order_by="MemberTerm.term_id"
    )


class MemberTerm(Base):
    """A member's seat in one term: sector, post, and how the seat began and ended."""

    __tablename__ = "member_terms"
    __table_args__ = (UniqueConstraint("member_id", "term_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("terms.id"), index=True)
    sector_id: Mapped[int | None] = mapped_column(ForeignKey("sectors.id"), index=True)
    post: Mapped[CppccPost] = mapped_column(enum_column(CppccPost), default=CppccPost.MEMBER)
    is_standing: Mapped[bool] = mapped_column(default=False)
    standing_since: Mapped[dt.date | None]
    origin: Mapped[TermOrigin] = mapped_column(
        enum_column(TermOrigin), default=TermOrigin.ELECTION
    )
    joined_on: Mapped[dt.date | None]
    left_on: Mapped[dt.date | None]
    left_reason: Mapped[LeftReason | None] = mapped_column(enum_column(LeftReason))
    left_note: Mapped[str] = mapped_column(default="")

    member: Mapped[Member] = relationship(back_populates="terms")

    def active_on(self, day: dt.date) -> bool:
        started = self.joined_on is None or self.joined_on <= day
        return started and (self.left_on is None or self.left_on > day)
