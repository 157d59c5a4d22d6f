"""The rules of the proposal workflow steps (审查, 交办, 答复, 评价, 办结), applied to a
proposal imported with its history in one go.

``ProposalService`` enforces them one step at a time; an imported proposal arrives with the
outcome of every step at once, so the same rules are checked on the whole record here, with
the workflow's own helpers (``role_rule``, ``merge_target``) where they exist.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from sqlalchemy.orm import Session

from app.domain.enums import AssignmentRole, ReviewStatus, Satisfaction
from app.domain.schema import PROPOSAL, PROPOSAL_ASSIGNMENT
from app.errors import FieldProblem
from app.models import ProposalAssignment
from app.services.proposal_handling import role_rule
from app.services.proposal_review import merge_target
from app.services.proposal_stage import REPLYING, add_months
from app.services.validation import clean

_P, _A = PROPOSAL.label_of, PROPOSAL_ASSIGNMENT.label_of
_ACCEPTED_ONLY = {"is_key": "重点提案", "is_excellent": "优秀提案", "closed_on": "办结"}


def _not_before(day: dt.date | None, earliest: dt.date | None, field: str, label: str,
                what: str, out: list[FieldProblem]) -> None:
    if day and earliest and day < earliest:
        out.append(FieldProblem(field, label, day, f"早于{what}{earliest:%Y-%m-%d}"))


def review_rules(session: Session, values: dict[str, Any], current: Any,
                 merged_target: int | None, merged_in_file: bool) -> list[FieldProblem]:
    """审查: a reviewed proposal has a review date not before submission; 不予立案 and 转意见建议
    give a reason; 并案 names an accepted proposal; only accepted ones are key, excellent or
    closed."""
    def get(name: str) -> Any:
        return values[name] if name in values else getattr(current, name, None)

    out: list[FieldProblem] = []
    status = get("review_status") or ReviewStatus.PENDING
    if status != ReviewStatus.PENDING:
        if get("reviewed_on") is None:
            out.append(FieldProblem("reviewed_on", _P("reviewed_on"), None,
                                    f"审查结果为“{status.label}”时必须填写审查日期"))
        _not_before(get("reviewed_on"), get("submitted_on"), "reviewed_on", _P("reviewed_on"),
                    "提交日期", out)
    if status in (ReviewStatus.REJECTED, ReviewStatus.CONVERTED) and not get("review_note"):
        out.append(FieldProblem("review_note", _P("review_note"), "",
                                f"审查结果为“{status.label}”时必须填写审查意见（理由）"))
    if status == ReviewStatus.MERGED:
        if merged_target is not None:
            stand_in: Any = current if current is not None else SimpleNamespace(id=-1)
            out += merge_target(session, stand_in, merged_target)
        elif not merged_in_file:
            out.append(FieldProblem("merged_into_id", _P("merged_into_id"), None,
                                    "审查结果为“并案”时必须填写并入的提案，如“十届三次会议第005号”"))
    elif merged_target is not None or merged_in_file:
        out.append(FieldProblem("merged_into_id", _P("merged_into_id"), "",
                                "只有审查结果为“并案”的提案才能填写并入提案"))
    if status != ReviewStatus.ACCEPTED:
        for name, what in _ACCEPTED_ONLY.items():
            if get(name):
                out.append(FieldProblem(name, _P(name), get(name),
                                        f"只有立案的提案才能{what}（审查结果为“{status.label}”）"))
    return out


def check_assignments(session: Session, proposal: dict[str, Any], rows: list[dict[str, Any]]
                      ) -> tuple[list[dict[str, Any]], list[list[FieldProblem]]]:
    """Typed assignment rows and, per row, what is wrong with it (交办, 答复, 评价 rules).

    ``rows`` are complete rows (an update merges the stored row with the file's first).
    """
    typed_rows: list[dict[str, Any]] = []
    problems: list[list[FieldProblem]] = []
    done: list[ProposalAssignment] = []
    seen: set[Any] = set()
    for row in rows:
        values, out = clean(session, PROPOSAL_ASSIGNMENT, row)
        if proposal.get("review_status") != ReviewStatus.ACCEPTED:
            out.append(FieldProblem("department_id", _A("department_id"), None,
                                    "只有立案的提案才能交办承办单位"))
        dept, role = values.get("department_id"), values.get("role")
        if dept in seen:
            out.append(FieldProblem("department_id", _A("department_id"), dept,
                                    "同一承办单位不能重复交办"))
        seen.add(dept)
        assigned = values.get("assigned_on")
        _not_before(assigned, proposal.get("reviewed_on"), "assigned_on", _A("assigned_on"),
                    "审查日期", out)
        if values.get("due_on") is None and assigned is not None:
            values["due_on"] = add_months(assigned, 3)
        _not_before(values.get("due_on"), assigned, "due_on", _A("due_on"), "交办日期", out)
        if role is not None and dept is not None:
            out += role_rule(session, done, role)
        replied, cls = values.get("replied_on"), values.get("reply_class")
        if replied and cls is None and role in REPLYING:  # 协办 units send an opinion only
            out.append(FieldProblem("reply_class", _A("reply_class"), None,
                                    "填写了答复日期时必须填写办理结果（A、B、C类）"))
        if cls and replied is None:
            out.append(FieldProblem("replied_on", _A("replied_on"), None,
                                    "填写了办理结果时必须填写答复日期"))
        _not_before(replied, assigned, "replied_on", _A("replied_on"), "交办日期", out)
        satisfaction, evaluated = values.get("satisfaction"), values.get("evaluated_on")
        if satisfaction is not None and replied is None:
            out.append(FieldProblem("satisfaction", _A("satisfaction"), satisfaction.label,
                                    "尚未答复，不能评价"))
        if satisfaction is not None and evaluated is None:
            out.append(FieldProblem("evaluated_on", _A("evaluated_on"), None,
                                    "填写了满意度时必须填写评价日期"))
        if evaluated is not None and satisfaction is None:
            out.append(FieldProblem("satisfaction", _A("satisfaction"), None,
                                    "填写了评价日期时必须填写满意度"))
        _not_before(evaluated, replied, "evaluated_on", _A("evaluated_on"), "答复日期", out)
        if role is not None and dept is not None:
            done.append(ProposalAssignment(department_id=dept, role=role))
        typed_rows.append(values)
        problems.append(out)
    return typed_rows, problems


def close_rules(closed_on: dt.date | None, rows: list[dict[str, Any]]) -> list[FieldProblem]:
    """办结: every 主办/分办 department replied and was evaluated, none 不满意, and the closing
    date is not before the last evaluation."""
    if closed_on is None:
        return []
    label = _P("closed_on")
    if not rows:
        return [FieldProblem("closed_on", label, closed_on, "尚未交办承办单位，不能办结")]
    replying = [r for r in rows if r.get("role") in REPLYING]
    if any(r.get("satisfaction") == Satisfaction.UNSATISFIED for r in replying):
        return [FieldProblem("closed_on", label, closed_on,
                             "有承办单位的答复被评价为不满意，应重新办理后再办结")]
    if any(r.get("replied_on") is None or r.get("satisfaction") is None for r in replying):
        return [FieldProblem("closed_on", label, closed_on,
                             "有主办（分办）单位尚未答复或尚未评价，不能办结")]
    out: list[FieldProblem] = []
    latest = max((r["evaluated_on"] for r in replying if r.get("evaluated_on")), default=None)
    _not_before(closed_on, latest, "closed_on", label, "评价日期", out)
    return out


def default_roles(rows: list[dict[str, Any]]) -> None:
    """A blank 承办方式: 主办 for the first department, 协办 for the others."""
    for position, row in enumerate(rows):
        if row.get("role") is None:
            row["role"] = AssignmentRole.LEAD if position == 0 else AssignmentRole.ASSIST
