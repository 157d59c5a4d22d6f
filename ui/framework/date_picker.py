"""A calendar on every date field: the field stays a text box (typing 2024-04-23 still works,
and so does pasting), with a calendar button at its right end and Alt+↓ to open it."""

from __future__ import annotations

from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtWidgets import QCalendarWidget, QLineEdit

from app.services.validation import InvalidValueError, parse_date
from ui.theme import colour

TOOLTIP = "选择日期（Alt+↓ 打开日历）"


def _icon() -> QIcon:
    """A small calendar drawn here, so it looks the same in every theme and font."""
    pix = QPixmap(16, 16)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    ink, accent = QColor(colour("muted")), QColor(colour("error"))
    p.setPen(ink)
    p.drawRect(1, 2, 13, 12)
    p.fillRect(2, 3, 12, 3, accent)
    for x in (4, 7, 10):
        for y in (8, 11):
            p.fillRect(x, y, 2, 2, ink)
    p.end()
    return QIcon(pix)


def add_calendar(edit: QLineEdit) -> None:
    """Give ``edit`` a calendar button and the Alt+↓ shortcut; the chosen day is written as
    ``yyyy-MM-dd`` into the box (the form's validation reads it as any typed date)."""
    action = edit.addAction(_icon(), QLineEdit.ActionPosition.TrailingPosition)
    action.setToolTip(TOOLTIP)
    action.setObjectName("calendarButton")
    action.triggered.connect(lambda: open_calendar(edit))
    shortcut = QShortcut(QKeySequence("Alt+Down"), edit)
    shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
    shortcut.activated.connect(lambda: open_calendar(edit))
    edit.setToolTip(TOOLTIP)


def open_calendar(edit: QLineEdit) -> QCalendarWidget:
    """Show the calendar under the field, on the day typed there (or today), kept on screen."""
    calendar = QCalendarWidget(edit)
    calendar.setObjectName("datePopup")
    calendar.setWindowFlags(Qt.WindowType.Popup)
    calendar.setGridVisible(True)
    calendar.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    try:
        day = parse_date(edit.text().strip()) if edit.text().strip() else None
    except InvalidValueError:
        day = None
    if day is not None:
        calendar.setSelectedDate(QDate(day.year, day.month, day.day))

    def chosen(date: QDate) -> None:
        edit.setText(date.toString("yyyy-MM-dd"))
        calendar.close()
        edit.setFocus(Qt.FocusReason.PopupFocusReason)

    calendar.activated.connect(chosen)
    calendar.clicked.connect(chosen)
    calendar.adjustSize()
    at = edit.mapToGlobal(QPoint(0, edit.height()))
    screen = QGuiApplication.screenAt(at) or QGuiApplication.primaryScreen()
    if screen is not None:
        area = screen.availableGeometry()
        size = calendar.sizeHint()
        x = min(max(at.x(), area.left()), area.right() - size.width())
        y = at.y() if at.y() + size.height() <= area.bottom() else (
            edit.mapToGlobal(QPoint(0, 0)).y() - size.height())
        at = QPoint(x, max(y, area.top()))
    calendar.move(at)
    calendar.show()
    calendar.setFocus(Qt.FocusReason.PopupFocusReason)
    edit.calendar = calendar  # type: ignore[attr-defined]  # for tests and for Esc
    return calendar
