"""Typed settings with declared defaults over QSettings (window layout, column widths …)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from app import APP_ID


class Settings:
    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store or QSettings(APP_ID, APP_ID)

    def _get(self, key: str, default: Any, kind: type) -> Any:
        value = self.store.value(key, default)
        try:
            return kind(value) if value is not None else default
        except (TypeError, ValueError):
            return default

    def geometry(self, key: str) -> QByteArray | None:
        value = self.store.value(f"layout/{key}")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, key: str, value: QByteArray) -> None:
        self.store.setValue(f"layout/{key}", value)

    def last_page(self) -> int:
        return int(self._get("ui/last_page", 0, int))

    def set_last_page(self, index: int) -> None:
        self.store.setValue("ui/last_page", index)

    def show_sensitive(self) -> bool:
        """Whether ID and phone numbers are shown unmasked (off by default, PIPL)."""
        return str(self.store.value("privacy/show_sensitive", "false")).lower() == "true"

    def set_show_sensitive(self, value: bool) -> None:
        self.store.setValue("privacy/show_sensitive", "true" if value else "false")

    def sync(self) -> None:
        self.store.sync()
