r"""Where the user's data lives. Never inside the program folder (it may be read-only).

The data folder is, in this order: ``ZXLZ_HOME`` (portable installs, tests); the folder named
in ``data-location.txt`` in the default data folder (written when a clerk moves the data from
系统设置, see ``app.services.data_folder``); the folder named in ``zxlz-data.txt`` beside the
installed program (an IT person's choice for every account, e.g. D: on PCs with a 还原卡,
where the default folder on C: is reset at every reboot); else the default folder
(``%LOCALAPPDATA%\zxlz-workbench`` on Windows).
"""

from __future__ import annotations

import logging
import os
import sys
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


POINTER_NAME = "data-location.txt"
INSTALL_POINTER_NAME = "zxlz-data.txt"
log = logging.getLogger(__name__)


def default_data_dir() -> Path:
    """Where the data lives unless it was moved (not created here)."""
    override = os.environ.get("ZXLZ_HOME")
    return Path(override) if override else Path(_dirs.user_data_dir)


def pointer_file() -> Path:
    """The small file naming a moved data folder (in the default data folder)."""
    return default_data_dir() / POINTER_NAME


def install_pointer_file() -> Path | None:
    """``zxlz-data.txt`` beside the installed program (frozen builds only)."""
    if not getattr(sys, "frozen", False):
        return None
    return Path(sys.executable).resolve().parent / INSTALL_POINTER_NAME


def _read_pointer(path: Path | None) -> Path | None:
    if path is None:
        return None
    try:
        raw = path.read_bytes()
        # the installer writes UTF-16 with a BOM (NSIS), the program and editors UTF-8
        text = (raw.decode("utf-16") if raw[:2] in (b"\xff\xfe", b"\xfe\xff")
                else raw.decode("utf-8-sig")).strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("cannot read the data-folder pointer %s: %s", path, exc)
        return None
    target = Path(os.path.expandvars(text)) if text else None
    if target is None or not target.is_absolute():
        log.warning("the data-folder pointer %s names no absolute folder: %r", path, text)
        return None
    return target


def moved_data_dir() -> Path | None:
    """The folder the data was moved to, when it was moved (pointer files, see above)."""
    return _read_pointer(pointer_file()) or _read_pointer(install_pointer_file())


def data_dir() -> Path:
    """The user data folder (see the module note for the order)."""
    return private_dir(moved_data_dir() or default_data_dir())


def default_db_path() -> Path:
    return data_dir() / "zxlz.sqlite"


def backup_dir() -> Path:
    return private_dir(data_dir() / "backups")


def log_dir() -> Path:
    """``logs`` in a moved or portable data folder (on a 还原卡 PC the default is reset)."""
    override = os.environ.get("ZXLZ_HOME")
    moved = moved_data_dir()
    if moved is not None:
        return private_dir(moved / "logs")
    return private_dir(Path(override) / "logs" if override else Path(_dirs.user_log_dir))
