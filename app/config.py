"""Where the user's data lives. Never inside the program folder (it may be read-only)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs

from app import APP_ID

_dirs = PlatformDirs(APP_ID, appauthor=False)


def data_dir() -> Path:
    """The user data folder; ``ZXLZ_HOME`` overrides it (portable installs, tests)."""
    override = os.environ.get("ZXLZ_HOME")
    path = Path(override) if override else Path(_dirs.user_data_dir)
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return data_dir() / "zxlz.sqlite"


def backup_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    override = os.environ.get("ZXLZ_HOME")
    path = Path(override) / "logs" if override else Path(_dirs.user_log_dir)
    path.mkdir(parents=True, exist_ok=True)
    return path
