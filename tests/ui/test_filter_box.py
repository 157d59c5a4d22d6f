"""Filter boxes add their options when first needed (issue 15): the page opens with 全部 only,
and opening a box, a key on it, or asking about its entries adds them; a preselected box and
the count row's box are filled at once."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from app.services.org import DepartmentService
from app.services.terms import TermService
from ui.framework.filter_box import FilterBox


def test_a_box_holds_all_until_asked(qtbot: Any) -> None:
    reads: list[int] = []

    def options() -> list[tuple[str, Any]]:
        reads.append(1)
        return [("甲", 1), ("乙", 2)]

    box = FilterBox("类别", options)
    qtbot.addWidget(box)
    changed: list[int] = []
    box.currentIndexChanged.connect(changed.append)
    assert not box.filled and reads == []
    assert box.currentText() == "类别：全部" and box.currentData() is None
    assert box.findData(2) == 2 and box.filled and reads == [1]
    assert [box.itemText(i) for i in range(box.count())] == ["类别：全部", "甲", "乙"]
    assert changed == [] and reads == [1]  # filled once, without a signal
    box.setCurrentIndex(1)
    assert box.currentData() == 1 and changed == [1]


def test_keyboard_wheel_and_popup_fill_a_box(qtbot: Any) -> None:
    boxes = [FilterBox("类别", lambda: [("甲", 1), ("乙", 2)]) for _ in range(3)]
    for box in boxes:
        qtbot.addWidget(box)
        box.show()
    qtbot.keyClick(boxes[0], Qt.Key.Key_Down)  # a closed box steps to the next entry
    assert boxes[0].currentData() == 1
    wheel = QWheelEvent(QPointF(5, 5), QPointF(5, 5), QPoint(0, 0), QPoint(0, -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(boxes[1], wheel)
    assert boxes[1].filled
    boxes[2].showPopup()
    assert boxes[2].filled and boxes[2].view().model().rowCount() == 3
    boxes[2].hidePopup()
    assert wheel.type() == QEvent.Type.Wheel


def test_the_members_page_fills_only_what_it_needs(window: Any, db: Any, actor: Any) -> None:
    term = TermService(db).create(actor, {"number": 10, "start_on": "2020-01-01"}).value
    page = window.show_page("members")
    boxes = page.filter_boxes
    assert boxes["term_id"].filled and boxes["term_id"].currentData() == term.id  # preselected
    assert not boxes["sector_id"].filled and not boxes["party"].filled
    assert boxes["party"].findText("民盟") > 0  # asked: filled
    assert boxes["party"].filled


def test_a_box_offers_what_exists_when_it_is_opened(window: Any, db: Any, actor: Any) -> None:
    page = window.show_page("proposals")
    assert page.filter_boxes["stage"].filled  # the count row's box: its entries are counted
    box = page.filter_boxes["department_id"]
    assert not box.filled
    DepartmentService(db).create(actor, {"name": "县水利局"})  # after the page was built
    assert "县水利局" in [box.itemText(i) for i in range(box.count())]
