"""Input widgets built from the core's field specifications (one per field kind)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from app.domain.fields import FieldSpec, Kind
from ui.framework.date_picker import add_calendar

# (shown text, value); a choice whose value is None replaces the blank first entry (e.g.
# ("闭会期间", None) for a proposal's session)
Options = Callable[[], list[tuple[str, Any]]]
SEARCHABLE = 30  # longer choice lists take typed text to narrow them


class FieldInput:
    """One field's widget: read and write its value as the service expects it."""

    def __init__(self, spec: FieldSpec, options: Options | None = None) -> None:
        self.spec = spec
        self.widget: QWidget = self._build(options)

    def _build(self, options: Options | None) -> QWidget:
        spec = self.spec
        if spec.kind == Kind.LONGTEXT:
            long_edit = QPlainTextEdit()
            long_edit.setFixedHeight(64)
            long_edit.setTabChangesFocus(True)
            return long_edit
        if spec.kind == Kind.BOOL:
            return QCheckBox()
        if spec.kind in (Kind.ENUM, Kind.REF, Kind.FK):
            combo = QComboBox()
            choices = list(options()) if options else []
            if not any(value is None for _text, value in choices):
                combo.addItem("", None)
            if spec.kind == Kind.ENUM and spec.enum is not None:
                for member in spec.enum:
                    combo.addItem(member.label, member)
            for text, value in choices:
                combo.addItem(text, value)
            combo.setMaxVisibleItems(20)
            if combo.count() > SEARCHABLE:
                _searchable(combo)
            return combo
        edit = QLineEdit()
        if spec.kind == Kind.DATE:
            edit.setPlaceholderText("如 2024-04-23")
            add_calendar(edit)
        elif spec.kind in (Kind.INT, Kind.DECIMAL):
            edit.setPlaceholderText("数字")
        if spec.max_length:
            edit.setMaxLength(spec.max_length)
        return edit

    def value(self) -> Any:
        w = self.widget
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QComboBox):
            if w.isEditable() and w.currentText() != w.itemText(w.currentIndex()):
                index = w.findText(w.currentText())  # typed, not picked from the list
                return w.itemData(index) if index >= 0 else None
            return w.currentData()
        return w.text()  # type: ignore[attr-defined]

    def set_value(self, value: Any) -> None:
        w = self.widget
        if isinstance(w, QPlainTextEdit):
            w.setPlainText("" if value is None else str(value))
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QComboBox):
            index = w.findData(value)
            if index < 0 and value not in (None, ""):
                # a retired list value still shows on the record that has it
                w.addItem(f"{value}（已停用）" if self.spec.kind == Kind.REF else str(value),
                          value)
                index = w.count() - 1
            w.setCurrentIndex(max(index, 0))
        else:
            w.setText(_text(value))  # type: ignore[attr-defined]


def _searchable(combo: QComboBox) -> None:
    """Typing part of an entry (e.g. 住建) offers the entries that contain it."""
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(16)
    completer, line = combo.completer(), combo.lineEdit()
    assert completer is not None and line is not None  # an editable combo box has both
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    line.setPlaceholderText("可输入文字查找")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value)
