"""A record page's filter box whose options are added when first needed.

A page opens with most filters on 全部, and a clerk opens a few of them: adding every option of
every box (a 委员 page has about 80) was a tenth of building the page (issue 15). The box
holds 全部 until it is opened — popup, keyboard, wheel — or asked about (``count``,
``findData``…, which every caller in the program and the tests goes through), and then adds
the options as they are at that moment (``ui.framework.options`` keeps them until a change).
A box whose page preselects a value is filled at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QComboBox

Choice = tuple[str, Any]
_USER = Qt.ItemDataRole.UserRole
_MATCH = Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchCaseSensitive


class FilterBox(QComboBox):
    """``{label}：全部`` first, then ``options()`` once needed."""

    def __init__(self, label: str, options: Callable[[], list[Choice]]) -> None:
        super().__init__()
        self._options: Callable[[], list[Choice]] | None = options
        super().addItem(f"{label}：全部", None)

    @property
    def filled(self) -> bool:
        return self._options is None

    def fill(self) -> None:
        """Add the options (once); the current entry and the signals stay as they were."""
        options, self._options = self._options, None
        if options is None:
            return
        blocked = self.blockSignals(True)
        try:
            for text, value in options():
                super().addItem(text, value)
        finally:
            self.blockSignals(blocked)

    # ----- what opens the box, or asks about its entries, fills it first ---------------
    def showPopup(self) -> None:  # noqa: N802 - Qt override
        self.fill()
        super().showPopup()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        self.fill()
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        self.fill()
        super().wheelEvent(event)

    def count(self) -> int:
        self.fill()
        return super().count()

    def itemText(self, index: int) -> str:  # noqa: N802 - Qt's name
        self.fill()
        return super().itemText(index)

    def itemData(self, index: int, role: int = _USER) -> Any:  # noqa: N802 - Qt's name
        self.fill()
        return super().itemData(index, role)

    def findData(self, data: Any, role: int = _USER,  # noqa: N802 - Qt's name
                 flags: Qt.MatchFlag = _MATCH) -> int:
        self.fill()
        return super().findData(data, role, flags)

    def findText(self, text: str,  # noqa: N802 - Qt's name
                 flags: Qt.MatchFlag = _MATCH) -> int:
        self.fill()
        return super().findText(text, flags)

    def setCurrentIndex(self, index: int) -> None:  # noqa: N802 - Qt's name
        if index != 0:
            self.fill()
        super().setCurrentIndex(index)

    def setCurrentText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self.fill()
        super().setCurrentText(text)

    def removeItem(self, index: int) -> None:  # noqa: N802 - Qt's name
        self.fill()
        super().removeItem(index)

    def addItem(self, *args: Any, **kwargs: Any) -> None:  # noqa: N802 - Qt's name
        self.fill()  # an entry added later goes after the options
        super().addItem(*args, **kwargs)
