"""The action bar of a record page (``page.action_bar``): the buttons, when they are enabled,
and what they do.

It owns 新增/编辑/删除/恢复, the page's own buttons (``extra_buttons``, on a row of their own
when the page sets ``action_row_label``), the 回收站 switch, the import and template entries
(``data_buttons``; more than two fold into one 导入 menu, see ``data_menu``), 导出/打印/刷新,
and their shortcuts. It decides what a clerk may press: a read-only page shows no write
buttons, a read-only user sees them greyed out with the reason, and in the recycle bin only
恢复 acts. Its handlers reach the page's service only through ``ctx.ops`` (errors, change
broadcasts) and ``ctx.dialogs`` (every question the clerk is asked); 导出 and 打印 are run by
``page_export`` and ``printing_page``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton, QToolButton, QWidget

from app.domain.enums import UserRole
from app.domain.fields import FieldSpec
from app.errors import ValidationError
from ui.framework import action_dialog
from ui.framework.data_menu import FOLDED, fold, folds
from ui.widgets.flow_layout import FlowLayout, flow_widget

if TYPE_CHECKING:
    from ui.framework.record_page import RecordPage

# (text, slot) or (text, slot, tooltip)
ExtraButton = tuple[str, Callable[[], Any]] | tuple[str, Callable[[], Any], str]


class PageActions:
    """The buttons of one record page; the page keeps its widgets under their old names
    (``page.add_button`` …) and its handlers (``page.edit_current`` …) for pages and tests."""

    def __init__(self, page: RecordPage[Any]) -> None:
        self.page = page
        self.ctx = page.ctx
        self.add_button = self._button("新增", "Ctrl+N", lambda: page.open_editor(None))
        self.edit_button = self._button("编辑", "", self.edit_current)
        self.delete_button = self._button("删除", "Delete", self.delete_selected)
        self.restore_button = self._button("恢复", "", self.restore_selected)
        self.export_button = self._button("导出", "Ctrl+E", page.export_view)
        self.print_button = self._button("打印", "Ctrl+P", page.print_view)
        self.print_button.setToolTip("打印预览并打印列表中显示的记录（A4 横向，Ctrl+P）")
        self.refresh_button = self._button("刷新", "F5", page.reload)
        self.bin_toggle = QCheckBox("回收站")
        self.bin_toggle.setToolTip("显示已删除的记录，可选中后恢复")
        self.bin_toggle.toggled.connect(self._bin_toggled)
        self.action_buttons: dict[str, QPushButton] = {}
        for text, slot, *tip in page.extra_buttons():
            self.action_buttons[text] = self._button(text, "", slot)
            if tip:
                self.action_buttons[text].setToolTip(tip[0])
        self.data_action_buttons: dict[str, QPushButton] = {}
        # More than two import/template entries share one 导入 menu (data_menu.py).
        self.data_actions: dict[str, QAction] = {}
        self.import_menu_button: QToolButton | None = None
        self._data_widgets = self._build_data_entries()

    def _build_data_entries(self) -> list[QWidget]:
        """The import/template buttons, or the 导入 menu standing for them, in bar order."""
        entries = [(text, slot, rest[0] if rest else None)
                   for text, slot, *rest in self.page.data_buttons()]
        fold_imports = folds([text for text, _s, _t in entries])
        widgets: list[QWidget] = []
        for text, slot, hint in entries:
            if fold_imports and text.startswith(FOLDED):
                if self.import_menu_button is None:
                    self.import_menu_button, self.data_actions = fold(
                        self.page, self.page.service.rtype.label,
                        [e for e in entries if e[0].startswith(FOLDED)])
                    # as tall and at least as wide as the buttons beside it
                    self.import_menu_button.setMinimumSize(self.add_button.sizeHint())
                    widgets.append(self.import_menu_button)
                continue
            button = self.data_action_buttons[text] = self._button(text, "", slot)
            if hint:
                button.setToolTip(hint)
            widgets.append(button)
        return widgets

    # ----- layout --------------------------------------------------------------------
    def top_bar(self, heading: QLabel) -> QWidget:
        """The page's top line: its title, then the buttons; it wraps onto a second line
        rather than widen the window. Hides and greys out what this page or user may not do."""
        page = self.page
        bar = FlowLayout()
        bar.addWidget(heading)
        bar.stretch_after = 0
        extras = [] if page.action_row_label else list(self.action_buttons.values())
        for widget in (self.add_button, self.edit_button, self.delete_button,
                       self.restore_button, *extras, self.bin_toggle,
                       *self._data_widgets, self.export_button,
                       self.print_button, self.refresh_button):
            bar.addWidget(widget)
        self.restore_button.hide()
        if page.read_only:
            for widget in (self.add_button, self.edit_button, self.delete_button,
                           self.bin_toggle):
                widget.hide()
                widget.setEnabled(False)
        elif self.ctx.actor.role == UserRole.READONLY:
            self._disable_writes()
        return flow_widget(bar)

    def own_row(self) -> QWidget | None:
        """The page's own buttons on a row headed by ``action_row_label`` (None: no such row)."""
        if not self.page.action_row_label:
            return None
        actions = FlowLayout()
        actions.addWidget(QLabel(self.page.action_row_label))
        for button in self.action_buttons.values():
            actions.addWidget(button)
        return flow_widget(actions)

    def _disable_writes(self) -> None:
        """A read-only user sees the actions greyed out, with the reason (the services refuse
        them too)."""
        why = (f"当前用户“{self.ctx.actor.username}”是只读用户，不能修改数据。"
               "需要修改时请管理员在“系统设置”→“用户与登录”中调整角色。")
        writes = [self.add_button, self.edit_button, self.delete_button, self.restore_button,
                  *self.action_buttons.values(),
                  *(b for t, b in self.data_action_buttons.items() if t.startswith("导入"))]
        for button in writes:
            button.setEnabled(False)
            button.setToolTip(why)
        for text, action in self.data_actions.items():
            if text.startswith("导入"):
                action.setEnabled(False)
                action.setToolTip(why)

    def _button(self, text: str, shortcut: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(f"button_{text}")
        button.clicked.connect(lambda _checked=False: slot())
        if shortcut:
            button.setToolTip(f"{text}（{shortcut}）")
            # A shortcut acts only while its button does (hidden or greyed out: nothing).
            QShortcut(QKeySequence(shortcut), self.page,
                      lambda: slot() if button.isEnabled() else None)
        return button

    def _bin_toggled(self, on: bool) -> None:
        self.restore_button.setVisible(on)
        # records in the recycle bin are restored first, not edited or handled
        for button in (self.add_button, self.edit_button, self.delete_button,
                       *self.action_buttons.values()):
            button.setEnabled(not on)
        self.page.reload()

    # ----- handlers ------------------------------------------------------------------
    def edit_current(self) -> None:
        page = self.page
        if self.bin_toggle.isChecked() or page.read_only:
            return
        if not self.edit_button.isEnabled():  # a read-only user: Enter shows the detail only
            return
        record_id = page.current_id()
        if record_id is None:
            self.ctx.dialogs.info(page.title, "请先在列表中选中要编辑的记录。")
            return
        page.open_editor(record_id)

    def selected_versions(self) -> dict[int, int]:
        """``{id: version}`` of the selected rows as the list shows them: a delete or restore
        of a record another clerk changed since is refused (the list then reloads)."""
        model = self.page.model
        versions = {}
        for record_id in self.page.selected_ids():
            row = model.row_of(record_id)
            record = model.record(row) if row is not None else None
            if record is not None:
                versions[record_id] = record.version
        return versions

    def delete_selected(self) -> None:
        page = self.page
        versions = self.selected_versions()
        if not versions or self.bin_toggle.isChecked() or page.read_only:
            return
        label = page.service.rtype.label
        if not self.ctx.dialogs.confirm(
                "删除", f"把选中的 {len(versions)} 条{label}记录移到回收站？\n"
                "在回收站中可以恢复。"):
            return
        try:
            if self.ctx.ops.call("删除", page.service.delete, self.ctx.actor, versions) is None:
                self.reload_records(versions)
        except ValidationError as exc:  # the service's reason (e.g. records still refer here)
            self.ctx.dialogs.warning("删除", "没有删除任何记录：\n"
                                     + "\n".join(str(p) for p in exc.problems))

    def restore_selected(self) -> None:
        versions = self.selected_versions()
        if versions and self.ctx.ops.call(
                "恢复", self.page.service.restore, self.ctx.actor, versions) is None:
            self.reload_records(versions)

    def reload_records(self, ids: Iterable[int]) -> None:
        """Show the stored state of ``ids`` after a refused write (another clerk's change)."""
        self.page.reload()
        self.page.model.refresh_ids(set(ids))

    def run_action(self, title: str, specs: Sequence[FieldSpec],
                   call: Callable[..., Any], **form: Any) -> Any | None:
        """A workflow step of the page as a small dialog (see ``action_dialog.run_action``);
        after it ran, the list shows its result at once."""
        page = self.page

        def initiated(*args: Any) -> Any:
            with self.ctx.ops.initiated_by(page):  # the page reloads itself once, below
                return call(*args)

        result = action_dialog.run_action(self.ctx, title, specs, initiated, parent=page, **form)
        if result is not None:
            page.reload()
        return result
