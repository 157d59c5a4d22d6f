"""Declarative base, constraint naming convention and the mixins every table shares."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import Enum as SAEnum
from sqlalchemy import MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from app.domain.enums import LabeledEnum

# Named constraints let Alembic's SQLite batch mode drop and recreate them (TECH_NOTES §5).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def now() -> dt.datetime:
    """Local wall-clock time without tzinfo: every client of one database sits in one office."""
    return dt.datetime.now().replace(microsecond=0)


def enum_column(enum: type[LabeledEnum]) -> SAEnum:
    """Store a LabeledEnum as its short English code in a VARCHAR (no native DB enum)."""
    return SAEnum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {str: String(200)}


class Timestamped:
    created_at: Mapped[dt.datetime] = mapped_column(default=now)
    updated_at: Mapped[dt.datetime] = mapped_column(default=now, onupdate=now)


class Versioned:
    """Optimistic locking: a stale update raises ``StaleDataError`` (TECH_NOTES §5)."""

    version: Mapped[int] = mapped_column(default=1)
    __table__: ClassVar[Any]

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - SQLAlchemy passes the class
        return {"version_id_col": cls.__table__.c.version}


class SoftDelete:
    """Records referenced elsewhere are moved to the recycle bin, never cascaded away."""

    deleted_at: Mapped[dt.datetime | None] = mapped_column(default=None, index=True)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Record(Timestamped, Versioned, SoftDelete):
    """The mixins of an editable top-level record."""

    id: Mapped[int] = mapped_column(primary_key=True)
