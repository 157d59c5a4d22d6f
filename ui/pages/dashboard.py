"""首页: this year's key figures, each leading to its records, and member composition charts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.reports.composition import member_composition
from app.reports.evidence import describe_records
from app.reports.figures import FigureValue, compute, figures
from app.reports.period import Period
from app.services.context import Changes
from app.text.numerals import cn_date
from ui.framework.context import PageContext
from ui.framework.options import opening_year, year_choices
from ui.theme import text_style

GROUPS = ("委员", "会议活动", "提案", "社情民意")
CHARTS = ("界别", "党派", "性别", "年龄", "学历")


class DashboardPage(QWidget):
    title = "首页"

    def __init__(self, ctx: PageContext) -> None:
        super().__init__()
        self.setObjectName("page_DashboardPage")
        self.ctx = ctx
        self.year = opening_year(ctx.db)
        self.year_box = QComboBox()
        self.year_box.setObjectName("yearBox")
        for text, year in year_choices():
            self.year_box.addItem(text, year)
        self.year_box.setCurrentIndex(max(0, self.year_box.findData(self.year)))
        self.year_box.currentIndexChanged.connect(lambda _i: self.reload())
        heading = QLabel("首页")
        heading.setStyleSheet("font-size: 18px; font-weight: bold;")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(QLabel("统计年度："))
        top.addWidget(self.year_box)
        self.figures_box = QWidget()
        self.figures_layout = QGridLayout(self.figures_box)
        self.charts_box = QWidget()
        self.charts_layout = QGridLayout(self.charts_box)
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.addLayout(top)
        hint = QLabel("点击任一数字，可查看它背后的记录。")
        hint.setStyleSheet(text_style("hint"))
        column.addWidget(hint)
        column.addWidget(self.figures_box)
        self.composition_title = QLabel()
        self.composition_title.setStyleSheet("font-size: 15px; font-weight: bold;")
        column.addWidget(self.composition_title)
        column.addWidget(self.charts_box)
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

    def _on_changes(self, changes: Changes) -> None:
        """Redraw now if shown; otherwise when next shown (the charts take a moment)."""
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
        year = self.year_box.currentData() or self.year
        period = Period.year(year)
        defs = [f for f in figures() if f.group in GROUPS]
        values = compute(self.ctx.db, [f.key for f in defs], period)
        _clear(self.figures_layout)
        self.buttons.clear()
        for col, group in enumerate(GROUPS):
            box = QGroupBox(group)
            grid = QVBoxLayout(box)
            for fig in (f for f in defs if f.group == group):
                value = values[fig.key]
                if group == "会议活动" and fig.key.startswith("events.") and value.value == 0:
                    continue  # families with nothing this year would only add noise
                button = QPushButton(f"{fig.label}　{value.value}{value.unit}")
                button.setObjectName(f"figure_{fig.key}")
                button.setFlat(True)
                button.setStyleSheet("text-align: left; padding: 2px;")
                button.setToolTip(fig.definition)
                button.clicked.connect(lambda _c=False, v=value: self.show_records(v))
                grid.addWidget(button)
                self.buttons[fig.key] = button
            grid.addStretch(1)
            self.figures_layout.addWidget(box, col // 2, col % 2)
        self._charts(period)

    def _charts(self, period: Period) -> None:
        on = min(period.end, dt.date.today())
        comp = member_composition(self.ctx.db, on)
        self.composition_title.setText(f"委员构成（截至{cn_date(on)}，共{comp.total}人）")
        _clear(self.charts_layout)
        if comp.total == 0:
            self.charts_layout.addWidget(QLabel("还没有在任委员。录入委员及其届次后，这里显示构成图表。"),
                                         0, 0)
            return
        for i, name in enumerate(CHARTS):
            label = QLabel()
            label.setObjectName(f"chart_{name}")
            data = comp.by[name]
            height = max(2.4, 0.26 * min(len(data), 25) + 0.8)
            label.setPixmap(chart_pixmap(self, f"按{name}", data, width=5.6, height=height))
            self.charts_layout.addWidget(label, i // 2, i % 2)

    def show_records(self, value: FigureValue) -> None:
        show_figure_records(self.ctx, value, self)


def chart_pixmap(widget: QWidget, title: str, data: list[tuple[str, int]], *, width: float,
                 height: float, max_bars: int = 25) -> QPixmap:
    """A bar chart drawn with the screen's device pixel ratio (1.25–2 at 125–200 % scaling),
    so it is as large as at 100 % and sharp instead of stretched."""
    from app.reports.charts import bar_chart

    ratio = widget.devicePixelRatioF()
    pixmap = QPixmap()
    pixmap.loadFromData(bar_chart(title, data, width=width, height=height, max_bars=max_bars,
                                  scale=ratio))
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def show_figure_records(ctx: PageContext, value: FigureValue, parent: QWidget) -> None:
    """A figure's definition and the records behind it (a ratio shows its definition)."""
    if value.unit == "%" or not value.ids:
        ctx.dialogs.info(value.label, f"{value.label}：{value.value}{value.unit}\n\n"
                         f"口径：{value.definition}")
        return
    rows = describe_records(ctx.db, value.entity, value.ids)
    dialog = RecordsDialog(value, rows, parent)
    try:
        ctx.dialogs.exec(dialog)
    finally:
        dialog.deleteLater()


class RecordsDialog(QDialog):
    """The records behind one figure, with the figure's definition."""

    def __init__(self, value: FigureValue, rows: list[tuple[int, str]], parent: Any) -> None:
        super().__init__(parent)
        self.setObjectName("recordsDialog")
        self.setWindowTitle(f"{value.label}：{value.value}{value.unit}")
        layout = QVBoxLayout(self)
        definition = QLabel(f"统计口径：{value.definition}")
        definition.setWordWrap(True)
        layout.addWidget(definition)
        self.list = QListWidget()
        for _id, text in rows:
            self.list.addItem(text)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 480)


def _clear(layout: Any) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.deleteLater()


