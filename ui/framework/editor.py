"""The editor dialog every record page uses: fields from the record type, problems at fields."""

from __future__ import annotations

import functools
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

from app.domain.fields import Kind
from app.domain.schema import RecordType
from app.errors import AppError, ConflictError, ValidationError
from app.services.validation import InvalidValueError, parse_date
from ui.framework.columns import display
from ui.framework.conflict import KeepOpen
from ui.framework.fields import FieldInput, Options
from ui.framework.inputs import Input
from ui.theme import text_style

# (the conflict, the form's data) → the save's result; see ``conflict.resolve_in_editor``
ConflictHandler = Callable[[ConflictError, dict[str, Any]], Any]
# (title, question) → True to go ahead; the page's ``ctx.dialogs.confirm``
Confirm = Callable[[str, str], bool]
DISCARD_QUESTION = "所填内容尚未保存。确定放弃这些修改并关闭吗？"


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

    # ----- conflicts: another clerk saved the record first --------------------------------
    def value_of(self, record: Any) -> Any:
        """What ``value()`` would return for the rows stored with ``record``."""
        raise NotImplementedError

    def reload(self, record: Any) -> None:
        """Show the rows stored with ``record`` instead of the clerk's."""
        raise NotImplementedError

    def describe(self, value: Any) -> str:
        """A value in a line of the conflict dialog."""
        return f"{len(value)}项" if isinstance(value, list) else str(value)


class RecordEditor(QDialog):
    """Edits some fields of one record. ``save(data)`` is the service call; when it raises a
    ``ValidationError`` each message is shown under its field and the dialog stays open.

    ``inputs`` replaces the input of a name, or adds one that is not a field of the record
    type (a proposal's ``cosigner_ids``); ``hints`` are grey notes under fields; ``intro`` is
    a note above the form (rich text); ``ok_text`` names the button that saves.

    ``conflict`` is called when the save raises ``ConflictError`` (another clerk saved the
    record first); the clerk's input stays in the form whatever it decides.

    Esc, 取消 and the window's close button all go through ``reject``: when the form differs
    from what it opened with, ``confirm`` asks before the input is thrown away, and a "no"
    keeps the dialog open with everything typed.
    """

    def __init__(self, title: str, rtype: RecordType, tabs: Tabs,
                 save: Callable[[dict[str, Any]], Any], *, values: dict[str, Any] | None = None,
                 options: dict[str, Options] | None = None, parent: QWidget | None = None,
                 extras: Sequence[EditorTab] = (), inputs: dict[str, Input] | None = None,
                 hints: dict[str, str] | None = None, intro: str = "",
                 ok_text: str = "保存", conflict: ConflictHandler | None = None,
                 confirm: Confirm | None = None) -> None:
        super().__init__(parent)
        self._conflict = conflict
        self._confirm = confirm
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
        self.opened = self.flat()  # what the form showed when opened: the base of a conflict
        for name, field in self.inputs.items():
            _on_change(field.widget, functools.partial(self._recheck, name))
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

    # ----- the form's values, as a conflict compares them (conflict.resolve_in_editor) -----
    def flat(self) -> dict[str, Any]:
        """Every input's value by its name ("seat.sector_id"), and each extra tab's."""
        out = {name: field.value() for name, field in self.inputs.items()}
        out.update({tab.key: tab.value() for tab in self.extras})
        return out

    def load(self, values: dict[str, Any]) -> None:
        """Show ``values`` (the record as stored now) and make them the new base."""
        for name, value in values.items():
            if name in self.inputs:
                self.inputs[name].set_value(value)
        self.opened = self.flat()

    def display(self, name: str, value: Any) -> str:
        """How a value reads in the conflict dialog (a choice's text, not its id)."""
        field = self.inputs.get(name)
        widget = getattr(field, "widget", None)
        if widget is not None and hasattr(widget, "findData") and value is not None:
            index = widget.findData(value)
            if index >= 0:
                return str(widget.itemText(index))
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, list | tuple):
            return "、".join(display(v) if not isinstance(v, dict)
                            else str(v.get("name") or v.get("member_id") or "") for v in value)
        return display(value)

    def field_label(self, name: str) -> str:
        field = self.inputs.get(name)
        spec = getattr(field, "spec", None)
        return spec.label if spec is not None else name

    def _recheck(self, name: str) -> None:
        """A field's red message goes once the field is valid again (as far as the form can
        tell: filled in, a readable date); the service checks everything again on save."""
        label = self.errors.get(name)
        if label is None or label.isHidden():
            return
        field = self.inputs[name]
        problem = local_problem(getattr(field, "spec", None), field.value())
        if problem is None:
            label.hide()
        else:
            label.setText(problem)

    def is_dirty(self) -> bool:
        """True when the form differs from what it opened with (or was last reloaded to)."""
        return self.flat() != self.opened

    def reject(self) -> None:
        """Esc, 取消 or close: ask before discarding typed input (see the class note)."""
        if self.is_dirty() and not self._ask_discard():
            return
        super().reject()

    def _ask_discard(self) -> bool:
        title = f"放弃修改 — {self.windowTitle()}"
        if self._confirm is not None:
            return self._confirm(title, DISCARD_QUESTION)
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self, title, DISCARD_QUESTION,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def accept(self) -> None:
        for label in [*self.errors.values(), self.general_error]:
            label.hide()
        data = self.data()
        try:
            try:
                self.result_value = self._save(data)
            except ConflictError as exc:
                if self._conflict is None:
                    raise
                self.result_value = self._conflict(exc, data)
        except KeepOpen as keep:
            self.general_error.setText(keep.message)
            self.general_error.show()
            return
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


def local_problem(spec: Any, value: Any) -> str | None:
    """What the form alone can tell is wrong with ``value``: empty but required, or not a
    date; None when it looks valid."""
    if spec is None:
        return None
    if value in (None, "", []):
        return "必须填写" if spec.required else None
    if spec.kind == Kind.DATE and isinstance(value, str):
        try:
            parse_date(value.strip())
        except InvalidValueError as exc:
            return str(exc)
    return None


def _on_change(widget: Any, slot: Callable[[], None]) -> None:
    """Connect whichever "changed" signal the input widget has."""
    for signal in ("textChanged", "currentIndexChanged", "editTextChanged", "toggled",
                   "changed"):
        sig = getattr(widget, signal, None)
        if sig is not None and hasattr(sig, "connect"):
            sig.connect(lambda *_a: slot())
            return
