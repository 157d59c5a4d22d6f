"""Start-up checks of the client: a damaged database is named before it is opened, with the
latest sound backup offered; a failed daily backup is shown to the clerk, not only logged."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QMainWindow

from app.db.engine import Database
from app.db.health import diagnose
from app.db.precheck import database_file, start_damage_check
from app.errors import AppError
from ui.dialogs import Dialogs

__all__ = ["check_before_open", "daily_backup_reported", "database_file",
           "start_daily_backup", "start_damage_check"]

log = logging.getLogger(__name__)
TITLE = "数据库已损坏"
STATUS_FAILED = "今天的自动备份失败，请到“系统设置 → 备份与恢复”点“立即备份”。"


def check_before_open(db_arg: str | None, dialogs: Dialogs,
                      damage: Callable[[], str | None] | None = None) -> bool:
    """Quick check of the database file before anything opens it (opening may write).

    A damaged file opens a dialog that names the problem and offers the latest backup that
    passes verification now; restoring keeps the damaged file as it was. Returns False
    when the program should not go on (no backup, or the clerk declined). ``damage``: the
    check already started (``start_damage_check``).
    """
    path = database_file(db_arg)
    if path is None or not path.exists():
        return True
    problem = damage() if damage is not None else diagnose(path)
    if problem is None:
        return True
    from app.services.backups import Backups, stamp_text  # a damaged file only (issue 15)

    backups = Backups(path)
    log.error("database %s is damaged: %s", path, problem)
    head = f"数据库文件“{path}”已损坏：{problem}。"
    try:
        latest = backups.latest_sound()
    except AppError as exc:
        latest = None
        log.warning("could not look for backups of %s: %s", path, exc)
    if latest is None and path.stat().st_size == 0:
        # Nothing to lose and nothing to restore (a first start cut short): start afresh
        log.warning("empty database file %s and no backup: opening it as a new database", path)
        return True
    if latest is None:
        dialogs.error(TITLE, f"{head}\n\n在备份文件夹“{backups.folder}”中没有找到完好的备份。"
                             "损坏的文件没有改动。请把它复制一份交给技术支持人员；"
                             "如有 U 盘上的备份，可以用 python main.py backup restore 恢复。")
        return False
    question = (f"{head}\n\n最近一份完好的备份是 {stamp_text(latest.created)} 的"
                f"{latest.kind.label}备份（{latest.name}）。\n\n用它恢复吗？这份备份之后录入的内容"
                "会丢失；损坏的文件会原样另存一份，不会删除。")
    if not dialogs.confirm(TITLE, question):
        dialogs.error(TITLE, f"{head}\n\n程序没有打开它，文件没有改动。以后可以在命令行用 "
                             "python main.py backup list 查看备份、backup restore 恢复。")
        return False
    try:
        result = backups.restore(latest.path)
    except AppError as exc:
        dialogs.error(TITLE, f"恢复没有完成：{exc}")
        return False
    dialogs.info("已从备份恢复", f"已用 {stamp_text(latest.created)} 的{latest.kind.label}备份"
                               f"恢复数据库，并通过了完整性检查。\n损坏的文件已另存为：\n"
                               f"{result.safety_copy}")
    return True


def daily_backup_reported(db: Database, window: QMainWindow, dialogs: Dialogs) -> Path | None:
    """The first start of each day keeps a verified copy; a failure is shown in a dialog and
    stays in the status bar (the program still opens: the database itself is fine)."""
    from app.db.backup import daily_backup
    from app.services.backups import daily_backup_message

    try:
        return daily_backup(db)
    except AppError as exc:
        log.exception("daily backup failed")
        window.statusBar().showMessage(STATUS_FAILED)
        dialogs.warning("自动备份失败", daily_backup_message(exc, db))
        return None


STATUS_RUNNING = "正在进行今天的自动备份……"
STATUS_DONE = "今天的自动备份已完成。"


def start_daily_backup(window: QMainWindow) -> QThread | None:
    """The daily backup after the window is up, on a thread (a large database takes seconds):
    the status bar says it is running; a failure is shown as in ``daily_backup_reported``."""
    from PySide6.QtCore import Qt  # (not at import: the signed-in paint is made without it)

    from app.db.backup import daily_backup
    from app.services.backups import daily_backup_message
    from ui.framework.background import Worker

    db: Database = window.db  # type: ignore[attr-defined]
    dialogs: Dialogs = window.dialogs  # type: ignore[attr-defined]
    worker = Worker(lambda _progress, _cancel: daily_backup(db))
    window.statusBar().showMessage(STATUS_RUNNING)

    def finished() -> None:
        exc = worker.error
        if isinstance(exc, AppError):
            log.error("daily backup failed: %s", exc)
            window.statusBar().showMessage(STATUS_FAILED)
            dialogs.warning("自动备份失败", daily_backup_message(exc, db))
        elif exc is not None:
            window.statusBar().showMessage(STATUS_FAILED)
            raise exc  # the excepthook's dialog: an unexpected error, not a backup refusal
        else:
            window.statusBar().showMessage(STATUS_DONE if worker.result else "", 5000)
        window._daily_backup = None  # type: ignore[attr-defined]

    worker.finished.connect(finished, Qt.ConnectionType.QueuedConnection)
    window._daily_backup = worker  # type: ignore[attr-defined]  # kept alive while it runs
    worker.start()
    return worker
