"""文稿生成 → "将用到的数字": the figures the chosen template names, computed off the GUI thread.

"查看将用到的数字" returns at once: the page says 正在计算, the list fills in when the worker
finishes (≈0.1 s on a county database, ≈0.4 s on a city decade, more on a slow PC). Only the
newest request is shown (``LatestLoader``); leaving the page drops a computation still
running. Widgets never touch sessions: the work calls the core (``preview_figures``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.db.engine import Database
from app.errors import AppError
from app.reports.figures import FigureValue
from app.reports.kinds import ReportKind, ReportRequest
from app.reports.period import Period, Scope
from ui.framework.context import PageContext
from ui.framework.loader import LatestLoader, StaleError
from ui.theme import text_style

if TYPE_CHECKING:  # the module reads templates (python-docx): imported when a preview runs
    from app.reports.template_figures import FigurePreview, PreviewRow

HEADERS = ("指标", "数值", "类别", "统计口径")
BUSY = "正在计算将用到的数字……"
HINT = "双击一行查看这个数字背后的记录。"
LEFT = "离开本页时停止了计算。需要时请再点“查看将用到的数字”。"
TITLE = "查看数字"

Index = QModelIndex | QPersistentModelIndex


class FiguresModel(QAbstractTableModel):
    """One row per figure (a breakdown: one row per category): 指标, 数值, 类别, 统计口径."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PreviewRow] = []

    def set_rows(self, rows: list[PreviewRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def value(self, row: int) -> FigureValue | None:
        return self.rows[row].value if 0 <= row < len(self.rows) else None

    def values(self) -> list[FigureValue]:
        return [r.value for r in self.rows]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(HEADERS)

    def text(self, row: int, column: int) -> str:
        item = self.rows[row]
        v = item.value
        return (v.label, f"{v.value}{v.unit}", item.group, v.definition)[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole:  # the 口径 of a long label, wherever the mouse is
            return self.rows[index.row()].value.definition or None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(HEADERS)):
            return HEADERS[section]
        return None


@dataclass(frozen=True)
class PreviewAsk:
    """What the clerk chose, read from the page's widgets on the GUI thread."""

    kind: ReportKind
    request: ReportRequest
    unit_label: str  # the 范围 as the clerk sees it


@dataclass(frozen=True)
class PreviewResult:
    preview: FigurePreview
    period: Period
    scope: Scope
    template: Path

    def summary(self) -> str:
        found = self.preview
        later = (f"另有 {len(found.per_subject)} 项按每位委员（或每次会议）计算的数字，"
                 "生成时逐一计算。" if found.per_subject else "")
        return (f"{self.period.label}，{self.scope.label}：模板“{self.template.stem}”用到 "
                f"{found.figures} 项数字（分类统计按类别逐行列出，共 {len(found.rows)} 行）。"
                f"{later}")


def compute_preview(db: Database, ask: PreviewAsk, stale: Callable[[], bool]) -> PreviewResult:
    """The preview of ``ask`` (on the worker thread); stops between its steps when a newer
    request or leaving the page made it stale."""
    from app.reports.engine import resolve_period
    from app.reports.template_figures import preview_figures
    from app.reports.templates import effective_template

    request = ask.request
    period = resolve_period(db, ask.kind, request)
    label = ask.unit_label if request.unit_id else "全会"
    scope = Scope(request.unit_id, label, member_id=request.member_id,
                  event_id=request.event_id, session_id=request.session_id)
    template = Path(request.template or effective_template(ask.kind))
    if stale():
        raise StaleError
    found = preview_figures(db, template, ask.kind.key, period, scope)
    if stale():
        raise StaleError
    return PreviewResult(found, period, scope, template)


class FiguresPanel(QWidget):
    """The "将用到的数字" tab: the list, 正在计算 while the worker runs, and the hint."""

    shown = Signal(str)  # the summary of a preview that arrived
    stopped = Signal(str)  # why nothing arrived (left the page, an error)

    def __init__(self, ctx: PageContext, drill: Callable[[FigureValue], None]) -> None:
        super().__init__()
        self.ctx = ctx
        self.drill = drill
        self.model = FiguresModel(self)
        self.view = QTableView()
        self.view.setObjectName("figureTable")
        self.view.setModel(self.model)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setColumnWidth(0, 150)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setVisible(False)
        self.view.doubleClicked.connect(lambda index: self._drill(index.row()))
        self.busy_label = QLabel(BUSY)
        self.busy_label.setObjectName("figuresBusy")
        self.busy_label.setStyleSheet(text_style("hint"))
        self.busy_label.hide()
        hint = QLabel(HINT)
        hint.setStyleSheet(text_style("hint"))
        foot = QHBoxLayout()  # 正在计算 beside the hint: the list does not jump when it shows
        foot.addWidget(hint)
        foot.addStretch(1)
        foot.addWidget(self.busy_label)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.view, 1)
        box.addLayout(foot)
        self.loader = LatestLoader(self)
        self.loader.loaded.connect(self._arrived)
        self.loader.failed.connect(self._failed)

    @property
    def busy(self) -> bool:
        return self.loader.busy

    def compute(self, ask: PreviewAsk) -> None:
        """Ask for the figures of ``ask``; returns at once (they arrive in ``shown``)."""
        db = self.ctx.db
        self._busy(True)
        self.loader.request(lambda stale: compute_preview(db, ask, stale))

    def _busy(self, busy: bool) -> None:
        """正在计算 shows, and the list greys out (what it shows may be of other choices)."""
        self.busy_label.setVisible(busy)
        self.view.setEnabled(not busy)

    def wait(self, timeout_ms: int = 30000) -> bool:
        """Spin the event loop until the newest preview is shown (tests, screenshots)."""
        return self.loader.wait(timeout_ms)

    def cancel(self) -> None:
        """The clerk left the page: drop the computation still running, say so."""
        if self.loader.busy:
            self.loader.cancel()
            self._busy(False)
            self.stopped.emit(LEFT)

    def shut_down(self) -> None:
        """The window closes: the worker stops before the database goes."""
        self.loader.shut_down()

    def _arrived(self, result: PreviewResult) -> None:
        self._busy(False)
        self.model.set_rows(result.preview.rows)
        self.shown.emit(result.summary())

    def _failed(self, error: BaseException) -> None:
        self._busy(False)
        if isinstance(error, AppError):
            self.stopped.emit(str(error))
            self.ctx.dialogs.warning(TITLE, str(error))
            return

        def fail() -> None:
            raise error

        self.ctx.ops.call(TITLE, fail)  # a bug: the error dialog, as anywhere else

    def _drill(self, row: int) -> None:
        value = self.model.value(row)
        if value is not None:
            self.drill(value)
