"""首页: member composition charts and today's 待办 at the top, then the year's key figures,
each number leading to its records. Computed off the GUI thread (``home_loader``): changing
the year returns at once, shows 正在统计, and the page fills in when the numbers arrive."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.reports.figures import FigureValue
from app.reports.period import Period
from app.reports.todo import TodoItem
from app.services.context import Changes
from app.text.numerals import cn_date
from ui.charts import chart_colours
from ui.framework.context import PageContext
from ui.framework.loader import LatestLoader
from ui.framework.options import opening_year, year_choices
from ui.pages.home_loader import GROUPS, HomeData, load_home
from ui.pages.home_records import RecordsDialog, show_figure_records, show_records
from ui.pages.home_todo import TodoPanel
from ui.theme import text_style

BUTTONS = "QPushButton { text-align: left; padding: 2px; }"

__all__ = ["DashboardPage", "RecordsDialog", "chart_pixmap", "show_figure_records"]


class DashboardPage(QWidget):
    title = "首页"

    def __init__(self, ctx: PageContext) -> None:
        super().__init__()
        self.setObjectName("page_DashboardPage")
        self.ctx = ctx
        self.year = opening_year(ctx.db)
        self.shown: HomeData | None = None  # what the page shows now
        self.loader = LatestLoader(self)
        self.loader.loaded.connect(self.show_data)
        self.loader.failed.connect(self._failed)
        self.year_box = QComboBox()
        self.year_box.setObjectName("yearBox")
        for text, year in year_choices():
            self.year_box.addItem(text, year)
        self.year_box.setCurrentIndex(max(0, self.year_box.findData(self.year)))
        self.year_box.currentIndexChanged.connect(lambda _i: self.reload())
        self.busy_label = QLabel("正在统计……")
        self.busy_label.setObjectName("busyLabel")
        self.busy_label.setStyleSheet(text_style("hint"))
        heading = QLabel("首页")
        heading.setStyleSheet("font-size: 18px; font-weight: bold;")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.busy_label)
        top.addWidget(QLabel("统计年度："))
        top.addWidget(self.year_box)

        self.composition_title = QLabel()
        self.composition_title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.charts_box = QWidget()
        self.charts_layout = QGridLayout(self.charts_box)
        self.charts_layout.setContentsMargins(0, 0, 0, 0)
        charts = QVBoxLayout()
        charts.addWidget(self.composition_title)
        charts.addWidget(self.charts_box)
        charts.addStretch(1)
        self.todo = TodoPanel(self.open_todo)
        upper = QHBoxLayout()
        upper.addLayout(charts, 1)
        upper.addWidget(self.todo)

        self.figures_title = QLabel()
        self.figures_title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.figures_box = QWidget()
        self.figures_box.setStyleSheet(BUTTONS)  # once here, not parsed again per button
        self.figures_layout = QGridLayout(self.figures_box)
        self.figures_layout.setContentsMargins(0, 0, 0, 0)
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.addLayout(top)
        column.addLayout(upper)
        column.addWidget(self.figures_title)
        hint = QLabel("点击任一数字，可查看它背后的记录。")
        hint.setStyleSheet(text_style("hint"))
        column.addWidget(hint)
        column.addWidget(self.figures_box)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.buttons: dict[str, QPushButton] = {}
        ctx.ops.changed.connect(self._on_changes)
        self.reload()

    # ----- loading -------------------------------------------------------------------
    def _on_changes(self, changes: Changes) -> None:
        """Recount now if shown; otherwise when next shown."""
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if getattr(self, "_stale", False):
            self._stale = False
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        """Ask for the selected year's numbers; returns at once (they arrive in ``show_data``)."""
        year = int(self.year_box.currentData() or self.year)
        db, ratio, colours = self.ctx.db, self.devicePixelRatioF(), chart_colours(self.palette())
        self.busy_label.show()
        self.year_box.setToolTip(f"正在统计{year}年……")
        self.loader.request(lambda stale: load_home(db, year, ratio, stale=stale,
                                                    colours=colours))

    def wait_ready(self, timeout_ms: int = 30000) -> bool:
        """Wait (spinning the event loop) until the newest numbers are shown."""
        return self.loader.wait(timeout_ms)

    def shut_down(self) -> None:
        """The window closes: stop background work before the database goes."""
        self.loader.shut_down()

    def _failed(self, error: BaseException) -> None:
        self.busy_label.hide()

        def fail() -> None:
            raise error

        self.ctx.ops.call("首页", fail)  # a known problem as a message; a bug as the error dialog

    def show_data(self, data: HomeData) -> None:
        """Build the page from a year's numbers (on the GUI thread, when they arrive)."""
        self.shown = data
        self.busy_label.hide()
        self.year_box.setToolTip("")
        self.todo.set_todo(data.todo)
        self._figures(data)
        self._charts(data)

    def _figures(self, data: HomeData) -> None:
        period = Period.year(data.year)
        self.figures_title.setText(f"{data.year}年主要数字")
        _clear(self.figures_layout)
        self.buttons.clear()
        for col, group in enumerate(GROUPS):
            title = (f"委员（{cn_date(min(period.end, dt.date.today()))}在任）" if group == "委员"
                     else f"{group}（{data.year}年）")
            box = QGroupBox(title)
            grid = QVBoxLayout(box)
            for fig in (f for f in data.defs if f.group == group):
                value = data.values[fig.key]
                if group == "会议活动" and fig.key.startswith("events.") and value.value == 0:
                    continue  # families with nothing this year would only add noise
                button = QPushButton(f"{fig.label}　{value.value}{value.unit}")
                button.setObjectName(f"figure_{fig.key}")
                button.setFlat(True)
                button.setToolTip(fig.definition)
                button.clicked.connect(lambda _c=False, v=value: self.show_records(v))
                grid.addWidget(button)
                self.buttons[fig.key] = button
            grid.addStretch(1)
            self.figures_layout.addWidget(box, col // 2, col % 2)

    def _charts(self, data: HomeData) -> None:
        comp = data.composition
        self.composition_title.setText(f"在任委员构成（截至{cn_date(comp.on)}，共{comp.total}人）")
        _clear(self.charts_layout)
        if comp.total == 0:
            self.charts_layout.addWidget(QLabel("还没有在任委员。录入委员及其届次后，这里显示构成图表。"),
                                         0, 0)
            return
        ratio = self.devicePixelRatioF()
        for i, (name, image) in enumerate(data.charts):
            label = QLabel()
            label.setObjectName(f"chart_{name}")
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            label.setPixmap(pixmap)
            self.charts_layout.addWidget(label, i // 2, i % 2, Qt.AlignmentFlag.AlignTop)

    # ----- drilling down -------------------------------------------------------------
    def show_records(self, value: FigureValue) -> None:
        show_figure_records(self.ctx, value, self)

    def open_todo(self, item: TodoItem) -> None:
        """One record opens on its page; several are listed first."""
        if len(item.ids) == 1:
            self.ctx.navigate(item.page, id=item.ids[0])
            return
        show_records(self.ctx, item.text, item.definition, item.entity, item.ids, self)


def _pixmap(png: bytes, ratio: float) -> QPixmap:
    pixmap = QPixmap()
    pixmap.loadFromData(png)
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def chart_pixmap(widget: QWidget, title: str, data: list[tuple[str, int]], *, width: float,
                 height: float, max_bars: int = 25) -> QPixmap:
    """A bar chart drawn with the screen's device pixel ratio (1.25–2 at 125–200 % scaling),
    so it is as large as at 100 % and sharp instead of stretched."""
    from app.reports.charts import bar_chart

    ratio = widget.devicePixelRatioF()
    return _pixmap(bar_chart(title, data, width=width, height=height, max_bars=max_bars,
                             scale=ratio), ratio)


def _clear(layout: Any) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.deleteLater()
