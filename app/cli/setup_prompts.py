"""The questions of ``python main.py setup`` without options: one value at a time, each with a
default in ［］ (Enter takes it), a wrong answer explained and asked again.

``input()`` reads the console in its own encoding (GBK consoles included) and piped answers
as UTF-8 (``app.cli.console``); nothing is written before the clerk confirms the summary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from app.cli.options import DATE_FORMS, DateOptionError, parse_cli_date
from app.cli.setup_values import ordinal, sector_choice, session_spec
from app.errors import AppError
from app.text.numerals import cn_date, cn_number

T = TypeVar("T")

YES = ("y", "yes", "是", "确认", "好")
NO = ("n", "no", "否", "不", "取消")


def _yes_no(default: bool) -> Callable[[str], bool]:
    def parse(text: str) -> bool:
        key = text.strip().lower()
        if not key:
            return default
        if key in YES:
            return True
        if key in NO:
            return False
        raise AppError("请回答 y（是）或 n（否）。")

    return parse


def _date(label: str, *, optional: bool = False) -> Callable[[str], dt.date | None]:
    def parse(text: str) -> dt.date | None:
        if not text.strip() or text.strip() == "-":
            if optional:
                return None
            raise AppError(f"请填写{label}，如 {DATE_FORMS}。")
        try:
            return parse_cli_date(label, text)
        except DateOptionError as exc:
            raise AppError(str(exc).replace("选项 ", "", 1)) from None

    return parse


def _required(label: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if not text.strip():
            raise AppError(f"请填写{label}。")
        return text.strip()

    return parse


def ask_plan(state: Any, force: bool, read: Callable[[str], str] | None = None
             ) -> tuple[Any | None, bool]:
    """(the plan, whether to overwrite) from the clerk's answers; (None, False) if declined."""
    from app.services.setup import SECTOR_CHOICES, PlenaryPlan, SetupPlan, level_of, region_of_name

    print("政协履职工作台初始设置（每项直接回车表示采用［］中的值）")
    if state.filled_in and not force:
        print(f"本数据库已经设置过：{state.describe()}。")
        if not ask("要按本次填写的内容修改吗？(y/n)", _yes_no(False), "n", read):
            return None, False
        force = True
    default_name = "" if not state.filled_in else f"政协{state.region}委员会"
    region = ask("政协名称（如 政协长子县委员会）",
                 lambda t: region_of_name(_required("政协名称")(t)), default_name, read)
    level = ask("政协层级（县、区 或 市）", level_of,
                "市" if region.endswith("市") and not region.endswith("县级市") else "县", read)
    parent = ask("上级行政区划（如 长治市，没有请填 -）", lambda t: "" if t == "-" else t,
                 state.parent_region or "-", read)
    term = ask("当前是第几届（如 十）", lambda t: ordinal(t, "届次"), "", read)
    start = ask(f"第{cn_number(term)}届开始日期（如 2021-12-20）", _date("本届开始日期"), "", read)
    assert start is not None
    end = ask("本届结束日期（不知道请直接回车）", _date("本届结束日期", optional=True), "", read)
    sessions: list[PlenaryPlan] = []
    print("本届已召开的全体会议：逐次填写开幕日期，没有了直接回车。")
    while True:
        number = len(sessions) + 1
        day = ask(f"  {cn_number(term)}届{cn_number(number)}次会议开幕日期",
                  _date("开幕日期", optional=True), "", read)
        if day is None:
            break
        sessions.append(session_spec(f"{number}:{day.isoformat()}"))
    default_sectors = "city" if level.value == "city" else "county"
    print("界别预置：" + "；".join(f"{k} {v}" for k, v in SECTOR_CHOICES.items()))
    sectors = ask("界别预置方案", sector_choice, default_sectors, read)
    plan = SetupPlan(region=region, level=level, term_number=term, term_start=start,
                     term_end=end, parent_region=parent, sessions=tuple(sessions),
                     sectors=sectors)
    print(f"\n将保存：{plan.committee_name}（{level.label}），上级：{parent or '无'}；"
          f"第{cn_number(term)}届，{cn_date(start)}起"
          + (f"至{cn_date(end)}" if end else "") + "；"
          + (f"全体会议{len(sessions)}次；" if sessions else "尚无全体会议；")
          + f"界别：{SECTOR_CHOICES[sectors]}。")
    if not ask("确认保存？(y/n)", _yes_no(True), "y", read):
        return None, False
    return plan, force


def ask(prompt: str, parse: Callable[[str], T], default: str = "",
        read: Callable[[str], str] | None = None) -> T:
    """Ask until ``parse`` accepts the answer (an empty answer takes ``default``);
    ``read`` defaults to ``input``, looked up at each call."""
    read = read or input
    shown = f"{prompt}［{default}］：" if default else f"{prompt}："
    while True:
        try:
            answer = read(shown).strip()
        except EOFError:
            raise AppError("输入已结束，设置没有完成，没有修改任何数据。") from None
        try:
            return parse(answer or default)
        except AppError as exc:
            print(f"  {exc}")
