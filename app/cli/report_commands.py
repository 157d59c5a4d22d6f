"""Report commands: ``report`` (generate a draft), ``fields`` (the field reference) and
``template`` (list, check, add, customise and restore templates)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from app.errors import AppError

KIND_HELP = ("文稿类型：work-report 常委会工作报告、year-review 年度工作回眸、proposal-report "
             "提案工作情况报告、proposal-compilation 提案汇编、member-dossier 委员履职档案、"
             "sign-in 会议签到表、member-bulletin 委员年度履职情况通报（也可写中文名称）")


def _parser(sub: Any, name: str, help_text: str) -> argparse.ArgumentParser:
    from app.cli.commands import add_db_option

    parser = sub.add_parser(name, help=help_text, add_help=False)
    parser.add_argument("-h", "--help", action="help", help="显示帮助")
    add_db_option(parser)
    return parser


def register(sub: Any) -> None:
    from app.cli.options import date_option

    report = _parser(sub, "report", "生成 Word 文稿（同时在旁边生成数据底稿.xlsx）")
    report.add_argument("kind", metavar="文稿类型", help=KIND_HELP)
    when = report.add_mutually_exclusive_group()
    when.add_argument("--year", type=int, metavar="年份", help="统计年度，如 2025")
    when.add_argument("--from", dest="date_from", type=date_option("--from"), metavar="日期",
                      help="开始日期，如 2025-01-01（与 --to 同用）")
    when.add_argument("--since-session", dest="since", metavar="会议",
                      help="某次全体会议以来，如 十届四次 或 10-4")
    report.add_argument("--to", dest="date_to", type=date_option("--to"), metavar="日期",
                        help="结束日期（与 --from 或 --since-session 同用）")
    report.add_argument("--scope", metavar="单位", help="只统计一个机构（名称或编号）")
    report.add_argument("--session", metavar="会议", help="提案汇编所编的全体会议，如 十届四次")
    report.add_argument("--member", metavar="委员", help="履职档案只生成一位委员（姓名或编号）")
    report.add_argument("--event", type=int, metavar="编号", help="签到表对应的会议活动编号")
    report.add_argument("--template", metavar="模板",
                        help="使用指定的模板：模板文件，或用户模板的名称（template list 可查）")
    report.add_argument("--out", type=Path, required=True, metavar="文件",
                        help="保存为（.docx）；用 --each-unit 时为保存各单位文稿的文件夹")
    report.add_argument("--each-unit", action="store_true",
                        help="年度工作回眸：办公室、研究室和各专门委员会每个单位一份"
                             "（各带数据底稿），保存到 --out 文件夹")
    report.add_argument("--no-evidence", action="store_true", help="不生成数据底稿")
    report.add_argument("--list-missed", action="store_true",
                        help="履职情况通报：同时列出未完成最低履职要求的委员（默认不列）")
    report.set_defaults(run=run_report)

    fields = _parser(sub, "fields", "打印模板可用的字段说明（可导出为 Word 或 Excel）")
    fields.add_argument("--kind", metavar="文稿类型", help="同时列出该类文稿专用的字段")
    fields.add_argument("--year", type=int, metavar="年份",
                        help="示例数值取自该年度（默认：数据最新的年度）")
    fields.add_argument("--out", type=Path, metavar="文件", help="导出为 .docx 或 .xlsx")
    fields.set_defaults(run=run_fields)

    template = _parser(sub, "template", "管理文稿模板：列出、检查、添加、自定义、恢复内置版本")
    template.add_argument("action", metavar="操作",
                          choices=["list", "check", "add", "customize", "restore", "folder"],
                          help="list 列出；check 检查模板；add 添加到用户模板；"
                               "customize 复制内置模板"
                               "以便修改；restore 恢复内置版本；folder 显示用户模板文件夹")
    template.add_argument("kind", nargs="?", metavar="文稿类型", help=KIND_HELP)
    template.add_argument("path", nargs="?", metavar="模板文件",
                          help="check/add 的模板文件（check 也可写用户模板的名称）")
    template.add_argument("--name", metavar="名称", help="add 时保存的名称")
    template.set_defaults(run=run_template)


def _open(args: argparse.Namespace) -> Any:
    from app.cli.commands import existing_db
    from app.services.opening import open_database

    return open_database(existing_db(args.db))


def _period(db: Any, args: argparse.Namespace) -> Any:
    from app.reports.meta import find_session, since_session_period
    from app.reports.period import Period

    if args.year is not None:
        return Period.year(args.year)
    if args.date_from is not None:
        if args.date_to is None:
            raise AppError("使用 --from 时还需要 --to 指定结束日期。")
        return Period.between(args.date_from, args.date_to)
    if args.since:
        return since_session_period(db, find_session(db, args.since), args.date_to)
    return None


def _unit(db: Any, ref: str | None) -> int | None:
    if not ref:
        return None
    from sqlalchemy import or_, select

    from app.models import Unit

    with db.reader() as s:
        stmt = select(Unit).where(Unit.deleted_at.is_(None))
        stmt = stmt.where(Unit.id == int(ref)) if ref.isdigit() else stmt.where(
            or_(Unit.name == ref, Unit.short_name == ref))
        found = list(s.scalars(stmt))
        if len(found) != 1:
            names = "、".join(u.name for u in s.scalars(select(Unit).where(
                Unit.deleted_at.is_(None)).order_by(Unit.sort_order).limit(12)))
            raise AppError(f"找不到机构“{ref}”（或有重名）。机构有：{names}……")
        return found[0].id


def _member(db: Any, ref: str | None) -> int | None:
    if not ref:
        return None
    from sqlalchemy import select

    from app.models import Member

    with db.reader() as s:
        stmt = select(Member).where(Member.deleted_at.is_(None))
        stmt = stmt.where(Member.id == int(ref)) if ref.isdigit() else stmt.where(
            Member.name == ref)
        found = list(s.scalars(stmt))
    if not found:
        raise AppError(f"找不到委员“{ref}”。")
    if len(found) > 1:
        which = "；".join(f"编号{m.id}：{m.work_unit_post}" for m in found)
        raise AppError(f"有{len(found)}位委员名叫“{ref}”，请用编号指定：{which}。")
    return found[0].id


def run_report(args: argparse.Namespace) -> int:
    from app.cli.auth import cli_actor
    from app.reports.engine import generate
    from app.reports.kinds import ReportRequest, get_kind
    from app.reports.meta import find_session
    from app.reports.templates import find_template

    kind = get_kind(args.kind)
    template = find_template(kind.key, args.template) if args.template else None
    db = _open(args)
    actor = cli_actor(db, args)
    period = _period(db, args)
    session_id = None
    if kind.needs == "session":
        ref = args.session or args.since
        if not ref:
            raise AppError("生成提案汇编需要指定全体会议：--session 十届四次。")
        session_id = find_session(db, ref).id
        period = None if args.session is None else period
    elif kind.needs == "event" and args.event is None:
        raise AppError("生成签到表需要指定会议活动：--event 编号（在“会议协商”页可查到编号）。")
    elif kind.needs == "period" and period is None:
        raise AppError("请指定统计期间：--year 年份，或 --from 日期 --to 日期，"
                       "或 --since-session 十届四次。")
    request = ReportRequest(kind.key, args.out.expanduser().resolve(), period,
                            unit_id=_unit(db, args.scope), session_id=session_id,
                            member_id=_member(db, args.member), event_id=args.event,
                            template=template, username=actor.username,
                            include_below_minimum=args.list_missed)

    def progress(message: str, fraction: float) -> None:
        print(f"\r[{fraction:4.0%}] {message}".ljust(40), end="", file=sys.stderr, flush=True)

    if args.each_unit:
        return _each_unit(db, request, args, progress, actor)

    result = generate(db, request, progress=progress, evidence=not args.no_evidence,
                      actor=actor)
    print(file=sys.stderr)
    print(f"已生成：{result.path}")
    if result.evidence:
        print(f"数据底稿：{result.evidence}")
    todo = (f"有{result.placeholders}处【待补充】需要填写（已用黄色标出）。"
            if result.placeholders else "没有需要人工填写的【待补充】。")
    print(f"文稿用到{result.figures}项数据（每项的口径和记录见数据底稿）；{todo}")
    return 0


def _each_unit(db: Any, request: Any, args: argparse.Namespace, progress: Any, actor: Any
               ) -> int:
    from dataclasses import replace

    from app.reports.each_unit import generate_each_unit

    if args.scope:
        raise AppError("--each-unit 为每个单位各生成一份，不能同时用 --scope。")
    folder = args.out.expanduser().resolve()
    drafts = generate_each_unit(db, replace(request, out=folder / "x.docx"), folder,
                                progress=progress, evidence=not args.no_evidence, actor=actor)
    print(file=sys.stderr)
    for d in drafts:
        extra = f"，数据底稿：{d.evidence.name}" if d.evidence else ""
        print(f"已生成：{d.path.name}{extra}")
    print(f"共{len(drafts)}个单位的文稿，保存在：{folder}")
    return 0


def run_fields(args: argparse.Namespace) -> int:
    from app.reports.field_reference import (
        example_values,
        export_reference,
        format_reference,
        reference_rows,
    )
    from app.reports.kinds import get_kind
    from app.reports.period import Period

    kind = get_kind(args.kind).key if args.kind else None
    examples: dict[str, str] = {}
    if args.db is not None or args.year is not None:
        from app.services.status import default_year

        db = _open(args)
        year = args.year or default_year(db) or dt.date.today().year
        examples = example_values(db, Period.year(year))
    rows = reference_rows(kind, examples)
    if args.out:
        export_reference(args.out, rows)
        print(f"已导出字段说明：{args.out}（{len(rows)}项）")
        return 0
    print(format_reference(rows))
    return 0


def run_template(args: argparse.Namespace) -> int:
    from app.reports import templates
    from app.reports.kinds import get_kind

    action = args.action
    if action == "folder":
        print(templates.user_dir())
        return 0
    if action == "list":
        for info in templates.list_templates(args.kind):
            mark = "（当前使用）" if info.active else ""
            where = "内置" if info.builtin else "用户"
            print(f"{info.kind_name}\t{where}\t{info.name}{mark}\t{info.path}")
        return 0
    if not args.kind:
        raise AppError(f"“template {action}”需要指定文稿类型。")
    kind = get_kind(args.kind)
    if action == "check":
        path = (templates.find_template(kind.key, args.path) if args.path
                else templates.effective_template(kind))
        templates.check_template(path, kind.key, "请改正后再用")
        print(f"模板“{path.name}”检查通过，可以用于生成{kind.name}。")
    elif action == "add":
        if args.path is None:
            raise AppError("请给出要添加的模板文件。")
        print(f"已添加模板：{templates.add_template(kind.key, Path(args.path), args.name)}")
    elif action == "customize":
        print(f"可修改的模板：{templates.customize(kind.key)}（修改后生成{kind.name}时自动使用）")
    elif action == "restore":
        backup = templates.restore_builtin(kind.key)
        print(f"已恢复内置模板。原来修改过的模板保存为：{backup}" if backup
              else f"{kind.name}本来就在使用内置模板。")
    return 0
