"""The child process of the start-up and memory benchmarks (``ui/bench_startup.py``).

``python -m ui.bench_child window DB``: start the client as ``python main.py --db DB`` does
and exit the moment the main window first paints (its frame: title, navigation, 正在打开数据库…,
shown before the database opens); ``ready DB``: the moment it first paints signed in.
``ready-click DB``: click 委员 in the navigation the moment the window is signed in (tests).
``bare``: the same for a bare PySide6 window. ``pages DB``: start the client, visit every
page (each with its first screen of rows) and print the process's peak resident memory in
MB; ``bare-pages``: a bare window's peak. Nothing here is imported by the program itself.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def peak_rss_mb() -> float:
    """The process's peak resident memory (Linux: VmHWM; macOS: getrusage; Windows: the
    peak working set), in MB."""
    if sys.platform == "win32":
        import ctypes
        from ctypes import wintypes

        class Counters(ctypes.Structure):
            _fields_ = [("cb", wintypes.DWORD), ("PageFaultCount", wintypes.DWORD),
                        ("PeakWorkingSetSize", ctypes.c_size_t),
                        ("WorkingSetSize", ctypes.c_size_t),
                        ("QuotaPeakPagedPoolUsage", ctypes.c_size_t),
                        ("QuotaPagedPoolUsage", ctypes.c_size_t),
                        ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t),
                        ("QuotaNonPagedPoolUsage", ctypes.c_size_t),
                        ("PagefileUsage", ctypes.c_size_t),
                        ("PeakPagefileUsage", ctypes.c_size_t)]

        counters = Counters()
        counters.cb = ctypes.sizeof(Counters)
        process = ctypes.windll.kernel32.GetCurrentProcess()  # type: ignore[attr-defined]
        ctypes.windll.psapi.GetProcessMemoryInfo(  # type: ignore[attr-defined]
            process, ctypes.byref(counters), counters.cb)
        return counters.PeakWorkingSetSize / 2**20
    status = "/proc/self/status"  # Linux: VmHWM is this program's own peak; getrusage's
    if os.path.exists(status):  # ru_maxrss keeps the forking parent's peak across exec
        with open(status, encoding="ascii") as lines:
            for line in lines:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes / KB


class OnFirstPaint(QObject):
    """Calls ``then(window)`` when the watched main window first paints; with ``signed_in``,
    when it first paints with the database open and the clerk signed in (``attach``)."""

    def __init__(self, then: Any, name: str, signed_in: bool = False) -> None:
        super().__init__()
        self.then, self.name, self.signed_in, self.done = then, name, signed_in, False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (not self.done and event.type() == QEvent.Type.Paint
                and isinstance(obj, QMainWindow) and obj.objectName() == self.name
                and (not self.signed_in or getattr(obj, "is_attached", False))):
            self.done = True
            self.then(obj)
        return False


def _finish(text: str) -> None:
    # the main thread's and the process's CPU time too: on a loaded machine the wall time
    # mostly measures the other processes, the CPU time what the start itself costs
    print(f"cpu {time.thread_time() * 1000:.1f} {time.process_time() * 1000:.1f}", flush=True)
    print(text, flush=True)
    os._exit(0)  # no teardown: the parent measures up to the first paint


def _visit_pages(window: Any, report: Any = None) -> None:
    from ui.bench_cases import first_screen

    for entry in window.entries:
        page = window.show_page(entry.key)
        QApplication.processEvents()
        if hasattr(page, "reload") and hasattr(page, "model"):
            first_screen(page)
        if hasattr(page, "wait_ready"):  # the 首页: its figures and charts have arrived
            page.wait_ready()
        QApplication.processEvents()
    _finish(report() if report is not None else f"{peak_rss_mb():.1f}")


def _click_a_page(window: Any, key: str = "members") -> None:
    """The clerk's first click, before anything else after the signed-in paint ran: a real
    mouse click on the page's navigation item; prints what it opened (the page's key, its
    rows) and whether the models had loaded before the click."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    models_before = "app.models" in sys.modules
    row = next(i for i, e in enumerate(window.entries) if e.key == key)
    nav = window.nav
    QTest.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(
        nav.item(row)).center())
    QApplication.processEvents()
    page = window.stack.currentWidget()
    shown = next((k for k, p in window.pages.items() if p is page), None)
    rows = page.model.rowCount() if hasattr(page, "model") else -1
    _finish(f"models-before={models_before} page={shown} rows={rows}")


