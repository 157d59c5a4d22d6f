"""社情民意信息: the rules of each workflow step and of the submitters list.

A step (``issue``, ``forward``, ``record_adoption`` in app/services/opinions.py) applies them to
one change of a stored report; the Excel import writes an imported item's history through the
steps themselves (``issue_in``, ``forward_in`` …), so each rule and its message exist once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import ForwardLevel, OpinionStatus
from app.domain.schema import OPINION, OPINION_FORWARD
from app.errors import FieldProblem
from app.models import Member, OpinionForward, OpinionReport, OpinionSubmitter
from app.services.common import member_problems, not_before

SUBMITTERS = "报送人"  # the label of the submitters list
SUBMITTER_NAME_LENGTH: int = getattr(OpinionSubmitter.__table__.c.name.type, "length", 100)


def issue_refusal(status: OpinionStatus | None) -> str | None:
    """Why a report in ``status`` cannot be 编发 (None: it can)."""
    return "已存档不采用，不能编发" if status == OpinionStatus.ARCHIVED else None


def issue_problems(values: dict[str, Any], received_on: dt.date | None,
                   already: Collection[str] = ()) -> list[FieldProblem]:
    """本级编发: date, year and issue number all given, not before the date received
    (``already``: fields that have a problem of their own)."""
    problems: list[FieldProblem] = []
    for name in ("issued_on", "bulletin_year", "bulletin_no"):
        if values.get(name) is None and name not in already:
            problems.append(FieldProblem(name, OPINION.label_of(name), None, "必须填写"))
    not_before(values.get("issued_on"), received_on, "issued_on",
               OPINION.label_of("issued_on"), "收到日期", problems)
    return problems


def forward_refusal(status: OpinionStatus | None, level: ForwardLevel,
                    earlier_on: dt.date | None) -> str | None:
    """Why a report in ``status`` cannot be 上报 to ``level`` (``earlier_on``: the date it
    already was); None: it can."""
    if status == OpinionStatus.ARCHIVED:
        return "已存档不采用，不能上报"
    if earlier_on is not None:
        return f"已于{earlier_on:%Y-%m-%d}上报{level.label}，不能重复上报"
    return None


def forward_problems(forwarded_on: dt.date | None, received_on: dt.date | None
                     ) -> list[FieldProblem]:
    """上报: not before the date received."""
    problems: list[FieldProblem] = []
    not_before(forwarded_on, received_on, "forwarded_on",
               OPINION_FORWARD.label_of("forwarded_on"), "收到日期", problems)
    return problems


def adoption_problems(adopted_on: dt.date | None, forwarded_on: dt.date | None,
                      outlet: str) -> list[FieldProblem]:
    """采用: not before the 上报, the outlet within its column."""
    problems: list[FieldProblem] = []
    not_before(adopted_on, forwarded_on, "adopted_on", OPINION_FORWARD.label_of("adopted_on"),
               "上报日期", problems)
    if len(outlet) > 60:
        problems.append(FieldProblem("outlet", OPINION_FORWARD.label_of("outlet"), outlet,
                                     "不能超过60个字"))
    return problems


def forward_at(report: OpinionReport, level: ForwardLevel) -> OpinionForward | None:
    return next((f for f in report.forwards if f.level == level), None)


def submitter_text(rows: list[OpinionSubmitter], members: dict[int, Member]) -> str:
    return "、".join(
        (members[s.member_id].name if s.member_id in members else f"委员{s.member_id}")
        if s.member_id else s.name for s in rows)


def check_submitters(session: Session, rows: list[dict[str, Any]], title: str
                      ) -> tuple[list[tuple[str, Any]], list[FieldProblem]]:
    """The submitters to write, in order, as ("m", member id) or ("n", name); or the problems:
    none given, a missing or deleted member, a blank or repeated name."""
    problems: list[FieldProblem] = []
    if not rows:
        problems.append(FieldProblem("submitters", SUBMITTERS, None,
                                     f"信息“{title}”至少需要一位报送人"))
    member_rows = [r.get("member_id") for r in rows if r.get("member_id") not in (None, "")]
    ids, _members, member_issues = member_problems(
        session, member_rows, "第{n}位报送委员", "不能作为报送人", "位")
    problems += member_issues
    names: list[str] = []
    for n, row in enumerate(rows, start=1):
        if row.get("member_id") not in (None, ""):
            continue
        name = "".join(str(row.get("name") or "").split())
        if not name:
            problems.append(FieldProblem("name", f"第{n}位报送人", None,
                                         "请选择委员或填写报送人姓名"))
        elif len(name) > SUBMITTER_NAME_LENGTH:
            problems.append(FieldProblem("name", f"第{n}位报送人", name,
                                         f"不能超过{SUBMITTER_NAME_LENGTH}个字（现有{len(name)}个字）"))
        elif name in names:
            problems.append(FieldProblem("name", f"第{n}位报送人", name,
                                         f"报送人“{name}”重复列入"))
        else:
            names.append(name)
    if problems:
        return [], problems
    queue_ids, queue_names = iter(ids), iter(names)
    return [("m", next(queue_ids)) if row.get("member_id") not in (None, "")
            else ("n", next(queue_names)) for row in rows], []


def write_submitters(session: Session, report: OpinionReport, wanted: list[tuple[str, Any]]
                      ) -> tuple[str, str]:
    """Replace the report's submitters by ``wanted``; the names before and after."""
    ids = {v for k, v in wanted if k == "m"} | {s.member_id for s in report.submitters
                                                  if s.member_id}
    members = {m.id: m for m in session.scalars(select(Member).where(Member.id.in_(ids)))}
    before = submitter_text(report.submitters, members)
    existing = {("m", s.member_id) if s.member_id else ("n", s.name): s
                for s in report.submitters}
    report.submitters = [
        existing.get(key) or OpinionSubmitter(member_id=key[1] if key[0] == "m" else None,
                                              name="" if key[0] == "m" else key[1])
        for key in wanted]
    for position, row in enumerate(report.submitters, start=1):
        row.position = position
    return before, submitter_text(report.submitters, members)


def status_problems(values: dict[str, Any], current: OpinionReport | None,
                     issued: Any, asked: OpinionStatus | None) -> list[FieldProblem]:
    """处理状态 and 本级编发 say the same thing: “已编发” exactly when the item has its
    编发日期 (and 期号). An item only 上报 to a higher level is not 已编发 here (the 上报
    column shows it); a 编发日期 given without a status makes it 已编发."""
    status = values.get("status", getattr(current, "status", None))
    label = OPINION.label_of("status")
    if issued is not None and status != OpinionStatus.ISSUED:
        if asked is None:
            values["status"] = OpinionStatus.ISSUED
            return []
        return [FieldProblem("status", label, asked.label,
                             "填写了编发日期（已在本级编发）的信息，处理状态应为“已编发”")]
    if issued is None and status == OpinionStatus.ISSUED:
        return [FieldProblem("status", label, status.label,
                             "“已编发”指已在本级《社情民意》编发，须同时填写编发日期和期号"
                             "（或用“编发”按钮登记）；只上报上级的信息请选“编辑中”")]
    return []
