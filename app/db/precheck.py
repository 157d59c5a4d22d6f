"""The quick check of a database file, begun on a thread as soon as the client starts.

``PRAGMA quick_check`` reads the whole file (about 0.4 s for the 90 MB city-decade database,
more on a slow disk). SQLite runs it without the interpreter's lock, so begun before the
client imports SQLAlchemy and its models, it is done by the time the database is opened
and costs the start nothing. Importing this module does not import SQLAlchemy.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from app.db.health import diagnose
from app.db.location import local_sqlite_file


def database_file(path_or_url: str | os.PathLike[str] | None) -> Path | None:
    """The SQLite file that ``--db`` names (None for PostgreSQL and in-memory SQLite);
    raises ``StorageError`` for a network share, as opening would."""
    path = local_sqlite_file(path_or_url)
    if path is None and path_or_url is not None:  # a URL: SQLAlchemy parses it
        from app.db.engine import resolve_url, sqlite_path

        path = sqlite_path(resolve_url(path_or_url))
    return path


def start_damage_check(path_or_url: str | os.PathLike[str] | None) -> Callable[[], str | None]:
    """Begin the quick check of the database file on a thread; the returned function waits
    for its answer (``app.db.health.diagnose``: None when sound, missing or not SQLite).
    Raises ``StorageError`` at once for a network share."""
    path = database_file(path_or_url)
    found: list[str | None] = []
    failed: list[BaseException] = []

    def work() -> None:
        try:
            found.append(diagnose(path) if path is not None and path.exists() else None)
        except BaseException as exc:  # handed to the caller, which raises it as before
            failed.append(exc)

    thread = threading.Thread(target=work, name="database-check", daemon=True)
    thread.start()

    def result() -> str | None:
        thread.join()
        if failed:
            raise failed[0]
        return found[0]

    return result
