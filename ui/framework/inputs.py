"""Editor inputs that are not one widget per field kind: a reference chosen in a dialog, and an
ordered list of picked or typed entries. They read and write values like ``FieldInput``, so the
editor places them, shows their problems and returns their values in ``data()``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.fields import FieldSpec

VALUE_ROLE = Qt.ItemDataRole.UserRole + 2
# (current values) → entries to add as (value, shown text); None or [] when cancelled
Adder = Callable[[list[Any]], list[tuple[Any, str]] | None]


class Input(Protocol):
    """What the editor needs of an input (``FieldInput`` is one)."""

    spec: FieldSpec
    widget: QWidget

    def value(self) -> Any: ...

    def set_value(self, value: Any) -> None: ...


class PickerInput:
    """A reference chosen in a dialog rather than a long combo box (e.g. the 第一提案人 from
    the member picker): the chosen entry's name, a 选择 and a 清除 button.

    ``choose(current)`` runs the dialog and returns the new value (None: cancelled);
    ``describe(value)`` is the text shown for a value.
    """

    def __init__(self, spec: FieldSpec, choose: Callable[[Any], Any | None],
                 describe: Callable[[Any], str], *, placeholder: str = "未选择") -> None:
        self.spec = spec
        self._choose = choose
        self._describe = describe
        self._value: Any = None
        self.changed: list[Callable[[Any], None]] = []  # called with the new value
        self.widget = QWidget()
        self.text = QLineEdit()
        self.text.setReadOnly(True)
        self.text.setPlaceholderText(placeholder)
        self.choose_button = QPushButton("选择…")
        self.choose_button.setObjectName(f"choose_{spec.name}")
        self.choose_button.clicked.connect(lambda _c=False: self.pick())
        self.clear_button = QPushButton("清除")
        self.clear_button.clicked.connect(lambda _c=False: self.set_value(None))
        row = QHBoxLayout(self.widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.text, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.clear_button)
        self.widget.setFocusProxy(self.choose_button)

    def pick(self) -> None:
        chosen = self._choose(self._value)
        if chosen is not None:
            self.set_value(chosen)

    def value(self) -> Any:
        return self._value

    def set_value(self, value: Any) -> None:
        self._value = None if value == "" else value
        self.text.setText("" if self._value is None else self._describe(self._value))
        for slot in self.changed:
            slot(self._value)

    def setEnabled(self, on: bool) -> None:  # noqa: N802 - reads like the Qt call
        self.widget.setEnabled(on)


class ListInput:
    """An ordered list of entries (e.g. 联名人, 报送人): each ``adder`` button adds entries
    (picked in a dialog or typed), and entries can be removed and moved up or down.

    ``describe(values)`` gives the shown text of each value, in order.
    """

    def __init__(self, spec: FieldSpec, adders: Sequence[tuple[str, Adder]],
                 describe: Callable[[list[Any]], list[str]], *, empty_hint: str = "") -> None:
        self.spec = spec
        self._describe = describe
        self.widget = QWidget()
        self.list = QListWidget()
        self.list.setObjectName(f"list_{spec.name}")
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.list.setMinimumHeight(110)
        self.list.setToolTip(empty_hint)
        self.buttons: dict[str, QPushButton] = {}
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        for text, adder in adders:
            self._add_button(side, text, lambda _c=False, a=adder: self.add_with(a))
        self._add_button(side, "移除", lambda _c=False: self.remove_selected())
        self._add_button(side, "上移", lambda _c=False: self.move(-1))
        self._add_button(side, "下移", lambda _c=False: self.move(1))
        side.addStretch(1)
        row = QHBoxLayout(self.widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.list, 1)
        row.addLayout(side)
        self.widget.setFocusProxy(self.list)

    def _add_button(self, layout: QVBoxLayout, text: str, slot: Callable[..., Any]) -> None:
        button = QPushButton(text)
        button.setObjectName(f"list_{self.spec.name}_{text}")
        button.clicked.connect(slot)
        layout.addWidget(button)
        self.buttons[text] = button

    def add_with(self, adder: Adder) -> None:
        present = self.value()
        for value, text in adder(present) or []:
            if value not in present:
                self._append(value, text)
                present.append(value)

    def _append(self, value: Any, text: str) -> None:
        item = QListWidgetItem(text)
        item.setData(VALUE_ROLE, value)
        self.list.addItem(item)

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))

    def move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)

    def value(self) -> list[Any]:
        return [self.list.item(i).data(VALUE_ROLE) for i in range(self.list.count())]

    def set_value(self, value: Any) -> None:
        self.list.clear()
        values = list(value or [])
        for v, text in zip(values, self._describe(values), strict=True):
            self._append(v, text)
