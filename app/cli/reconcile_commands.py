"""``reconcile``: the year's 常委会工作报告, 提案工作情况报告 and 年度工作回眸 and last year's
drafts, figure by figure, every difference explained (app/reports/reconcile.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.errors import AppError


def register(sub: Any) -> None:
    from app.cli.commands import add_db_option

    cmd = sub.add_parser("reconcile", add_help=False,
                         help="数字核对：同一年几份文稿和上年文稿的数字逐项对照，说明差异")
    cmd.add_argument("-h", "--help", action="help", help="显示帮助")
    add_db_option(cmd)
    cmd.add_argument("--year", type=int, required=True, metavar="年份", help="核对的年度，如 2025")
    cmd.add_argument("--out", type=Path, metavar="文件", help="保存数字核对表（.xlsx）")
    cmd.add_argument("--all", action="store_true",
                     help="在屏幕上也列出一致的数字（默认只列有差异的）")
    cmd.set_defaults(run=run_reconcile)


def line_text(line: Any, names: list[tuple[str, str]]) -> str:
    """One line of the reconciliation for the console."""
    cells = "｜".join(f"{name}{line.cells.get(kind) or '—'}" for kind, name in names)
    last = f"｜上年文稿{line.last_year}" if line.last_year else ""
    return (f"{line.label}（{line.scope}，{line.period}）：{cells}{last}"
            f"  〔{line.status}〕{line.explanation}")


def run_reconcile(args: argparse.Namespace) -> int:
    from app.cli.commands import existing_db
    from app.reports.reconcile import (
        COMMITTEE,
        DOCUMENTS,
        SAME,
        reconcile,
        summary,
        write_sheet,
    )
    from app.services.opening import open_database

    if not 1949 <= args.year <= 2100:
        raise AppError(f"年度“{args.year}”不对，应为四位年份，如 2025。")
    out = args.out.expanduser().resolve() if args.out is not None else None
    if out is not None and out.suffix.lower() != ".xlsx":
        raise AppError(f"数字核对表“{args.out}”应保存为 .xlsx 文件。")
    if out is not None and not out.parent.exists():
        raise AppError(f"保存数字核对表的文件夹“{out.parent}”不存在。")
    db = open_database(existing_db(args.db))

    def progress(message: str, fraction: float) -> None:
        print(f"\r[{fraction:4.0%}] {message}".ljust(40), end="", file=sys.stderr, flush=True)

    result = reconcile(db, args.year, progress)
    print(file=sys.stderr)
    scoped = 0
    for line in result.lines:
        if not args.all and line.scope != COMMITTEE:
            scoped += 1
        elif args.all or line.status != SAME:
            print(line_text(line, list(DOCUMENTS)))
    if scoped:
        print(f"另有{scoped}个按单位统计的数（年度工作回眸各节），"
              "用 --all 列出或见核对表。")
    for pair in result.pairs:
        print(f"口径对照：{pair.first_label}{pair.first_value}，{pair.second_label}"
              f"{pair.second_value}——{pair.short}。")
    for text in summary(result):
        print(text)
    if out is not None:
        path = write_sheet(result, out, database=db.display_location())
        print(f"数字核对表已保存：{path}")
    return 1 if result.unexplained else 0
