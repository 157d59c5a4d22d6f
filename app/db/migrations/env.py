"""Alembic environment, run by ``app.db.migrate`` (there is no alembic.ini).

The caller passes an open connection in ``config.attributes["connection"]`` and owns its
transaction. A developer may instead set the main option ``sqlalchemy.url``; offline mode
(``--sql``) renders the SQL for a DBA to run on a PostgreSQL server by hand.
"""

from __future__ import annotations

from typing import Any, Literal

import sqlalchemy as sa
from alembic import context
from alembic.autogenerate.api import AutogenContext
from alembic.operations import ops

from app.models import Base

config = context.config
target_metadata = Base.metadata


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Render enum columns as plain ``sa.String(32)``.

    The models store a LabeledEnum as its code in a VARCHAR(32) without a CHECK constraint,
    so a migration must not copy today's list of values: adding a value to an enum is not a
    schema change.
    """
    if type_ == "type" and isinstance(obj, sa.Enum) and not obj.native_enum:
        return f"sa.String(length={obj.length})"
    return False


def process_revision_directives(context_: Any, revision: Any, directives: list[Any]) -> None:
    """Write no file when autogenerate finds nothing to do."""
    if config.attributes.get("skip_empty") and directives:
        script = directives[0]
        if isinstance(script, ops.MigrationScript) and all(
            ups.is_empty() for ups in script.upgrade_ops_list
        ):
            directives[:] = []


def _configure(**kwargs: Any) -> None:
    context.configure(
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things: copy-and-move (TECH_NOTES §5)
        compare_type=True,
        render_item=render_item,
        process_revision_directives=process_revision_directives,
        **kwargs,
    )


def run_migrations_offline() -> None:
    _configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("env.py needs config.attributes['connection'] or sqlalchemy.url")
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as own_connection:
            _configure(connection=own_connection)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
