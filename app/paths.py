"""Path facts the office PC cares about: Windows' 260-character limit and sync folders.

Windows programs that are not "long path aware" (and every Windows where the
``LongPathsEnabled`` policy is off, the default) fail on a full path of 260 characters or more,
often with a misleading "file not found". The program refuses such paths up front with a
message that names the path, instead of failing half-way through a write.

Sync clients (OneDrive, WPS 云文档, 坚果云, 百度网盘同步空间 …) upload and lock files while the
program writes them and may keep conflicting copies of a database: a data folder inside one
gets a warning.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path, PurePath, PureWindowsPath

from app.errors import AppError, clip

#: Windows' MAX_PATH: a full path must be shorter than this (including the drive)
MAX_PATH = 260

# lower-case folder names (or their starts) that sync clients create, with a Chinese name
SYNC_FOLDER_NAMES: tuple[tuple[str, str], ...] = (
    ("onedrive", "OneDrive"),
    ("wps cloud files", "WPS 云文档"),
    ("wps云文档", "WPS 云文档"),
    ("wpsdrive", "WPS 云文档"),
    ("wps网盘", "WPS 云文档"),
    ("nutstore", "坚果云"),
    ("我的坚果云", "坚果云"),
    ("坚果云", "坚果云"),
    ("baidunetdiskworkspace", "百度网盘同步空间"),
    ("baidusyncdisk", "百度网盘同步空间"),
    ("百度网盘同步空间", "百度网盘同步空间"),
    ("百度同步盘", "百度网盘同步空间"),
    ("dropbox", "Dropbox"),
    ("icloud drive", "iCloud 云盘"),
    ("iclouddrive", "iCloud 云盘"),
    ("google drive", "Google 云端硬盘"),
)
SYNC_ENV = ("OneDrive", "OneDriveConsumer", "OneDriveCommercial")


class PathTooLongError(AppError):
    """A path Windows cannot handle (≥ 260 characters)."""


def too_long(path: PurePath | str, *, margin: int = 0, platform: str | None = None) -> bool:
    """Whether ``path`` is too long for Windows (always False elsewhere). ``margin`` keeps room
    for the longer names written beside it (temporary files, a draft's 数据底稿)."""
    platform = platform or sys.platform
    return platform == "win32" and len(str(path)) + margin >= MAX_PATH


def check_length(path: PurePath | str, doing: str = "保存", *, margin: int = 0,
                 platform: str | None = None) -> None:
    """Refuse a path Windows cannot use, naming it and saying what to do."""
    if too_long(path, margin=margin, platform=platform):
        text = str(path)
        raise PathTooLongError(
            f"路径太长（{len(text)} 个字符，这里最多 {MAX_PATH - 1 - margin} 个），无法{doing}："
            f"“{clip(text, 60)}”。请选一个层级较浅的文件夹（如 D:\\政协资料）或较短的文件名。")


def sync_folder_of(path: PurePath | str, env: Mapping[str, str] | None = None) -> str | None:
    """The sync client whose folder holds ``path`` (its Chinese name), or None."""
    env = os.environ if env is None else env
    text = str(path)
    windows = "\\" in text or (len(text) > 1 and text[1] == ":")
    pure: PurePath = PureWindowsPath(text) if windows else PurePath(text)
    folded = str(pure).casefold()
    for name in SYNC_ENV:
        root = env.get(name)
        if root:
            root_folded = str(PureWindowsPath(root) if windows else PurePath(root)).casefold()
            sep = "\\" if windows else "/"
            if folded == root_folded or folded.startswith(root_folded.rstrip(sep) + sep):
                return "OneDrive"
    for part in pure.parts[1:]:
        folded_part = part.casefold()
        for start, label in SYNC_FOLDER_NAMES:
            if folded_part.startswith(start):
                return label
    return None


def longest_inside(folder: Path, relative: list[Path]) -> str:
    """The longest full path the files ``relative`` get under ``folder``."""
    return max((str(folder / r) for r in relative), key=len, default=str(folder))
