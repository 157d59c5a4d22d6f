"""The record page every list of records uses: filter bar, search as you type, lazy table,
detail pane, editor, multi-select batch actions, recycle bin, export, shortcuts."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.db.base import Base
from app.domain.fields import FieldSpec
from app.services.context import Changes
from app.services.crud import ListQuery, RecordService
from ui.framework.columns import Column
from ui.framework.context import PageContext
from ui.framework.editor import Tabs
from ui.framework.filter_box import FilterBox
from ui.framework.page_actions import ExtraButton, PageActions
from ui.framework.page_export import ExportChoice, PageExport
from ui.framework.printing_page import PagePrint
from ui.framework.record_editing import run_record_editor
from ui.framework.table_habits import fit_columns, install_table_habits
from ui.framework.table_model import LazyRecordModel
from ui.framework.tally import TallyBar
from ui.theme import colour

R = TypeVar("R", bound=Base)  # the record type of a page


@dataclass(frozen=True)
class FilterSpec:
    key: str  # the service's filter name
    label: str
    options: Callable[[], list[tuple[str, Any]]]  # (shown text, filter value)


class RecordPage(QWidget, Generic[R]):
    """Subclasses declare the service, columns, filters, the detail and the editor; ``R`` is
    the record type the page lists (``RecordPage[Member]``)."""

    title: ClassVar[str] = ""
    entities: ClassVar[tuple[str, ...]] = ()  # change broadcasts that concern this page
    search_hint: ClassVar[str] = "搜索"
    empty_hint: ClassVar[str] = "还没有记录。点击“新增”添加第一条。"
    default_descending: ClassVar[bool] = False  # e.g. newest events first
    # The filter whose values are counted in a row above the list (e.g. "stage"); "": none.
    tally_filter: ClassVar[str] = ""
    # When set, the page's extra buttons get a row of their own, headed by this text.
    action_row_label: ClassVar[str] = ""
    # A list to read, not edit (操作日志): no 新增/编辑/删除/回收站; Enter or a double click only
    # shows the detail.
    read_only: ClassVar[bool] = False

    def __init__(self, ctx: PageContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.service: RecordService[R] = self.make_service()
        self.prepare()
        self.sort_key = self.service.default_sort
        self.descending = self.default_descending
        self.filter_boxes: dict[str, QComboBox] = {}
        self._keep_rows = False  # set by ``refine`` for the length of one reload
        self.exporter = PageExport(self)  # 导出 (Ctrl+E) and 导出所选
        self.printer = PagePrint(self)  # 打印 (Ctrl+P)
        self._build()
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(self.refine)
        ctx.ops.changed.connect(self._on_changes)
        self._loaded = False

    # ----- declared by subclasses ----------------------------------------------------
    # The page's service, made on the page's database by ``make_service``.
    service_type: ClassVar[type[RecordService[Any]] | None] = None

    def make_service(self) -> RecordService[R]:
        """``service_type`` on the page's database; only creates the service."""
        if self.service_type is None:
            raise NotImplementedError(f"{type(self).__name__} declares no service_type")
        return self.service_type(self.ctx.db)

    def prepare(self) -> None:
        """The page's own state (option lists, name caches, workflow helpers), set after the
        service is made and before the widgets are built."""

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def filter_specs(self) -> list[FilterSpec]:
        return []

    def detail_html(self, record: Any) -> str:
        """The detail pane of the current row (``record`` is the row ``fetch_rows`` gave)."""
        return ""

    def open_editor(self, record_id: int | None) -> bool:
        """Open the editor for a record (None: a new one); True when something was saved."""
        raise NotImplementedError

    def extra_buttons(self) -> list[ExtraButton]:
        """Page-specific actions shown after the standard ones: (text, slot[, tooltip])."""
        return []

    def data_buttons(self) -> list[ExtraButton]:
        """Actions shown just before 导出 in the top bar (e.g. 导入, 下载导入模板)."""
        return []

    def export_choices(self) -> list[ExportChoice]:
        """What 导出 offers besides the visible list; with any, 导出 asks which one."""
        return []

    def fetch_rows(self, ids: list[int]) -> list[Any]:
        """Load a block of rows for the table: the service's ``list_rows`` (plain rows with
        what the columns show, where the service has them; else the records)."""
        return self.service.list_rows(ids)

    def row_colour(self, record: R) -> str | None:
        """The text colour of a row (a ui.theme role such as "error" for an overdue one);
        None: the default."""
        return None

    def sort_choices(self) -> list[tuple[str, str]]:
        """Named orders offered in a 排序 box, e.g. [("按姓氏笔画", "strokes"), …]."""
        return []

    def default_filters(self) -> dict[str, Any]:
        """Filter values preselected when the page opens (e.g. the current term)."""
        return {}

    def base_filters(self) -> dict[str, Any]:
        """Filters the page always applies (e.g. the event family of 履职活动)."""
        return {}

    # ----- layout --------------------------------------------------------------------
    def _build(self) -> None:
        self.setObjectName(f"page_{type(self).__name__}")
        heading = QLabel(self.title)
        heading.setObjectName("pageTitle")
        heading.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.action_bar = PageActions(self)  # the buttons, their enabling and handlers

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.search_hint)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        QShortcut(QKeySequence("Ctrl+F"), self, self.focus_search)
        self.search.setMinimumWidth(160)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        for spec in self.filter_specs():
            filter_box = FilterBox(spec.label, spec.options)  # options added when needed
            filter_box.setObjectName(f"filter_{spec.key}")
            filter_box.setToolTip(spec.label)
            filter_box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            filter_box.setMinimumContentsLength(4)
            filters.addWidget(filter_box, 1)
            self.filter_boxes[spec.key] = filter_box
        self.sort_box: QComboBox | None = None
        if self.sort_choices():
            self.sort_box = QComboBox()
            self.sort_box.setObjectName("sortBox")
            for text, key in self.sort_choices():
                self.sort_box.addItem(text, key)
            self.sort_box.currentIndexChanged.connect(
                lambda _i: self.sort_by_key(self.sort_box.currentData()))  # type: ignore[union-attr]
            filters.addWidget(self.sort_box)
        for key, value in self.default_filters().items():
            default_box = self.filter_boxes.get(key)
            if default_box is not None and (index := default_box.findData(value)) >= 0:
                default_box.setCurrentIndex(index)
        for box in self.filter_boxes.values():
            box.currentIndexChanged.connect(lambda _i: self.refine())
        self.tally: TallyBar | None = None
        if self.tally_filter:
            box = self.filter_boxes[self.tally_filter]
            box.hide()  # the counts stand for it: a click on one picks the value
            self.tally = TallyBar(box.toolTip(), [box.itemText(i) for i in range(1, box.count())],
                                  box.setCurrentIndex)

        self.model = LazyRecordModel(self.columns(), self.fetch_rows, self,
                                     row_colour=self.row_colour)
        self.table = QTableView()
        self.table.setObjectName("recordTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.sectionClicked.connect(self._sort_by)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for i, column in enumerate(self.model.columns):
            self.table.setColumnWidth(i, column.width)
        self.table.doubleClicked.connect(lambda _i: self.edit_current())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self.show_detail())

        self.detail = QTextBrowser()
        self.detail.setObjectName("detail")
        self.detail.setOpenLinks(False)
        self.detail.anchorClicked.connect(self._link_clicked)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([880, 360])
        self.status = QLabel()
        self.status.setObjectName("pageStatus")
        self.status.setWordWrap(True)  # a long hint wraps instead of widening the window

        self._columns_fitted = self._restore_layout()
        self._show_sort_indicator()
        layout = QVBoxLayout(self)
        layout.addWidget(self.action_bar.top_bar(heading))
        if (own_row := self.action_bar.own_row()) is not None:
            layout.addWidget(own_row)
        layout.addLayout(filters)
        if self.tally is not None:
            layout.addWidget(self.tally)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status)
        self.habits = install_table_habits(self)  # after the layout: it sets the tab order

    # ----- the page's components ------------------------------------------------------
    def export_view(self) -> None:
        self.exporter.export_view()

    def export_selected(self) -> None:
        self.exporter.export_selected()

    def print_view(self) -> None:
        self.printer.print_view()

    def edit_current(self) -> None:
        """编辑, Enter and a double click (nothing in the recycle bin or for a read-only user)."""
        self.action_bar.edit_current()

    def delete_selected(self) -> None:
        self.action_bar.delete_selected()

    def run_action(self, title: str, specs: Sequence[FieldSpec],
                   call: Callable[..., Any], **form: Any) -> Any | None:
        """A workflow step of the page as a small dialog; see ``PageActions.run_action``."""
        return self.action_bar.run_action(title, specs, call, **form)

    # the action bar's widgets, by the names the pages, table_habits and tests use
    @property
    def add_button(self) -> QPushButton:
        return self.action_bar.add_button

    @property
    def edit_button(self) -> QPushButton:
        return self.action_bar.edit_button

    @property
    def delete_button(self) -> QPushButton:
        return self.action_bar.delete_button

    @property
    def restore_button(self) -> QPushButton:
        return self.action_bar.restore_button

    @property
    def export_button(self) -> QPushButton:
        return self.action_bar.export_button

    @property
    def print_button(self) -> QPushButton:
        return self.action_bar.print_button

    @property
    def bin_toggle(self) -> QCheckBox:
        return self.action_bar.bin_toggle

    @property
    def action_buttons(self) -> dict[str, QPushButton]:
        return self.action_bar.action_buttons

    @property
    def data_action_buttons(self) -> dict[str, QPushButton]:
        return self.action_bar.data_action_buttons

    @property
    def data_actions(self) -> dict[str, QAction]:
        return self.action_bar.data_actions

    @property
    def import_menu_button(self) -> QToolButton | None:
        return self.action_bar.import_menu_button

    # ----- layout persistence --------------------------------------------------------
    def _layout_key(self) -> str:
        return type(self).__name__

    def _header_key(self) -> str:
        """Widths are kept per set of columns (an older state would misplace titles)."""
        keys = ",".join(c.key for c in self.model.columns)
        return f"{self._layout_key()}/header-{zlib.crc32(keys.encode()):08x}"

    def _restore_layout(self) -> bool:
        """True when the clerk's column widths were restored (else they fit the content)."""
        header = self.ctx.settings.geometry(self._header_key())
        if header is not None:
            self.table.horizontalHeader().restoreState(header)
        split = self.ctx.settings.geometry(f"{self._layout_key()}/splitter")
        if split is not None:
            self.splitter.restoreState(split)
        return header is not None

    def save_layout(self) -> None:
        """Column widths and the table/detail split, kept until the next run."""
        self.ctx.settings.set_geometry(self._header_key(),
                                       self.table.horizontalHeader().saveState())
        self.ctx.settings.set_geometry(f"{self._layout_key()}/splitter",
                                       self.splitter.saveState())

    # ----- loading -------------------------------------------------------------------
    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if not self._loaded:
            self.reload()
        super().showEvent(event)

    def query(self) -> ListQuery:
        filters = dict(self.base_filters())
        for key, box in self.filter_boxes.items():
            if box.currentData() is not None:
                filters[key] = box.currentData()
        return ListQuery(search=self.search.text(), filters=filters, sort=self.sort_key,
                         descending=self.descending, deleted=self.bin_toggle.isChecked())

    def reload(self) -> None:
        """Read the list again: ids, and the rows on screen (``refine``: the ids only)."""
        self._loaded = True
        keep = self.current_id()
        query = self.query()
        ids = self.service.ids(query)
        self.model.set_ids(ids, keep_rows=self._keep_rows)
        if keep is not None and (row := self.model.row_of(keep)) is not None:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        self._update_status(len(ids))
        self._update_tally(query)
        self.show_detail()
        if not self._columns_fitted and ids:  # first look: columns fit what they show
            self._columns_fitted = True
            QTimer.singleShot(0, lambda: fit_columns(self.table))  # once rows are laid out

    def refine(self) -> None:
        """``reload`` for a new search text, filter or order: the records did not change, so
        rows just read are shown again without reading them (a keystroke reads only the ids
        that match; issue 15). A change, 刷新 and the page's own writes use ``reload``."""
        self._keep_rows = True
        try:
            self.reload()
        finally:
            self._keep_rows = False

    def _update_tally(self, query: ListQuery) -> None:
        if self.tally is not None:
            self.tally.refresh(self.service.tally, query, self.tally_filter,
                               self.filter_boxes[self.tally_filter])

    def _update_status(self, n: int) -> None:
        if n == 0 and self.bin_toggle.isChecked():
            self.status.setText("回收站是空的。")
        elif n == 0 and (self.search.text() or any(b.currentIndex() > 0
                                                  for b in self.filter_boxes.values())):
            self.status.setText("没有符合条件的记录。可以清除搜索文字或把筛选条件改回“全部”。")
        elif n == 0:
            self.status.setText(self.empty_hint)
        else:
            where = "回收站中" if self.bin_toggle.isChecked() else ""
            self.status.setText(f"{where or '列表中'}共 {n} 条。双击或按 Enter 打开；"
                                "按住 Ctrl 或 Shift 可多选，Ctrl+C 复制所选行。")

    def _on_changes(self, changes: Changes) -> None:
        if changes.initiator is self:  # this page's own write: it reloaded after it
            return
        if self._loaded and changes.concerns(*self.entities):
            self.reload()
            for entity in self.entities:
                self.model.refresh_ids(changes.entities.get(entity, set()))

    # ----- selection and actions -----------------------------------------------------
    def current_id(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [i for r in rows if (i := self.model.id_at(r)) is not None]

    def select_id(self, record_id: int) -> bool:
        row = self.model.row_of(record_id)
        if row is None:
            return False
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def reveal(self, record_id: int) -> None:
        """Show and select one record, clearing search and filters if they hide it."""
        if self.bin_toggle.isChecked():
            self.bin_toggle.setChecked(False)
        self.reload()
        if not self.select_id(record_id):
            self.search.clear()
            for box in self.filter_boxes.values():
                box.setCurrentIndex(0)
            self.reload()
            self.select_id(record_id)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def run_editor(self, record: R | None, title: str, tabs: Tabs, **kwargs: Any) -> bool:
        """Edit ``record`` (None: a new one) with the page's service; on save, select it.
        See ``record_editing.run_editor`` for the options and what a conflict does."""
        return run_record_editor(self, record, title, tabs, **kwargs)

    def _show_sort_indicator(self) -> None:
        """The arrow on the column the list is sorted by (none when no column is)."""
        header = self.table.horizontalHeader()
        section = next((i for i, c in enumerate(self.model.columns) if c.sort == self.sort_key),
                       None)
        header.setSortIndicatorShown(section is not None)
        if section is not None:
            header.setSortIndicator(section, Qt.SortOrder.DescendingOrder if self.descending
                                    else Qt.SortOrder.AscendingOrder)

    def _sort_by(self, section: int) -> None:
        column = self.model.columns[section]
        if column.sort is None:  # not sortable: the arrow stays where the order comes from
            self._show_sort_indicator()
            return
        self.descending = ((not self.descending) if column.sort == self.sort_key
                           else self.default_descending)
        self.sort_key = column.sort
        self._show_sort_indicator()
        self.refine()

    def sort_by_key(self, key: str, descending: bool = False) -> None:
        self.sort_key, self.descending = key, descending
        self._show_sort_indicator()
        self.refine()

    def show_detail(self) -> None:
        record_id = self.current_id()
        record = None
        if record_id is not None:
            record = self.model.record(self.model.row_of(record_id) or 0)
        if record is not None:
            self.detail.setHtml(self.detail_html(record))
        elif self.model.rowCount() == 0:  # an empty list: say what to do, where one looks
            grey = colour("muted")
            self.detail.setHtml(f"<p style='color:{grey}'>{escape(self.status.text())}</p>")
        else:
            self.detail.setHtml(f"<p style='color:{colour('muted')}'>在左侧列表中选中一条"
                                f"{self.service.rtype.label}记录，这里显示它的详细信息。</p>")

    def _link_clicked(self, url: Any) -> None:
        """Links in the detail pane read ``page:key?id=N`` and navigate there; ``#a`` scrolls."""
        text = url.toString()
        if text.startswith("#"):  # a contents link inside the pane (履职档案's years)
            self.detail.scrollToAnchor(text[1:])
        elif text.startswith("page:"):
            target, _, query = text[5:].partition("?")
            kwargs = dict(part.split("=", 1) for part in query.split("&") if "=" in part)
            self.ctx.navigate(target, **{k: int(v) for k, v in kwargs.items()})
