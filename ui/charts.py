"""The 首页's bar charts, drawn with Qt into a ``QImage`` (on the 首页's worker thread).

They used to be matplotlib PNGs (``app.reports.charts``, still used for Word documents):
importing matplotlib and numpy for five small charts cost the client about 57 MB of memory
and a font scan on the first start (issue 15). A horizontal bar chart is a few rectangles and
labels; Qt draws it in a few milliseconds, in the palette's colours (readable in dark mode too).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPalette

from ui.theme import colour

DPI = 100  # sizes are given in inches at 100 dpi, as the Word charts' are
OTHER = "其他"


@dataclass(frozen=True)
class ChartColours:
    """Taken from the palette on the GUI thread, handed to the worker that draws."""

    background: str
    text: str
    bar: str
    axis: str


def chart_colours(palette: QPalette) -> ChartColours:
    return ChartColours(background=palette.color(QPalette.ColorRole.Base).name(),
                        text=palette.color(QPalette.ColorRole.Text).name(),
                        bar=colour("accent", palette),
                        axis=palette.color(QPalette.ColorRole.Mid).name())


def chart_items(data: list[tuple[str, int]], max_bars: int) -> list[tuple[str, int]]:
    """At most ``max_bars`` bars: the first ``max_bars - 1`` and 其他 for the rest."""
    items = list(data)
    if len(items) > max_bars:
        rest = sum(n for _label, n in items[max_bars - 1:])
        items = [*items[:max_bars - 1], (OTHER, rest)]
    return items


def bar_chart_image(title: str, data: list[tuple[str, int]], colours: ChartColours, *,
                    width: float, height: float, max_bars: int = 12, ratio: float = 1.0,
                    point_size: float = 8.0) -> QImage:
    """A horizontal bar chart of (label, count), in the given order from the top, each bar
    labelled with its count. ``width`` × ``height`` in inches at 100 dpi (logical pixels);
    ``ratio`` is the screen's device pixel ratio, so the chart is sharp at 125–200 %."""
    items = chart_items(data, max_bars)
    size_w, size_h = round(width * DPI), round(height * DPI)
    image = QImage(round(size_w * ratio), round(size_h * ratio),
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    image.fill(QColor(colours.background))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    try:
        _draw(painter, title, items, colours, size_w, size_h, point_size)
    finally:
        painter.end()
    return image


def _draw(painter: QPainter, title: str, items: list[tuple[str, int]], colours: ChartColours,
          width: int, height: int, point_size: float) -> None:
    text = QColor(colours.text)
    title_font = QFont()
    title_font.setPointSizeF(point_size + 3)
    title_font.setBold(True)
    painter.setFont(title_font)
    painter.setPen(text)
    title_h = QFontMetricsF(title_font).height() + 6
    painter.drawText(QRectF(0, 2, width, title_h), Qt.AlignmentFlag.AlignHCenter, title)
    if not items:
        return
    font = QFont()
    font.setPointSizeF(point_size)
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    label_w = min(max(metrics.horizontalAdvance(label) for label, _n in items) + 8, width * 0.4)
    value_w = max(metrics.horizontalAdvance(str(n)) for _label, n in items) + 8
    left, right = label_w, width - value_w - 6
    top, bottom = title_h + 2, height - 6
    row = (bottom - top) / len(items)
    largest = max((n for _label, n in items), default=0) or 1
    painter.setPen(QColor(colours.axis))
    painter.drawLine(int(left), int(top), int(left), int(bottom))
    for index, (label, n) in enumerate(items):
        y = top + index * row
        bar_h = row * 0.7
        bar_w = (right - left) * n / largest
        painter.fillRect(QRectF(left, y + (row - bar_h) / 2, bar_w, bar_h), QColor(colours.bar))
        painter.setPen(text)
        middle = Qt.AlignmentFlag.AlignVCenter
        painter.drawText(QRectF(0, y, label_w - 4, row), middle | Qt.AlignmentFlag.AlignRight,
                         metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_w - 6))
        painter.drawText(QRectF(left + bar_w + 3, y, value_w, row),
                         middle | Qt.AlignmentFlag.AlignLeft, str(n))
