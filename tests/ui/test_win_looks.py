"""Windows looks: readable in the dark theme, charts sharp at 150 %, long paths refused."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette

from ui import theme

ROOT = Path(__file__).resolve().parents[2]


def _palette(window: str, base: str, text: str) -> QPalette:
    palette = QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Window, QColor(window))
        palette.setColor(group, QPalette.ColorRole.Base, QColor(base))
        palette.setColor(group, QPalette.ColorRole.WindowText, QColor(text))
        palette.setColor(group, QPalette.ColorRole.Text, QColor(text))
        palette.setColor(group, QPalette.ColorRole.ButtonText, QColor(text))
    return palette


# Windows 10/11 light, Windows 11 dark (windows11 style), Fusion dark, a common custom dark
PALETTES = {
    "light": _palette("#f0f0f0", "#ffffff", "#000000"),
    "light-white": _palette("#ffffff", "#fafafa", "#1a1a1a"),
    "dark-win11": _palette("#202020", "#2d2d2d", "#ffffff"),
    "dark-fusion": _palette("#323232", "#1e1e1e", "#ffffff"),
    "dark-custom": _palette("#353535", "#2a2a2a", "#ffffff"),
    "dark-grey": _palette("#3c3c3c", "#3c3c3c", "#f0f0f0"),
}


@pytest.mark.parametrize("name", list(PALETTES))
@pytest.mark.parametrize("role", theme.TEXT_ROLES)
def test_every_text_colour_reads_on_the_palette(qapp, name: str, role: str) -> None:
    palette = PALETTES[name]
    assert theme.is_dark(palette) == name.startswith("dark")
    text = theme.colour(role, palette)
    for background in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        ratio = theme.contrast(text, palette.color(background))
        assert ratio >= 4.5, f"{role} {text} on {name} {background.name}: {ratio:.2f}"


@pytest.mark.parametrize("name", list(PALETTES))
def test_backgrounds_keep_the_palette_text_readable(qapp, name: str) -> None:
    palette = PALETTES[name]
    text = palette.color(QPalette.ColorRole.Text)
    for role in ("header_bg", "button_bg"):
        assert theme.contrast(theme.colour(role, palette), text) >= 4.5, role
    accent = theme.colour("accent", palette)
    assert theme.contrast(accent, theme.colour("on_accent", palette)) >= 4.5


def test_contrast_ratio_matches_wcag() -> None:
    assert theme.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert theme.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert theme.contrast("#666", "#1e1e1e") < 4.5  # the old hint grey in dark mode


def test_the_interface_follows_a_dark_palette(qapp) -> None:
    from ui.framework import html
    from ui.framework.tally import style

    old = qapp.palette()
    qapp.setPalette(PALETTES["dark-win11"])
    try:
        assert theme.is_dark()
        table = html.table(["姓名"], [["张琳"]])
        assert theme.COLOURS["header_bg"][1] in table and "#eef3f8" not in table
        assert theme.COLOURS["error"][1] in html.coloured("逾期", html.RED)
        sheet = style()
        assert theme.COLOURS["button_bg"][1] in sheet and "white" not in sheet
    finally:
        qapp.setPalette(old)
    assert not theme.is_dark()
    assert theme.COLOURS["header_bg"][0] in html.table(["姓名"], [["张琳"]])


FIXED = re.compile(r"(color|background|border-color)\s*:\s*(#[0-9a-fA-F]{3,6}|white|black)\b"
                   r"|QColor\(\s*['\"]#", re.IGNORECASE)


def test_no_fixed_colours_left_in_the_interface() -> None:
    """Colours come from ui/theme.py; a fixed one is unreadable in one of the two themes."""
    found = []
    for path in (ROOT / "ui").rglob("*.py"):
        if path.name == "theme.py":
            continue
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if FIXED.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


CHART = textwrap.dedent("""
    import json
    from PySide6.QtWidgets import QApplication, QWidget
    app = QApplication([])
    from app.reports.charts import pixel_size
    from ui.pages.dashboard import chart_pixmap
    widget = QWidget()
    pixmap = chart_pixmap(widget, "按界别", [("中共", 12), ("民革", 5)], width=5.6, height=2.4)
    size = pixmap.deviceIndependentSize()
    print(json.dumps({"ratio": widget.devicePixelRatioF(),
                      "pixels": [pixmap.width(), pixmap.height()],
                      "logical": [round(size.width()), round(size.height())],
                      "expected": pixel_size(5.6, 2.4, scale=widget.devicePixelRatioF()),
                      "at_100": pixel_size(5.6, 2.4)}))
