"""The distribution of a year's totals (a histogram, bars coloured by grade) and the grade
counts, painted directly (the client ships without Qt Charts)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.domain.enums import ScoreGrade
from app.domain.scoring import fmt_points
from app.scoring.engine import MemberScore
from ui.theme import colour

# each grade's theme role (ui/theme.py), so the bars stay distinct in the light and dark theme
GRADE_ROLES = {ScoreGrade.EXCELLENT: "ok", ScoreGrade.GOOD: "accent",
               ScoreGrade.COMPETENT: "faint", ScoreGrade.POOR: "error"}


def grade_colours() -> dict[ScoreGrade, QColor]:
    return {grade: QColor(colour(role)) for grade, role in GRADE_ROLES.items()}
BINS = 12


def histogram(totals: list[Decimal], bins: int = BINS) -> tuple[Decimal, Decimal, list[int]]:
    """(low, bin width, counts) covering every total."""
    if not totals:
        return Decimal(0), Decimal(10), [0] * bins
    low, high = min(totals), max(totals)
    width = max(Decimal(1), ((high - low) / bins).quantize(Decimal(1)) + 1)
    counts = [0] * bins
    for total in totals:
        counts[min(bins - 1, int((total - low) // width))] += 1
    return low, width, counts


class DistributionChart(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("scoreDistribution")
        self.setMinimumHeight(200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.members: list[MemberScore] = []

    def set_members(self, members: list[MemberScore]) -> None:
        self.members = list(members)
        self.update()

    def bins(self) -> tuple[Decimal, Decimal, list[dict[ScoreGrade, int]]]:
        low, width, counts = histogram([m.total for m in self.members])
        stacks: list[dict[ScoreGrade, int]] = [dict.fromkeys(ScoreGrade, 0) for _ in counts]
        for m in self.members:
            stacks[min(len(counts) - 1, int((m.total - low) // width))][m.grade] += 1
        return low, width, stacks

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(40, 28, -12, -40)
        painter.fillRect(self.rect(), QColor("white"))
        painter.drawText(QRectF(0, 4, self.width(), 20), Qt.AlignmentFlag.AlignCenter,
                         "总分分布（人数，按等次着色）")
        if not self.members:
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "没有考核数据")
            painter.end()
            return
        low, width, stacks = self.bins()
        peak = max(1, max(sum(s.values()) for s in stacks))
        bar = rect.width() / len(stacks)
        colours = grade_colours()
        painter.setPen(QColor(colour("muted")))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.drawText(QRectF(0, rect.top() - 6, 36, 14), Qt.AlignmentFlag.AlignRight,
                         str(peak))
        for i, stack in enumerate(stacks):
            x = rect.left() + i * bar
            y = rect.bottom()
            for grade in reversed(list(ScoreGrade)):
                n = stack[grade]
                if not n:
                    continue
                h = rect.height() * n / peak
                painter.fillRect(QRectF(x + 2, y - h, bar - 4, h), colours[grade])
                y -= h
            if i % 2 == 0:
                painter.setPen(self.palette().text().color())
                painter.drawText(QRectF(x - 10, rect.bottom() + 2, bar + 20, 16),
                                 Qt.AlignmentFlag.AlignCenter, fmt_points(low + width * i))
        counts = dict.fromkeys(ScoreGrade, 0)
        for m in self.members:
            counts[m.grade] += 1
        x = rect.left()
        for grade, fill in colours.items():
            painter.fillRect(QRectF(x, self.height() - 18, 12, 12), fill)
            painter.setPen(self.palette().text().color())
            text = f"{grade.label} {counts[grade]}人"
            painter.drawText(QRectF(x + 16, self.height() - 21, 100, 18),
                             Qt.AlignmentFlag.AlignVCenter, text)
            x += 110
        painter.end()
