"""Python's cycle collector runs on the GUI thread only.

CPython collects cycles in whichever thread happens to allocate. When a collection in a worker
thread (the 首页's loader drawing charts, the Ctrl+K search, a report or an import running in
the background) frees a QObject that belongs to the GUI thread, the QObject's destructor takes
Qt's connection lock and then waits for the GIL — while the GUI thread holds the GIL and waits
for that same lock in ``QObject::connect``: the program hangs (seen on the 首页, Qt 6.9). As
Anki's aqt does, automatic collection is switched off once the client starts and the GUI thread
collects on a timer, by the same generation thresholds CPython would use — except that while
a report or an import runs (``app.gc_pause.in_burst``) a full collection waits for its end.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from app.gc_pause import in_burst

INTERVAL_MS = 500


def due_generation() -> int | None:
    """The oldest generation whose allocation count passed its threshold (CPython's own rule),
    or None when nothing is due."""
    counts = gc.get_count()
    thresholds = gc.get_threshold()
    for generation in (2, 1, 0):
        if thresholds[generation] and counts[generation] > thresholds[generation]:
            return generation
    return None


def collect_if_due() -> int | None:
    """Collect the generation that is due, on the calling (GUI) thread; which one it was.
    During a burst (``in_burst``) generation 2 waits: the burst's objects all live until it
    ends, so walking them frees nothing; generation 1 is collected in its place."""
    generation = due_generation()
    if generation == 2 and in_burst():
        generation = 1
    if generation is not None:
        gc.collect(generation)
    return generation


class Collector(QObject):
    """Owns the timer; lives as long as the application."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(collect_if_due)
        self.timer.start()


def install_collector() -> None:
    """Once per application (the main window calls it): no more collections in worker threads."""
    app = QCoreApplication.instance()
    if app is None or app.property("zxlzCollector"):
        return
    gc.disable()
    Collector(app)
    app.setProperty("zxlzCollector", True)
