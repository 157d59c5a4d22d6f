"""Writing files so that a failure never destroys what was there.

Every file the program writes goes to a temporary file in the target's own folder
(``.~zxlz-<pid>@<host>-<random>-<name>.tmp``), is flushed to the disk (``fsync``) and then renamed
over the target with ``os.replace``, which is atomic within one folder. A rename that Windows
refuses for a moment (an antivirus scanner or OneDrive holding the new file: winerror 5, 32,
33) is retried briefly. When it still fails — or the disk is full, the folder read-only, the
file open in WPS — the temporary file is deleted, the previous file is byte-for-byte what it
was, and a ``FileWriteError`` says in one Chinese line what happened to which file.

``FileGroup`` replaces several files (a draft and its 数据底稿) both-or-neither. A crash can
still leave a temporary file behind; ``clean_leftovers`` removes them at the next start
(``clean_startup``) and whenever a file is written into the same folder.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import logging
import os
import secrets
import shutil
import socket
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from app.errors import AppError, FileWriteError, clip

log = logging.getLogger(__name__)

PREFIX = ".~zxlz-"
TEMP_SUFFIX = ".tmp"  # a new version being written
ASIDE_SUFFIX = ".prev"  # the previous version, moved aside while a group is replaced
STALE_AFTER = 24 * 3600.0  # seconds: a temporary file this old is a leftover whatever its pid
RETRY_DELAYS: Sequence[float] = (0.05, 0.1, 0.2, 0.4, 0.8)  # about 1.5 s in all
_TRANSIENT_WINERRORS = {5, 32, 33}  # access denied, sharing violation, lock violation
_NAME_KEEP = 40  # characters of the target's name kept in a temporary name

# ---------------------------------------------------------------------------------------
# plain messages


def fault_of(exc: OSError) -> str:
    """The kind of fault behind an ``OSError``: disk_full, denied, in_use, read_only,
    too_long, missing_folder or other. Windows codes are checked first: a sharing violation
    arrives as ``PermissionError`` with errno EACCES."""
    win = getattr(exc, "winerror", None)
    if win in (32, 33):
        return "in_use"
    if win in (112, 39):
        return "disk_full"
    if win == 19:
        return "read_only"
    if win == 206:
        return "too_long"
    if win == 5:
        return "denied"
    if win in (2, 3):
        return "missing_folder"
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return "disk_full"
    if code == errno.EROFS:
        return "read_only"
    if code == errno.ENAMETOOLONG:
        return "too_long"
    if code in (errno.EACCES, errno.EPERM) or isinstance(exc, PermissionError):
        return "denied"
    if code == errno.ENOENT or isinstance(exc, FileNotFoundError):
        return "missing_folder"
    return "other"


def _programs(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xls", ".csv"):
        return "WPS/Excel"
    if suffix in (".docx", ".doc"):
        return "WPS/Word"
    if suffix == ".pdf":
        return "PDF 阅读器或 WPS"
    return "WPS/Excel/Word"


def describe(exc: OSError, path: Path | str, doing: str = "保存") -> str:
    """One Chinese line for a file fault, naming the file. ``doing`` is what was attempted
    (保存, 复制, 改名 …)."""
    path = Path(path)
    name = clip(path.name)
    fault = fault_of(exc)
    if fault == "disk_full":
        return (f"磁盘空间不足，“{name}”没有{doing}（位置：{clip(path.parent, 80)}）。"
                "请清理磁盘或换一个位置后再试，原有文件没有改动。")
    if fault == "in_use":
        return (f"“{name}”正被其他程序使用，没有{doing}。请先在 {_programs(path)} 中关闭"
                f"“{name}”后再试。")
    if fault == "read_only":
        return (f"“{clip(path.parent, 80)}”所在的磁盘是只读的（如写保护的U盘、光盘），"
                f"“{name}”没有{doing}。请换一个位置。")
    if fault == "too_long":
        return (f"路径太长，“{name}”没有{doing}（{clip(path, 80)}）。"
                "请换一个层级较浅的文件夹，或缩短文件名。")
    if fault == "denied":
        return (f"没有权限{doing}“{name}”（位置：{clip(path.parent, 80)}）。请换一个有写入权限"
                "的文件夹（如“文档”），或确认该文件不是只读、没有被其他程序打开。")
    if fault == "missing_folder":
        return f"文件夹“{clip(path.parent, 80)}”不存在或已被移走，“{name}”没有{doing}。"
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"无法{doing}“{name}”（位置：{clip(path.parent, 80)}）：{clip(reason, 80)}。"


def file_error(exc: OSError, path: Path | str, doing: str = "保存") -> FileWriteError:
    """The user-facing error for ``exc`` (raise it ``from exc``)."""
    return FileWriteError(describe(exc, path, doing), Path(path), fault_of(exc))


# ---------------------------------------------------------------------------------------
# renaming with retries


def _transient(exc: OSError) -> bool:
    return getattr(exc, "winerror", None) in _TRANSIENT_WINERRORS


def _retrying(action: Callable[[], None]) -> None:
    """Run ``action``; a transient Windows refusal is retried after each of ``RETRY_DELAYS``."""
    for delay in (*RETRY_DELAYS, None):
        try:
            action()
            return
        except OSError as exc:
            if delay is None or not _transient(exc):
                raise
            log.info("retrying after a transient refusal (%s)", exc)
            time.sleep(delay)


def replace_file(source: Path | str, target: Path | str, doing: str = "保存") -> None:
    """``os.replace(source, target)`` with brief retries; a failure becomes a
    ``FileWriteError`` about ``target`` and leaves ``target`` as it was."""
    try:
        _retrying(lambda: os.replace(source, target))
    except OSError as exc:
        raise file_error(exc, target, doing) from exc
    _sync_folder(Path(target).parent)


def rename(source: Path | str, target: Path | str) -> None:
    """Rename a file the clerk may have open (a template in Word): retried, then a
    ``FileWriteError`` about ``source``."""
    try:
        _retrying(lambda: os.replace(source, target))
    except OSError as exc:
        raise file_error(exc, source, "改名") from exc


# ---------------------------------------------------------------------------------------
# temporary files


def temp_path(target: Path | str, suffix: str = TEMP_SUFFIX, token: str | None = None) -> Path:
    """A fresh temporary name beside ``target``, recognisable by ``clean_leftovers``. The
    files of one ``FileGroup`` share their ``token``."""
    target = Path(target)
    name = target.name if suffix == ASIDE_SUFFIX else target.stem[:_NAME_KEEP] + target.suffix
    token = token or secrets.token_hex(3)
    return target.with_name(f"{PREFIX}{_owner()}-{token}-{name}{suffix}")


def _fsync(path: Path) -> None:
    with open(path, "rb+") as f:  # Windows flushes only a handle opened for writing
        os.fsync(f.fileno())


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handles for this."""
    if sys.platform == "win32":  # pragma: no cover
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _discard(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:  # held by a scanner: the next start removes it
        log.warning("could not delete temporary file %s", path)


@contextlib.contextmanager
def atomic_path(target: Path | str, doing: str = "保存") -> Iterator[Path]:
    """Yield a temporary path beside ``target``; when the block ends without an error the
    file written there is flushed and moved over ``target``. Any failure removes it, leaves
    ``target`` unchanged, and an ``OSError`` becomes a ``FileWriteError``."""
    target = Path(target)
    clean_leftovers(target.parent)
    temp = temp_path(target)
    try:
        try:
            yield temp
            _fsync(temp)
        except OSError as exc:
            raise file_error(exc, target, doing) from exc
        replace_file(temp, target, doing)
    finally:
        _discard(temp)


def write_bytes(target: Path | str, data: bytes) -> Path:
    with atomic_path(target) as temp:
        temp.write_bytes(data)
    return Path(target)


def write_text(target: Path | str, text: str, encoding: str = "utf-8") -> Path:
    with atomic_path(target) as temp:
        temp.write_text(text, encoding=encoding)
    return Path(target)


def save_workbook(workbook: Any, target: Path | str) -> Path:
    """An openpyxl ``Workbook`` (or the report's own writer): anything with ``save(path)``."""
    with atomic_path(target) as temp:
        if type(workbook).__module__.startswith("openpyxl."):
            _save_openpyxl(workbook, temp)
        else:
            workbook.save(temp)
    return Path(target)


def _save_openpyxl(workbook: Any, path: Path) -> None:
    """``Workbook.save`` with its archive closed on failure too: openpyxl's own ``save``
    leaves the zip file open when a write fails (a full disk), and on Windows an open
    temporary file cannot be deleted until the garbage collector happens to close it."""
    import datetime as dt
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    if workbook.write_only and not workbook.worksheets:
        workbook.create_sheet()
    workbook.properties.modified = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).write_data()


