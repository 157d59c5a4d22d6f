"""政协履职工作台. ``python main.py`` opens the desktop window; ``python main.py <command>``
runs a command (``python main.py -h`` lists them)."""

from __future__ import annotations

import contextlib
import sys


def run() -> int:
    from app.config import restrict_new_files

    restrict_new_files()  # the database, backups, logs and exports: this account's alone
    args = sys.argv[1:]
    if not args and _console_exe():  # zxlz-workbench-cli.exe double-clicked: help, not a window
        from app.cli import main
        from app.cli.console import configure_streams
        from app.cli.double_click import show_help_and_wait

        configure_streams()
        return show_help_and_wait(lambda: main(["--help"]))
    if not args or (args[0].startswith("--") and args[0] not in ("--help", "--version")):
        try:
            from ui.app import run_gui  # the desktop client (issue: Desktop client, part 1)
        except ImportError:
            from app.cli import main
            from app.cli.console import configure_streams

            configure_streams()

            print("桌面窗口尚未包含在此版本中，以下是可用的命令：", file=sys.stderr)
            return main(["--help"])
        return run_gui(args)
    from app.cli import main

    if args[0] == "bench":
        _register_client_benchmarks()
    return main(args)


def _console_exe() -> bool:
    from app.cli.double_click import is_console_exe

    return is_console_exe()


def _register_client_benchmarks() -> None:
    """The client's cases join the core's harness here: ``app`` may not import ``ui``."""
    with contextlib.suppress(ImportError):  # a core-only installation runs the core's cases
        from ui import bench_cases, bench_startup  # noqa: F401


if __name__ == "__main__":
    sys.exit(run())
