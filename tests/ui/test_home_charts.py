"""The 首页's Qt-drawn bar charts (ui/charts.py): the size and pixel ratio asked for, the
palette's colours, 其他 for the rest, and drawing on a worker thread as the 首页 does."""

from __future__ import annotations

import threading

from PySide6.QtGui import QColor, QImage

from ui.charts import ChartColours, bar_chart_image, chart_colours, chart_items
from ui.theme import colour

COLOURS = ChartColours(background="#ffffff", text="#000000", bar="#1f6fb2", axis="#b8c4d0")
DATA = [(f"界别{i}", 30 - i) for i in range(20)]


def _has(image: QImage, wanted: str) -> bool:
    target = QColor(wanted).rgb()
    return any(image.pixel(x, y) == target
               for y in range(0, image.height(), 2) for x in range(0, image.width(), 2))


def test_the_rest_becomes_one_bar() -> None:  # no drawing: no application needed
    items = chart_items(DATA, 12)
    assert len(items) == 12 and items[:11] == DATA[:11]
    assert items[-1] == ("其他", sum(n for _l, n in DATA[11:]))
    assert chart_items(DATA[:3], 12) == DATA[:3]


def test_size_and_pixel_ratio(qapp) -> None:  # fonts need the application
    image = bar_chart_image("按界别", DATA, COLOURS, width=4.0, height=3.0, ratio=1.5)
    assert (image.width(), image.height()) == (600, 450)
    assert image.devicePixelRatio() == 1.5
    size = image.deviceIndependentSize()
    assert (round(size.width()), round(size.height())) == (400, 300)


def test_bars_in_the_colour_given(qapp) -> None:
    image = bar_chart_image("按党派", [("中共", 12), ("民革", 5)], COLOURS, width=4.0,
                            height=2.4)
    assert _has(image, COLOURS.bar) and _has(image, COLOURS.background)
    palette = chart_colours(qapp.palette())
    assert palette.bar == colour("accent", qapp.palette())
    themed = bar_chart_image("按党派", [("中共", 12)], palette, width=4.0, height=2.4)
    assert _has(themed, palette.bar)


def test_no_members_no_bars(qapp) -> None:
    image = bar_chart_image("按性别", [], COLOURS, width=4.0, height=2.4)
    assert not image.isNull() and not _has(image, COLOURS.bar)


def test_drawn_on_a_worker_thread(qapp) -> None:
    made: list[QImage] = []
    worker = threading.Thread(target=lambda: made.append(
        bar_chart_image("按年龄", DATA, COLOURS, width=4.0, height=3.0)))
    worker.start()
    worker.join(60)
    assert len(made) == 1 and _has(made[0], COLOURS.bar)
