"""The dialog that shows what another clerk changed (see ``ui.framework.conflict``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.framework.conflict import CANCEL, MINE, RELOAD, ConflictRow
from ui.theme import text_style

HEADERS = ("项目", "您打开时", "对方修改后（现在）", "您的修改")


class ConflictDialog(QDialog):
    """Lists the other clerk's changes; ``choice`` is "reload", "mine" or "cancel"."""

    def __init__(self, title: str, message: str, rows: list[ConflictRow],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{title}：其他用户已修改")
        self.setObjectName("conflictDialog")
        self.choice = CANCEL
        text = QLabel(message)
        text.setWordWrap(True)
        table = QTableWidget(len(rows), len(HEADERS))
        table.setObjectName("conflictTable")
        table.setHorizontalHeaderLabels(list(HEADERS))
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for r, row in enumerate(rows):
            for c, value in enumerate((row.label, row.opened, row.theirs, row.mine)):
                table.setItem(r, c, QTableWidgetItem(value or "（空）"))
        if not rows:
            table.hide()
        hint = QLabel("“重新载入”显示对方保存的内容（您的输入将被替换）；"
                      "“仍用我的修改”只把您改动的项目保存到最新版本上，对方改动的其他项目保留。")
        hint.setWordWrap(True)
        hint.setStyleSheet(text_style("hint"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for label, choice, name in (("重新载入", RELOAD, "reloadButton"),
                                    ("仍用我的修改", MINE, "mineButton"),
                                    ("取消", CANCEL, "cancelButton")):
            button = QPushButton(label)
            button.setObjectName(name)
            button.clicked.connect(lambda _=False, c=choice: self._choose(c))
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(table)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        self.resize(640, 200 + 30 * min(len(rows), 12))

    def _choose(self, choice: Any) -> None:
        self.choice = choice
        self.accept() if choice != CANCEL else self.reject()
