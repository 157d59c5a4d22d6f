"""Whether a database is already at the head revision, without importing Alembic.

Alembic takes most of a second to import on a modest PC, and nearly every start finds the
schema current. The revision files are read as text (``revision = "…"``, ``down_revision =
…``); when exactly one head is found and the database is stamped with it, there is nothing to
migrate. Anything else (a new or older database, several heads, an unreadable file) answers
"not known to be current", and ``migrate.ensure_schema`` decides with Alembic as before.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from app.db.engine import Database

DEFAULT_DIR = Path(__file__).resolve().parent / "migrations"
_ASSIGN = r"^{name}\s*(?::[^=\n]*)?=\s*(.+)$"
_QUOTED = re.compile(r"""["']([^"']+)["']""")


def migrations_dir() -> Path:
    """Alembic's script location: ``migrate.MIGRATIONS_DIR`` once that module is loaded (tests
    point it at a copy), the package's folder before."""
    migrate = sys.modules.get("app.db.migrate")
    return Path(getattr(migrate, "MIGRATIONS_DIR", DEFAULT_DIR))


def _value(source: str, name: str) -> str | None:
    match = re.search(_ASSIGN.format(name=name), source, re.MULTILINE)
    return match.group(1).strip() if match else None


def head_from_files(folder: Path | None = None) -> str | None:
    """The single head revision named in the revision files; None when unsure."""
    revisions: set[str] = set()
    parents: set[str] = set()
    try:
        files = sorted((folder or migrations_dir()).joinpath("versions").glob("*.py"))
        for path in files:
            source = path.read_text(encoding="utf-8")
            revision, down = _value(source, "revision"), _value(source, "down_revision")
            found = _QUOTED.fullmatch(revision or "")
            if found is None or down is None:
                return None
            revisions.add(found.group(1))
            parents.update(_QUOTED.findall(down))
    except (OSError, UnicodeDecodeError):
        return None
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def known_current(db: Database) -> bool:
    """True when the database is stamped with the single head revision (nothing to do)."""
    head = head_from_files()
    if head is None:
        return False
    try:
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:  # no version table (a new database) or cannot read: the full path
        return False
    return [r[0] for r in rows] == [head]
