"""What to tell a clerk when the database cannot be opened or written: damage only when
SQLite says the file is damaged, never for a full disk, a read-only folder or a held file."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

# primary SQLite result codes (https://www.sqlite.org/rescode.html)
_PERM, _BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT = 3, 5, 6, 8, 10, 11
_FULL, _CANTOPEN, _AUTH, _NOTADB = 13, 14, 23, 26


def reason(exc: BaseException) -> str:
    """The first line of what the driver said."""
    orig = getattr(exc, "orig", None)
    return str(orig if orig is not None else exc).strip().splitlines()[0]


def is_damage(exc: BaseException) -> bool:
    """SQLite reports the file itself as damaged or not a database."""
    return _code(exc) in (_CORRUPT, _NOTADB)


def _code(exc: BaseException) -> int | None:
    orig = getattr(exc, "orig", None) or exc
    code = getattr(orig, "sqlite_errorcode", None)
    if not isinstance(orig, sqlite3.Error) or code is None:
        return None
    return int(code) & 0xFF  # extended codes carry the primary one in the low byte


LOW_SPACE = 1024 * 1024  # bytes: below this an I/O error is taken for a full disk


def _nearly_full(location: str) -> bool:
    """SQLite reports a full disk while mapping its shared memory as a plain I/O error."""
    folder = Path(location).parent
    try:
        return folder.is_dir() and shutil.disk_usage(folder).free < LOW_SPACE
    except OSError:
        return False


def open_failure(exc: BaseException, location: str) -> str:
    """One line for a database that could not be opened, by what SQLite reported."""
    code = _code(exc)
    if code in (_CORRUPT, _NOTADB):
        return (f"无法打开数据库“{location}”：{reason(exc)}。这个文件已损坏或不是本程序的"
                "数据库；可以用 python main.py check 检查，或从备份恢复。")
    if code == _FULL or (code == _IOERR and _nearly_full(location)):
        return f"磁盘空间不足，无法打开数据库“{location}”。请清理磁盘后再试，数据库没有改动。"
    if code == _READONLY:
        return (f"数据库“{location}”所在的文件夹或磁盘是只读的（或文件设为只读），程序需要"
                "写入它。请把数据库放在可以写入的文件夹。")
    if code in (_CANTOPEN, _PERM, _AUTH):
        return (f"无法打开数据库“{location}”：文件夹不存在，或没有读写该文件夹的权限。"
                "请确认位置正确、并有写入权限。")
    if code in (_BUSY, _LOCKED):
        return f"数据库“{location}”正被其他程序锁定，请关闭其他正在使用它的程序后再试。"
    if code == _IOERR:
        return f"读写数据库“{location}”时磁盘出错（{reason(exc)}），请检查磁盘或移动存储后再试。"
    return f"无法打开数据库“{location}”：{reason(exc)}。"


def write_failure(exc: BaseException, location: str) -> str | None:
    """One line for a write the database refused because of the disk (full, read-only, an
    I/O error on a nearly full disk); None for everything else (constraint violations,
    conflicts …), which the caller handles as before."""
    code = _code(exc)
    orig = getattr(exc, "orig", None) or exc
    state = getattr(orig, "sqlstate", None)
    if code == _FULL or (code == _IOERR and _nearly_full(location)) or state == "53100":
        return (f"磁盘空间不足，刚才的修改没有保存到数据库“{location}”（数据库保持修改前的样子）。"
                "请清理磁盘后再试。")
    if code == _READONLY or state == "25006":
        return (f"数据库“{location}”现在是只读的（文件夹或磁盘不能写入，或文件设为只读），"
                "刚才的修改没有保存。")
    if code == _IOERR:
        return (f"写入数据库“{location}”时磁盘出错（{reason(exc)}），刚才的修改没有保存。"
                "请检查磁盘或移动存储后再试。")
    return None
