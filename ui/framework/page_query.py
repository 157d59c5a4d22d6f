"""What a record page lists (``page.query_bar``): the search box, the filter boxes, the order,
the counts above the list, and the line under it that says what is shown.

It turns the clerk's choices into the ``ListQuery`` the page's service reads ids for
(``query``); a keystroke, a filter or an order only *refine* the list (the page's ``refine``:
rows just read are shown again, issue 15). The search waits 150 ms after the last keystroke.
The order is a 排序 box (``sort_choices``) or a click on a sortable column's header, whose
arrow shows the order in force. The recycle-bin switch it reads belongs to the action bar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit

from app.services.crud import ListQuery
from ui.framework.filter_box import FilterBox
from ui.framework.tally import TallyBar

if TYPE_CHECKING:
    from ui.framework.record_page import RecordPage


class PageQuery:
    """The search, filters and order of one record page; the page keeps the widgets under
    their old names (``page.search``, ``page.filter_boxes`` …) for pages and tests."""

    def __init__(self, page: RecordPage[Any]) -> None:
        self.page = page
        self.sort_key = page.service.default_sort
        self.descending = page.default_descending
        self.debounce = QTimer(page, singleShot=True, interval=150)
        self.debounce.timeout.connect(page.refine)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(page.search_hint)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.debounce.start())
        QShortcut(QKeySequence("Ctrl+F"), page, self.focus_search)
        self.search.setMinimumWidth(160)
        self.row = QHBoxLayout()  # the search box, the filter boxes and the 排序 box
        self.row.addWidget(self.search, 3)
        self.filter_boxes: dict[str, QComboBox] = {}
        for spec in page.filter_specs():
            filter_box = FilterBox(spec.label, spec.options)  # options added when needed
            filter_box.setObjectName(f"filter_{spec.key}")
            filter_box.setToolTip(spec.label)
            filter_box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            filter_box.setMinimumContentsLength(4)
            self.row.addWidget(filter_box, 1)
            self.filter_boxes[spec.key] = filter_box
        self.sort_box: QComboBox | None = None
        if choices := page.sort_choices():
            sort_box = self.sort_box = QComboBox()
            sort_box.setObjectName("sortBox")
            for text, key in choices:
                sort_box.addItem(text, key)
            sort_box.currentIndexChanged.connect(
                lambda _i: self.sort_by_key(sort_box.currentData()))
            self.row.addWidget(sort_box)
        for key, value in page.default_filters().items():
            default_box = self.filter_boxes.get(key)
            if default_box is not None and (index := default_box.findData(value)) >= 0:
                default_box.setCurrentIndex(index)
        for box in self.filter_boxes.values():
            box.currentIndexChanged.connect(lambda _i: page.refine())
        self.tally: TallyBar | None = None
        if page.tally_filter:
            box = self.filter_boxes[page.tally_filter]
            box.hide()  # the counts stand for it: a click on one picks the value
            self.tally = TallyBar(box.toolTip(), [box.itemText(i) for i in range(1, box.count())],
                                  box.setCurrentIndex)

    def query(self, base_filters: dict[str, Any]) -> ListQuery:
        """The page's ``base_filters`` narrowed by the boxes, the search text and the order."""
        filters = dict(base_filters)
        for key, box in self.filter_boxes.items():
            if box.currentData() is not None:
                filters[key] = box.currentData()
        return ListQuery(search=self.search.text(), filters=filters, sort=self.sort_key,
                         descending=self.descending,
                         deleted=self.page.bin_toggle.isChecked())

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def clear(self) -> None:
        """No search text, every filter back to 全部 (the list then refines itself)."""
        self.search.clear()
        for box in self.filter_boxes.values():
            box.setCurrentIndex(0)

    # ----- after a reload ------------------------------------------------------------
    def update_tally(self, query: ListQuery) -> None:
        if self.tally is not None:
            self.tally.refresh(self.page.service.tally, query, self.page.tally_filter,
                               self.filter_boxes[self.page.tally_filter])

    def status_text(self, n: int) -> str:
        """The line under the list: how many are shown, or why none are."""
        in_bin = self.page.bin_toggle.isChecked()
        if n == 0 and in_bin:
            return "回收站是空的。"
        if n == 0 and (self.search.text() or any(b.currentIndex() > 0
                                                 for b in self.filter_boxes.values())):
            return "没有符合条件的记录。可以清除搜索文字或把筛选条件改回“全部”。"
        if n == 0:
            return self.page.empty_hint
        where = "回收站中" if in_bin else "列表中"
        return (f"{where}共 {n} 条。双击或按 Enter 打开；"
                "按住 Ctrl 或 Shift 可多选，Ctrl+C 复制所选行。")

    # ----- the order -----------------------------------------------------------------
    def show_sort_indicator(self) -> None:
        """The arrow on the column the list is sorted by (none when no column is)."""
        header = self.page.table.horizontalHeader()
        section = next((i for i, c in enumerate(self.page.model.columns)
                        if c.sort == self.sort_key), None)
        header.setSortIndicatorShown(section is not None)
        if section is not None:
            header.setSortIndicator(section, Qt.SortOrder.DescendingOrder if self.descending
                                    else Qt.SortOrder.AscendingOrder)

    def sort_by_section(self, section: int) -> None:
        """A click on a column header: by that column, or the other way round on a second."""
        column = self.page.model.columns[section]
        if column.sort is None:  # not sortable: the arrow stays where the order comes from
            self.show_sort_indicator()
            return
        self.descending = ((not self.descending) if column.sort == self.sort_key
                           else self.page.default_descending)
        self.sort_key = column.sort
        self.show_sort_indicator()
        self.page.refine()

    def sort_by_key(self, key: str, descending: bool = False) -> None:
        self.sort_key, self.descending = key, descending
        self.show_sort_indicator()
        self.page.refine()
