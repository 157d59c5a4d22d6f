"""The editor dialog every record page uses: fields from the record type, problems at fields."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.schema import RecordType
from app.errors import AppError, ValidationError
from ui.framework.fields import FieldInput, Options
from ui.framework.inputs import Input
from ui.theme import text_style


@dataclass(frozen=True)
class Section:
    """One tab of the editor. With ``key``, its fields belong to a child record type and are
    returned nested: ``data()[key] = {...}``; the service reports their problems as
    ``"key.field"``."""

    title: str
    names: Sequence[str]
    rtype: RecordType | None = None
    key: str = ""


Tabs = Sequence[Section | tuple[str, Sequence[str]]]


class EditorTab(QWidget):
    """A custom tab of the editor for child rows saved with the record (e.g. participants).

    ``data()[key]`` is what ``value()`` returns; problems the service names ``"key.…"`` are
    given to ``show_problems``. The tab's window title is its tab label.
    """

    key: str = ""

    def value(self) -> Any:
        raise NotImplementedError

    def show_problems(self, problems: list[Any]) -> None:
        """Default: nothing at row level; the editor also lists them under the tabs."""


class RecordEditor(QDialog):
    """Edits some fields of one record. ``save(data)`` is the service call; when it raises a
    ``ValidationError`` each message is shown under its field and the dialog stays open.

    ``inputs`` replaces the input of a name, or adds one that is not a field of the record
    type (a proposal's ``cosigner_ids``); ``hints`` are grey notes under fields; ``intro`` is
    a note above the form (rich text); ``ok_text`` names the button that saves.
    """

    def __init__(self, title: str, rtype: RecordType, tabs: Tabs,
                 save: Callable[[dict[str, Any]], Any], *, values: dict[str, Any] | None = None,
                 options: dict[str, Options] | None = None, parent: QWidget | None = None,
                 extras: Sequence[EditorTab] = (), inputs: dict[str, Input] | None = None,
                 hints: dict[str, str] | None = None, intro: str = "",
                 ok_text: str = "保存") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("recordEditor")
        self.rtype = rtype
        self._save = save
        self.result_value: Any = None
        self.inputs: dict[str, Input] = {}
        self.errors: dict[str, QLabel] = {}
        options = options or {}
        custom = inputs or {}
        hints = hints or {}

        self.tabs = QTabWidget()
        sections = [t if isinstance(t, Section) else Section(t[0], t[1]) for t in tabs]
        for section in sections:
            page = QWidget()
            form = QFormLayout(page)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
            for field_name in section.names:
                name = f"{section.key}.{field_name}" if section.key else field_name
                field = custom.get(name) or FieldInput((section.rtype or rtype).fields[field_name],
                                                       options.get(name))
                spec = field.spec
                field.widget.setObjectName(f"field_{name}")
                if len(section.names) == 1 and isinstance(field.widget, QPlainTextEdit):
                    field.widget.setMinimumHeight(220)  # a tab of its own: room for the text
                    field.widget.setMaximumHeight(16777215)
                error = QLabel()
                error.setObjectName(f"error_{name}")
                error.setStyleSheet(text_style("error"))
                error.setWordWrap(True)
                error.hide()
                holder = QWidget()
                # the whole row's width, so that a note under a short combo box is not squeezed;
                # spare height stays below the form (only a tab's single text box takes it)
                grows = len(section.names) == 1  # the field is the whole tab
                holder.setSizePolicy(QSizePolicy.Policy.Expanding,
                                     QSizePolicy.Policy.Expanding if grows
                                     else QSizePolicy.Policy.Maximum)
                box = QVBoxLayout(holder)
                box.setContentsMargins(0, 0, 0, 0)
                box.setSpacing(2)
                box.addWidget(field.widget)
                if name in hints:
                    hint = QLabel(hints[name])
                    hint.setObjectName(f"hint_{name}")
                    hint.setStyleSheet(text_style("hint"))
                    hint.setWordWrap(True)
                    box.addWidget(hint)
                box.addWidget(error)
                label = spec.label + ("＊" if spec.required else "")
                form.addRow(label, holder)
                self.inputs[name] = field
                self.errors[name] = error
            self.tabs.addTab(page, section.title)
        self.extras = list(extras)
        for tab in self.extras:
            self.tabs.addTab(tab, tab.windowTitle())
        self.tabs.tabBar().setVisible(self.tabs.count() > 1)

        self.general_error = QLabel()
        self.general_error.setObjectName("generalError")
        self.general_error.setStyleSheet(text_style("error"))
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(ok_text)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self.intro = QLabel(intro)
        self.intro.setObjectName("editorIntro")
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.RichText)
        self.intro.setVisible(bool(intro))
        layout.addWidget(self.intro)
        layout.addWidget(self.tabs)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        for name, value in (values or {}).items():
            if name in self.inputs:
                self.inputs[name].set_value(value)
        self.resize(560, min(720, 140 + 44 * max(len(s.names) for s in sections)))

    def data(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, field in self.inputs.items():
            key, _, child = name.rpartition(".")
            if key:
                out.setdefault(key, {})[child] = field.value()
            else:
                out[name] = field.value()
        for tab in self.extras:
            out[tab.key] = tab.value()
        return out

    def set(self, name: str, value: Any) -> None:
        self.inputs[name].set_value(value)

    def accept(self) -> None:
        for label in [*self.errors.values(), self.general_error]:
            label.hide()
        try:
            self.result_value = self._save(self.data())
        except ValidationError as exc:
            self.show_problems(exc)
            return
        except AppError as exc:
            self.general_error.setText(str(exc))
            self.general_error.show()
            return
        super().accept()

    def show_problems(self, exc: ValidationError) -> None:
        first: QWidget | None = None
        unplaced = []
        for tab in self.extras:
            mine = [p for p in exc.problems if p.field.split(".")[0] == tab.key]
            if mine:
                tab.show_problems(mine)
                if first is None:
                    first = tab
        for problem in exc.problems:
            label = self.errors.get(problem.field)
            if label is None:
                unplaced.append(str(problem))
                continue
            label.setText(problem.message)
            label.show()
            if first is None:
                first = self.inputs[problem.field].widget
        if unplaced:
            self.general_error.setText("；".join(unplaced))
            self.general_error.show()
        if first is not None:
            page: QWidget | None = first
            while page is not None and self.tabs.indexOf(page) < 0:
                page = page.parentWidget()
            if page is not None:
                self.tabs.setCurrentWidget(page)
            first.setFocus(Qt.FocusReason.OtherFocusReason)
