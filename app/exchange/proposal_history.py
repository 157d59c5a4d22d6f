"""An imported proposal's history, step by step through the workflow's own step methods.

A proposal's row gives what happened to it: 审查, 交办 (a department per line), 答复, 评价,
重点提案, 督办, 办结, 优秀提案. ``ProposalHistory`` takes the proposal (just written, or the
stored one an import updates) through each step it has not had yet, in the order the
proposal page allows them, by the methods its buttons call (``review_in``, ``assign_in`` …).
A step the proposal already had with the row's values is skipped (importing a file again
changes nothing); a step with other values is refused by the step itself.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.domain.enums import ReviewStatus
from app.exchange.history import History
from app.models import Proposal, ProposalAssignment
from app.services.proposals import ProposalService

ANSWERS = {"reply_in": (("replied_on", "reply_class", "reply_doc_no"), "assign.replied_on"),
           "evaluate_in": (("satisfaction", "evaluated_on", "evaluation_note"),
                           "assign.satisfaction")}
"""The steps of an assignment's 答复 and 评价: their values, and the column of a refusal."""

SUPERVISION_KEYS = {"level": "supervision_level", "supervised_on": "supervision.supervised_on",
                    "leader": "supervisor", "form": "supervision.form"}
"""The fields of ``supervise``'s problems, by the row's column."""


class ProposalHistory:
    """The steps of one row's history for proposal ``p`` (``target``: the proposal a 并案
    joins)."""

    def __init__(self, svc: ProposalService, session: Session, h: History, p: Proposal,
                 target: int | None) -> None:
        self.svc, self.session, self.h, self.p, self.target = svc, session, h, p, target
        self.actor = h.ctx.actor
        self.v = h.entry.values

    def write(self) -> None:
        """Each step of the row's history that the proposal has not had yet."""
        svc, session, actor, p, v, h = self.svc, self.session, self.actor, self.p, self.v, self.h
        status = v.get("review_status")
        if status is not None and status != ReviewStatus.PENDING and not (
                p.review_status == status and _same(p, v, "reviewed_on", "review_note")
                and (self.target is None or p.merged_into_id == self.target)):
            h.step(lambda: svc.review_in(session, actor, p, status, v.get("reviewed_on"),
                                         v.get("review_note") or "", self.target),
                   key="review_status")
        rows = h.entry.extra.get("assignments", [])
        for row in rows:
            self._assign(row)
        for step in ANSWERS:  # every 答复, then every 评价
            for row in rows:
                self._answer(row, step)
        self._key()
        supervision = self._supervision()
        if supervision is not None:
            h.step(lambda: svc.supervise(session, actor, p, **supervision),
                   key="supervision_level", fields=SUPERVISION_KEYS)
        if v.get("closed_on") is not None and p.closed_on != v["closed_on"]:
            h.step(lambda: svc.close_in(session, actor, p, v["closed_on"]), key="closed_on")
        excellent = v.get("is_excellent")
        if excellent is not None and bool(p.is_excellent) != excellent:
            h.step(lambda: svc.set_excellent_in(session, actor, p, excellent),
                   key="is_excellent")

    def _assign(self, row: dict[str, Any]) -> None:
        """交办; an assignment already there is left as it is when the row agrees with it
        (else the step refuses it: 不能重复交办)."""
        stored = _assignment(self.p, row["department_id"])
        if stored is not None and _same(stored, row, "assigned_on", "due_on") and (
                not row.get("_role_given") or stored.role == row["role"]):
            return
        self.h.step(lambda: self.svc.assign_in(
            self.session, self.actor, self.p, row["department_id"], row["role"],
            row.get("assigned_on"), row.get("due_on")),
            key="assign.department_id", row=row["_row"], prefix="assign.")

    def _answer(self, row: dict[str, Any], step: str) -> None:
        """答复 (``reply_in``) or 评价 (``evaluate_in``) of an assignment row, the stored
        values where its cells are blank; none when the row gives none, or what is stored."""
        keys, key = ANSWERS[step]
        stored = _assignment(self.p, row["department_id"])
        if all(row.get(k) in (None, "") for k in keys) or (
                stored is not None and _same(stored, row, *keys)):
            return
        first, second, text = (_over(stored, row, keys)[k] for k in keys)
        self.h.step(lambda: getattr(self.svc, step)(
            self.session, self.actor, self.p, row["department_id"], first, second, text or ""),
            key=key, row=row["_row"], prefix="assign.")

    def _key(self) -> None:
        """重点提案 with its 督办层级 and 督办领导 (``set_key``), or its withdrawal."""
        p, v = self.p, self.v
        is_key = v.get("is_key")
        if is_key is None:  # a 督办层级 alone is one 督办 (see ``_supervision``)
            is_key = bool(p.is_key) and not _same(p, v, "supervision_level", "supervisor")
            if not is_key:
                return
        elif is_key == bool(p.is_key) and (not is_key or _same(
                p, v, "supervision_level", "supervisor")):
            return
        given = _over(p, v, ("supervision_level", "supervisor"))
        self.h.step(lambda: self.svc.set_key_in(
            self.session, self.actor, p, is_key, given["supervision_level"],
            given["supervisor"] or ""), key="is_key" if "is_key" in v else "supervision_level")

    def _supervision(self) -> dict[str, Any] | None:
        """The 督办 a row records (as the proposal page's 登记督办 does): a 督办层级 in the row,
        or a 督办日期 for the stored level. None when there is none, or the proposal already
        has this one (importing a file again adds nothing)."""
        p, v, h = self.p, self.v, self.h
        day = v.get("supervision.supervised_on")
        level = v.get("supervision_level") or (p.supervision_level if day else None)
        if level is None:
            return None
        if day is None:
            given = [a.assigned_on for a in p.assignments if a.assigned_on]
            day = min(given) if given else p.reviewed_on or p.submitted_on
            which = "交办" if given else "立案" if p.reviewed_on else "提交"
            if not any(s.level == level for s in p.supervisions):
                h.entry.problems.append(h.kind.problem(
                    h.ctx, h.entry.row, "supervision_level",
                    h.kind.cell(h.entry, "supervision_level"),
                    f"没有督办日期，按{which}日期{day:%Y-%m-%d}登记为一次督办", warning=True))
        leader = (v.get("supervisor") or p.supervisor or "").strip()
        if any((s.level, s.supervised_on, s.leader) == (level, day, leader)
               for s in p.supervisions):
            return None
        return {"level": level, "supervised_on": day, "leader": leader,
                "form": v.get("supervision.form") or ""}


def _assignment(p: Proposal, department_id: int) -> ProposalAssignment | None:
    return next((a for a in p.assignments if a.department_id == department_id), None)


def _same(stored: Any, given: dict[str, Any], *keys: str) -> bool:
    """Every value the row gives for ``keys`` is the stored one (a blank cell gives none)."""
    return all(given.get(k) in (None, "") or getattr(stored, k) == given[k] for k in keys)


def _over(stored: Any, given: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """The row's values for ``keys``, the stored ones where its cells are blank."""
    return {k: given[k] if given.get(k) not in (None, "") else getattr(stored, k, None)
            for k in keys}
