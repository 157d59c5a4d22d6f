"""Entity name (table name) → ORM class."""

from __future__ import annotations

from functools import cache

from app.db.base import Base


@cache
def _models() -> dict[str, type[Base]]:
    import app.models  # noqa: F401 - registers every mapper

    return {m.class_.__tablename__: m.class_ for m in Base.registry.mappers}


def model_for(entity: str) -> type[Base]:
    return _models()[entity]
