"""Proposals (提案): the record, numbering, proposer rules, filters, sorts and reads.

The handling chain (审查, 交办, 答复, 评价, 办结, 重点, 督办, 批示) is in ``proposal_workflow``;
``ProposalService`` has both.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session, object_session, selectinload

from app.domain.enums import ProposalStage, ProposalType, ReviewStatus
from app.domain.schema import PROPOSAL
from app.errors import FieldProblem, ValidationError
from app.models import (
    Department,
    Instruction,
    Member,
    PlenarySession,
    Proposal,
    ProposalCosigner,
    Term,
    Unit,
)
from app.services import audit
from app.services.common import member_names, member_problems, read_instructions, year_range
from app.services.context import Actor, Changes, Result
from app.services.crud import FilterFn, SortFn
from app.services.list_rows import children_by_parent, in_order, rows_by_id, select_by
from app.services.proposal_stage import (
    PA,
    add_months,
    assigned,
    number_text,
    series_name,
    stage,
    stage_condition,
)
from app.services.proposal_workflow import ProposalWorkflow
from app.services.versions import Versions, require_versions

__all__ = ["COSIGNERS", "INTERIM", "MemberProposal", "ProposalChain", "ProposalService",
           "add_months", "number_text", "series_name", "stage", "stage_condition"]

INTERIM = "interim"  # the session_id filter value for 闭会期间
COSIGNERS = "联名人"
# Set only by the workflow steps (审查, 办结), never by editing the record.
_WORKFLOW_FIELDS = {"review_status": "审查", "reviewed_on": "审查", "merged_into_id": "审查",
                    "closed_on": "办结"}


@dataclass(frozen=True)
class MemberProposal:
    """One line of a member's 履职档案: a proposal the member led or co-signed."""

    proposal_id: int
    number_text: str
    title: str
    role: str  # "lead" 第一提案人 / "cosign" 联名人
    role_label: str
    stage: ProposalStage
    stage_label: str
    departments: tuple[str, ...]
    reply_classes: tuple[str, ...]


@dataclass(frozen=True)
class ProposalChain:
    """A proposal and the names its detail view shows (``ProposalService.chain``)."""

    proposal: Proposal
    members: dict[int, str]  # the lead and the cosigners by id
    departments: dict[int, str]  # the departments it was assigned to
    merged_into: tuple[int, str] | None  # (id, 十届四次会议第005号 案由)
    merged_here: list[tuple[int, str]]  # proposals merged into this one
    channel_unit: str  # 归口专委会
    instructions: list[Instruction]


@functools.cache
def _list_statements() -> tuple[Select[Any], Select[Any]]:
    """The statements of ``ProposalService.list_rows`` (built once)."""
    proposal = select_by(
        Proposal, "id",
        ["version", "term_id", "session_id", "number", "title", "category", "type",
         "lead_member_id", "collective_proposer", "submitted_on", "review_status", "is_key",
         "is_excellent", "closed_on",
         select(Term.number).where(Term.id == Proposal.term_id)
         .scalar_subquery().label("term_number"),
         select(PlenarySession.number).where(PlenarySession.id == Proposal.session_id)
         .scalar_subquery().label("plenary_number"),
         select(Member.name).where(Member.id == Proposal.lead_member_id)
         .scalar_subquery().label("lead_name"),
         select(func.count()).where(ProposalCosigner.proposal_id == Proposal.id)
         .scalar_subquery().label("cosigner_count")])
    assignment = select_by(
        PA, "proposal_id",
        ["department_id", "role", "due_on", "replied_on", "satisfaction",
         select(Department.name).where(Department.id == PA.department_id)
         .scalar_subquery().label("department_name")], order_by=["id"])
    return proposal, assignment


@functools.cache
def _stage_case() -> ColumnElement[Any]:
    """Each proposal's stage name as SQL (``stage`` in SQL; built once: it takes a while)."""
    return case(*((stage_condition(st), st.name) for st in ProposalStage))


