"""The 首页's figures, charts and to-do list, computed off the GUI thread.

Changing the year used to freeze the window while a year's figures, the member composition and
five charts were computed (~0.8 s on a county database). ``ui.framework.loader.LatestLoader``
runs ``load_home`` on a worker thread instead; every request gets a number, and only the newest
request's result is handed back (a result for a year the clerk has already left is dropped,
and a stale job stops between its steps). The worker only calls the core (figures registry,
composition, charts, the to-do service); the widgets are built from its result on the GUI
thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QImage

from app.db.engine import Database
from app.reports.composition import Composition, member_composition
from app.reports.figures import Figure, FigureValue, compute, figures
from app.reports.period import Period
from app.reports.todo import TodoList, todo_list
from ui.charts import ChartColours, bar_chart_image
from ui.framework.loader import StaleError
from ui.theme import COLOURS

GROUPS = ("委员", "会议活动", "提案", "社情民意")
CHARTS = ("界别", "党派", "性别", "年龄", "学历")
CHART_WIDTH = 4.0  # inches at 100 dpi: two charts beside the to-do list fit 1366×768
MAX_BARS = 12  # at the top of the page: the largest 11 and 其他 (the 界别 has ~25)
LIGHT = ChartColours(background="white", text="black", bar=COLOURS["accent"][0],
                     axis=COLOURS["border"][0])


@dataclass(frozen=True)
class HomeData:
    year: int
    defs: list[Figure]
    values: dict[str, FigureValue]
    composition: Composition
    charts: list[tuple[str, QImage]]  # (dimension, chart decoded off the GUI thread)
    todo: TodoList


def load_home(db: Database, year: int, ratio: float, today: dt.date | None = None,
              stale: Callable[[], bool] = lambda: False,
              colours: ChartColours | None = None) -> HomeData:
    """Everything the 首页 shows for ``year`` (charts drawn at the screen's pixel ``ratio``,
    in ``colours``: the palette's, read on the GUI thread; None: the light theme's)."""
    colours = colours or LIGHT
    today = today or dt.date.today()
    period = Period.year(year)
    defs = [f for f in figures() if f.group in GROUPS]
    values = compute(db, [f.key for f in defs], period)
    if stale():
        raise StaleError
    todo = todo_list(db, today)
    if stale():
        raise StaleError
    comp = member_composition(db, min(period.end, today))
    charts = []
    for name in CHARTS if comp.total else ():
        if stale():
            raise StaleError
        data = comp.by[name]
        height = max(2.4, 0.26 * min(len(data), MAX_BARS) + 0.8)
        # a QImage, unlike a QPixmap, may be drawn on any thread
        charts.append((name, bar_chart_image(f"按{name}", data, colours, width=CHART_WIDTH,
                                             height=height, max_bars=MAX_BARS, ratio=ratio)))
    return HomeData(year, defs, values, comp, charts, todo)
