"""Changes made by other clerks (other processes on the same database — PostgreSQL, or a second
program on one SQLite file) reach this process's pages.

Every write appends an operation-log entry in its own transaction, so the log doubles as a
change feed: ``RemoteChanges.poll()`` reads the entries after the last one seen and returns, as
``Changes``, those this process did not write itself. Entries commit in id order (the chain's
lock, ``audit_chain.append``), so reading ``id > last`` never skips one. The client polls every
few seconds; one indexed query per poll.
"""

from __future__ import annotations

from sqlalchemy import func, select

from app.db.engine import Database
from app.models import AuditEntry
from app.services import audit_chain
from app.services.context import Changes

# Writes recorded under a child table also concern the record they belong to.
_PARENTS = {"participations": "events", "outcomes": "events", "member_terms": "members",
            "unit_memberships": "units", "proposal_assignments": "proposals",
            "supervision_records": "proposals", "opinion_forwards": "opinion_reports"}
_BATCH = 5000


class RemoteChanges:
    def __init__(self, db: Database, *, after: int | None = None) -> None:
        """Follows the entries after ``after`` (the client reads it at its start, before the
        models load: ``start_reads.last_audit_id``); by default after the newest one now."""
        self.db = db
        if after is not None:
            self.last_id = after
            return
        with db.reader() as session:
            self.last_id = session.scalar(select(func.max(AuditEntry.id))) or 0

    def poll(self) -> Changes:
        """What others changed since the last poll (empty when nothing)."""
        with self.db.reader() as session:
            rows = session.execute(
                select(AuditEntry.id, AuditEntry.entity, AuditEntry.entity_id)
                .where(AuditEntry.id > self.last_id).order_by(AuditEntry.id).limit(_BATCH)
            ).all()
            own = {entry_id for entry_id, _e, _i in rows if audit_chain.is_own(session, entry_id)}
            if not rows:  # a restored backup has a shorter log: follow it from its end
                newest = session.scalar(select(func.max(AuditEntry.id))) or 0
                if newest < self.last_id:
                    self.last_id = newest
        changes = Changes()
        for entry_id, entity, entity_id in rows:
            self.last_id = entry_id
            if entry_id in own:
                continue
            ids = [entity_id] if entity_id is not None else []
            changes.add(entity, *ids)
            if entity in _PARENTS:
                changes.add(_PARENTS[entity])
        return changes