class ProposalService(ProposalWorkflow):
    model = Proposal
    rtype = PROPOSAL
    search_columns = (
        Proposal.title, Proposal.collective_proposer,
        select(Member.name).where(Member.id == Proposal.lead_member_id).scalar_subquery())
    default_sort = "number"
    owned_children = frozenset({"proposal_cosigners", "proposal_assignments",
                                "supervision_records"})
    extra_keys = frozenset({"cosigner_ids"})  # ordered member ids, written with the record

    # ----- hooks ---------------------------------------------------------------------
    def load(self, stmt: Select[Any]) -> Select[Any]:
        return stmt.options(selectinload(Proposal.cosigners), selectinload(Proposal.assignments),
                            selectinload(Proposal.supervisions))

    def list_rows(self, ids: Iterable[int]) -> list[Any]:
        """The 提案 list's rows as plain values (``app.services.list_rows``): the proposal's
        columns, its term's and plenary's numbers (``number_text``), the lead member's name,
        how many cosigners it has and its assignments with their departments' names
        (``stage``)."""
        wanted = list(ids)
        if not wanted:
            return []
        proposal, assignment = _list_statements()
        with self.db.reader() as session:
            rows = rows_by_id(session, proposal, wanted)
            assignments = children_by_parent(session, assignment, list(rows))
        for pid, row in rows.items():
            row.term = SimpleNamespace(number=row.term_number)
            row.plenary = (SimpleNamespace(number=row.plenary_number)
                           if row.session_id is not None else None)
            row.assignments = assignments[pid]
        return in_order(rows, wanted)

    def describe(self, obj: Proposal) -> str:
        """十届三次会议第005号 案由 (第5号 案由 once the record has left its session)."""
        if not obj.number:
            return obj.title
        session = object_session(obj)
        if session is None:
            return f"第{obj.number}号 {obj.title}"
        return f"{number_text(obj)} {obj.title}"

    def filters(self) -> dict[str, FilterFn]:
        def overdue(value: Any) -> ColumnElement[bool]:
            late = and_(Proposal.closed_on.is_(None), assigned(
                PA.replied_on.is_(None), PA.due_on < dt.date.today()))
            return late if value else ~late

        return {
            "term_id": lambda v: Proposal.term_id == v,
            "session_id": lambda v: (Proposal.session_id.is_(None) if v == INTERIM
                                     else Proposal.session_id == v),
            "category": lambda v: Proposal.category == v,
            "type": lambda v: Proposal.type == v,
            "review_status": lambda v: Proposal.review_status == v,
            "stage": stage_condition,
            "is_key": lambda v: Proposal.is_key.is_(bool(v)),
            "is_excellent": lambda v: Proposal.is_excellent.is_(bool(v)),
            "member_id": lambda v: or_(Proposal.lead_member_id == v, exists().where(
                ProposalCosigner.proposal_id == Proposal.id, ProposalCosigner.member_id == v)),
            "department_id": lambda v: assigned(PA.department_id == v),
            "overdue": overdue,
            "year": lambda v: year_range(Proposal.submitted_on, v),
        }

    def tally_groups(self) -> dict[str, ColumnElement[Any]]:
        """The 办理状态 row's counts in one query: each proposal's stage as SQL."""
        return {"stage": _stage_case()}

    def tally_value(self, key: str, raw: Any) -> Any:
        return ProposalStage[raw] if key == "stage" and raw is not None else raw

    def sorts(self) -> dict[str, SortFn]:
        term_no = select(Term.number).where(Term.id == Proposal.term_id).scalar_subquery()
        session_no = func.coalesce(select(PlenarySession.number).where(
            PlenarySession.id == Proposal.session_id).scalar_subquery(), 1000)  # 闭会期间 last
        return {"id": lambda: [Proposal.id],
                "number": lambda: [term_no, session_no, Proposal.number],
                "submitted_on": lambda: [Proposal.submitted_on],
                "title": lambda: [Proposal.title]}

    def check(self, session: Session, values: dict[str, Any], current: Proposal | None
              ) -> list[FieldProblem]:
        """The session belongs to the term, numbers are unique in their series (a blank one
        takes the next), and the workflow fields change only through the workflow steps."""
        def get(name: str) -> Any:
            return values[name] if name in values else getattr(current, name, None)

        problems: list[FieldProblem] = []
        term_id, session_id, number = get("term_id"), get("session_id"), get("number")
        plenary = session.get(PlenarySession, session_id) if session_id else None
        if plenary is not None and term_id and plenary.term_id != term_id:
            problems.append(FieldProblem("session_id", PROPOSAL.label_of("session_id"),
                                         session_id, "所选会议不属于所选届次"))
        elif number is not None and term_id:
            clash = self._clash(session, term_id, session_id, number, getattr(current, "id", None))
            if clash is not None:
                problems.append(FieldProblem(
                    "number", PROPOSAL.label_of("number"), number,
                    f"{series_name(session, term_id, session_id)}已有第{number}号提案"
                    f"“{clash.title}”，提案号不能重复"))
        if current is not None:
            for name, step in _WORKFLOW_FIELDS.items():
                if name in values and values[name] != getattr(current, name):
                    problems.append(FieldProblem(name, PROPOSAL.label_of(name), values[name],
                                                 f"请通过“{step}”操作修改"))
        if values.get("review_status") is None and "review_status" in values:
            values["review_status"] = ReviewStatus.PENDING
        blank = "number" in values and values["number"] is None
        if blank or (current is None and "number" not in values):
            values.pop("number", None)
            if term_id and (current is None
                            or (term_id, session_id) != (current.term_id, current.session_id)):
                values["number"] = self._next_number(session, term_id, session_id)
        return problems

    def check_extra(self, session: Session, values: dict[str, Any], extra: dict[str, Any],
                    current: Proposal | None) -> list[FieldProblem]:
        """Cosigners are existing members, once each; then the rules of the proposal type.

        A given ``cosigner_ids`` is replaced by the typed ids for ``write_extra``.
        """
        problems: list[FieldProblem] = []
        ids = None
        if extra.get("cosigner_ids") is not None:
            ids, _, found = member_problems(session, list(extra["cosigner_ids"]),
                                            "第{n}位联名人", "不能作为联名人", "位")
            problems += [FieldProblem("cosigner_ids", p.label, p.value, p.message)
                         for p in found]
        extra["cosigner_ids"] = ids
        return problems + _proposer_rules(session, values, current, ids)

    def write_extra(self, session: Session, obj: Proposal, extra: dict[str, Any]
                    ) -> audit.Diff:
        ids = extra.get("cosigner_ids")
        old_ids = [c.member_id for c in obj.cosigners]
        if ids is None or ids == old_ids:
            return {}
        rows = {c.member_id: c for c in obj.cosigners}
        obj.cosigners = [rows.get(i) or ProposalCosigner(member_id=i) for i in ids]
        for position, row in enumerate(obj.cosigners, start=1):
            row.position = position
        return {COSIGNERS: (_names(session, old_ids), _names(session, ids))}

    def check_delete(self, session: Session, obj: Proposal) -> str | None:
        merged = session.scalar(select(func.count()).where(
            Proposal.merged_into_id == obj.id, Proposal.deleted_at.is_(None))) or 0
        return f"有{merged}件提案并入本提案，不能删除" if merged else None

    @staticmethod
    def _clash(session: Session, term_id: int, session_id: int | None, number: int,
               own_id: int | None) -> Proposal | None:
        return session.scalars(select(Proposal).where(
            Proposal.term_id == term_id, _series(session_id), Proposal.number == number,
            Proposal.deleted_at.is_(None), Proposal.id != (own_id or -1))).first()

    # ----- numbering -----------------------------------------------------------------
    def next_number(self, term_id: int, session_id: int | None) -> int:
        with self.db.reader() as session:
            return self._next_number(session, term_id, session_id)

    @staticmethod
    def _next_number(session: Session, term_id: int, session_id: int | None) -> int:
        top = session.scalar(select(func.max(Proposal.number)).where(
            Proposal.term_id == term_id, _series(session_id), Proposal.deleted_at.is_(None)))
        return (top or 0) + 1

    # ----- writes --------------------------------------------------------------------
    def set_cosigners(self, actor: Actor, proposal_id: int, member_ids: list[int], *,
                      version: int) -> Result[Proposal]:
        """Replace the cosigners of a proposal read at ``version``."""
        return self.update(actor, proposal_id, {"cosigner_ids": list(member_ids)},
                           version=version)

    def restore(self, actor: Actor, versions: Versions) -> Changes:
        """Back from the recycle bin, unless its number was given to another proposal since."""
        versions = require_versions(versions)
        ids = list(versions)
        with self.db.reader() as session:
            for record_id in ids:
                p = self._get(session, record_id, include_deleted=True)
                if p.deleted_at is not None and self._clash(
                        session, p.term_id, p.session_id, p.number, p.id):
                    raise ValidationError([FieldProblem(
                        "number", PROPOSAL.label_of("number"), p.number,
                        f"{series_name(session, p.term_id, p.session_id)}第{p.number}号已被"
                        "其他提案使用，请先修改提案号再恢复")], PROPOSAL.label)
        return super().restore(actor, versions)

    def snapshot_related(self, session: Session, obj: Proposal) -> Any:
        """The lead and the cosigners before an update."""
        return obj.lead_member_id, {c.member_id for c in obj.cosigners}

    def related_changes(self, session: Session, obj: Proposal, extra: dict[str, Any],
                        before: Any) -> Changes:
        """The members whose 履职档案 the write changed: on creation the proposers, on an
        update those who joined or left."""
        old_lead, old_cosigners = before or (None, set())
        members: set[int | None] = {c.member_id for c in obj.cosigners} ^ old_cosigners
        if before is None or old_lead != obj.lead_member_id:
            members |= {old_lead, obj.lead_member_id}
        return Changes().add("members", *(m for m in members if m is not None)) \
            if any(m is not None for m in members) else Changes()

    # ----- reads ---------------------------------------------------------------------
    def member_names(self, ids: Iterable[int]) -> dict[int, str]:
        """Names of the members with ``ids`` (deleted ones included)."""
        return member_names(self.db, ids)

    def chain(self, proposal_id: int) -> ProposalChain:
        """The proposal with what its detail view names: proposers, departments, the proposal
        it was merged into and those merged into it, 归口专委会, instructions."""
        p = self.get(proposal_id, include_deleted=True)
        with self.db.reader() as session:
            depts = dict(session.execute(select(Department.id, Department.name).where(
                Department.id.in_([a.department_id for a in p.assignments]))).all())
            target = session.get(Proposal, p.merged_into_id) if p.merged_into_id else None
            merged = session.scalars(select(Proposal).where(
                Proposal.merged_into_id == p.id, Proposal.deleted_at.is_(None))
                .order_by(Proposal.number))
            unit = session.get(Unit, p.channel_unit_id) if p.channel_unit_id else None
            return ProposalChain(
                p, self.member_names([p.lead_member_id or 0, *(c.member_id for c in p.cosigners)]),
                depts,
                (target.id, f"{number_text(target)} {target.title}") if target else None,
                [(m.id, f"{number_text(m)} {m.title}") for m in merged],
                unit.name if unit else "", read_instructions(session, proposal_id=p.id))

    @staticmethod
    def number_text(proposal: Proposal) -> str:
        """十届三次会议第005号"""
        return number_text(proposal)

    def proposals_of_member(self, member_id: int) -> list[MemberProposal]:
        """Proposals the member led or co-signed, for the 履职档案 (deleted ones left out)."""
        cosigned = select(ProposalCosigner.proposal_id).where(
            ProposalCosigner.member_id == member_id)
        stmt = self.load(select(Proposal).where(
            Proposal.deleted_at.is_(None),
            or_(Proposal.lead_member_id == member_id, Proposal.id.in_(cosigned)),
        ).order_by(Proposal.submitted_on, Proposal.id))
        with self.db.reader() as session:
            depts = dict(session.execute(select(Department.id, Department.name)).all())
            out = []
            for p in session.scalars(stmt):
                lead = p.lead_member_id == member_id
                st = stage(p)
                out.append(MemberProposal(
                    p.id, number_text(p), p.title, "lead" if lead else "cosign",
                    "第一提案人" if lead else COSIGNERS, st, st.label,
                    tuple(depts.get(a.department_id, "") for a in p.assignments),
                    tuple(a.reply_class.value for a in p.assignments if a.reply_class)))
            return out


