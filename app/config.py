"""Where the user's data lives. Never inside the program folder (it may be read-only)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs

from app import APP_ID

_dirs = PlatformDirs(APP_ID, appauthor=False)
_tightened: set[Path] = set()


def restrict_new_files() -> None:
    """Files and folders the program creates from now on are its user's alone (POSIX umask
    077): database, backups, logs, drafts, exports. On Windows the data folder under
    %LOCALAPPDATA% is already private to the account, and umask has no effect there."""
    if os.name == "posix":
        os.umask(0o077)


def private_dir(path: Path) -> Path:
    """Create ``path`` owner-only (0700) and, once per process, make the folder and the files
    directly in it owner-only too (an older version created them readable by everyone).
    File systems without POSIX permissions (a FAT USB drive) are left as they are."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name != "posix" or path in _tightened:
        return path
    _tightened.add(path)
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(0o700)
        for child in path.iterdir():
            if child.is_file() and not child.is_symlink() and child.stat().st_mode & 0o077:
                child.chmod(0o600)
    except OSError:
        pass  # not ours to change (a shared mount): the files keep their permissions
    return path


def data_dir() -> Path:
    """The user data folder; ``ZXLZ_HOME`` overrides it (portable installs, tests)."""
    override = os.environ.get("ZXLZ_HOME")
    return private_dir(Path(override) if override else Path(_dirs.user_data_dir))


def default_db_path() -> Path:
    return data_dir() / "zxlz.sqlite"


def backup_dir() -> Path:
    return private_dir(data_dir() / "backups")


def log_dir() -> Path:
    override = os.environ.get("ZXLZ_HOME")
    return private_dir(Path(override) / "logs" if override else Path(_dirs.user_log_dir))