def save_document(document: Any, target: Path | str) -> Path:
    """A python-docx ``Document`` or a docxtpl ``DocxTemplate``."""
    with atomic_path(target) as temp:
        document.save(str(temp))
    return Path(target)


def copy_file(source: Path | str, target: Path | str) -> Path:
    """Copy ``source`` (contents and modification time) over ``target`` atomically. The
    copy is the clerk's to edit: a read-only source (an installed template) does not make
    it read-only."""
    source = Path(source)
    with atomic_path(target, "复制") as temp:
        try:
            shutil.copyfile(source, temp)
            stat = source.stat()
            os.utime(temp, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        except FileNotFoundError as exc:
            raise AppError(f"要复制的文件“{clip(source)}”不存在。") from exc
    return Path(target)


# ---------------------------------------------------------------------------------------
# several files, both or neither


class FileGroup:
    """Replace several files together: all of them or none.

    ``write(target, save)`` (or ``path(target)``) writes each file to a temporary path; then
    ``commit()`` moves every existing target aside, moves the new files in, and deletes the
    previous versions. A failure at any step puts back what was moved, so the targets are as
    before, and no temporary file stays behind. Use as a context manager: leaving the block
    without ``commit()`` (an error, a cancel) discards the temporary files.
    """

    def __init__(self, doing: str = "保存") -> None:
        self.doing = doing
        self._token = secrets.token_hex(3)  # shared by the group's temporaries (cleanup)
        self._files: list[tuple[Path, Path]] = []  # (target, temporary)

    def path(self, target: Path | str) -> Path:
        target = Path(target)
        if not self._files or all(t.parent != target.parent for t, _ in self._files):
            clean_leftovers(target.parent)
        temp = temp_path(target, token=self._token)
        self._files.append((target, temp))
        return temp

    def write(self, target: Path | str, save: Callable[[Path], object]) -> Path:
        """Write the new version of ``target`` with ``save(temporary path)``; an
        ``OSError`` (a full disk) becomes a ``FileWriteError`` naming ``target``."""
        temp = self.path(target)
        try:
            save(temp)
        except OSError as exc:
            raise file_error(exc, target, self.doing) from exc
        return temp

    def __enter__(self) -> FileGroup:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()

    def discard(self) -> None:
        for _, temp in self._files:
            _discard(temp)

    def commit(self, then: Callable[[], object] | None = None) -> None:
        """Move every new file into place, both or neither. ``then`` (recording the files in
        the database) runs once they are in place; if it fails they are taken back out."""
        try:
            for target, temp in self._files:
                try:
                    _fsync(temp)
                except OSError as exc:
                    raise file_error(exc, target, self.doing) from exc
            aside: list[tuple[Path, Path]] = []  # (target, its previous version)
            placed: list[Path] = []
            try:
                for target, _ in self._files:
                    if target.exists():
                        previous = temp_path(target, ASIDE_SUFFIX, self._token)
                        try:  # a file open in WPS is refused here, before anything changed
                            _retrying(functools.partial(os.replace, target, previous))
                        except OSError as exc:
                            raise file_error(exc, target, self.doing) from exc
                        aside.append((target, previous))
                for target, temp in self._files:
                    replace_file(temp, target, self.doing)
                    placed.append(target)
                if then is not None:
                    then()
            except BaseException:
                self._roll_back(placed, aside)
                raise
            for _, previous in aside:
                _discard(previous)
        finally:
            self.discard()

    def _roll_back(self, placed: list[Path], aside: list[tuple[Path, Path]]) -> None:
        for target in placed:
            _discard(target)
        for target, previous in aside:
            try:
                _retrying(functools.partial(os.replace, previous, target))
            except OSError:  # the next start puts it back (clean_leftovers)
                log.exception("could not put %s back from %s", target, previous)


# ---------------------------------------------------------------------------------------
# leftovers of a crash


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # pragma: no cover
        import ctypes

        kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ok = kernel.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel.CloseHandle(handle)
        return bool(ok) and code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def _owner() -> str:
    """``pid@host`` written into every temporary name: a leftover of a process on another
    PC (a shared folder) is never judged by this PC's process list."""
    host = hashlib.blake2s(socket.gethostname().encode("utf-8"), digest_size=2).hexdigest()
    return f"{os.getpid()}@{host}"


class _Leftover:
    """A temporary file found in a folder, as its name describes it."""

    def __init__(self, path: Path, pid: int, token: str, original: str, local: bool) -> None:
        self.path, self.pid, self.token = path, pid, token
        self.original = original  # for a previous version: the name of the file it was
        self.local = local


def _parse(path: Path) -> _Leftover | None:
    """What a temporary file's name says (pid, host, group token, target); None for any
    other file."""
    name = path.name
    if not name.startswith(PREFIX) or not name.endswith((TEMP_SUFFIX, ASIDE_SUFFIX)):
        return None
    parts = name[len(PREFIX):].split("-", 2)
    pid_text, _, host = parts[0].partition("@")
    if len(parts) < 3 or not pid_text.isdigit():
        return _Leftover(path, 0, name, "", True)
    local = not host or host == _owner().partition("@")[2]
    original = parts[2][: -len(ASIDE_SUFFIX)] if name.endswith(ASIDE_SUFFIX) else ""
    return _Leftover(path, int(pid_text), f"{parts[0]}-{parts[1]}", original, local)


def clean_leftovers(folder: Path | str, *, now: float | None = None) -> list[Path]:
    """Undo what a crashed write left in ``folder`` (not its subfolders): the temporary files
    of a process that is no longer running on this PC, or older than a day.

    A ``FileGroup`` interrupted before every new file was in place (some of its ``.tmp``
    files remain) is rolled back: each previous version goes back over its file. One
    interrupted after (only ``.prev`` files remain) is finished: the previous versions are
    deleted. Returns the temporary files dealt with; never raises.
    """
    now = time.time() if now is None else now
    try:
        found = [_parse(Path(e.path)) for e in os.scandir(folder)]
    except OSError:
        return []
    groups: dict[str, list[_Leftover]] = {}
    for item in found:
        if item is None:
            continue
        try:
            old = now - item.path.stat().st_mtime > STALE_AFTER
        except OSError:
            continue
        if not old and (not item.local or (item.pid and _pid_alive(item.pid))):
            continue
        groups.setdefault(item.token, []).append(item)
    done: list[Path] = []
    for items in groups.values():
        unfinished = any(not i.original for i in items)
        for item in sorted(items, key=lambda i: bool(i.original)):  # new files first
            try:
                target = item.path.with_name(item.original) if item.original else None
                if target is not None and (unfinished or not target.exists()):
                    os.replace(item.path, target)
                    log.warning("put back %s from an interrupted write", target)
                else:
                    item.path.unlink()
                done.append(item.path)
            except OSError:
                log.warning("could not remove leftover %s", item.path)
    return done


def clean_startup(folders: Iterable[Path] | None = None) -> list[Path]:
    """At start: the data folder, the backups and the user's templates (every kind)."""
    if folders is None:
        from app import config

        try:
            home = config.data_dir()
        except OSError:
            return []
        folders = [home, home / "backups", home / "导入错误", home / "templates"]
        templates = home / "templates"
        if templates.is_dir():
            folders += [p for p in templates.iterdir() if p.is_dir()]
    done: list[Path] = []
    for folder in folders:
        done += clean_leftovers(folder)
    return done


# ---------------------------------------------------------------------------------------
# can a folder be written?


def writable(folder: Path | str) -> bool:
    """Whether a file can be created in ``folder``, found by creating (and deleting) one:
    ``os.access`` answers yes for every folder on Windows, whatever its ACL or medium."""
    folder = Path(folder)
    if not folder.is_dir():
        return False
    try:
        fd, name = tempfile.mkstemp(prefix=f"{PREFIX}{_owner()}-probe-", suffix=TEMP_SUFFIX,
                                    dir=folder)
    except OSError:
        return False
    os.close(fd)
    _discard(Path(name))
    return True
