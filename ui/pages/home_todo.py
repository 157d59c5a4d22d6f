"""The 首页's 待办 panel: one line per waiting step, most pressing first; a click opens its
records (a single record opens straight on its page)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QGroupBox, QLabel, QPushButton, QVBoxLayout

from app.reports.todo import TodoItem, TodoList
from app.text.numerals import cn_date
from ui.theme import colour, text_style

TODO_WIDTH = 280


class TodoPanel(QGroupBox):
    def __init__(self, on_open: Callable[[TodoItem], None]) -> None:
        super().__init__("待办")
        self.setObjectName("todoPanel")
        self.setFixedWidth(TODO_WIDTH)
        self.on_open = on_open
        self.setStyleSheet("QPushButton { text-align: left; padding: 2px; }\n"
                           f"QPushButton[urgent=\"true\"] {{ color: {colour('error')}; "
                           "font-weight: bold; }")
        self.column = QVBoxLayout(self)
        self.buttons: dict[str, QPushButton] = {}
        self.items: list[TodoItem] = []
        self.note = QLabel("正在统计……")
        self.note.setStyleSheet(text_style("hint"))
        self.note.setWordWrap(True)
        self.column.addWidget(self.note)
        self.column.addStretch(1)

    def set_todo(self, todo: TodoList) -> None:
        for button in self.buttons.values():
            self.column.removeWidget(button)
            button.deleteLater()
        self.buttons.clear()
        self.items = list(todo.items)
        self.setTitle(f"待办（{cn_date(todo.today)}）")
        for i, item in enumerate(self.items):
            button = QPushButton(item.text)
            button.setObjectName(f"todo_{item.key}")
            button.setFlat(True)
            button.setProperty("urgent", item.urgent)
            button.setToolTip(item.definition)
            button.clicked.connect(lambda _c=False, it=item: self.on_open(it))
            self.column.insertWidget(i, button)
            self.buttons[item.key] = button
        if self.items:
            self.note.setText(f"提案、社情民意自{cn_date(todo.since)}起收到的计入。"
                              "点击一项查看它的记录。")
        else:
            self.note.setText("今天没有待办事项。")

