"""The console program ``zxlz-workbench-cli.exe`` started without a command.

Double-clicked in Explorer, it used to open the desktop window with an empty black console
window behind it, which vanished with the program (and a clerk who closed the console closed
the program). Now it prints the list of commands, says that the window is the other program,
and — when the console was opened just for it (double-click) — waits for Enter so the text
can be read before the console closes. From a command prompt it only prints the help.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from pathlib import Path

HINT = ("\n这是“政协履职工作台”的命令行程序，用于脚本和技术人员。"
        "要打开程序窗口，请双击桌面或开始菜单中的“政协履职工作台”。")
WAIT = "按回车键关闭此窗口……"


def is_console_exe() -> bool:
    """The frozen console executable (``…-cli.exe``), not ``python main.py``."""
    return bool(getattr(sys, "frozen", False)) and Path(sys.executable).stem.endswith("-cli")


def console_is_ours() -> bool:
    """Windows: the console has no other process attached (it was opened for this program by
    a double-click, not a command prompt the clerk typed into)."""
    if sys.platform != "win32":
        return False
    try:
        import ctypes

        processes = (ctypes.c_uint32 * 4)()
        count = ctypes.windll.kernel32.GetConsoleProcessList(processes, 4)
    except (AttributeError, OSError):
        return False
    return int(count) == 1


def show_help_and_wait(print_help: Callable[[], int], *, wait: bool | None = None,
                       read: Callable[[str], object] | None = None) -> int:
    """Print the commands and the hint; wait for Enter when the console closes with us."""
    try:
        code = print_help()
    except SystemExit as done:  # argparse's --help ends with SystemExit(0)
        code = done.code if isinstance(done.code, int) else 0
    print(HINT)
    if console_is_ours() if wait is None else wait:
        with contextlib.suppress(EOFError, KeyboardInterrupt, OSError):
            (read or input)(WAIT)
    return code
