"""Schema management. PLACEHOLDER until the Alembic revision lands: creates the tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.models import Base

if TYPE_CHECKING:
    from app.db.engine import Database


def ensure_schema(db: Database) -> None:
    Base.metadata.create_all(db.engine)
