"""系统设置 → 数据文件夹: where the database, backups and templates live, and moving them
(to D: on a PC with a 还原卡, out of a OneDrive folder). The move itself is
``app.services.data_folder``; this panel asks, shows progress, and closes the program after a
move so that nothing is written to the old place any more."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.enums import UserRole
from app.errors import AppError
from app.services.data_folder import (
    DataFolderService,
    MoveResult,
    SyncFolderError,
    current_warning,
    sync_warning,
)
from ui.framework.background import run_with_progress
from ui.framework.context import PageContext
from ui.theme import colour, text_style

TITLE = "移动数据文件夹"
NOTE = ("数据文件夹中保存着数据库、自动备份、自己的文稿模板和导入设置。电脑装有还原卡（重启后 C 盘"
        "复原）或 C 盘空间不足时，可以把它移到 D 盘等位置。移动时会复制全部文件并逐一核对，"
        "完成后程序关闭，下次打开时使用新位置；原来的文件夹保留不动，确认无误后可以自己删除。"
        "不要把数据文件夹放在 OneDrive、WPS 云文档、坚果云、百度网盘等同步文件夹或网络驱动器中。")


class DataFolderPanel(QWidget):
    """The data folder's location, a sync-folder warning, 移动数据文件夹… and 打开数据文件夹."""

    def __init__(self, ctx: PageContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.service = DataFolderService(ctx.db)
        self.location = QLabel()
        self.location.setObjectName("dataFolderLocation")
        self.location.setWordWrap(True)
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warning = QLabel()
        self.warning.setObjectName("dataFolderWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(text_style("warn"))
        self.move_button = QPushButton(f"{TITLE}…")
        self.move_button.setObjectName("button_移动数据文件夹")
        self.move_button.clicked.connect(self.move_folder)
        if ctx.actor.role != UserRole.ADMIN:
            self.move_button.setEnabled(False)
            self.move_button.setToolTip("只有管理员可以移动数据文件夹。")
        open_button = QPushButton("打开数据文件夹")
        open_button.setObjectName("button_打开数据文件夹")
        open_button.clicked.connect(lambda: ctx.dialogs.open_path(self.service.current()))
        bar = QHBoxLayout()
        bar.addWidget(self.move_button)
        bar.addWidget(open_button)
        bar.addStretch(1)
        note = QLabel(NOTE)
        note.setWordWrap(True)
        note.setStyleSheet(text_style("hint"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.location)
        layout.addWidget(self.warning)
        layout.addLayout(bar)
        layout.addWidget(note)
        layout.addStretch(1)
        self.reload()

    def reload(self) -> None:
        folder = self.service.current()
        db_file = self.ctx.db.file_path
        where = (f"<p>数据文件夹：<b>{escape(str(folder))}</b>"
                 f"{'（已移动过）' if self.service.is_moved() else ''}</p>")
        if db_file is not None and db_file.parent.resolve() != folder.resolve():
            where += (f"<p style='color:{colour('muted')}'>当前打开的数据库不在数据文件夹中："
                      f"{escape(str(db_file))}（用 --db 指定），移动时不随之移动。</p>")
        self.location.setText(where)
        warning = current_warning()
        self.warning.setText(warning or "")
        self.warning.setVisible(bool(warning))

    def move_folder(self) -> None:
        dialogs = self.ctx.dialogs
        chosen = dialogs.choose_folder("把数据文件夹移到哪里（如 D:\\政协资料）")
        if chosen is None:
            return
        try:
            plan = self.service.plan(chosen)
        except AppError as exc:
            dialogs.warning(TITLE, str(exc))
            return
        accept_sync = False
        if plan.sync_client:
            if not dialogs.confirm(TITLE, sync_warning(plan.target, plan.sync_client)
                                   + "\n\n仍然移到这里吗？"):
                return
            accept_sync = True
        question = (f"把数据文件夹（约 {plan.size / 1e6:.1f} MB）复制到：\n{plan.target}\n\n"
                    "复制并核对后程序会关闭，下次打开时使用新位置。原来的文件夹保留不动。继续吗？")
        if not dialogs.confirm(TITLE, question):
            return
        result = self._run(chosen, accept_sync)
        if result is None:
            return
        dialogs.info(TITLE, f"已把 {result.files + (1 if result.database else 0)} 个文件复制到"
                            f"“{result.target}”并核对无误。\n\n程序现在关闭，请重新打开；"
                            "打开后使用新位置的数据。原来的文件夹没有删除。")
        self.window().close()  # nothing may be written to the old place any more

    def _run(self, chosen: Any, accept_sync: bool) -> MoveResult | None:
        service, actor = self.service, self.ctx.actor

        def work(progress: Any, _cancel: Any) -> MoveResult:
            return service.move(chosen, actor, accept_sync=accept_sync, progress=progress)

        try:
            return run_with_progress(self, TITLE, work)  # type: ignore[no-any-return]
        except SyncFolderError as exc:  # only when the plan changed between the two steps
            self.ctx.dialogs.warning(TITLE, str(exc))
        except AppError as exc:
            self.ctx.dialogs.warning(TITLE, f"{exc}\n\n数据文件夹没有移动，原来的数据没有改动。")
        finally:
            self.reload()
        return None
