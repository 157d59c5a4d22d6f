"""The rules of the proposal workflow (审查, 交办, 答复, 评价, 办结, 重点, 优秀), each with its one
message. ``ProposalWorkflow``'s steps apply them to one change of a stored proposal; the Excel
import applies them, through ``review_problems``, ``assignment_problems`` and
``close_problems``, to a proposal that arrives with its whole history in one row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from types import SimpleNamespace
from typing import Any

from sqlalchemy.orm import Session

from app.domain.enums import AssignmentRole, ReviewStatus, Satisfaction
from app.domain.schema import PROPOSAL, PROPOSAL_ASSIGNMENT
from app.errors import FieldProblem
from app.models import Department, Proposal
from app.services.common import not_before
from app.services.proposal_stage import REPLYING, add_months, number_text, stage
from app.services.validation import clean

_P, _A = PROPOSAL.label_of, PROPOSAL_ASSIGNMENT.label_of
ACCEPTED_ONLY = {"is_key": "确定为重点提案", "is_excellent": "评为优秀提案", "closed_on": "办结"}
"""What only an accepted (立案) proposal may be, by the field that records it."""


# ----- single rules (the steps use these) ------------------------------------------------
def accepted_only(what: str) -> str:
    return f"只有立案的提案才能{what}"


def review_note_problems(status: ReviewStatus, note: str) -> list[FieldProblem]:
    """不予立案 and 转意见建议 give their reason."""
    if status in (ReviewStatus.REJECTED, ReviewStatus.CONVERTED) and not note:
        return [FieldProblem("review_note", _P("review_note"), note,
                             f"审查结果为“{status.label}”时必须填写理由")]
    return []


def merge_target_problems(session: Session, own_id: int | None, target_id: int | None
                          ) -> list[FieldProblem]:
    """并案 into an existing, accepted proposal other than itself."""
    label = _P("merged_into_id")
    target = session.get(Proposal, target_id) if target_id else None
    if target is None or target.deleted_at is not None:
        return [FieldProblem("merged_into_id", label, target_id, "并案时必须选择一件现有提案")]
    name = f"{number_text(target)}“{target.title}”"
    if target.id == own_id:
        return [FieldProblem("merged_into_id", label, name, "不能并入提案自身")]
    if target.review_status != ReviewStatus.ACCEPTED:
        return [FieldProblem("merged_into_id", label, name,
                             f"只能并入已立案的提案，该提案当前为“{stage(target).label}”")]
    return []


def dept_names(session: Session, rows: Sequence[Any]) -> str:
    """“县住建局”、“县交通局” for assignment rows (anything with a ``department_id``)."""
    depts = [session.get(Department, a.department_id) for a in rows]
    return "、".join(f"“{d.name}”" for d in depts if d)


def repeated_assignment(name: str) -> str:
    return f"已交办给“{name}”，不能重复交办"


def not_replied(name: str) -> str:
    return f"“{name}”尚未答复，不能评价"


def role_problems(session: Session, rows: Sequence[Any], kind: AssignmentRole
                  ) -> list[FieldProblem]:
    """Exactly one 主办 (协办/会办 after it), unless every department is 分办; ``rows`` are
    the assignments made before this one."""
    roles = {a.role for a in rows}
    lead = next((a for a in rows if a.role == AssignmentRole.LEAD), None)
    why = None
    if kind == AssignmentRole.SEPARATE and roles - {AssignmentRole.SEPARATE}:
        why = "已按主办、协办交办，不能再分办；分办时每个承办单位都应为分办"
    elif kind == AssignmentRole.LEAD and lead is not None:
        why = f"已有主办单位{dept_names(session, [lead])}，一件提案只能有一个主办单位"
    elif kind == AssignmentRole.LEAD and AssignmentRole.SEPARATE in roles:
        why = "已按分办交办，不能再确定主办单位"
    elif kind in (AssignmentRole.ASSIST, AssignmentRole.JOINT) and lead is None:
        why = f"请先交办主办单位，再交办{kind.label}单位"
    return [FieldProblem("role", _A("role"), kind.label, why)] if why else []


def close_refusal(session: Session, rows: Sequence[Any]) -> str | None:
    """Why a proposal with these assignments cannot be 办结: every 主办/分办 department
    replied and was evaluated, none 不满意. None: it can."""
    if not rows:
        return "尚未交办，不能办结"
    replying = [a for a in rows if a.role in REPLYING]
    bad = [a for a in replying if a.satisfaction == Satisfaction.UNSATISFIED]
    if bad:
        return f"{dept_names(session, bad)}的答复被评价为不满意，应重新办理后再办结"
    pending = [a for a in replying if a.replied_on is None or a.satisfaction is None]
    if pending:
        return f"{dept_names(session, pending)}尚未答复或尚未评价，不能办结"
    return None


def close_date_problems(closed_on: dt.date | None, rows: Sequence[Any]) -> list[FieldProblem]:
    """The closing date is not before the last evaluation."""
    latest = max((a.evaluated_on for a in rows if a.role in REPLYING and a.evaluated_on),
                 default=None)
    out: list[FieldProblem] = []
    not_before(closed_on, latest, "closed_on", _P("closed_on"), "评价日期", out)
    return out


# ----- a whole proposal at once (the import) ---------------------------------------------
def review_problems(session: Session, get: Callable[[str], Any], own_id: int | None,
                    merged_target: int | None, merged_in_file: bool) -> list[FieldProblem]:
    """审查 of a proposal given with its outcome: a reviewed proposal has a review date not
    before submission, 不予立案 and 转意见建议 give a reason, 并案 names an accepted proposal,
    and only accepted ones are key, excellent or closed. ``get`` reads a field (the file's
    value, else the stored one)."""
    out: list[FieldProblem] = []
    status = get("review_status") or ReviewStatus.PENDING
    if status != ReviewStatus.PENDING:
        if get("reviewed_on") is None:
            out.append(FieldProblem("reviewed_on", _P("reviewed_on"), None,
                                    f"审查结果为“{status.label}”时必须填写审查日期"))
        not_before(get("reviewed_on"), get("submitted_on"), "reviewed_on", _P("reviewed_on"),
                   "提交日期", out)
    out += review_note_problems(status, get("review_note") or "")
    if status == ReviewStatus.MERGED:
        if merged_target is not None:
            out += merge_target_problems(session, own_id if own_id is not None else -1,
                                         merged_target)
        elif not merged_in_file:
            out.append(FieldProblem("merged_into_id", _P("merged_into_id"), None,
                                    "审查结果为“并案”时必须填写并入的提案，如“十届三次会议第005号”"))
    elif merged_target is not None or merged_in_file:
        out.append(FieldProblem("merged_into_id", _P("merged_into_id"), "",
                                "只有审查结果为“并案”的提案才能填写并入提案"))
    if status != ReviewStatus.ACCEPTED:
        for name, what in ACCEPTED_ONLY.items():
            if get(name):
                out.append(FieldProblem(name, _P(name), get(name),
                                        f"{accepted_only(what)}（审查结果为“{status.label}”）"))
    return out


def assignment_problems(session: Session, proposal: dict[str, Any], rows: list[dict[str, Any]]
                        ) -> tuple[list[dict[str, Any]], list[list[FieldProblem]]]:
    """Typed assignment rows and, per row, what is wrong with it by the rules of 交办, 答复 and
    评价. ``rows`` are complete rows (an update merges the stored row with the file's)."""
    typed_rows: list[dict[str, Any]] = []
    problems: list[list[FieldProblem]] = []
    done: list[SimpleNamespace] = []
    seen: set[Any] = set()
    for row in rows:
        values, out = clean(session, PROPOSAL_ASSIGNMENT, row)
        if proposal.get("review_status") != ReviewStatus.ACCEPTED:
            out.append(FieldProblem("department_id", _A("department_id"), None,
                                    accepted_only("交办")))
        dept, role = values.get("department_id"), values.get("role")
        name = dept_names(session, [SimpleNamespace(department_id=dept)]).strip("“”")
        if dept in seen:
            out.append(FieldProblem("department_id", _A("department_id"), dept,
                                    repeated_assignment(name)))
        seen.add(dept)
        assigned = values.get("assigned_on")
        not_before(assigned, proposal.get("reviewed_on"), "assigned_on", _A("assigned_on"),
                   "立案日期", out)
        if values.get("due_on") is None and assigned is not None:
            values["due_on"] = add_months(assigned, 3)
        not_before(values.get("due_on"), assigned, "due_on", _A("due_on"), "交办日期", out)
        if role is not None and dept is not None:
            out += role_problems(session, done, role)
        replied, cls = values.get("replied_on"), values.get("reply_class")
        if replied and cls is None and role in REPLYING:  # 协办 units send an opinion only
            out.append(FieldProblem("reply_class", _A("reply_class"), None,
                                    "填写了答复日期时必须填写办理结果（A、B、C类）"))
        if cls and replied is None:
            out.append(FieldProblem("replied_on", _A("replied_on"), None,
                                    "填写了办理结果时必须填写答复日期"))
        not_before(replied, assigned, "replied_on", _A("replied_on"), "交办日期", out)
        satisfaction, evaluated = values.get("satisfaction"), values.get("evaluated_on")
        if satisfaction is not None and replied is None:
            out.append(FieldProblem("satisfaction", _A("satisfaction"), satisfaction.label,
                                    not_replied(name)))
        if satisfaction is not None and evaluated is None:
            out.append(FieldProblem("evaluated_on", _A("evaluated_on"), None,
                                    "填写了满意度时必须填写评价日期"))
        if evaluated is not None and satisfaction is None:
            out.append(FieldProblem("satisfaction", _A("satisfaction"), None,
                                    "填写了评价日期时必须填写满意度"))
        not_before(evaluated, replied, "evaluated_on", _A("evaluated_on"), "答复日期", out)
        if role is not None and dept is not None:
            done.append(SimpleNamespace(department_id=dept, role=role))
        typed_rows.append(values)
        problems.append(out)
    return typed_rows, problems


def close_problems(session: Session, closed_on: dt.date | None, rows: list[dict[str, Any]]
                   ) -> list[FieldProblem]:
    """办结 of a proposal given with its assignments (typed rows)."""
    if closed_on is None:
        return []
    assignments = [SimpleNamespace(**{k: r.get(k) for k in (
        "department_id", "role", "replied_on", "satisfaction", "evaluated_on")}) for r in rows]
    refusal = close_refusal(session, assignments)
    if refusal:
        return [FieldProblem("closed_on", _P("closed_on"), closed_on, refusal)]
    return close_date_problems(closed_on, assignments)


def default_roles(rows: list[dict[str, Any]]) -> None:
    """A blank 承办方式: 主办 for the first department, 协办 for the others."""
    for position, row in enumerate(rows):
        if row.get("role") is None:
            row["role"] = AssignmentRole.LEAD if position == 0 else AssignmentRole.ASSIST