""")


@pytest.mark.parametrize("factor", ["1", "1.5", "2"])
def test_dashboard_chart_is_drawn_at_the_screen_pixel_ratio(factor: str) -> None:
    import json

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": factor,
           "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", CHART], env=env, capture_output=True,
                         text=True, timeout=180, check=True).stdout
    got = json.loads(out.strip().splitlines()[-1])
    assert got["ratio"] == pytest.approx(float(factor))
    assert got["pixels"] == list(got["expected"])
    assert got["logical"] == list(got["at_100"])  # same size on screen, more pixels


def test_long_windows_path_from_a_dialog_is_refused(qapp, monkeypatch, tmp_path) -> None:
    from PySide6.QtWidgets import QFileDialog

    from ui.dialogs import Dialogs, FolderMemory

    long_name = "D:\\" + "\\".join(["政协履职工作台资料文件夹"] * 25) + "\\报告.docx"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (long_name, "")))
    messages: list[tuple[str, str]] = []
    from PySide6.QtCore import QSettings

    dialogs = Dialogs(folders=FolderMemory(QSettings(str(tmp_path / "s.ini"),
                                                     QSettings.Format.IniFormat)))
    dialogs.warning = lambda t, x: messages.append((t, x))  # type: ignore[method-assign]
    assert dialogs.save_file("保存文稿", "报告.docx", "Word 文档 (*.docx)") is None
    ((title, text),) = messages
    assert title == "保存文稿" and "路径太长" in text and "较短" in text


def test_switching_to_dark_mode_retints_the_open_widgets(qapp, qtbot) -> None:
    from PySide6.QtWidgets import QLabel

    from ui.framework.tally import TallyBar

    hint = QLabel("提示")
    hint.setStyleSheet(theme.text_style("hint"))
    error = QLabel("错误")
    error.setStyleSheet(theme.text_style("error"))
    bar = TallyBar("办理状态", ["待审查", "已办结"], lambda _i: None)
    plain = QLabel("普通")
    for widget in (hint, error, bar, plain):
        qtbot.addWidget(widget)
    assert theme.retint([hint, error, bar, plain], dark=True) == 3
    assert theme.COLOURS["hint"][1] in hint.styleSheet()
    assert theme.COLOURS["error"][1] in error.styleSheet()
    assert theme.COLOURS["button_bg"][1] in bar.styleSheet()
    assert theme.COLOURS["accent"][1] in bar.styleSheet()
    assert plain.styleSheet() == ""
    theme.retint([hint, error, bar], dark=False)  # and back
    assert theme.COLOURS["hint"][0] in hint.styleSheet()
    assert theme.COLOURS["error"][0] in error.styleSheet()


def test_a_save_path_leaves_room_for_the_files_written_beside_it(qapp, monkeypatch,
                                                                 tmp_path) -> None:
    """240 characters fit Windows, but the temporary copy and the 数据底稿 beside it would not."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QFileDialog

    from ui.dialogs import ROOM, Dialogs, FolderMemory

    name = "D:\\" + "a" * (259 - ROOM["save"] - 3 - 5) + ".docx"  # just fits with the room
    too_long = name.replace(".docx", "b.docx")
    monkeypatch.setattr(sys, "platform", "win32")
    answers = iter([name, too_long])
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (next(answers), "")))
    dialogs = Dialogs(folders=FolderMemory(QSettings(str(tmp_path / "s.ini"),
                                                     QSettings.Format.IniFormat)))
    messages: list[str] = []
    dialogs.warning = lambda _t, x: messages.append(x)  # type: ignore[method-assign]
    assert dialogs.save_file("保存文稿", "报告.docx", "Word 文档 (*.docx)") is not None
    assert dialogs.save_file("保存文稿", "报告.docx", "Word 文档 (*.docx)") is None
    (text,) = messages
    assert f"最多 {259 - ROOM['save']} 个" in text
