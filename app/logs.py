"""Logging to a rotating file in the user log folder; tracebacks go there, never to the screen.

Several processes write the same log: the client and a command run beside it, or two clients
on two databases. ``RotatingFileHandler`` is not made for that: on Windows its rename fails
while the other process holds the file open, and every later record then prints
"--- Logging error ---" with a traceback on the console. ``SharedRotatingFileHandler`` rotates
only when it can, keeps writing to the current file when it cannot, reopens the file when
another process rotated it, and never prints a logging error (a log must not break a program).

Only one process writes ``zxlz.log``: the first to take the lock on ``zxlz.log.lock``. Any other
process at the same time writes its own ``zxlz-<pid>.log`` beside it (Windows has no atomic
append between processes, so two writers of one file could overwrite each other's lines).
Those files are deleted after two weeks.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import BinaryIO

from app import config

_configured: Path | None = None
FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"


class SharedRotatingFileHandler(RotatingFileHandler):
    """A rotating file handler that tolerates other processes writing the same file."""

    #: how many records were dropped because the file could not be written at all
    dropped = 0
    #: after a failed rotation, wait this long before trying again (not on every record)
    RETRY_SECONDS = 60.0
    _retry_at = 0.0

    def _replaced_by_other(self) -> bool:
        """True when another process rotated the file: our stream is not the file at the path."""
        if self.stream is None:
            return False
        try:
            ours = os.fstat(self.stream.fileno())
            theirs = os.stat(self.baseFilename)
        except OSError:
            return True  # the file at the path is gone: reopen it
        return (ours.st_ino, ours.st_dev) != (theirs.st_ino, theirs.st_dev)

    def shouldRollover(self, record: logging.LogRecord) -> bool:  # noqa: N802 (logging API)
        if self.stream is not None and os.name == "posix" and self._replaced_by_other():
            # another process rotated: write to the new file instead of rotating it again
            self.stream.close()
            self.stream = self._open()
        if time.monotonic() < self._retry_at:
            return False
        return bool(super().shouldRollover(record))

    def doRollover(self) -> None:  # noqa: N802 (logging API)
        try:
            super().doRollover()
        except OSError:
            # Windows: another process holds the file, so it cannot be renamed. Go on writing
            # to it; one of the processes rotates it when it is alone.
            self._retry_at = time.monotonic() + self.RETRY_SECONDS
            if self.stream is None or self.stream.closed:
                self.stream = self._open()

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging API)
        """Count and drop the record; never print "--- Logging error ---" to the console."""
        type(self).dropped += 1
        try:
            if self.stream is not None:
                self.stream.close()
        except OSError:
            pass
        self.stream = None  # reopened on the next record (the file may be free again)


KEEP_PROCESS_LOGS_DAYS = 14
_lock: BinaryIO | None = None


def _take_lock(path: Path) -> BinaryIO | None:
    """An exclusive lock on ``path`` held until the process ends; None if another has it."""
    try:
        handle = path.open("a+b")
    except OSError:
        return None
    try:
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle


def _clean_process_logs(folder: Path, now: float | None = None) -> None:
    cutoff = (now or time.time()) - KEEP_PROCESS_LOGS_DAYS * 86400
    for old in folder.glob("zxlz-*.log*"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            pass  # another process's file in use, or gone already


def setup_logging(level: int = logging.INFO) -> Path:
    """Send log records to ``zxlz.log`` (1 MB × 5 files), or to this process's own file when
    another process writes ``zxlz.log`` now; returns the path of the file written."""
    global _configured, _lock
    folder = config.log_dir()
    if _configured is not None and _configured.parent == folder:
        return _configured
    if _lock is not None:
        _lock.close()
    _lock = _take_lock(folder / "zxlz.log.lock")
    if _lock is not None:
        path, backups = folder / "zxlz.log", 5
        _clean_process_logs(folder)
    else:
        path, backups = folder / f"zxlz-{os.getpid()}.log", 1
    handler = SharedRotatingFileHandler(path, maxBytes=1_000_000, backupCount=backups,
                                        encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_zxlz", False)]:
        root.removeHandler(old)
        old.close()
    handler._zxlz = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    _configured = path
    return path
