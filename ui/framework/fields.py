"""Input widgets built from the core's field specifications (one per field kind)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from app.domain.fields import FieldSpec, Kind

Options = Callable[[], list[tuple[str, Any]]]  # (shown text, value)


class FieldInput:
    """One field's widget: read and write its value as the service expects it."""

    def __init__(self, spec: FieldSpec, options: Options | None = None) -> None:
        self.spec = spec
        self.widget: QWidget = self._build(options)

    def _build(self, options: Options | None) -> QWidget:
        spec = self.spec
        if spec.kind == Kind.LONGTEXT:
            edit = QPlainTextEdit()
            edit.setFixedHeight(64)
            edit.setTabChangesFocus(True)
            return edit
        if spec.kind == Kind.BOOL:
            return QCheckBox()
        if spec.kind in (Kind.ENUM, Kind.REF, Kind.FK):
            combo = QComboBox()
            combo.addItem("", None)
            if spec.kind == Kind.ENUM and spec.enum is not None:
                for member in spec.enum:
                    combo.addItem(member.label, member)
            for text, value in options() if options else []:
                combo.addItem(text, value)
            combo.setMaxVisibleItems(20)
            return combo
        edit = QLineEdit()
        if spec.kind == Kind.DATE:
            edit.setPlaceholderText("如 2024-04-23")
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


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value)
