"""Where the database is, without SQLAlchemy: the URL from what the clerk typed, and the
refusal of network shares. The client's start reads this before SQLAlchemy is imported, to
begin the quick check of the file at once (``app.db.precheck``)."""

from __future__ import annotations

import ntpath
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

from app import config
from app.errors import StorageError


def resolve_url(path_or_url: str | os.PathLike[str] | None) -> str:
    """A SQLAlchemy URL from what the user typed: nothing, a file path, or a URL."""
    if path_or_url is None or str(path_or_url) == "":
        return f"sqlite:///{config.default_db_path()}"
    text = str(path_or_url)
    if "://" not in text:
        check_local_path(text)  # before Path() turns //server/share into /server/share
    if "://" in text:
        if text.startswith("postgresql://"):  # psycopg 3 is the driver we ship
            text = "postgresql+psycopg://" + text.removeprefix("postgresql://")
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "smb2", "ncpfs", "9p", "afs", "ceph", "coda",
    "glusterfs", "lustre", "gpfs", "davfs", "ocfs2", "gfs2", "fuse.sshfs", "sshfs",
    "fuse.glusterfs", "fuse.cephfs", "fuse.davfs2", "fuse.gvfsd-fuse", "fuse.rclone",
    "fuse.s3fs", "fuse.smbnetfs", "fuse.curlftpfs",
})
"""Filesystem types (``/proc/self/mountinfo``) whose locking SQLite cannot rely on."""

MOUNTINFO = Path("/proc/self/mountinfo")
DRIVE_REMOTE = 4  # GetDriveTypeW


def is_unc_path(text: str) -> bool:
    r"""``\\server\share``, ``//server/share`` or ``\\?\UNC\…``, before any normalisation."""
    if text.startswith(("\\\\?\\", "//?/")):
        return text[4:].upper().startswith("UNC")
    return len(text) > 2 and text[:2] in ("\\\\", "//", "\\/", "/\\") and text[2] not in "/\\"


def _read_mountinfo() -> str:
    try:
        return MOUNTINFO.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _unescape_mount(text: str) -> str:
    """Mount points in mountinfo escape space, tab, newline and backslash as ``\\ooo``."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), text)


def mount_filesystem(path: Path, mountinfo: str) -> str | None:
    """The filesystem type of the mount holding ``path`` (longest mount-point prefix)."""
    best: tuple[int, str] | None = None
    target = str(path)
    for line in mountinfo.splitlines():
        fields = line.split(" ")
        if "-" not in fields[6:]:
            continue
        sep = fields.index("-", 6)
        if len(fields) <= sep + 1 or len(fields) < 5:
            continue
        point = _unescape_mount(fields[4])
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) >= best[0]):
            best = (len(point), fields[sep + 1])  # later mounts over the same point win
    return best[1] if best else None


def _windows_drive_type(root: str) -> int:  # pragma: no cover - Windows only
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]


def is_network_path(
    path: Path | str,
    *,
    platform: str | None = None,
    read_mountinfo: Callable[[], str] | None = None,
    drive_type: Callable[[str], int] | None = None,
) -> bool:
    """Whether ``path`` is on a network share: a UNC path, a mapped network drive (Windows),
    or a network filesystem mount (Linux). ``read_mountinfo`` and ``drive_type`` are
    parameters so tests can pretend to be on a mounted share or on Windows."""
    text = os.fspath(path)
    platform = platform or sys.platform
    if is_unc_path(text):
        return True
    if platform == "win32":
        drive = ntpath.splitdrive(text if ntpath.isabs(text) else str(Path(text).resolve()))[0]
        if is_unc_path(drive):
            return True
        if len(drive) == 2 and drive[1] == ":":
            probe = drive_type or _windows_drive_type
            return probe(drive + "\\") == DRIVE_REMOTE
        return False
    if platform.startswith("linux"):
        mounts = (read_mountinfo or _read_mountinfo)()
        fstype = mount_filesystem(Path(text).resolve(), mounts)  # symlinks followed
        return fstype is not None and fstype.lower() in NETWORK_FILESYSTEMS
    return False


def check_local_path(path: Path | str) -> None:
    """SQLite locking is unsafe on network file systems (sqlite.org/useovernet.html)."""
    if is_network_path(path):
        raise StorageError(
            f"数据库文件“{path}”位于网络共享位置。SQLite 数据库放在网络驱动器上可能损坏，"
            "请把数据库放在本机磁盘上；多人共用数据请改用 PostgreSQL 服务器"
            "（用 --db postgresql://用户名:密码@服务器/数据库名 打开）。"
        )


def local_sqlite_file(path_or_url: str | os.PathLike[str] | None) -> Path | None:
    """The SQLite file a path (or nothing: the default database) names, as ``resolve_url``
    resolves it; None for a URL (``engine.sqlite_path`` parses those). Raises
    ``StorageError`` for a network share, as opening would."""
    if path_or_url is not None and "://" in str(path_or_url):
        return None
    return Path(resolve_url(path_or_url).removeprefix("sqlite:///"))
