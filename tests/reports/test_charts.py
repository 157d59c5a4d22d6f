"""Charts draw Chinese with a Chinese font, never with boxes."""

from __future__ import annotations

import shutil
import subprocess
import warnings

import pytest

from app.reports import charts


def chinese_font_installed() -> bool:
    """Whether fontconfig knows a Chinese font (CI installs fonts-noto-cjk)."""
    if shutil.which("fc-list") is None:
        return False
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
    return bool(listed.stdout.strip())


@pytest.mark.skipif(not chinese_font_installed(), reason="这台机器没有中文字体")
def test_chinese_labels_are_drawn_without_missing_glyphs() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font(s)"
        png = charts.bar_chart("各界别委员人数", [("中国共产党", 12), ("民革", 3)])
    assert png.startswith(b"\x89PNG")


def test_any_cjk_family_is_taken_when_the_preferred_ones_are_absent() -> None:
    assert charts._chinese_fonts({"DejaVu Sans", "Noto Sans CJK JP"}) == ["Noto Sans CJK JP"]
    assert charts._chinese_fonts({"SimHei", "Noto Sans CJK JP"}) == ["SimHei", "Noto Sans CJK JP"]
    assert charts._chinese_fonts({"DejaVu Sans"}) == []
