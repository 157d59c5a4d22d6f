"""Progress and 取消 of the long file steps of backup, copy and restore.

The client runs 立即备份, 复制到… and 从备份恢复 off the GUI thread with a progress dialog
(``ui.framework.background``): each step says what it does (``step``), checks whether the
clerk pressed 取消 and stops there, and a SQLite check in progress (``integrity_check`` takes
seconds on a city-sized file) is interrupted through the connection's progress handler
(``guard``). A stopped step raises :class:`BackupCancelledError`; its callers delete the
temporary files they made, so a cancelled operation leaves nothing behind.

The last step of a restore — putting the restored file in place — cannot stop halfway:
``final`` reports it with a *negative* fraction, the convention by which the progress dialog
greys out 取消, and cancelling is ignored from then on.

The CLI and the start-up checks pass no watch (``NO_WATCH``): nothing is reported and the
copies are made in one step, as before.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from app.errors import AppError

Report = Callable[[str, float], None]

CANCELLED = "已取消，没有留下任何文件。"
CHECK_EVERY = 20000  # SQLite virtual-machine steps between two looks at 取消 (a few ms)


class BackupCancelledError(AppError):
    """The clerk pressed 取消; nothing was changed and no file was left behind."""

    def __init__(self, message: str = CANCELLED) -> None:
        super().__init__(message)


def _quiet(_message: str, _fraction: float) -> None:
    return None


def _never() -> bool:
    return False


class Watch:
    """What a long step reports to (``report(message, fraction)``) and asks whether to stop
    (``should_cancel()``); both are called on the worker thread."""

    def __init__(self, report: Report | None = None,
                 should_cancel: Callable[[], bool] | None = None) -> None:
        self.report = report or _quiet
        self.should_cancel = should_cancel or _never
        self.final_reached = False

    @property
    def active(self) -> bool:
        """Whether anyone watches (else copies are made in one step, as without a watch)."""
        return self.report is not _quiet or self.should_cancel is not _never

    def cancelled(self) -> bool:
        return not self.final_reached and bool(self.should_cancel())

    def check(self) -> None:
        """Stop here (``BackupCancelledError``) if the clerk pressed 取消."""
        if self.cancelled():
            raise BackupCancelledError

    def step(self, message: str, fraction: float) -> None:
        """A new step begins: stop if asked, else say what it does."""
        self.check()
        self.report(message, fraction)

    def final(self, message: str, fraction: float) -> None:
        """The step that cannot stop halfway begins: one last look at 取消, then reported
        with a negative fraction (the dialog greys out 取消) and cancelling is ignored."""
        self.check()
        self.final_reached = True
        self.report(message, -fraction)

    def part(self, start: float, end: float) -> Watch:
        """The watch of a sub-step whose own fractions 0…1 are ``start``…``end`` of this one."""
        if not self.active:
            return self

        def report(message: str, fraction: float) -> None:
            self.report(message, start + (end - start) * fraction)

        return Watch(report, self.cancelled)

    def guard(self, con: sqlite3.Connection) -> None:
        """Let 取消 interrupt what ``con`` is running (``sqlite3.OperationalError``
        "interrupted", which ``raise_if_cancelled`` turns into ``BackupCancelledError``)."""
        if self.active:
            con.set_progress_handler(lambda: 1 if self.cancelled() else 0, CHECK_EVERY)

    def raise_if_cancelled(self, exc: BaseException) -> None:
        """After a SQLite error: was it our interruption? Then say cancelled instead."""
        if isinstance(exc, sqlite3.OperationalError) and self.cancelled():
            raise BackupCancelledError from exc


NO_WATCH = Watch()
