"""A clerk's working day (issue 14, item 2): every page of the real window fits 1366×768 and
1920×1080 at 150%; windows and dialogs never open larger than the screen; ``--screenshots``
takes a screen size and a scale."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QDialog

from ui.framework.screen_fit import available_area, fit_to_screen, fitted_size
from ui.smoke import parse_size, screen_area

LAPTOP = screen_area((1366, 768), 1.0)  # 1366×728 once the taskbar is off
SCALED = screen_area((1920, 1080), 1.5)  # 1280×693 logical pixels


def test_every_page_fits_both_screens(window, db, actor) -> None:
    from tests.ui.test_day_dossier import _member_with_two_years

    _member_with_two_years(db, actor)  # some rows, so that pages show content
    for entry in window.entries:
        window.show_page(entry.key)
        need = window.minimumSizeHint()  # grows with the widest page built so far
        for area in (LAPTOP, SCALED):
            assert need.width() <= area.width() - 16 and need.height() <= area.height() - 40, (
                entry.title, need.toTuple(), area.size().toTuple())
    assert window.windowTitle() == "政协履职工作台 0.1.0"


def test_main_window_shrinks_into_a_small_screen(window) -> None:
    window.resize(1280, 760)
    fit_to_screen(window, LAPTOP)
    frame = window.frameGeometry().size() - window.size()
    assert window.height() + frame.height() <= LAPTOP.height() and window.height() < 760
    assert window.statusBar().isVisible()
    assert fitted_size(QSize(1280, 760), SCALED).width() <= SCALED.width() - 16


def test_a_dialog_larger_than_the_screen_is_shrunk_when_shown(window, qtbot) -> None:
    dialog = QDialog(window)
    qtbot.addWidget(dialog)
    area = available_area(dialog)
    dialog.resize(area.width() + 500, area.height() + 500)
    dialog.show()  # the application-wide filter the main window installed fits it
    assert dialog.width() <= area.width() and dialog.height() <= area.height()
    assert QRect(dialog.pos(), dialog.size()).top() >= area.top()
    dialog.close()


def test_screenshot_options() -> None:
    assert parse_size("1920x1080") == (1920, 1080) and parse_size(None) == (1366, 768)
    assert screen_area((1920, 1080), 1.5).size().toTuple() == (1280, 693)
