"""Run in a subprocess by test_day_screens: the real main window on a screen of the size and
scale given (the offscreen platform's screen, ``QT_SCALE_FACTOR``), each record page's
editor opened through the real ``Dialogs``; prints the screen's area and each dialog's frame
as JSON lines."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path


def main(db_path: str) -> int:
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QDialog

    from app.domain.enums import UserRole
    from app.services.context import Actor
    from app.services.opening import open_database
    from ui.application import make_application
    from ui.framework.screen_fit import available_area
    from ui.main_window import MainWindow
    from ui.settings import Settings

    app = make_application()
    db = open_database(db_path)
    settings = Settings(QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"),
                                  QSettings.Format.IniFormat))
    window = MainWindow(db, Actor("probe", UserRole.ADMIN, "检查"), settings=settings)
    window.show()
    area = available_area(window)
    print(json.dumps({"area": [area.x(), area.y(), area.width(), area.height()],
                      "window": [window.frameGeometry().width(),
                                 window.frameGeometry().height()]}), flush=True)

    def close_and_report() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog):
            frame = dialog.frameGeometry()
            print(json.dumps({"dialog": dialog.windowTitle(),
                              "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
                              "minimum": [dialog.minimumWidth(), dialog.minimumHeight()]}),
                  flush=True)
            dialog.reject()
        else:
            QTimer.singleShot(10, close_and_report)

    for key in ("members", "meetings", "proposals", "opinions"):
        page = window.show_page(key)
        QTimer.singleShot(10, close_and_report)
        page.open_editor(None)  # type: ignore[attr-defined]
    window.close()
    db.dispose()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
