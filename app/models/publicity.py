"""文史 publications and media reports about the committee's work (DESIGN §2)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, Record, enum_column
from app.domain.enums import MediaLevel


class Publication(Record, Base):
    """A 文史 book, series or journal issue the committee compiled (《长治文史》 …)."""

    __tablename__ = "publications"
    __table_args__ = (Index("ix_publications_published", "published_on"),)

    title: Mapped[str] = mapped_column(String(200))
    volumes: Mapped[int | None]  # 册
    words: Mapped[Decimal | None] = mapped_column(Numeric(10, 1))  # 万字
    published_on: Mapped[dt.date]
    editor_unit: Mapped[str] = mapped_column(String(200), default="")  # 编印单位
    notes: Mapped[str] = mapped_column(Text, default="")


class MediaReport(Record, Base):
    """A report about the committee's or its members' work in a newspaper, broadcast or site."""

    __tablename__ = "media_reports"
    __table_args__ = (Index("ix_media_reports_reported", "reported_on"),)

    title: Mapped[str] = mapped_column(String(300))
    outlet: Mapped[str] = mapped_column(String(100))  # 《人民政协报》
    level: Mapped[MediaLevel] = mapped_column(enum_column(MediaLevel))
    reported_on: Mapped[dt.date]
    link: Mapped[str] = mapped_column(String(500), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
