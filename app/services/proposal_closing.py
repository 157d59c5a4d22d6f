"""评价 of the replies, 重新办理 of an unsatisfying one, 办结, and 优秀提案."""

from __future__ import annotations

from typing import Any

from app.domain.enums import Satisfaction
from app.domain.schema import PROPOSAL, PROPOSAL_ASSIGNMENT
from app.errors import FieldProblem
from app.models import Proposal
from app.services.common import not_before, param_date, param_enum
from app.services.context import Actor, Result
from app.services.proposal_stage import REPLYING
from app.services.proposal_steps import ProposalSteps, dept_names

_ASSIGNED = PROPOSAL_ASSIGNMENT.label_of


class ProposalClosing(ProposalSteps):
    """The 评价, 重新办理, 办结 and 优秀 steps of ``ProposalService``."""

    # ----- 评价, 重新办理 --------------------------------------------------------------
    def evaluate(self, actor: Actor, proposal_id: int, department_id: int,
                 satisfaction: Satisfaction | str, evaluated_on: Any, note: str = "",
                 *, version: int) -> Result[Proposal]:
        """The proposer's 满意 / 基本满意 / 不满意 on one department's reply."""
        with self._step(actor, proposal_id, version) as (session, p):
            row, name = self._assignment(session, p, department_id, "评价答复")
            if row.replied_on is None:
                self._refuse(p, f"“{name}”尚未答复，不能评价")
            problems: list[FieldProblem] = []
            value = param_enum(Satisfaction, satisfaction, "satisfaction",
                               _ASSIGNED("satisfaction"), problems)
            day = param_date(evaluated_on, "evaluated_on", _ASSIGNED("evaluated_on"), problems)
            not_before(day, row.replied_on, "evaluated_on", _ASSIGNED("evaluated_on"), "答复日期",
                       problems)
            self._raise(problems)
            assert value is not None
            self._set(session, actor, p, row, {"satisfaction": value, "evaluated_on": day,
                                               "evaluation_note": (note or "").strip()},
                      f"评价“{name}”的答复为“{value.label}”")
        return self._announce(proposal_id, department_id)

    def reopen_for_rehandling(self, actor: Actor, proposal_id: int, department_id: int,
                              *, version: int) -> Result[Proposal]:
        """重新办理: clear the reply and evaluation of a reply the proposer found 不满意."""
        with self._step(actor, proposal_id, version) as (session, p):
            row, name = self._assignment(session, p, department_id, "重新办理")
            if row.satisfaction != Satisfaction.UNSATISFIED:
                self._refuse(p, f"“{name}”的答复未被评价为不满意，无需重新办理")
            self._set(session, actor, p, row, {
                "replied_on": None, "reply_class": None, "reply_doc_no": "",
                "satisfaction": None, "evaluated_on": None, "evaluation_note": ""},
                f"“{name}”重新办理")
        return self._announce(proposal_id, department_id)

    # ----- 办结, 优秀 ------------------------------------------------------------------
    def close(self, actor: Actor, proposal_id: int, closed_on: Any,
              *, version: int) -> Result[Proposal]:
        """办结: every 主办/分办 department replied and the proposer evaluated each reply."""
        with self._step(actor, proposal_id, version) as (session, p):
            self._require_open(p, "办结")
            if not p.assignments:
                self._refuse(p, "尚未交办，不能办结")
            replying = [a for a in p.assignments if a.role in REPLYING]
            bad = [a for a in replying if a.satisfaction == Satisfaction.UNSATISFIED]
            if bad:
                self._refuse(p, f"{dept_names(session, bad)}的答复被评价为不满意，"
                                "应重新办理后再办结")
            pending = [a for a in replying if a.replied_on is None or a.satisfaction is None]
            if pending:
                self._refuse(p, f"{dept_names(session, pending)}尚未答复或尚未评价，不能办结")
            problems: list[FieldProblem] = []
            day = param_date(closed_on, "closed_on", PROPOSAL.label_of("closed_on"), problems)
            latest = max((a.evaluated_on for a in replying if a.evaluated_on), default=None)
            not_before(day, latest, "closed_on", PROPOSAL.label_of("closed_on"), "评价日期",
                       problems)
            self._raise(problems)
            self._set(session, actor, p, p, {"closed_on": day}, "办结")
        return self._announce(proposal_id)

    def set_excellent(self, actor: Actor, proposal_id: int, is_excellent: bool = True,
                      *, version: int) -> Result[Proposal]:
        with self._step(actor, proposal_id, version) as (session, p):
            self._require_accepted(p, "评为优秀提案")
            self._set(session, actor, p, p, {"is_excellent": bool(is_excellent)},
                      "评为优秀提案" if is_excellent else "取消优秀提案")
        return self._announce(proposal_id)