def _series(session_id: int | None) -> ColumnElement[bool]:
    """The numbering series: one plenary session, or the term's 闭会期间 (no session)."""
    return (Proposal.session_id.is_(None) if session_id is None
            else Proposal.session_id == session_id)


def _proposer_rules(session: Session, values: dict[str, Any], current: Proposal | None,
                    cosigner_ids: list[int] | None) -> list[FieldProblem]:
    """个人: a lead, no cosigners; 联名: a lead and at least one cosigner; 集体: the proposer."""
    def get(name: str) -> Any:
        return values[name] if name in values else getattr(current, name, None)

    kind, lead = get("type"), get("lead_member_id")
    cos = cosigner_ids if cosigner_ids is not None else (
        [c.member_id for c in current.cosigners] if current else [])
    lead_label = PROPOSAL.label_of("lead_member_id")
    problems: list[FieldProblem] = []
    if kind in (ProposalType.INDIVIDUAL, ProposalType.JOINT) and not lead:
        problems.append(FieldProblem("lead_member_id", lead_label, lead,
                                     f"{kind.label}提案必须填写第一提案人"))
    if kind == ProposalType.INDIVIDUAL and cos:
        problems.append(FieldProblem("cosigner_ids", COSIGNERS, _names(session, cos),
                                     "个人提案不能有联名人；有联名人时请选择“联名”提案"))
    if kind == ProposalType.JOINT and not cos:
        problems.append(FieldProblem("cosigner_ids", COSIGNERS, "",
                                     "联名提案至少需要一位联名人"))
    if kind == ProposalType.COLLECTIVE and not get("collective_proposer"):
        problems.append(FieldProblem("collective_proposer",
                                     PROPOSAL.label_of("collective_proposer"), "",
                                     "集体提案必须填写提案单位"))
    if lead and lead in cos:
        problems.append(FieldProblem("cosigner_ids", COSIGNERS, _names(session, [lead]),
                                     "第一提案人不能同时作为联名人"))
    return problems


def _names(session: Session, ids: list[int]) -> str:
    found = dict(session.execute(select(Member.id, Member.name).where(Member.id.in_(ids))).all())
    return "、".join(found.get(i, f"委员{i}") for i in ids)
