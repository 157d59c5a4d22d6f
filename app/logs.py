"""Logging to a rotating file in the user log folder; tracebacks go there, never to the screen."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from app import config

_configured: Path | None = None


def setup_logging(level: int = logging.INFO) -> Path:
    """Send log records to ``zxlz.log`` (1 MB × 5 files); returns the log file's path."""
    global _configured
    path = config.log_dir() / "zxlz.log"
    if _configured == path:
        return path
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_zxlz", False)]:
        root.removeHandler(old)
    handler._zxlz = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    _configured = path
    return path
