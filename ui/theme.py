"""Colours that stay readable in the light and the dark Windows theme.

Fixed colours written for a white window ("#666" hints, a pale "#eef3f8" table header,
"#f5f8fb" buttons with the palette's text colour) become unreadable when Windows is set to
dark mode: grey on near-black, white text on a pale background. Every colour the interface
writes into a style sheet or a detail pane's HTML comes from here, chosen for the palette in
use, and each text colour has a contrast ratio of at least 4.5 (WCAG AA) against the
palette's window and base colours (tests/ui/test_win_looks.py checks them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

# role → (light theme, dark theme)
COLOURS: dict[str, tuple[str, str]] = {
    "hint": ("#595959", "#b0b0b0"),       # notes and hints under a form or list
    "muted": ("#595959", "#a8a8a8"),      # secondary text in detail panes
    "error": ("#b71c1c", "#ff8a80"),      # problems, overdue, absent
    "ok": ("#1b5e20", "#81c784"),         # done, present
    "warn": ("#8a4b00", "#ffb74d"),       # excused, warnings
    "faint": ("#6b6b6b", "#adadad"),      # empty counts (still readable)
    "header_bg": ("#e3ebf3", "#2d3a47"),  # table header rows in detail panes
    "error_bg": ("#fde7e7", "#4a2626"),   # rows that need attention (below minimum duties)
    "border": ("#b8c4d0", "#55606b"),
    "button_bg": ("#f5f8fb", "#2b3036"),
    "accent": ("#1f6fb2", "#4a9be0"),     # a checked tally button
    "on_accent": ("#ffffff", "#0b1620"),  # text on the accent
}
TEXT_ROLES = ("hint", "muted", "error", "ok", "warn", "faint")


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the palette in use is a dark one (window darker than its text)."""
    if palette is None:
        app = QGuiApplication.instance()
        if not isinstance(app, QGuiApplication):
            return False
        palette = app.palette()
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    return window.lightnessF() < text.lightnessF()


def colour(role: str, palette: QPalette | None = None) -> str:
    """The colour of ``role`` (see ``COLOURS``) for the palette in use, as ``#rrggbb``."""
    light, dark = COLOURS[role]
    return dark if is_dark(palette) else light


def text_style(role: str) -> str:
    """A style sheet for a label in ``role``'s colour, e.g. ``text_style("hint")``."""
    return f"color: {colour(role)};"


def relative_luminance(value: QColor | str) -> float:
    """WCAG 2 relative luminance of a colour."""
    c = QColor(value)

    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF())
            + 0.0722 * channel(c.blueF()))


def contrast(a: QColor | str, b: QColor | str) -> float:
    """WCAG 2 contrast ratio of two colours (1 … 21)."""
    la, lb = relative_luminance(a), relative_luminance(b)
    high, low = max(la, lb), min(la, lb)
    return (high + 0.05) / (low + 0.05)


def resolve(name: str) -> str:
    """A role name (``"error"``) becomes its colour for the palette in use; a colour given as
    ``#rrggbb`` or a Qt colour name is returned as it is."""
    return colour(name) if name in COLOURS else name


def retint(widgets: Iterable[QWidget], dark: bool) -> int:
    """Swap the colours of ``COLOURS`` in the widgets' style sheets to the other theme (Windows
    switched between light and dark while the program runs); returns how many changed. Detail
    panes' HTML takes the new colours when it is next shown."""
    pairs = [(light, dark_) if dark else (dark_, light) for light, dark_ in COLOURS.values()]
    changed = 0
    for widget in widgets:
        sheet = widget.styleSheet()
        if not sheet:
            continue
        new = sheet
        for old, replacement in pairs:
            new = re.sub(re.escape(old) + r"\b", replacement, new, flags=re.IGNORECASE)
        if new != sheet:
            widget.setStyleSheet(new)
            changed += 1
    return changed


def follow_colour_scheme(app: QApplication) -> None:
    """Retint every widget when Windows switches between light and dark mode. What counts is
    the palette Qt then uses, not the system setting: the classic Windows style keeps a light
    palette in dark mode, and its colours must then stay the light ones."""
    from PySide6.QtCore import QTimer

    def switched(*_scheme: object) -> None:
        # the palette follows the scheme a moment later; read it once it has
        QTimer.singleShot(200, lambda: retint(app.allWidgets(), is_dark(app.palette())))

    app.styleHints().colorSchemeChanged.connect(switched)
