"""A row of counts above a record list, one per value of a filter (e.g. proposals per 办理状态):
where the records of the current view stand at a glance; clicking a count filters the list."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QButtonGroup, QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from app.services.crud import ListQuery
from ui.theme import colour


def style() -> str:
    """The buttons' style sheet in the palette's colours (ui.theme: light or dark)."""
    c = {role: colour(role) for role in ("border", "button_bg", "accent", "on_accent", "faint")}
    return (f"QPushButton {{ border: 1px solid {c['border']}; border-radius: 3px; "
            f"padding: 2px 8px; background: {c['button_bg']}; color: palette(button-text); }}\n"
            f"QPushButton:checked {{ background: {c['accent']}; color: {c['on_accent']}; "
            f"border-color: {c['accent']}; }}\n"
            f"QPushButton[empty=\"true\"] {{ color: {c['faint']}; }}\n")


class TallyBar(QWidget):
    """Buttons "全部 N", "待审查 n" …; button i stands for entry i of the filter's combo box
    (entry 0 is 全部)."""

    def __init__(self, label: str, texts: Sequence[str], on_pick: Callable[[int], None]) -> None:
        super().__init__()
        self.setObjectName("tallyBar")
        self.setStyleSheet(style())
        self.texts = ["全部", *texts]
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: list[QPushButton] = []
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(QLabel(f"{label}："))
        for i, text in enumerate(self.texts):
            button = QPushButton(text)
            button.setObjectName(f"tally_{text}")
            button.setCheckable(True)
            button.setProperty("empty", False)  # as styled: the first counts restyle only 0s
            button.clicked.connect(lambda _c=False, i=i: on_pick(i))
            self.group.addButton(button, i)
            self.buttons.append(button)
            row.addWidget(button)
        row.addStretch(1)

    def refresh(self, tally: Callable[[ListQuery, str, list[object]], list[int]],
                query: ListQuery, key: str, box: QComboBox) -> None:
        """Count ``query`` for each value of the filter ``key`` (its entries in ``box``), the
        other filters and the search as they are: ``tally`` is the service's (one query)."""
        values = [box.itemData(i) for i in range(1, box.count())]
        self.show_counts(tally(query, key, values), box.currentIndex())

    def show_counts(self, counts: Sequence[int], current: int) -> None:
        for i, (button, n) in enumerate(zip(self.buttons, counts, strict=True)):
            button.setText(f"{self.texts[i]} {n}")
            empty = n == 0 and i > 0
            if button.property("empty") != empty:  # restyle only what changed
                button.setProperty("empty", empty)
                button.style().unpolish(button)
                button.style().polish(button)
        if 0 <= current < len(self.buttons):
            self.buttons[current].setChecked(True)

    def counts(self) -> dict[str, int]:
        """Shown counts by text (for tests and the smoke check)."""
        return {t: int(b.text().rsplit(" ", 1)[-1]) for t, b in zip(self.texts, self.buttons,
                                                                     strict=True)}
