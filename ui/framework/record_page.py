"""The record page every list of records uses: what a page declares (service, columns,
filters, detail, editor, buttons), the layout, loading the list (``reload``; ``refine`` keeps
the rows just read), the selection and the detail pane.

The rest are components: the action bar (``page.action_bar``, page_actions.py: the buttons,
when each may be pressed, what they do), the search, filters and order (``page.query_bar``,
page_query.py), 导出 (``page.exporter``), 打印 (``page.printer``), the table's keys and menus
(``page.habits``) and the editor (record_editing.py). Pages override the hooks here
(``reload``, ``query``, ``_on_changes``); the components' widgets keep their names on the page
(``page.add_button``, ``page.search`` …)."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any, ClassVar, Generic, TypeVar, cast, overload

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
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
from ui.framework.page_actions import ExtraButton, PageActions
from ui.framework.page_export import ExportChoice, PageExport
from ui.framework.page_query import PageQuery
from ui.framework.printing_page import PagePrint
from ui.framework.record_editing import run_record_editor
from ui.framework.table_habits import fit_columns, install_table_habits
from ui.framework.table_model import LazyRecordModel
from ui.framework.tally import TallyBar
from ui.theme import colour

R = TypeVar("R", bound=Base)  # the record type of a page
T = TypeVar("T")


class Part(Generic[T]):
    """A component's widget under the page's own name, read-only: ``page.add_button`` is
    ``page.action_bar.add_button``."""

    def __init__(self, component: str) -> None:
        self.component = component
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, page: None, owner: type) -> Part[T]: ...
    @overload
    def __get__(self, page: object, owner: type | None = None) -> T: ...
    def __get__(self, page: object, owner: type | None = None) -> T | Part[T]:
        if page is None:  # looked up on the class
            return self
        return cast(T, getattr(getattr(page, self.component), self.name))


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
        self._keep_rows = False  # set by ``refine`` for the length of one reload
        self.exporter = PageExport(self)  # 导出 (Ctrl+E) and 导出所选
        self.printer = PagePrint(self)  # 打印 (Ctrl+P)
        self._build()
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
        self.query_bar = PageQuery(self)  # the search, filters, order and counts

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
        header.sectionClicked.connect(self.query_bar.sort_by_section)
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
        self.query_bar.show_sort_indicator()
        layout = QVBoxLayout(self)
        layout.addWidget(self.action_bar.top_bar(heading))
        if (own_row := self.action_bar.own_row()) is not None:
            layout.addWidget(own_row)
        layout.addLayout(self.query_bar.row)
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

    # the components' widgets, by the names the pages, table_habits and tests use
    add_button: Part[QPushButton] = Part("action_bar")
    edit_button: Part[QPushButton] = Part("action_bar")
    delete_button: Part[QPushButton] = Part("action_bar")
    restore_button: Part[QPushButton] = Part("action_bar")
    export_button: Part[QPushButton] = Part("action_bar")
    print_button: Part[QPushButton] = Part("action_bar")
    bin_toggle: Part[QCheckBox] = Part("action_bar")
    action_buttons: Part[dict[str, QPushButton]] = Part("action_bar")  # extra_buttons
    data_action_buttons: Part[dict[str, QPushButton]] = Part("action_bar")  # data_buttons
    data_actions: Part[dict[str, QAction]] = Part("action_bar")  # the 导入 menu's entries
    import_menu_button: Part[QToolButton | None] = Part("action_bar")
    search: Part[QLineEdit] = Part("query_bar")
    filter_boxes: Part[dict[str, QComboBox]] = Part("query_bar")
    sort_box: Part[QComboBox | None] = Part("query_bar")
    tally: Part[TallyBar | None] = Part("query_bar")

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
        """What the list shows now (pages may narrow it further, e.g. 履职活动's month)."""
        return self.query_bar.query(self.base_filters())

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
        self.status.setText(self.query_bar.status_text(len(ids)))
        self.query_bar.update_tally(query)
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

    def _on_changes(self, changes: Changes) -> None:
        if changes.initiator is self:  # this page's own write: it reloaded after it
            return
        if self._loaded and changes.concerns(*self.entities):
            self.reload()
            for entity in self.entities:
                self.model.refresh_ids(changes.entities.get(entity, set()))

    # ----- selection and detail ------------------------------------------------------
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
            self.query_bar.clear()
            self.reload()
            self.select_id(record_id)

    def run_editor(self, record: R | None, title: str, tabs: Tabs, **kwargs: Any) -> bool:
        """Edit ``record`` (None: a new one) with the page's service; on save, select it.
        See ``record_editing.run_editor`` for the options and what a conflict does."""
        return run_record_editor(self, record, title, tabs, **kwargs)

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
