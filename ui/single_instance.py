"""One running client per account and database: a second start brings the first to the front.

Clerks double-click the shortcut again when the first start seems slow, and two copies of the
program on one database confuse them (an edit "disappears" into the other window). The first
copy listens on a local socket (a named pipe on Windows, a socket file elsewhere) whose name
is derived from the account and the database path; a later start connects, asks it to show
its window and exits. A lock file makes the check-then-listen step atomic, so two copies
started at the same moment cannot both become "the first".
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

SHOW = b"show\n"
CONNECT_MS = 800


def instance_key(database: str | Path | None) -> str:
    """The socket name for this account and database (short: socket paths are limited)."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment (a service account): still distinct
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    text = str(database) if database else "<default>"
    # a URL (what ui.app passes: sqlite:////abs/path or postgresql://…) is taken as it is;
    # a file path is made absolute, so two starts from different folders agree
    where = text if "://" in text or not database else str(Path(text).resolve())
    if os.name == "nt":
        where = where.lower()  # Windows paths are case-insensitive
    digest = hashlib.sha256(f"{user}\0{where}".encode()).hexdigest()[:20]
    return f"zxlz-workbench-{digest}"


def allow_foreground() -> None:
    """Windows lets only the process the user just started take the foreground; this one
    (the second start) passes that right on, so the first copy's window really comes up."""
    if sys.platform == "win32":
        try:
            import ctypes

            ctypes.windll.user32.AllowSetForegroundWindow(-1)  # ASFW_ANY
        except (AttributeError, OSError):  # pragma: no cover - not on Windows
            pass


class SingleInstance(QObject):
    """``claim()`` is True for the first copy, which then emits ``activated`` whenever a later
    start asks for the window; False when another copy was asked to show itself."""

    activated = Signal()

    def __init__(self, key: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.server: QLocalServer | None = None
        self._clients: list[QLocalSocket] = []
        lock_dir = Path(tempfile.gettempdir())
        self._lock = QLockFile(str(lock_dir / f"{key}.lock"))
        self._lock.setStaleLockTime(0)  # a lock of a dead process is found by its pid instead

    def _ask_running(self) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.key)
        if not socket.waitForConnected(CONNECT_MS):
            return False
        allow_foreground()
        socket.write(SHOW)
        socket.flush()
        socket.waitForBytesWritten(CONNECT_MS)
        socket.disconnectFromServer()
        return True

    def claim(self) -> bool:
        """Become the running copy (True), or hand over to the running one (False)."""
        if not self._lock.tryLock(5000):
            # another copy is in the middle of starting: it will be the running one
            log.info("another copy is starting (lock %s held)", self.key)
            return not self._ask_running() and self._listen()
        try:
            if self._ask_running():
                log.info("another copy is running: asked it to show its window")
                return False
            return self._listen()
        finally:
            self._lock.unlock()

    def _listen(self) -> bool:
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.key):
            # a socket file left by a copy that crashed (not on Windows: pipes go with it)
            QLocalServer.removeServer(self.key)
            if not server.listen(self.key):
                log.warning("single-instance guard unavailable: %s", server.errorString())
                return True  # better two copies than none
        server.newConnection.connect(self._on_connection)
        self.server = server
        return True

    def _on_connection(self) -> None:
        assert self.server is not None
        while (socket := self.server.nextPendingConnection()) is not None:
            # kept here (not deleteLater): Python owns the wrapper, Qt must not delete it twice
            self._clients.append(socket)
            socket.readyRead.connect(self._on_ready)
            socket.disconnected.connect(self._on_ready)
            self._read(socket)

    def _on_ready(self) -> None:
        for socket in list(self._clients):
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if socket.bytesAvailable():
            data = bytes(socket.readAll().data())
            if SHOW.strip() in data:
                self.activated.emit()
        if socket.state() == QLocalSocket.LocalSocketState.UnconnectedState:
            self._clients.remove(socket)

    def close(self) -> None:
        self._clients.clear()
        if self.server is not None:
            self.server.close()
            self.server = None


def bring_to_front(window: object) -> None:
    """Show a window that may be minimised or behind others (the second start's request)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget

    if not isinstance(window, QWidget):
        return
    state = window.windowState() & ~Qt.WindowState.WindowMinimized
    window.setWindowState(state | Qt.WindowState.WindowActive)
    window.show()
    window.raise_()
    window.activateWindow()
