"""A month calendar of meetings or activities: days with events in bold, a day's list below."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtGui import QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.crud import ListQuery
from app.services.events import EventService
from app.text.numerals import cn_date

ID_ROLE = 256


class EventCalendar(QDialog):
    """Pick a day to see its events; double-click (or 定位) selects one in the page."""

    def __init__(self, service: EventService, families: list[Any], title: str,
                 start: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventCalendar")
        self.setWindowTitle(f"{title}日历")
        self.service = service
        self.families = families
        self.chosen: int | None = None
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.setSelectedDate(QDate(start.year, start.month, start.day))
        self.calendar.currentPageChanged.connect(lambda y, m: self.load_month(y, m))
        self.calendar.selectionChanged.connect(self.show_day)
        self.day = QListWidget()
        self.day.setObjectName("dayEvents")
        self.day.itemDoubleClicked.connect(self._choose)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("定位到所选")
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.accepted.connect(lambda: self._choose(self.day.currentItem()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.calendar)
        layout.addWidget(self.day)
        layout.addWidget(buttons)
        self.resize(520, 560)
        self.by_day: dict[dt.date, list[Any]] = defaultdict(list)
        self.load_month(start.year, start.month)
        self.show_day()

    def load_month(self, year: int, month: int) -> None:
        first = dt.date(year, month, 1)
        last = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
        ids = self.service.ids(ListQuery(filters={"families": self.families,
                                                  "date_from": first, "date_to": last}))
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())  # clear old marks
        self.by_day = defaultdict(list)
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        bold.setForeground(self.palette().link())
        for event in self.service.fetch(ids):
            self.by_day[event.start_on].append(event)
            self.calendar.setDateTextFormat(
                QDate(event.start_on.year, event.start_on.month, event.start_on.day), bold)

    def show_day(self) -> None:
        q = self.calendar.selectedDate()
        day = dt.date(q.year(), q.month(), q.day())
        self.day.clear()
        for event in self.by_day.get(day, []):
            item = QListWidgetItem(f"{event.title}（{event.kind.name}）")
            item.setData(ID_ROLE, event.id)
            self.day.addItem(item)
        if not self.by_day.get(day):
            self.day.addItem(f"{cn_date(day)}没有记录。加粗的日期有会议或活动。")

    def _choose(self, item: QListWidgetItem | None) -> None:
        if item is not None and item.data(ID_ROLE):
            self.chosen = item.data(ID_ROLE)
            self.accept()
