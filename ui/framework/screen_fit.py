"""No window or dialog larger than the screen it opens on.

A 1366×768 laptop leaves about 1366×728 for windows (the taskbar takes the rest); 1920×1080
at 150% leaves about 1280×690 logical pixels. The main window opens at its preferred size
only where that fits, and every top-level dialog is shrunk (and moved) into the available
area when it is shown.

Where: ``Dialogs`` runs every dialog of the client (its own message boxes, file dialogs and
``exec``), and fits it — and any dialog opened from inside it — while it runs
(``fitting_dialogs``); the main window fits itself each time it is shown (``fit_when_shown``).
An application-wide event filter standing there all the time would put a Python call on each
of the thousand-odd events of building a record page (about half of the CPU of opening one,
issue 15), so the one application-wide filter is installed only for the life of a modal
dialog, when the clerk is reading it and no page is being built.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

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
    """Fits each dialog and main window it watches to the screen as it is shown."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (event.type() == QEvent.Type.Show and isinstance(watched, QDialog | QMainWindow)
                and watched.isWindow()):
            fit_to_screen(watched)
        return False


_ACTIVE = "zxlzScreenFitDepth"  # application property: modal calls in progress


def _fitter(app: QApplication) -> ScreenFit:
    fitter = app.findChild(ScreenFit, "zxlzScreenFit")
    if fitter is None:
        fitter = ScreenFit(app)
        fitter.setObjectName("zxlzScreenFit")
    return fitter


def fit_when_shown(widget: QWidget) -> None:
    """Fit ``widget`` (a dialog or main window) each time it is shown: a filter on its own
    events only, so building what it contains costs nothing extra."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        widget.installEventFilter(_fitter(app))


def fitting_active() -> bool:
    """True while a ``fitting_dialogs`` block runs (for tests)."""
    app = QApplication.instance()
    return bool(app is not None and app.property(_ACTIVE))


@contextmanager
def fitting_dialogs() -> Iterator[None]:
    """Every dialog shown inside the block fits its screen: the block runs a modal dialog
    (``Dialogs``), and dialogs opened from inside that one are fitted too. Blocks nest."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        yield
        return
    depth = int(app.property(_ACTIVE) or 0)
    fitter = _fitter(app)
    if depth == 0:
        app.installEventFilter(fitter)
    app.setProperty(_ACTIVE, depth + 1)
    try:
        yield
    finally:
        left = int(app.property(_ACTIVE) or 1) - 1
        app.setProperty(_ACTIVE, left)
        if left == 0:
            app.removeEventFilter(fitter)
