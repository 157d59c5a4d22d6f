"""Command line: ``python main.py <command>``. Errors print one Chinese line and exit non-zero."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import Any

from app import APP_NAME, __version__
from app.errors import AppError
from app.logs import setup_logging

log = logging.getLogger(__name__)


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with Chinese headings and messages: a clerk never reads "usage:"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "用法：", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage:", "用法：", 1)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        if "选项 " in message:  # our own value messages already name the option and value
            self.exit(2, f"错误：{message[message.index('选项 '):]}\n")
        translated = (message.replace("the following arguments are required", "缺少必需的参数")
                      .replace("one of the arguments", "以下参数必须给出一个：")
                      .replace(" is required", "")
                      .replace("invalid choice", "无效的选项").replace("argument", "参数")
                      .replace("unrecognized arguments", "无法识别的参数")
                      .replace("expected one argument", "需要一个值")
                      .replace("invalid int value", "不是有效的整数"))
        self.exit(2, f"错误：{translated}\n")


def build_parser() -> argparse.ArgumentParser:
    from app.cli import commands

    parser = ChineseArgumentParser(
        prog="python main.py",
        description=f"{APP_NAME} {__version__}。不带命令运行时打开桌面窗口。",
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}",
                        help="显示版本号")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=ChineseArgumentParser)
    commands.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from app.cli.console import configure_streams

    configure_streams()  # before any output: redirected output is UTF-8, never a crash
    log_path = setup_logging()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 0
    from app.fileio import clean_startup

    clean_startup()  # temporary files a crash left behind
    try:
        return int(args.run(args) or 0)
    except AppError as exc:
        log.warning("command %s failed: %s", args.command, exc)
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 130
    except Exception as exc:
        log.exception("command %s crashed", args.command)
        damage = _damage(exc)
        if damage is not None:
            print(f"错误：数据库已损坏：{damage}。请用 python main.py check 检查，"
                  "用 python main.py backup list 和 backup restore 从备份恢复。", file=sys.stderr)
            return 2
        print(f"程序内部错误（{type(exc).__name__}），操作未完成。详细信息已写入日志文件：{log_path}",
              file=sys.stderr)
        return 1


def _damage(exc: BaseException) -> str | None:
    """The Chinese description when ``exc`` (or its cause) is SQLite reporting a damaged file."""
    import sqlite3

    from app.db.health import describe_sqlite_error

    seen: BaseException | None = exc
    while seen is not None:
        orig = getattr(seen, "orig", None)
        for candidate in (seen, orig):
            if isinstance(candidate, sqlite3.DatabaseError) and any(
                    word in str(candidate).lower() for word in ("malformed", "not a database")):
                return describe_sqlite_error(candidate)
        seen = seen.__cause__ or seen.__context__
    return None
