"""The kinds of document the program drafts: what each needs (a period, a plenary session,
an event, a member), its built-in template, its title and how its context is built."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import AppError
from app.reports.context import Build, base_context
from app.reports.period import Period


@dataclass(frozen=True)
class ReportRequest:
    """One document to generate. Which ids are needed depends on the kind."""

    kind: str
    out: Path
    period: Period | None = None
    unit_id: int | None = None  # scope: one office or special committee
    session_id: int | None = None  # 提案汇编: the plenary session
    member_id: int | None = None  # 委员履职档案: one member (None: every member)
    event_id: int | None = None  # 会议签到表: the meeting
    template: Path | None = None  # None: the kind's template (the user's copy if any)
    username: str = ""
    include_below_minimum: bool = False  # 履职情况通报: also list who missed the minimum duties


@dataclass(frozen=True)
class ReportKind:
    key: str
    name: str  # 常委会工作报告: also the built-in template's file name
    description: str
    needs: str  # "period" | "session" | "event"
    build: Callable[[Build, ReportRequest], dict[str, Any]]
    takes_scope: bool = False
    takes_member: bool = False
    aliases: tuple[str, ...] = ()

    @property
    def template_name(self) -> str:
        return f"{self.name}.docx"


def _plain(b: Build, req: ReportRequest) -> dict[str, Any]:
    return base_context(b)


def _review(b: Build, req: ReportRequest) -> dict[str, Any]:
    from app.reports.kind_review import review_context

    return review_context(b, req)


def _compilation(b: Build, req: ReportRequest) -> dict[str, Any]:
    from app.reports.kind_compilation import compilation_context

    return compilation_context(b, req)


def _dossier(b: Build, req: ReportRequest) -> dict[str, Any]:
    from app.reports.kind_dossier import dossier_context

    return dossier_context(b, req)


def _signin(b: Build, req: ReportRequest) -> dict[str, Any]:
    from app.reports.kind_signin import signin_context

    return signin_context(b, req)


def _bulletin(b: Build, req: ReportRequest) -> dict[str, Any]:
    from app.reports.kind_bulletin import bulletin_context

    return bulletin_context(b, req)


KINDS: dict[str, ReportKind] = {k.key: k for k in (
    ReportKind("work-report", "常委会工作报告",
               "常务委员会向全体会议所作的年度工作报告：年度回顾（数字来自数据库）和下一年工作安排（待补充）。",
               "period", _plain, takes_scope=True, aliases=("work", "工作报告")),
    ReportKind("year-review", "年度工作回眸",
               "编者按加各机关、各专门委员会一节，每节写该单位自己的数字（“…以来工作回眸”）。",
               "period", _review, takes_scope=True, aliases=("review", "回眸")),
    ReportKind("proposal-report", "提案工作情况报告",
               "提案提出和审查、办理和督办情况：按类别、审查结果和答复类别统计，办复率、满意率，重点提案一览。",
               "period", _plain, takes_scope=True, aliases=("proposals", "提案报告")),
    ReportKind("proposal-compilation", "提案汇编",
               "一次全体会议的全部立案提案：编印说明、按类别分组的目录，以及每件提案的提案号、案由、提案人和正文。",
               "session", _compilation, aliases=("compilation", "汇编")),
    ReportKind("member-dossier", "委员履职档案",
               "一位委员（或全体委员）在统计期间的基本情况、出勤、提案、社情民意和表彰。",
               "period", _dossier, takes_member=True, aliases=("dossier", "履职档案")),
    ReportKind("sign-in", "会议签到表",
               "一次会议活动的参加人员名单，含界别和签名栏，已请假的注明。",
               "event", _signin, aliases=("signin", "签到表")),
    ReportKind("member-bulletin", "委员年度履职情况通报",
               "年度履职考核结果：参加考核人数、各等次人数、平均得分、优秀委员名单，"
               "可选列出未完成最低履职要求的委员。",
               "period", _bulletin, aliases=("bulletin", "履职通报", "通报")),
)}


def get_kind(name: str) -> ReportKind:
    """A kind by its key (work-report), alias or Chinese name (常委会工作报告)."""
    text = name.strip()
    for kind in KINDS.values():
        if text in (kind.key, kind.name, *kind.aliases):
            return kind
    choices = "；".join(f"{k.key}（{k.name}）" for k in KINDS.values())
    raise AppError(f"没有“{name}”这种文稿。可选：{choices}。")


def default_out_name(kind: ReportKind, period: Period | None, today: dt.date, *,
                     whom: str = "", when: str = "") -> str:
    """The name a draft is offered under: its period (or ``when``: a session, an event's
    date), whom it is about (a member, a unit) and what it is — "2025年常委会工作报告.docx",
    "2025年张三履职档案.docx", "十届四次会议提案汇编.docx",
    "2025-03-18县政协十届常委会第十次会议签到表.docx" — valid on Windows."""
    from app.text.filenames import file_name

    when = when or (period.label if period else f"{today:%Y%m%d}")
    short = {"member-dossier": "履职档案", "sign-in": "签到表"}  # after a name, not repeating it
    what = short.get(kind.key, kind.name) if whom else kind.name
    return file_name(what, whom=whom, when=when, ext=".docx")
