"""What every page is given: the database, the operations layer, dialogs and settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.db.engine import Database
from app.services.context import Actor
from ui.dialogs import Dialogs
from ui.operations import Operations
from ui.settings import Settings


@dataclass
class PageContext:
    db: Database
    ops: Operations
    dialogs: Dialogs
    settings: Settings
    navigate: Callable[..., Any]  # navigate(page_key, **what_to_show)

    @property
    def actor(self) -> Actor:
        return self.ops.actor
