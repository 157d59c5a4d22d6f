"""Excel exchange commands: import, export, template-xlsx."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli.options import date_option
from app.errors import AppError

MAX_PRINTED = 100  # problems printed on the console; the error workbook has them all
MAX_DUPLICATES = 20
IMPORT_KINDS = ("members（委员）、events（会议活动）、proposals（提案）、opinions（社情民意信息）、"
                "honors（表彰）、platforms（协商议事平台）、platform_sessions（协商议事活动）、"
                 "publications（文史资料）、media_reports（媒体报道）、departments（承办单位）、"
                 "supervisions（提案督办）")
TABLES = {"roster": "roster", "委员名册": "roster", "member-stats": "member-stats",
          "委员履职统计表": "member-stats", "proposal-stats": "proposal-stats",
          "提案办理情况统计表": "proposal-stats", "opinion-stats": "opinion-stats",
          "社情民意信息统计表": "opinion-stats"}


def _parser(sub: Any, name: str, help_text: str) -> argparse.ArgumentParser:
    from app.cli.commands import add_db_option

    parser = sub.add_parser(name, help=help_text, add_help=False)
    parser.add_argument("-h", "--help", action="help", help="显示帮助")
    add_db_option(parser)
    return parser


def register(sub: Any) -> None:
    imp = _parser(sub, "import", "从 Excel 工作簿导入委员、会议活动、提案或社情民意信息")
    imp.add_argument("kind", metavar="类型", help=f"记录类型：{IMPORT_KINDS}")
    imp.add_argument("file", metavar="文件", type=Path, help="要导入的 .xlsx 文件")
    imp.add_argument("--dry-run", action="store_true",
                     help="只检查、列出问题，不写入数据库")
    imp.add_argument("--skip-invalid", action="store_true",
                     help="有错误的行不导入，其余的照常导入（错误行另存为错误工作簿）")
    imp.add_argument("--duplicates", choices=["update", "skip"], default="update",
                     help="与已有记录重复时：update 更新已有记录（默认），skip 跳过")
    imp.add_argument("--errors-out", metavar="文件", type=Path, default=None,
                     help="错误工作簿的保存位置（默认与导入文件放在同一文件夹）")
    imp.set_defaults(run=run_import)

    exp = _parser(sub, "export", "导出记录或标准统计表到 Excel 工作簿")
    exp.add_argument("kind", metavar="类型",
                     help=f"{IMPORT_KINDS}（可再导入的完整记录），或 roster（委员名册）、"
                          "member-stats（委员履职统计表）、proposal-stats（提案办理情况统计表）、"
                          "opinion-stats（社情民意信息统计表）")
    exp.add_argument("--out", metavar="文件", type=Path, required=True, help="保存的 .xlsx 文件")
    exp.add_argument("--term", metavar="届次", default=None,
                     help="届次，如 第十届 或 10（默认当前届次）")
    exp.add_argument("--session", metavar="会议", default=None,
                     help="提案办理情况统计表：只统计某次会议的提案，如 十届三次会议")
    exp.add_argument("--year", type=int, metavar="年份", default=None, help="统计年度（默认今年）")
    exp.add_argument("--from", dest="date_from", type=date_option("--from"), metavar="日期",
                     help="统计开始日期")
    exp.add_argument("--to", dest="date_to", type=date_option("--to"), metavar="日期",
                     help="统计结束日期")
    exp.add_argument("--date", type=date_option("--date"), metavar="日期", default=None,
                     help="委员名册：截至哪一天在任的委员（默认今天）")
    exp.add_argument("--group-by", choices=["sector", "group", "界别", "界别组"], default=None,
                     help="委员名册按界别（sector）或界别组（group）分组")
    exp.add_argument("--include-id", action="store_true", help="委员名册中加身份证号列")
    exp.add_argument("--unmasked", action="store_true",
                     help="身份证号和手机号码不打码（须用 --reason 说明用途，记入操作日志）")
    exp.add_argument("--reason", metavar="用途", default="", help="不打码导出的用途")
    exp.set_defaults(run=run_export)

    tpl = _parser(sub, "template-xlsx", "生成空白的 Excel 导入模板（含表头说明和下拉列表）")
    tpl.add_argument("kind", metavar="类型", help=f"记录类型：{IMPORT_KINDS}")
    tpl.add_argument("--out", metavar="文件", type=Path, required=True, help="保存的 .xlsx 文件")
    tpl.set_defaults(run=run_template)


def _open(args: argparse.Namespace) -> Any:
    from app.cli.commands import existing_db
    from app.services.opening import open_database

    return open_database(existing_db(args.db))


def _print_problems(problems: list[Any], book: Path | None, note: str = "") -> None:
    for problem in problems[:MAX_PRINTED]:
        print(f"  {problem}", file=sys.stderr)
    if len(problems) > MAX_PRINTED:
        print(f"  ……另有{len(problems) - MAX_PRINTED}个问题未列出", file=sys.stderr)
    if note:
        print(note, file=sys.stderr)
    if book is not None:
        print(f"有错误的行已另存为：{book}（改正后可直接导入该文件）", file=sys.stderr)


def run_import(args: argparse.Namespace) -> int:
    from app.cli.auth import cli_actor
    from app.exchange.apply import ImportRefusedError, import_file
    from app.exchange.errors_book import save_error_book
    from app.exchange.plan import analyse, kind_class

    kind_class(args.kind)  # an unknown kind is refused before the database is opened
    db = _open(args)
    actor = cli_actor(db, args)
    if args.dry_run:
        plan = analyse(db, args.file, args.kind)
        print(f"检查“{args.file.name}”（工作表“{plan.sheet}”）：{plan.summary()}")
        if plan.unrecognised:
            print("未识别、不导入的列：" + "、".join(plan.unrecognised))
        action = "更新" if args.duplicates == "update" else "跳过"
        for entry in plan.duplicates[:MAX_DUPLICATES]:
            assert entry.duplicate is not None
            print(f"  第{entry.row}行与已有的{entry.duplicate.description}重复"
                  f"（{entry.duplicate.reason}），导入时将{action}")
        if len(plan.duplicates) > MAX_DUPLICATES:
            print(f"  ……共{len(plan.duplicates)}条与已有记录重复，导入时将{action}")
        problems = plan.all_problems()
        book, note = save_error_book(plan, plan.invalid, args.errors_out) \
            if plan.invalid else (None, "")
        _print_problems(problems, book, note)
        if not plan.ok:
            raise AppError("检查未通过：以上问题改正前不能导入（未写入任何数据）。")
        print("检查通过，可以导入（本次为试运行，未写入任何数据）。")
        return 0
    try:
        result = import_file(db, args.file, args.kind, actor, skip_invalid=args.skip_invalid,
                             duplicates=args.duplicates, error_book=args.errors_out or True)
    except ImportRefusedError as exc:
        _print_problems(exc.problems, exc.error_book, exc.error_book_note)
        raise
    print(result.summary())
    notable = [f for f in result.fates if f.fate in ("合并", "跳过") and f.reason != "空行"]
    for fate in notable[:MAX_PRINTED]:  # rows neither added nor updated, and why
        print(f"  第{fate.row}行{fate.fate}：{fate.reason}")
    if len(notable) > MAX_PRINTED:
        print(f"  ……另有{len(notable) - MAX_PRINTED}行合并或跳过，未列出")
    if result.backup is not None:
        print(f"导入前已备份数据库：{result.backup}")
    if result.rejected:
        _print_problems([p for e in result.rejected for p in e.errors], result.error_book,
                        result.error_book_note)
        return 1
    return 0


def _term_id(db: Any, text: str | None) -> int | None:
    if not text:
        return None
    from app.exchange.lookups import Lookups
    from app.exchange.normalize import CellError

    with db.reader() as session:
        try:
            return Lookups(session).term(text)
        except CellError as exc:
            raise AppError(f"届次“{text}”：{exc}") from exc


def _session_id(db: Any, text: str | None, term_id: int | None) -> tuple[int | None, int | None]:
    from app.exchange.lookups import Lookups
    from app.exchange.normalize import CellError

    with db.reader() as session:
        lookups = Lookups(session)
        try:
            return lookups.plenary(text, term_id or lookups.current_term_id)
        except CellError as exc:
            raise AppError(f"会议“{text}”：{exc}") from exc


def run_export(args: argparse.Namespace) -> int:
    from app.cli.auth import cli_actor
    from app.exchange.export import export_records
    from app.exchange.plan import KIND_ALIASES, KINDS
    from app.exchange.standard_tables import period_of, write_roster
    from app.exchange.stats_tables import (
        write_member_stats,
        write_opinion_stats,
        write_proposal_stats,
    )

    kind = KIND_ALIASES.get(args.kind, args.kind)
    table = TABLES.get(args.kind)
    if kind not in KINDS and table is None:
        raise AppError(f"不认识的导出类型“{args.kind}”。可用：{IMPORT_KINDS}，或 roster、"
                       "member-stats、proposal-stats、opinion-stats。")
    db = _open(args)
    masked = not args.unmasked
    actor = cli_actor(db, args)
    if kind in KINDS:
        path, n = export_records(db, kind, args.out, masked=masked, actor=actor,
                                 reason=args.reason)
        print(f"已导出{n}条记录到：{path}")
        return 0
    term_id = _term_id(db, args.term)
    period = period_of(args.year, args.date_from, args.date_to)
    if table == "roster":
        group = {"界别": "sector", "界别组": "group"}.get(args.group_by or "", args.group_by)
        path, n = write_roster(db, args.out, term_id=term_id, on=args.date, group_by=group,
                               masked=masked, include_id=args.include_id, actor=actor,
                               reason=args.reason)
        print(f"委员名册已导出（{n}人）：{path}")
    elif table == "member-stats":
        path, n = write_member_stats(db, args.out, period, term_id)
        print(f"委员履职统计表已导出（{n}人，{period.label}）：{path}")
    elif table == "proposal-stats":
        session_id = None
        if args.session:
            term_id, session_id = _session_id(db, args.session, term_id)
        use_period = period if args.year or args.date_from else None
        path, n = write_proposal_stats(db, args.out, term_id=term_id, session_id=session_id,
                                       period=use_period)
        print(f"提案办理情况统计表已导出（{n}个承办单位）：{path}")
    else:
        path, n = write_opinion_stats(db, args.out, period)
        print(f"社情民意信息统计表已导出（{n}位报送人，{period.label}）：{path}")
    return 0


def run_template(args: argparse.Namespace) -> int:
    from app.exchange.templates import write_template

    path = write_template(_open(args), args.kind, args.out)
    print(f"空白导入模板已生成：{path}")
    return 0
