"""One 导入 button with a menu, where a page has more import and template actions than fit its
top bar (提案: 导入, 下载导入模板, and the same pair for 领导批示 and 提案督办).

Two or fewer stay plain buttons; more are folded into a ``QToolButton`` whose menu opens on a
click, on Space or on Enter (it takes the keyboard focus like a button), each entry with the
tooltip its button had. ``fold`` is used by the action bar (``page_actions.PageActions``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

FOLDED = ("导入", "下载")  # the entries that go into the menu, by how their text begins
MAX_LOOSE = 2  # this many stay plain buttons
MENU_TEXT = "导入"


def folds(texts: Sequence[str]) -> bool:
    """True when the page's data entries are folded into one menu."""
    return sum(t.startswith(FOLDED) for t in texts) > MAX_LOOSE


def menu_text(text: str, label: str) -> str:
    """How an entry reads in the menu: the page's own 导入 names its records (导入提案…);
    every entry opens a dialog, hence the ellipsis."""
    if text == "导入":
        return f"导入{label}…"
    if text == "下载导入模板":
        return f"下载{label}导入模板…"
    return f"{text}…"


def fold(parent: QWidget, label: str,
         entries: Sequence[tuple[str, Callable[[], Any], str | None]]
         ) -> tuple[QToolButton, dict[str, QAction]]:
    """The 导入 button and its actions by entry text (the text the page gave)."""
    button = QToolButton(parent)
    button.setObjectName("button_导入菜单")
    button.setText(MENU_TEXT)
    button.setToolTip("导入 Excel 表格，或下载空白的导入模板")
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    menu = QMenu(button)
    menu.setObjectName("importMenu")
    menu.setToolTipsVisible(True)
    actions: dict[str, QAction] = {}
    for text, slot, tip in entries:
        if actions and text.startswith("导入"):  # each kind's pair on its own
            menu.addSeparator()
        action = menu.addAction(menu_text(text, label))
        action.setObjectName(f"action_{text}")
        action.triggered.connect(lambda _checked=False, slot=slot: slot())
        if tip:
            action.setToolTip(tip)
        actions[text] = action
    button.setMenu(menu)
    return button, actions
