"""Long work off the GUI thread, with a progress dialog that can cancel it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

Progress = Callable[[str, float], None]
Work = Callable[[Progress, Callable[[], bool]], Any]  # work(progress, should_cancel)


class Worker(QThread):
    progressed = Signal(str, float)

    def __init__(self, work: Work) -> None:
        super().__init__()
        self.work = work
        self.result: Any = None
        self.error: BaseException | None = None
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            self.result = self.work(lambda m, f: self.progressed.emit(m, f), self._cancel.is_set)
        except BaseException as exc:  # handed back to the GUI thread, never lost
            self.error = exc


def run_with_progress(parent: QWidget, title: str, work: Work) -> Any:
    """Run ``work`` in a thread while a progress dialog shows its messages; returns its result.

    The GUI stays responsive; 取消 asks ``work`` to stop (it checks ``should_cancel``).
    An exception raised by ``work`` is raised here, on the GUI thread.
    """
    dialog = QProgressDialog(title, "取消", 0, 100, parent)
    dialog.setObjectName("progressDialog")
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    worker = Worker(work)
    loop = QEventLoop()

    def on_progress(message: str, fraction: float) -> None:
        dialog.setLabelText(message)
        dialog.setValue(int(fraction * 100))

    worker.progressed.connect(on_progress)
    dialog.canceled.connect(worker.cancel)
    dialog.canceled.connect(lambda: dialog.setLabelText("正在取消……"))
    # finished comes from the worker thread: queued, so a quit posted before exec() still ends it
    worker.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    worker.start()
    # Shown after a moment even when the work reports no progress for a while (quick work
    # finishes without a flash); setValue alone would only show it at the next report.
    QTimer.singleShot(300, lambda: dialog.show() if worker.isRunning() else None)
    if not worker.isFinished():
        loop.exec()
    worker.wait()
    dialog.close()
    dialog.deleteLater()
    if worker.error is not None:
        raise worker.error
    return worker.result

