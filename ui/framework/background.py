"""Long work off the GUI thread, with a progress dialog that can cancel it.

The dialog stays up until the work has really ended: 取消 (or Esc, or closing the dialog)
asks the work to stop and shows 正在取消 meanwhile, so the window never becomes usable
while a file is still being written. A progress report with a *negative* fraction means
the step that follows cannot be stopped (the last step of a restore): 取消 greys out.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

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


CANCELLING = "正在取消……"
NO_CANCEL = "不能取消"


class ProgressDialog(QProgressDialog):
    """A progress dialog that stays up while the work runs: 取消, Esc and closing it only
    ask the work to stop (``canceled``); ``finish`` closes it."""

    def __init__(self, title: str, parent: QWidget) -> None:
        super().__init__(title, "取消", 0, 100, parent)
        self.setObjectName("progressDialog")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(300)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.canceled.disconnect(self.cancel)  # Qt's own would hide the dialog at once
        self.finished_work = False
        self.cancellable = True
        self.canceled.connect(self._asked)

    @property
    def cancel_button(self) -> QPushButton | None:
        return self.findChild(QPushButton)

    def _asked(self) -> None:
        if self.cancellable:
            self.setLabelText(CANCELLING)

    def no_cancel(self) -> None:
        """From here the work cannot stop: 取消 greys out and says so."""
        self.cancellable = False
        button = self.cancel_button
        if button is not None:
            button.setEnabled(False)
            button.setText(NO_CANCEL)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.finished_work:
            super().closeEvent(event)
            return
        event.ignore()  # the window's ✕ while the work runs: a request to cancel
        self.canceled.emit()

    def reject(self) -> None:
        """Esc while the work runs: a request to cancel, the dialog stays up."""
        if self.finished_work:
            super().reject()
            return
        self.canceled.emit()

    def finish(self) -> None:
        self.finished_work = True
        self.close()


def run_with_progress(parent: QWidget, title: str, work: Work) -> Any:
    """Run ``work`` in a thread while a progress dialog shows its messages; returns its result.

    The GUI stays responsive; 取消 asks ``work`` to stop (it checks ``should_cancel``), the
    dialog staying up until it has. A report with a negative fraction greys out 取消 (the
    step that follows cannot stop). An exception raised by ``work`` is raised here, on the
    GUI thread.
    """
    dialog = ProgressDialog(title, parent)
    worker = Worker(work)
    loop = QEventLoop()

    def on_progress(message: str, fraction: float) -> None:
        if fraction < 0:
            dialog.no_cancel()
        dialog.setLabelText(message)
        dialog.setValue(int(abs(fraction) * 100))

    worker.progressed.connect(on_progress)
    dialog.canceled.connect(lambda: worker.cancel() if dialog.cancellable else None)
    # finished comes from the worker thread: queued, so a quit posted before exec() still ends it
    worker.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    worker.start()
    # Shown after a moment even when the work reports no progress for a while (quick work
    # finishes without a flash); setValue alone would only show it at the next report.
    QTimer.singleShot(300, lambda: dialog.show() if worker.isRunning() else None)
    if not worker.isFinished():
        loop.exec()
    worker.wait()
    dialog.finish()
    dialog.deleteLater()
    if worker.error is not None:
        raise worker.error
    return worker.result

