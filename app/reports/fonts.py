"""The font scheme of generated documents: for each role (title, body, headings, page
numbers) the 公文 font if it is installed, else the next candidate, else a fallback.

Fonts are detected without Qt: ``fc-list`` on Linux (UOS, Kylin), the registry's font list on
Windows, matplotlib's font manager elsewhere. A setting can name the font of any role.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cache

from app.reports.settings import ReportSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Role:
    label: str
    candidates: tuple[str, ...]  # most wanted first; the last is the standard Windows font
    bold_if: tuple[str, ...] = ()  # fonts that need bold to stand in for this role


ROLES: dict[str, Role] = {
    "title": Role("标题（小标宋）", ("方正小标宋简体", "方正小标宋_GBK", "华文中宋", "宋体"),
                  bold_if=("宋体", "华文中宋")),
    "body": Role("正文（仿宋）", ("仿宋_GB2312", "方正仿宋_GBK", "仿宋")),
    "heading1": Role("一级标题（黑体）", ("方正黑体_GBK", "黑体")),
    "heading2": Role("二级标题（楷体）", ("楷体_GB2312", "方正楷体_GBK", "楷体")),
    "number": Role("页码（宋体）", ("宋体",)),
}

# English family names (as Windows and fontconfig report them) → the Chinese names Word uses.
ALIASES = {
    "FangSong": "仿宋", "FangSong_GB2312": "仿宋_GB2312", "KaiTi": "楷体",
    "KaiTi_GB2312": "楷体_GB2312", "SimHei": "黑体", "SimSun": "宋体", "NSimSun": "新宋体",
    "STZhongsong": "华文中宋", "STFangsong": "华文仿宋", "STKaiti": "华文楷体",
    "FZXiaoBiaoSong-B05S": "方正小标宋简体", "FZXiaoBiaoSong-B05": "方正小标宋_GBK",
    "FZFangSong-Z02": "方正仿宋_GBK", "FZHei-B01": "方正黑体_GBK", "FZKai-Z03": "方正楷体_GBK",
    "FZFangSong-Z02S": "方正仿宋简体", "FZHei-B01S": "方正黑体简体", "FZKai-Z03S": "方正楷体简体",
}  # fmt: skip


@dataclass(frozen=True)
class FontChoice:
    role: str
    name: str
    bold: bool
    installed: bool


def _names(raw: str) -> set[str]:
    names = {n.strip() for n in raw.split(",") if n.strip()}
    return names | {ALIASES[n] for n in names if n in ALIASES}


def _fc_list() -> set[str]:
    exe = shutil.which("fc-list")
    if exe is None:
        return set()
    try:
        out = subprocess.run([exe, ":", "family"], capture_output=True, text=True, timeout=10,
                             check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return set()
    return {n for line in out.splitlines() for n in _names(line)}


def _windows_registry() -> set[str]:  # pragma: no cover - Windows only
    if sys.platform != "win32":
        return set()
    import winreg

    found: set[str] = set()
    key = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Fonts"
    for hive in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
        try:
            with winreg.OpenKey(hive, key) as k:
                for i in range(winreg.QueryInfoKey(k)[1]):
                    name = winreg.EnumValue(k, i)[0].split(" (")[0]
                    for part in name.split("&"):
                        found |= _names(part)
        except OSError:
            continue
    return found


def _matplotlib() -> set[str]:
    try:
        from matplotlib import font_manager
    except ImportError:
        return set()
    return {n for f in font_manager.fontManager.ttflist for n in _names(f.name)}


@cache
def installed_fonts() -> frozenset[str]:
    """Family names of the fonts installed on this computer (English and Chinese names)."""
    if sys.platform == "win32":  # pragma: no cover
        found = _windows_registry()
    else:
        found = _fc_list()
    if not found:
        found = _matplotlib()
    log.info("%d font families installed", len(found))
    return frozenset(found)


def font_scheme(settings: ReportSettings | None = None,
                installed: frozenset[str] | None = None) -> dict[str, FontChoice]:
    """The font of each role: the setting if given, else the first installed candidate,
    else the setting's fallback, else the role's standard Windows font."""
    settings = settings or ReportSettings()
    have = installed_fonts() if installed is None else installed
    scheme = {}
    for key, role in ROLES.items():
        chosen = settings.fonts.get(key) or next(
            (c for c in role.candidates if c in have), "") or settings.fallback.get(key) or \
            role.candidates[-1]
        scheme[key] = FontChoice(key, chosen, chosen in role.bold_if, chosen in have)
    return scheme


# The font each role is written with in the built-in templates (app.reports.gongwen).
CANONICAL = {"title": "方正小标宋简体", "body": "仿宋", "heading1": "黑体", "heading2": "楷体",
             "number": "宋体"}


def replacements(scheme: dict[str, FontChoice]) -> dict[str, FontChoice]:
    """Font name written in a template → the font to write in the document. A role's other
    candidates map too (a user's template may say 仿宋_GB2312), unless the name is another
    role's own font (宋体 is the page numbers' font, not the title's)."""
    out = {name: scheme[key] for key, name in CANONICAL.items()}
    for key, role in ROLES.items():
        for name in role.candidates:
            out.setdefault(name, scheme[key])
    return out