def _loaded() -> str:
    """The loaded modules' names, and ``PySide6.QtCore.Qt`` once PySide has made that
    namespace's ~100 enums (tests/ui/test_startup_imports.py)."""
    import PySide6.QtCore

    made = ["PySide6.QtCore.Qt"] if "Qt" in vars(PySide6.QtCore) else []
    return " ".join(sorted([*sys.modules, *made]))


def _client(db: str, then: Any, signed_in: bool = False) -> None:
    """Start the client as ``main.py --db DB`` does, watching the main window's own events.

    The filter goes on the main window, not on the application: a Python filter on the
    application is called for every event of every object, and PySide then makes a Python
    wrapper of each internal object it is handed, creating the enums of nearly every Qt class
    on the way (~180 of them, 40–55 ms of CPU when the navigation list is built; 2026-12-07,
    branch ready4) — work the program itself never does (it has no application-wide filter)."""
    import ui.app

    make = ui.app.make_application
    watcher = OnFirstPaint(then, "mainWindow", signed_in)

    def make_and_watch() -> QApplication:
        app = make()
        from ui.main_window import MainWindow  # (show_frame imports it next)

        build = MainWindow.__init__

        def build_and_watch(window: MainWindow, *args: Any, **kwargs: Any) -> None:
            build(window, *args, **kwargs)
            window.installEventFilter(watcher)  # before ``show``: its first paint is seen

        MainWindow.__init__ = build_and_watch  # type: ignore[method-assign,assignment]
        return app

    ui.app.make_application = make_and_watch  # type: ignore[assignment]
    sys.argv = ["main.py", "--db", db]
    from main import run

    run()


def _bare(then: Any) -> None:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setObjectName("bare")
    watcher = OnFirstPaint(then, "bare")
    window.installEventFilter(watcher)  # its own events, as for the main window (``_client``)
    window.resize(1280, 760)
    window.show()
    app.exec()


def main(argv: list[str]) -> None:
    what = argv[0]
    if what == "window":  # the main window on screen: its frame, the database opening
        _client(argv[1], lambda _w: _finish("shown"))
    elif what == "ready":  # the main window signed in, its pages ready to open
        _client(argv[1], lambda _w: _finish("shown"), signed_in=True)
    elif what == "ready-click":  # a click on 委员 right after the signed-in paint
        _client(argv[1], lambda w: QTimer.singleShot(0, lambda: _click_a_page(w)), True)
    elif what == "pages":  # after the paint event, not inside it
        _client(argv[1], lambda w: QTimer.singleShot(0, lambda: _visit_pages(w)), True)
    elif what == "modules":  # what the first paint needed (tests/ui/test_startup_imports.py)
        _client(argv[1], lambda _w: _finish(_loaded()))
    elif what == "ready-modules":  # what the window needed to be signed in (the same file)
        _client(argv[1], lambda _w: _finish(_loaded()), signed_in=True)
    elif what == "pages-modules":  # what visiting every page loaded (the same test file)
        _client(argv[1], lambda w: QTimer.singleShot(
            0, lambda: _visit_pages(w, _loaded)), True)
    elif what == "bare":
        _bare(lambda _w: _finish("shown"))
    elif what == "bare-pages":
        _bare(lambda _w: _finish(f"{peak_rss_mb():.1f}"))
    else:
        raise SystemExit(f"unknown: {what}")


if __name__ == "__main__":
    main(sys.argv[1:])
