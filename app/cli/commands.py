"""The CLI commands: demo, stats, check, bench."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from app.cli.options import date_option
from app.errors import AppError

DB_HELP = "数据库文件路径或 PostgreSQL 地址（默认：用户数据文件夹中的数据库）"


def add_db_option(parser: argparse.ArgumentParser) -> None:
    from app.cli.auth import add_user_option

    parser.add_argument("--db", metavar="路径或地址", default=None, help=DB_HELP)
    add_user_option(parser)


def existing_db(db_arg: str | None) -> str | None:
    """Refuse a database file that does not exist instead of silently creating an empty one."""
    from app.db.engine import resolve_url, sqlite_path

    path = sqlite_path(resolve_url(db_arg))
    if db_arg is not None and path is not None and not path.exists():
        raise AppError(f"数据库文件“{path}”不存在。请检查路径；新数据库请先用 setup 命令建立"
                       "（python main.py setup --db 文件），演示数据库用 demo 命令生成。")
    return db_arg


# Modules that add their own commands with ``register(sub)``; each feature keeps its commands
# next to its code instead of growing this file.
COMMAND_MODULES = ("app.cli.setup_commands", "app.cli.report_commands",
                   "app.cli.exchange_commands", "app.cli.backup_commands",
                   "app.cli.score_commands", "app.cli.reconcile_commands")


def register(sub: Any) -> None:
    import importlib
    import importlib.util

    _register_core(sub)
    for name in COMMAND_MODULES:
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name).register(sub)


def _register_core(sub: Any) -> None:
    demo = sub.add_parser("demo", help="生成一个演示数据库", add_help=False)
    demo.add_argument("-h", "--help", action="help", help="显示帮助")
    add_db_option(demo)
    demo.add_argument("--scale", choices=["county", "city-decade"], default="county",
                      help="county：一个县政协两年的数据；city-decade：市政协十年的基准测试数据")
    demo.add_argument("--seed", type=int, default=2025, metavar="整数",
                      help="随机种子（相同种子生成相同数据）")
    demo.add_argument("--replace", action="store_true", help="目标文件已存在时先删除它")
    demo.set_defaults(run=run_demo)

    stats = sub.add_parser("stats", help="打印某一年（或某一期间）的主要数据", add_help=False)
    stats.add_argument("-h", "--help", action="help", help="显示帮助")
    add_db_option(stats)
    when = stats.add_mutually_exclusive_group(required=True)
    when.add_argument("--year", type=int, metavar="年份", help="统计年度，如 2025")
    when.add_argument("--from", dest="date_from", type=date_option("--from"), metavar="日期",
                      help="开始日期，如 2025-01-01")
    stats.add_argument("--to", dest="date_to", type=date_option("--to"), metavar="日期",
                       help="结束日期（与 --from 同用）")
    stats.add_argument("--json", action="store_true",
                       help="以 JSON 输出（含每个数字背后的记录编号）")
    stats.set_defaults(run=run_stats)

    check = sub.add_parser("check", help="检查数据库完整性和版本", add_help=False)
    check.add_argument("-h", "--help", action="help", help="显示帮助")
    add_db_option(check)
    check.set_defaults(run=run_check)

    bench = sub.add_parser("bench", help="运行性能基准测试", add_help=False)
    bench.add_argument("-h", "--help", action="help", help="显示帮助")
    bench.add_argument("--db", metavar="路径", default=None,
                       help="基准数据库（默认在临时文件夹生成 city-decade 数据）")
    bench.add_argument("--repeat", type=int, default=5, metavar="次数",
                       help="每项重复次数（取中位数）")
    bench.add_argument("--only", default="", metavar="名称", help="只运行名称包含此文字的项目")
    bench.add_argument("--skip", action="append", default=[], metavar="名称",
                       help="跳过名称包含此文字的项目（可重复）")
    bench.add_argument("--check", action="store_true",
                       help="把每项的倍数与目标比较，有未达标（已知的除外）时以非零状态退出")
    bench.add_argument("--absolute", action="store_true",
                       help="与 --check 同用：目标中的绝对时间（如“或 ≤ 30 ms”）也算达标")
    bench.set_defaults(run=run_bench)


def run_demo(args: argparse.Namespace) -> int:
    from app.db.engine import resolve_url, sqlite_path
    from app.demo import generate_demo
    from app.services.opening import open_database

    if args.db is None:
        raise AppError("请用 --db 指定演示数据库的文件，例如：python main.py demo --db demo.sqlite")
    path = sqlite_path(resolve_url(args.db))
    if path is not None and path.exists():
        if not args.replace:
            raise AppError(f"文件“{path}”已存在。演示数据只写入新数据库；换一个文件名，"
                           "或加 --replace 覆盖它。")
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    started = time.perf_counter()
    db = open_database(args.db)

    def progress(message: str, fraction: float) -> None:
        print(f"\r[{fraction:4.0%}] {message}".ljust(60), end="", file=sys.stderr, flush=True)

    try:
        summary = generate_demo(db, scale=args.scale, seed=args.seed, progress=progress)
    finally:  # end the progress line, so that an error message starts a line of its own
        db.dispose()
        print(file=sys.stderr)
    print(f"演示数据库已生成：{db.display_location()}（用时{time.perf_counter() - started:.1f}秒）")
    print(summary.describe() if hasattr(summary, "describe") else summary)
    return 0


def run_stats(args: argparse.Namespace) -> int:
    from app.reports.figures import compute, figures
    from app.reports.period import Period
    from app.services.opening import open_database

    if args.year is not None:
        period = Period.year(args.year)
    else:
        if args.date_to is None:
            raise AppError("使用 --from 时还需要 --to 指定结束日期。")
        period = Period.between(args.date_from, args.date_to)
    db = open_database(existing_db(args.db))
    defs = figures()
    # --json lists the ids: every figure with its records in one session (values alone
    # come from the set-based path)
    values = compute(db, [f.key for f in defs], period, ids=args.json)
    if args.json:
        from app.cli.console import write_json

        write_json({k: {"label": v.label, "value": str(v.value), "unit": v.unit,
                        "entity": v.entity, "ids": list(v.ids)} for k, v in values.items()})
        return 0
    from app.services.terms import CommitteeService

    print(f"{CommitteeService(db).committee_name()}  {period.label}主要数据")
    print(f"数据库：{db.display_location()}")
    group = None
    for fig in defs:
        if fig.group != group:
            group = fig.group
            print(f"\n【{group}】")
        value = values[fig.key]
        number = f"{value.value}{value.unit}"
        print(f"  {fig.label}{'：':　<2}{number}")
    print("\n（每个数字的统计口径见 python main.py stats --json 或“文稿生成”页的指标说明。）")
    return 0


def damaged_line(path: Path, problem: str, db_arg: str | None) -> str:
    """One line for a damaged database: what is wrong and the two commands that fix it."""
    db = f" --db {db_arg}" if db_arg else ""
    return (f"数据库“{path}”已损坏：{problem}。请用 python main.py backup list{db} 查看备份，"
            f"再用 python main.py backup restore 备份文件名{db} 恢复（当前文件会先另存一份）。")


def run_check(args: argparse.Namespace) -> int:
    from app.db.engine import resolve_url, sqlite_path
    from app.db.health import diagnose
    from app.services.maintenance import check_database
    from app.services.opening import open_database

    path = sqlite_path(resolve_url(existing_db(args.db)))
    if path is not None and path.exists():
        problem = diagnose(path, full=True)  # before opening: opening may write to the file
        if problem is not None:
            print(damaged_line(path, problem, args.db))
            return 1
    db = open_database(existing_db(args.db), migrate=False, seed=False)
    try:
        problems = check_database(db)
    finally:
        db.dispose()
    print(f"数据库：{db.display_location()}")
    if not problems:
        print("检查通过：数据完整，数据库版本为最新。")
        return 0
    for line in problems:
        print(f"  问题：{line}")
    return 1


def run_bench(args: argparse.Namespace) -> int:
    from app.bench.harness import run_benchmarks

    return run_benchmarks(db_path=args.db, repeat=args.repeat, only=args.only,
                          skip=args.skip, check_targets=args.check, absolute=args.absolute)
