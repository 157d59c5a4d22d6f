"""Background work of which only the newest result counts (the 首页's numbers, Ctrl+K search).

``LatestLoader.request(work)`` runs ``work(stale)`` on one worker thread and returns at once;
``loaded`` (or ``failed``) fires on the GUI thread for the newest request only: a result that
a newer request overtook is dropped, and ``stale()`` lets long work stop between its steps
(raise :class:`StaleError`). Widgets never touch sessions: the work calls the core.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QRunnable, QThreadPool, QTimer, Signal


class StaleError(Exception):
    """The request was overtaken by a newer one; its work is abandoned."""


class _Relay(QObject):
    """Carries a job's outcome from the worker thread to the GUI thread (queued)."""

    finished = Signal(int, object, object)  # request number, result, error


class _Job(QRunnable):
    def __init__(self, number: int, work: Callable[[Callable[[], bool]], Any], relay: _Relay,
                 latest: Callable[[], int]) -> None:
        super().__init__()
        self.number, self.work, self.relay, self.latest = number, work, relay, latest

    def run(self) -> None:
        result: Any = None
        error: BaseException | None = None
        try:
            result = self.work(lambda: self.latest() != self.number)
        except StaleError:
            return
        except BaseException as exc:  # handed to the GUI thread, never lost
            error = exc
        with contextlib.suppress(RuntimeError):  # the page was closed meanwhile: nobody waits
            self.relay.finished.emit(self.number, result, error)


class LatestLoader(QObject):
    """Runs one kind of work in the background; ``loaded`` gets only the newest result."""

    loaded = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        # one thread: a stale job stops at its next step, and charts are never drawn by two
        # threads at once (matplotlib's font cache is shared)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.relay = _Relay(self)
        self.relay.finished.connect(self._finished)
        self.requested = 0
        self.delivered = 0

    @property
    def busy(self) -> bool:
        return self.delivered != self.requested

    def request(self, work: Callable[[Callable[[], bool]], Any]) -> int:
        """Start ``work(stale)`` on the worker thread; returns at once."""
        self.requested += 1
        self.pool.start(_Job(self.requested, work, self.relay, lambda: self.requested))
        return self.requested

    def _finished(self, number: int, result: Any, error: BaseException | None) -> None:
        if number != self.requested:
            return  # overtaken while it ran: the newer request's result follows
        self.delivered = number
        if error is not None:
            self.failed.emit(error)
        else:
            self.loaded.emit(result)

    def wait(self, timeout_ms: int = 30000) -> bool:
        """Spin the event loop until the newest result is delivered (tests, screenshots)."""
        deadline = time.monotonic() + timeout_ms / 1000
        while self.busy and time.monotonic() < deadline:
            # one turn per delivered result: a result for a request made before the newest
            # one (a change broadcast asked again meanwhile) ends a turn but not the wait
            loop = QEventLoop()
            timer = QTimer()
            timer.setSingleShot(True)
            timer.timeout.connect(loop.quit)
            self.loaded.connect(loop.quit)
            self.failed.connect(loop.quit)
            timer.start(max(1, int((deadline - time.monotonic()) * 1000)))
            loop.exec()
            timer.stop()
            self.loaded.disconnect(loop.quit)
            self.failed.disconnect(loop.quit)
        return not self.busy

    def cancel(self) -> None:
        """Drop whatever is asked or running without waiting (the page was left): a running
        job stops at its next ``stale()`` check and its result is never delivered."""
        self.requested += 1
        self.delivered = self.requested
        self.pool.clear()

    def shut_down(self) -> None:
        """Drop queued work and wait for the running job (before the database is closed)."""
        self.requested += 1  # whatever runs is stale now
        self.pool.clear()
        self.pool.waitForDone(10000)
