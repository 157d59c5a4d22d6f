"""帮助 → 关于: version, where the data is, and the versions a support person asks for, as
plain text the clerk can copy (复制) into a message."""

from __future__ import annotations

import platform
import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import make_url

from app import APP_NAME, __version__
from app.config import data_dir, log_dir
from app.db.engine import Database


def database_text(db: Database) -> str:
    """An SQLite file's path, or a server's host, port, database and user — never a password."""
    path = db.file_path
    if path is not None:
        return f"SQLite 文件 {path}"
    url = make_url(db.url)
    where = f"{url.host or '本机'}" + (f":{url.port}" if url.port else "")
    user = f"，用户 {url.username}" if url.username else ""
    return f"PostgreSQL 服务器 {where}，数据库 {url.database or ''}{user}"


def about_text(db: Database) -> str:
    lines = [
        f"{APP_NAME} {__version__}",
        f"数据库：{database_text(db)}",
        f"数据文件夹：{data_dir()}",
        f"日志文件夹：{log_dir()}",
        f"Python {platform.python_version()}，Qt {qVersion()}（PySide6 {pyside_version}）",
        f"操作系统：{platform.platform()}",
    ]
    if getattr(sys, "frozen", False):
        lines.append(f"程序位置：{sys.executable}")
    return "\n".join(lines)


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None, db: Database) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(f"关于{APP_NAME}")
        heading = QLabel(f"{APP_NAME} {__version__}")
        heading.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.text = QPlainTextEdit(about_text(db))
        self.text.setObjectName("aboutText")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        hint = QLabel("向技术支持人员求助时，点“复制”后把这些信息粘贴到消息中。")
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        self.copy_button = QPushButton("复制")
        self.copy_button.setObjectName("copyButton")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.text)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(640, 300)

    def copy(self) -> None:
        QApplication.clipboard().setText(self.text.toPlainText())
        self.copy_button.setText("已复制")
