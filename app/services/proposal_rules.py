"""The rules of the proposal workflow (审查, 交办, 答复, 评价, 办结, 重点, 优秀), each with its one
message, as ``ProposalWorkflow``'s steps apply them. The Excel import has no copy of them: it
writes an imported proposal's history through the steps themselves (``review_in``,
``assign_in`` …; see ``app.exchange.history``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from app.domain.enums import AssignmentRole, ReviewStatus, Satisfaction
from app.domain.schema import PROPOSAL, PROPOSAL_ASSIGNMENT
from app.errors import FieldProblem
from app.models import Department, Proposal
from app.services.common import not_before
from app.services.proposal_stage import REPLYING, number_text, stage

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
