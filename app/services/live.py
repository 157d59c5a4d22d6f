"""Changes made by other clerks: found by polling the audit log, so that open pages refresh.

Every write adds its audit entries in its own transaction (``app.services.audit``), so the log
is a change feed that needs no table of its own and works on PostgreSQL and SQLite alike.
``RemoteChanges.poll()`` returns what other programs committed since the last poll, as the
``Changes`` a local write publishes; this program's own entries are left out (they were
announced when they were written).

PostgreSQL hands out ids when a row is inserted, not when it commits: a long transaction can
commit an id lower than one already seen. Ids within ``WINDOW`` of the highest seen are
therefore looked at again on each poll, and each is reported once.
"""

from __future__ import annotations

import logging

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from app.db.engine import Database
from app.models import AuditEntry
from app.services.audit import written_here
from app.services.context import Changes

WINDOW = 1000  # ids below the highest seen that may still commit
log = logging.getLogger(__name__)


class RemoteChanges:
    """What other programs changed in ``db`` since this object was made (or last polled)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        with db.reader() as session:  # everything committed so far is history, not news
            self._top: int = session.scalar(select(func.max(AuditEntry.id))) or 0
            self._seen: set[int] = set(session.scalars(  # ids within WINDOW of the top
                select(AuditEntry.id).where(AuditEntry.id > self._top - WINDOW)))

    def poll(self) -> Changes:
        """The records other programs changed since the last poll (empty if none, and when
        the database cannot be reached: the next poll tries again)."""
        changes = Changes()
        own = written_here(self.db.engine)
        try:
            taken = self._take()
        except SQLAlchemyError:
            log.warning("looking for other clerks' changes failed", exc_info=True)
            return changes
        for entry_id, entity, entity_id in taken:
            if entry_id in own:
                continue
            if entity_id is None:  # an import or another write of many records
                changes.entities.setdefault(entity, set())
            else:
                changes.add(entity, entity_id)
        return changes

    def _take(self) -> list[tuple[int, str, int | None]]:
        """The entries not seen before (oldest first), now marked as seen."""
        with self.db.reader() as session:
            rows = [(int(i), str(e), x) for i, e, x in session.execute(
                select(AuditEntry.id, AuditEntry.entity, AuditEntry.entity_id)
                .where(AuditEntry.id > self._top - WINDOW).order_by(AuditEntry.id))]
        new = [row for row in rows if row[0] not in self._seen]
        if rows:
            self._top = max(self._top, rows[-1][0])
        self._seen = {i for i in self._seen | {row[0] for row in new}
                      if i > self._top - WINDOW}
        return new
