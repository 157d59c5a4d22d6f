"""Opening a database for work: connect, bring the schema to the head revision (with a backup
first), seed the reference lists of a new database, refresh the planner's statistics.

It lives above the database layer because seeding writes through the services; ``app.db``
only connects (``connect_database``) and migrates (``ensure_schema``).
"""

from __future__ import annotations

import os

from app.db.engine import Database, connect_database
from app.db.schema_head import known_current
from app.services.start_reads import is_seeded

__all__ = ["open_database"]


def open_database(
    path_or_url: str | os.PathLike[str] | None = None,
    *,
    migrate: bool = True,
    seed: bool = True,
) -> Database:
    """Open (creating if needed) a database, bring its schema to the head revision with a
    backup first, and seed the reference lists of a new database."""
    db = connect_database(path_or_url)
    if migrate and not known_current(db):  # the usual start: current, Alembic not imported
        from app.db.migrate import ensure_schema

        ensure_schema(db)
    if seed and not is_seeded(db):  # the usual start: seeded, the models not imported yet
        from app.services.seed import ensure_reference_data

        ensure_reference_data(db)
    if migrate:
        db.refresh_statistics()
    return db
