"""系统设置 → 备份与恢复: the backups of the open database, back up now, copy a backup to a
folder (a USB drive), restore from a backup. Everything goes through app.services.backups.

Each action runs off the GUI thread with a progress dialog (a city-sized database takes
seconds to copy and check, more on a slow PC): 取消 stops a backup or a copy and leaves no
file behind; a restore can be cancelled until the database file is replaced, not during
that last step (the dialog greys 取消 out and says so).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.db.watch import BackupCancelledError, Watch
from app.errors import AppError
from app.services.backups import BackupRow, Backups, restore_open_database
from ui.framework.background import Progress, run_with_progress
from ui.framework.context import PageContext
from ui.theme import text_style

T = TypeVar("T")
COLUMNS = ("日期时间", "类型", "大小", "校验", "文件名")
NOTE = ("每天第一次打开程序时自动备份一次（保留最近 14 份）；导入、升级和恢复之前也会自动备份。"
        "“立即备份”的手动备份不会被自动删除。每份备份在保存前都经过完整性校验。"
        "建议定期用“复制到…”把备份复制到 U 盘或移动硬盘，放在别处保管。")
CANCELLED = {"立即备份": "已取消备份，没有留下任何文件。",
             "复制到…": "已取消复制，目标文件夹中没有留下任何文件。",
             "从备份恢复": "已取消恢复：数据库没有改动，也没有留下任何文件。"}


class BackupPanel(QWidget):
    """The backup list with 立即备份, 复制到…, 从备份恢复 and 打开备份文件夹."""

    def __init__(self, ctx: PageContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.rows: list[BackupRow] = []
        self.location = QLabel()
        self.location.setObjectName("backupLocation")
        self.location.setWordWrap(True)
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("backupTable")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(
            len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for text, slot in (("立即备份", self.back_up_now), ("复制到…", self.copy_to),
                           ("从备份恢复", self.restore), ("打开备份文件夹", self.open_folder)):
            button = QPushButton(text)
            button.setObjectName(f"button_{text.rstrip('…')}")
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons[text] = button
        bar.addStretch(1)
        note = QLabel(NOTE)
        note.setWordWrap(True)
        note.setStyleSheet(text_style("hint"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.location)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        self.backups: Backups | None = None
        try:
            self.backups = Backups.for_database(ctx.db)
        except AppError as exc:  # PostgreSQL: the server's backups
            self.location.setText(str(exc))
            for button in self.buttons.values():
                button.setEnabled(False)
        self.reload()

    # ----- list ----------------------------------------------------------------------
    def reload(self) -> None:
        if self.backups is None:
            return
        try:
            folder = self.backups.folder
            self.rows = self.backups.rows()
        except AppError as exc:  # e.g. the folder cannot be created: say so, list nothing
            self.location.setText(f"数据库：{self.backups.db_file}\n{exc}")
            self.rows = []
        else:
            self.location.setText(f"数据库：{self.backups.db_file}\n备份文件夹：{folder}")
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            for c, text in enumerate((row.when, row.kind, row.size, "创建时已校验",
                                      row.path.name)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(str(row.path))
                self.table.setItem(r, c, cell)
        if self.rows and not self.table.selectedItems():
            self.table.selectRow(0)

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self.reload()  # the daily backup or an import may have added one meanwhile
        super().showEvent(event)

    def selected(self) -> BackupRow | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return self.rows[min(rows)] if rows else None

    # ----- actions -------------------------------------------------------------------
    def _busy(self, title: str, progress_title: str, work: Callable[[Watch], T]) -> T | None:
        """Run ``work(watch)`` off the GUI thread with a progress dialog; 取消 is said in the
        page (nothing was changed), a known failure is a Chinese message."""
        def run(progress: Progress, should_cancel: Callable[[], bool]) -> T:
            return work(Watch(progress, should_cancel))

        error: AppError | None = None
        result: T | None = None
        try:
            result = run_with_progress(self, progress_title, run)
        except BackupCancelledError:
            self.reload()
            self.ctx.dialogs.info(title, CANCELLED[title])
            return None
        except AppError as exc:
            error = exc
        self.reload()
        if error is not None:
            self.ctx.dialogs.warning(title, str(error))
        return result

    def back_up_now(self) -> None:
        if self.backups is None:
            return
        made = self._busy("立即备份", "正在备份数据库", self.backups.create)
        if made is not None:
            self.ctx.dialogs.info("立即备份", f"已备份并通过完整性校验：\n{made}")

    def copy_to(self) -> None:
        if self.backups is None:
            return
        row = self.selected()
        if row is None:
            self.ctx.dialogs.warning("复制到…",
                                     "请先在列表中选中一份备份（没有备份时先点“立即备份”）。")
            return
        folder = self.ctx.dialogs.choose_folder("把备份复制到哪个文件夹（如 U 盘）")
        if folder is None:
            return
        backups = self.backups
        copy = self._busy("复制到…", "正在复制备份",
                          lambda watch: backups.copy_to(row.path, folder, watch))
        if copy is not None:
            self.ctx.dialogs.info("复制到…", f"已复制并校验：\n{copy}")

    def restore(self) -> None:
        if self.backups is None:
            return
        row = self.selected()
        if row is None:
            self.ctx.dialogs.warning("从备份恢复", "请先在列表中选中要恢复的备份。")
            return
        question = (f"用 {row.when} 的{row.kind}备份替换当前数据库？\n\n"
                    f"这份备份之后录入或修改的内容会丢失。替换前，当前数据库会先另存一份"
                    f"（“恢复前”备份），需要时还可以再恢复回来。\n\n"
                    f"恢复过程中，在开始替换数据库文件之前都可以“取消”（数据库不会改动）；"
                    f"替换数据库文件这最后一步不能取消。")
        if not self.ctx.dialogs.confirm("从备份恢复", question):
            return
        db = self.ctx.db
        # the 3-second check for other clerks' changes would read the file while it is
        # swapped (and wait for it): paused until the restore is done
        poll = self.ctx.ops.remote_timer
        poll.stop()
        try:
            result = self._busy("从备份恢复", "正在从备份恢复",
                                lambda watch: restore_open_database(db, row.path, watch))
        finally:
            poll.start()
        if result is None:
            return
        kept = f"\n恢复前的数据库已另存为：\n{result.safety_copy}" if result.safety_copy else ""
        self.ctx.dialogs.info("从备份恢复", f"已从 {row.when} 的{row.kind}备份恢复，"
                                           f"所有页面已刷新。{kept}")

    def open_folder(self) -> None:
        if self.backups is not None:
            self.ctx.dialogs.open_path(Path(self.backups.folder))
