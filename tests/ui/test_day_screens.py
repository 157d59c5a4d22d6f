"""A clerk's working day (issue 14, item 2): every page of the real window fits 1366×768 and
1920×1080 at 150%; windows and dialogs never open larger than the screen; ``--screenshots``
takes a screen size and a scale."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize, QTimer
from PySide6.QtWidgets import QDialog

from ui.dialogs import Dialogs
from ui.framework.screen_fit import available_area, fit_to_screen, fitted_size, fitting_active
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


def test_a_dialog_larger_than_the_screen_is_shrunk_when_dialogs_runs_it(window, qtbot) -> None:
    """``Dialogs`` fits the dialog it runs, and one opened from inside it; no filter on the
    whole application is left once it is closed (a page build pays for none)."""
    dialogs = Dialogs(window)  # the real one (the fixture's is scripted)
    outer, inner = QDialog(window), QDialog(window)
    area = available_area(window)
    seen: dict[str, tuple[int, int, int, int, bool]] = {}
    for dialog in (outer, inner):
        qtbot.addWidget(dialog)
        dialog.resize(area.width() + 500, area.height() + 500)

    def note(name: str, dialog: QDialog) -> None:
        seen[name] = (dialog.x(), dialog.y(), dialog.width(), dialog.height(), fitting_active())

    def in_inner() -> None:
        note("inner", inner)
        inner.reject()

    def in_outer() -> None:
        note("outer", outer)
        QTimer.singleShot(0, in_inner)
        inner.exec()  # not through Dialogs: fitted all the same while ``outer`` runs
        outer.reject()

    assert not fitting_active()
    QTimer.singleShot(0, in_outer)
    assert dialogs.exec(outer) is False
    assert not fitting_active()
    for name in ("outer", "inner"):
        x, y, width, height, active = seen[name]
        assert width <= area.width() and height <= area.height(), (name, seen[name])
        assert y >= area.top() and x >= area.left() and active


def _probe(tmp_path: Path, size: tuple[int, int], scale: float) -> list[dict[str, Any]]:
    """The probe's report of the real window and editors on that screen (a subprocess: the
    screen and QT_SCALE_FACTOR are fixed when the application starts)."""
    screens = {"screens": [{"name": "probe", "x": 0, "y": 0, "width": size[0],
                            "height": size[1], "logicalDpi": 96, "logicalBaseDpi": 96,
                            "dpr": 1}]}
    config = tmp_path / f"screen-{size[0]}x{size[1]}.json"
    config.write_text(json.dumps(screens), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
           "QT_SCALE_FACTOR": str(scale)}
    done = subprocess.run([sys.executable, "-m", "tests.ui.screen_fit_probe",
                           str(tmp_path / f"probe-{size[0]}.sqlite")],
                          cwd=Path(__file__).resolve().parents[2], env=env,
                          capture_output=True, text=True, timeout=300, check=True)
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


@pytest.mark.parametrize(("size", "scale"), [((1024, 600), 1.0), ((1920, 1080), 1.5)])
def test_editors_fit_a_small_and_a_scaled_screen(tmp_path, size, scale) -> None:
    """Each record page's editor, opened as a clerk opens it, fits a 1024×600 netbook and
    1920×1080 at 150 % (1280×720 logical pixels); the main window too."""
    lines = _probe(tmp_path, size, scale)
    x, y, width, height = lines[0]["area"]
    assert (width, height) == (round(size[0] / scale), round(size[1] / scale))
    assert lines[0]["window"][0] <= width and lines[0]["window"][1] <= height
    dialogs = lines[1:]
    assert len(dialogs) == 4, lines
    for dialog in dialogs:
        fx, fy, fw, fh = dialog["frame"]
        assert fx >= x and fy >= y and fx + fw <= x + width and fy + fh <= y + height, dialog
    if size == (1024, 600):  # the 会议 editor opens 624 pixels tall: shrunk to the screen
        meeting = next(d for d in dialogs if "会议" in d["dialog"])
        assert meeting["frame"][3] == height, meeting


def test_screenshot_options() -> None:
    assert parse_size("1920x1080") == (1920, 1080) and parse_size(None) == (1366, 768)
    assert screen_area((1920, 1080), 1.5).size().toTuple() == (1280, 693)
