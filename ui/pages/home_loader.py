"""The 首页's figures, charts and to-do list, computed off the GUI thread.

Changing the year used to freeze the window while a year's figures, the member composition and
five charts were computed (~0.8 s on a county database). ``HomeLoader`` runs ``load_home`` on
a worker thread instead; every request gets a number, and only the newest request's result is
handed back (a result for a year the clerk has already left is dropped, and a stale job stops
between its steps). The worker only calls the core (figures registry, composition, charts,
the to-do service); the widgets are built from its result on the GUI thread.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtGui import QImage

from app.db.engine import Database
from app.reports.composition import Composition, member_composition
from app.reports.figures import Figure, FigureValue, compute, figures
from app.reports.period import Period
from app.reports.todo import TodoList, todo_list

GROUPS = ("委员", "会议活动", "提案", "社情民意")
CHARTS = ("界别", "党派", "性别", "年龄", "学历")
CHART_WIDTH = 4.0  # inches at 100 dpi: two charts beside the to-do list fit 1366×768
MAX_BARS = 12  # at the top of the page: the largest 11 and 其他 (the 界别 has ~25)


class StaleError(Exception):
    """The request was overtaken by a newer one; its work is abandoned."""


@dataclass(frozen=True)
class HomeData:
    year: int
    defs: list[Figure]
    values: dict[str, FigureValue]
    composition: Composition
    charts: list[tuple[str, QImage]]  # (dimension, chart decoded off the GUI thread)
    todo: TodoList


def load_home(db: Database, year: int, ratio: float, today: dt.date | None = None,
              stale: Callable[[], bool] = lambda: False) -> HomeData:
    """Everything the 首页 shows for ``year`` (charts drawn at the screen's pixel ``ratio``)."""
    from app.reports.charts import bar_chart

    today = today or dt.date.today()
    period = Period.year(year)
    defs = [f for f in figures() if f.group in GROUPS]
    values = compute(db, [f.key for f in defs], period)
    if stale():
        raise StaleError
    todo = todo_list(db, today)
    if stale():
        raise StaleError
    comp = member_composition(db, min(period.end, today))
    charts = []
    for name in CHARTS if comp.total else ():
        if stale():
            raise StaleError
        data = comp.by[name]
        height = max(2.4, 0.26 * min(len(data), MAX_BARS) + 0.8)
        png = bar_chart(f"按{name}", data, width=CHART_WIDTH, height=height,
                        max_bars=MAX_BARS, scale=ratio)
        charts.append((name, QImage.fromData(png)))  # QImage, unlike QPixmap, may be
        # made on any thread
    return HomeData(year, defs, values, comp, charts, todo)


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


class HomeLoader(QObject):
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
        if not self.busy:
            return True
        loop = QEventLoop()
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        self.loaded.connect(loop.quit)
        self.failed.connect(loop.quit)
        timer.start(timeout_ms)
        loop.exec()
        timer.stop()
        self.loaded.disconnect(loop.quit)
        self.failed.disconnect(loop.quit)
        return not self.busy

    def shut_down(self) -> None:
        """Drop queued work and wait for the running job (before the database is closed)."""
        self.requested += 1  # whatever runs is stale now
        self.pool.clear()
        self.pool.waitForDone(10000)
