"""No window or dialog larger than the screen it opens on.

A 1366×768 laptop leaves about 1366×728 for windows (the taskbar takes the rest); 1920×1080
at 150% leaves about 1280×690 logical pixels. The main window opens at its preferred size
only where that fits, and every top-level dialog is shrunk (and moved) into the available
area when it is shown — one application-wide event filter, so no dialog can be forgotten.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QWidget

FRAME = QSize(16, 40)  # a typical title bar and border, before the window has its frame


def available_area(widget: QWidget | None = None) -> QRect:
    """The part of the widget's screen (or the primary screen) not taken by the taskbar."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def _frame(widget: QWidget) -> QSize:
    frame = widget.frameGeometry().size() - widget.geometry().size()
    return frame if frame.width() > 0 or frame.height() > 0 else FRAME


def fitted_size(wanted: QSize, area: QRect, frame: QSize = FRAME) -> QSize:
    """``wanted`` shrunk so that it, with its frame, fits in ``area``."""
    return QSize(min(wanted.width(), area.width() - frame.width()),
                 min(wanted.height(), area.height() - frame.height()))


def fit_to_screen(widget: QWidget, area: QRect | None = None) -> None:
    """Shrink and move ``widget`` (a top-level window) into ``area`` (default: its screen's
    available area); a window that fits is left as it is."""
    area = area or available_area(widget)
    frame = _frame(widget)
    size = fitted_size(widget.size(), area, frame)
    size = size.expandedTo(QSize(min(widget.minimumWidth(), size.width()),
                                 min(widget.minimumHeight(), size.height())))
    if size != widget.size():
        widget.resize(size)
    pos = widget.pos()
    x = min(max(pos.x(), area.left()), area.right() + 1 - size.width() - frame.width())
    y = min(max(pos.y(), area.top()), area.bottom() + 1 - size.height() - frame.height())
    if (x, y) != (pos.x(), pos.y()):
        widget.move(max(x, area.left()), max(y, area.top()))


class ScreenFit(QObject):
    """Fits every dialog and main window to the screen as it is shown."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (event.type() == QEvent.Type.Show and isinstance(watched, QDialog | QMainWindow)
                and watched.isWindow()):
            fit_to_screen(watched)
        return False


def install_screen_fit() -> None:
    """Once per application (the main window calls it)."""
    app = QApplication.instance()
    if app is None or app.property("zxlzScreenFit"):
        return
    fitter = ScreenFit(app)
    app.installEventFilter(fitter)
    app.setProperty("zxlzScreenFit", True)
