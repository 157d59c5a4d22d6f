"""``backup list|create|verify|restore``: the clerk's backups from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

CONFIRM_WORDS = ("是", "y", "yes", "确定")


def register(sub: Any) -> None:
    from app.cli import ChineseArgumentParser
    from app.cli.commands import add_db_option

    backup = sub.add_parser("backup", help="查看、建立、校验数据库备份，或从备份恢复",
                            add_help=False,
                            description="数据库备份：list 列出，create 立即备份，"
                                        "verify 校验备份文件，restore 从备份恢复。")
    backup.add_argument("-h", "--help", action="help", help="显示帮助")
    actions = backup.add_subparsers(dest="action", metavar="操作", required=True,
                                    parser_class=ChineseArgumentParser)

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        parser = actions.add_parser(name, help=help_text, description=help_text, add_help=False)
        parser.add_argument("-h", "--help", action="help", help="显示帮助")
        add_db_option(parser)
        return parser

    listing = action("list", "列出备份：日期、类型、大小、是否校验")
    listing.add_argument("--check", action="store_true",
                         help="逐个重新校验备份文件（较慢），而不只是显示创建时的校验结果")
    listing.set_defaults(run=run_list)

    create = action("create", "立即备份数据库（备份经过完整性校验）")
    create.add_argument("--to", metavar="文件夹", type=Path, default=None,
                        help="再把这份备份复制到指定文件夹（如 U 盘），并校验复制出的文件")
    create.set_defaults(run=run_create)

    verify = action("verify", "校验一个备份文件是否完好")
    verify.add_argument("file", metavar="文件", help="备份文件的路径，或备份文件夹中的文件名")
    verify.set_defaults(run=run_verify)

    restore = action("restore", "用备份替换当前数据库（先另存当前文件）")
    restore.add_argument("file", metavar="文件", help="备份文件的路径，或备份文件夹中的文件名")
    restore.add_argument("--yes", action="store_true", help="不再询问，直接恢复")
    restore.set_defaults(run=run_restore)


def _backups(args: argparse.Namespace) -> Any:
    from app.services.backups import Backups

    return Backups.for_location(args.db)


def _pad(text: str, width: int) -> str:
    """Left-aligned in a terminal where each Chinese character takes two columns."""
    import unicodedata

    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - used)


def run_list(args: argparse.Namespace) -> int:
    from app.db.backup import integrity_problems

    backups = _backups(args)
    rows = backups.rows()
    print(f"数据库：{backups.db_file}")
    print(f"备份文件夹：{backups.folder}")
    if not rows:
        print("还没有备份。可以用 python main.py backup create 立即备份。")
        return 0
    print(f"{_pad('日期时间', 19)}  {_pad('类型', 6)}  {_pad('大小', 9)}  "
          f"{_pad('校验', 12)}  文件名")
    damaged = 0
    for row in rows:
        verified = "创建时已校验"
        if args.check:
            problems = integrity_problems(row.path)
            verified = "完好" if not problems else "已损坏"
            damaged += bool(problems)
        print(f"{_pad(row.when, 19)}  {_pad(row.kind, 6)}  {_pad(row.size, 9)}  "
              f"{_pad(verified, 12)}  {row.path.name}")
    print(f"共 {len(rows)} 份。恢复：python main.py backup restore 文件名"
          + (f" --db {backups.db_file}" if args.db else ""))
    if damaged:
        print(f"有 {damaged} 份备份已损坏，不能用来恢复。")
        return 1
    return 0


def run_create(args: argparse.Namespace) -> int:
    backups = _backups(args)
    made = backups.create()
    print(f"已备份并校验：{made}")
    if args.to is not None:
        copy = backups.copy_to(made, args.to)
        print(f"已复制到“{args.to}”并校验：{copy}")
    return 0


def run_verify(args: argparse.Namespace) -> int:
    backups = _backups(args)
    path = backups.find(args.file)
    backups.verify(path)
    print(f"校验通过：备份“{path}”完好，可以用来恢复。")
    return 0


def _confirmed(text: str) -> bool:
    print(text)
    print("确认恢复请输入“是”（或 y），其他任何输入都会取消：", end="", flush=True)
    try:
        answer = input()
    except EOFError:
        print()
        return False
    return answer.strip().lower() in CONFIRM_WORDS


def run_restore(args: argparse.Namespace) -> int:
    backups = _backups(args)
    source = backups.find(args.file)
    current = backups.db_file
    if not args.yes:
        state = "当前数据库已损坏，" if backups.damage() else ""
        question = (f"将用备份“{source}”替换数据库“{current}”。{state}"
                    "替换前会把当前文件另存一份。")
        if not _confirmed(question):
            print("已取消，数据库没有改动。", file=sys.stderr)
            return 1
    result = backups.restore(source)
    print(f"已从备份恢复并校验通过：{current}")
    if result.safety_copy is not None:
        kept = ("（原文件已损坏，按原样保存）" if result.safety_copy.suffix == ".damaged"
                else "")
        print(f"恢复前的数据库已另存为：{result.safety_copy}{kept}")
    return 0

