"""The operations layer: service calls with error handling, and change broadcasts as signals."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from contextlib import AbstractContextManager
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

from app.db.engine import Database
from app.errors import AppError, ValidationError
from app.services.context import Actor, Changes, initiated_by, subscribe
from app.services.start_reads import last_audit_id
from ui.dialogs import Dialogs

if TYPE_CHECKING:  # it imports the models: made with the first poll (issue 15)
    from app.services.remote_changes import RemoteChanges

log = logging.getLogger(__name__)
T = TypeVar("T")
REMOTE_POLL_MS = 3000
#: the event that hands a write's ``Changes`` to the GUI thread (``Operations._relay``)
RELAYED = QEvent.Type(QEvent.registerEventType())


class Operations(QObject):
    """What pages use to act: ``call`` runs a service call and reports failures in Chinese;
    ``changed`` fires (on the GUI thread) after every committed write anywhere, with the
    ``Changes``' ``initiator`` set to the page that wrote (``initiated_by``), if one did."""

    changed = Signal(object)  # Changes

    def __init__(self, db: Database, actor: Actor, dialogs: Dialogs) -> None:
        super().__init__()
        self.db = db
        self.actor = actor
        self.dialogs = dialogs
        self._pending: deque[Changes] = deque()
        self._unsubscribe = subscribe(self._relay)
        # Other clerks' writes (another program on this database) refresh the pages too:
        # those after the newest log entry now (``remote``, made with the first poll).
        self.remote_from = last_audit_id(db)
        self.remote_timer = QTimer(self)
        self.remote_timer.timeout.connect(self.poll_remote)
        self.remote_timer.start(REMOTE_POLL_MS)

    @cached_property
    def remote(self) -> RemoteChanges:
        from app.services.remote_changes import RemoteChanges

        return RemoteChanges(self.db, after=self.remote_from)

    def poll_remote(self) -> Changes:
        """Announce what other processes changed since the last poll."""
        try:
            changes = self.remote.poll()
        except Exception:  # a lost connection must not break the window; try again later
            log.warning("polling for other clerks' changes failed", exc_info=True)
            return Changes()
        if changes:
            from ui.framework.options import forget_choices

            forget_choices(changes)  # another clerk may have added a department …
            self.changed.emit(changes)
        return changes

    def _relay(self, changes: Changes) -> None:
        """May come from a worker thread: ``changed`` is emitted on the GUI thread once the
        current event is done, in order — a posted event, what a queued connection is, without
        ``Qt.ConnectionType``: PySide makes the ``Qt`` namespace's ~100 enums on its first
        import (~16 ms of CPU), which the window paints signed in without (issue 15)."""
        self._pending.append(changes)
        QCoreApplication.postEvent(self, QEvent(RELAYED))

    def event(self, event: QEvent) -> bool:
        if event.type() == RELAYED:
            self.changed.emit(self._pending.popleft())
            return True
        return super().event(event)

    def call(self, title: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Run ``fn``; on a known failure show the Chinese message and return None.

        ``ValidationError`` is re-raised: editors show its problems at the fields.
        """
        try:
            return fn(*args, **kwargs)
        except ValidationError:
            raise
        except AppError as exc:
            self.dialogs.warning(title, str(exc))
            return None

    @staticmethod
    def initiated_by(initiator: object) -> AbstractContextManager[None]:
        """Writes inside the block are broadcast as ``initiator``'s: a page that shows their
        result itself (it reloads after its save) skips its own broadcast, so it loads once."""
        return initiated_by(initiator)

    def close(self) -> None:
        self.remote_timer.stop()
        self._unsubscribe()
