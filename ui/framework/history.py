"""Back and forward between linked records (Alt+← / Alt+→), like a browser.

A link in a detail pane (a member's proposal, a proposal's member …) jumps to another page;
the place it left — page and selected record — is remembered, so Alt+← goes back there and
Alt+→ forward again. Only jumps by link are recorded, not every click in the navigation."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence, QShortcut

Place = tuple[str, int | None]  # (page key, selected record id)


class LinkHistory(QObject):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.places: list[Place] = []
        self.at = -1
        QShortcut(QKeySequence("Alt+Left"), window, self.back)
        QShortcut(QKeySequence("Alt+Right"), window, self.forward)

    def here(self) -> Place:
        window = self.window
        row = window.nav.currentRow()
        key = window.entries[row].key if row >= 0 else ""
        page = window.pages.get(key)
        current = getattr(page, "current_id", None)
        return key, current() if callable(current) else None

    def _remember(self, place: Place) -> None:
        del self.places[self.at + 1:]
        if not self.places or self.places[-1] != place:
            self.places.append(place)
        self.at = len(self.places) - 1

    def jumped(self, before: Place) -> None:
        """Called after a link jump: ``before`` is where it started."""
        self._remember(before)
        self._remember(self.here())

    def back(self) -> bool:
        if self.at <= 0:
            return False
        self.places[self.at] = self.here()  # the selection may have moved since
        self.at -= 1
        self._go(self.places[self.at])
        return True

    def forward(self) -> bool:
        if self.at >= len(self.places) - 1:
            return False
        self.places[self.at] = self.here()
        self.at += 1
        self._go(self.places[self.at])
        return True

    def _go(self, place: Place) -> None:
        key, record_id = place
        page = self.window.show_page(key)
        if record_id is not None and hasattr(page, "reveal"):
            page.reveal(record_id)
