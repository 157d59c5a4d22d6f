"""``python main.py setup``: set up a new database (committee, current term, its plenary
sessions, the standard 界别 list) so that templates, imports and the client can start.

Three ways in, one service (:class:`app.services.setup.SetupService`):

- options: ``setup --name 政协长子县委员会 --level 县 --term 十 --term-start 2021-12-20
  --session 一次:2021-12-20 --session 二次:2023-01-05 --sectors county``;
- a file: ``setup --file setup.json`` (the same keys, see :data:`FILE_KEYS`; options win);
- questions: ``setup`` alone asks for each value in Chinese with a default in [brackets].
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

from app.cli.options import DateOptionError, parse_cli_date
from app.cli.setup_values import ordinal, sector_choice, session_spec
from app.errors import AppError

FILE_KEYS = {
    "name": "政协名称，如 政协长子县委员会",
    "region": "行政区划名称，如 长子县（可由名称得出）",
    "level": "政协层级：县、区 或 市",
    "parent_region": "上级行政区划，如 长治市",
    "founded_year": "政协成立年份",
    "term": "当前届次，如 十、第十届 或 10",
    "term_start": "本届开始日期",
    "term_end": "本届结束日期",
    "sessions": "本届已召开的全体会议，如 [\"一次:2021-12-20\", \"二次:2023-01-05\"]",
    "sectors": "界别预置：county（县级常用界别）、city（市级）或 none（不预置）",
}


def register(sub: Any) -> None:
    from app.cli.commands import add_db_option

    p = sub.add_parser("setup", help="新数据库的初始设置：政协名称、当前届次、全体会议、界别",
                       add_help=False)
    p.add_argument("-h", "--help", action="help", help="显示帮助")
    add_db_option(p)
    p.add_argument("--file", type=Path, metavar="文件",
                   help="从 JSON 文件读取设置（键：" + "、".join(FILE_KEYS) + "）")
    p.add_argument("--name", metavar="名称", help="政协名称，如 政协长子县委员会")
    p.add_argument("--region", metavar="行政区划", help="行政区划名称，如 长子县（可省略）")
    p.add_argument("--level", metavar="层级", help="县、区 或 市")
    p.add_argument("--parent-region", metavar="上级", help="上级行政区划，如 长治市")
    p.add_argument("--founded-year", type=int, metavar="年份", help="政协成立年份")
    p.add_argument("--term", metavar="届次", help="当前届次，如 十、第十届 或 10")
    p.add_argument("--term-start", metavar="日期", help="本届开始日期，如 2021-12-20")
    p.add_argument("--term-end", metavar="日期", help="本届结束日期（可省略）")
    p.add_argument("--session", action="append", default=None, metavar="次:日期",
                   help="本届已召开的全体会议，如 一次:2021-12-20（可重复）")
    p.add_argument("--sectors", metavar="方案",
                   help="界别预置：county 县级常用界别（县、区默认）、city 市级（市默认）、"
                        "none 不预置")
    p.add_argument("--force", action="store_true",
                   help="数据库已设置过时仍然按本次的值修改（不会删除已有记录）")
    p.set_defaults(run=run_setup)


def read_setup_file(path: Path) -> dict[str, Any]:
    """The JSON object in ``path`` (UTF-8, or GBK as older Notepad saves it)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise AppError(f"设置文件“{path}”不存在。") from None
    except OSError as exc:
        raise AppError(f"无法读取设置文件“{path}”：{exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise AppError(f"设置文件“{path}”不是文本文件（请保存为 UTF-8 编码）。") from None
    try:
        values = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AppError(f"设置文件“{path}”第{exc.lineno}行第{exc.colno}列格式有误（{exc.msg}）："
                       "应为 JSON 格式，如 {\"name\": \"政协长子县委员会\", \"term\": \"十\"}。"
                       ) from None
    if not isinstance(values, dict):
        raise AppError(f"设置文件“{path}”应为一个 JSON 对象（以 {{ 开头）。")
    unknown = [k for k in values if k not in FILE_KEYS]
    if unknown:
        raise AppError(f"设置文件“{path}”中有无法识别的项：{'、'.join(map(str, unknown))}。"
                       f"可用的项：{'、'.join(FILE_KEYS)}。")
    return values


def _values(args: argparse.Namespace) -> dict[str, Any]:
    """The file's values overridden by the options given."""
    values: dict[str, Any] = read_setup_file(args.file) if args.file else {}
    for key in FILE_KEYS:
        option = "session" if key == "sessions" else key
        given = getattr(args, option, None)
        if given is not None:
            values[key] = given
    return values


def _date_value(values: dict[str, Any], key: str, option: str) -> dt.date | None:
    text = values.get(key)
    if text in (None, ""):
        return None
    try:
        return parse_cli_date(option, str(text))
    except DateOptionError as exc:
        raise AppError(str(exc)) from None


def build_plan(values: dict[str, Any], *, existing: bool = False) -> Any:
    """A :class:`SetupPlan` from option or file values, or an AppError naming the value."""
    from app.services.setup import SetupPlan, level_of, region_of_name

    region = str(values.get("region") or "").strip()
    name = values.get("name")
    if name:
        named = region_of_name(str(name))
        if region and region != named:
            raise AppError(f"政协名称“{name}”与行政区划“{region}”不一致。")
        region = named
    if not region:
        raise AppError("请给出政协名称（--name 政协××县委员会）或行政区划（--region ××县）。")
    if not values.get("term"):
        raise AppError("请给出当前届次，如 --term 十。")
    term_start = _date_value(values, "term_start", "--term-start")
    if term_start is None:
        raise AppError("请给出本届开始日期，如 --term-start 2021-12-20。")
    level = level_of(values.get("level") or ("市" if region.endswith("市") else "县"))
    sessions = values.get("sessions") or []
    if isinstance(sessions, str) or not isinstance(sessions, list):
        sessions = [sessions]
    founded = values.get("founded_year")
    if founded not in (None, ""):
        try:
            founded = int(founded)
        except (TypeError, ValueError):
            raise AppError(f"政协成立年份“{founded}”应为整数，如 1980。") from None
    sectors = values.get("sectors")
    if sectors is None and not existing:
        sectors = "city" if level.value == "city" else "county"
    return SetupPlan(
        region=region, level=level, term_number=ordinal(values["term"], "届次"),
        term_start=term_start, term_end=_date_value(values, "term_end", "--term-end"),
        parent_region=str(values.get("parent_region") or "").strip(),
        founded_year=founded or None,
        sessions=tuple(session_spec(s) for s in sessions),
        sectors=sector_choice(sectors) if sectors is not None else None)


# ----- the command ------------------------------------------------------------------------------

def run_setup(args: argparse.Namespace) -> int:
    from app.cli.auth import cli_actor
    from app.services.opening import open_database
    from app.services.setup import SetupService

    values = _values(args)
    db = open_database(args.db)
    actor = cli_actor(db, args)
    service = SetupService(db)
    state = service.state()
    print(f"数据库：{db.display_location()}")
    force = args.force
    if values:
        plan = build_plan(values, existing=state.filled_in)
    else:
        from app.cli.setup_prompts import ask_plan

        plan, force = ask_plan(state, force)
        if plan is None:
            print("已取消，没有修改任何数据。")
            return 1
    result = service.apply(actor, plan, force=force)
    print(result.describe())
    print("下一步：python main.py template-xlsx members --out 委员导入模板.xlsx 生成模板，"
          "填好后用 python main.py import members 文件.xlsx 导入委员。")
    return 0
