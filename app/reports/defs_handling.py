"""More proposal figures: how proposals were submitted and reviewed, who handled them, how the
proposers judged the replies (满意率), excellent proposals and supervision visits."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Exists,
    Select,
    String,
    and_,
    case,
    exists,
    or_,
    select,
    type_coerce,
    union,
)
from sqlalchemy.orm import Session, aliased

from app.domain.enums import ProposalType, ReplyClass, ReviewStatus, Satisfaction
from app.models import (
    Instruction,
    Proposal,
    ProposalAssignment,
    ProposalCosigner,
    SupervisionRecord,
)
from app.reports.defs_proposals import (
    ANSWERING,
    accepted,
    answered_by,
    in_channel,
    is_supervised,
    received,
    supervised,
)
from app.reports.figures import FigureResult, Number, built, driver_rows, figure, ids_of, ratio
from app.reports.period import Period, Scope

GROUP = "提案办理"
RECEIVED = "统计期间内收到（按提交日期）"
ACCEPTED = "统计期间内收到并立案"


def _type_figure(kind: ProposalType, key: str) -> None:
    @figure(f"proposals.{key}", f"{kind.label}提案", "件", "proposals",
            f"{RECEIVED}的提案中，提案类型为“{kind.label}”的件数。", GROUP)
    def compute(session: Session, period: Period, scope: Scope) -> FigureResult:
        return received(period, scope).where(Proposal.type == kind)


for _kind, _key in ((ProposalType.INDIVIDUAL, "individual"), (ProposalType.JOINT, "joint"),
                    (ProposalType.COLLECTIVE, "collective")):
    _type_figure(_kind, _key)


def _status_figure(status: ReviewStatus, key: str) -> None:
    @figure(f"proposals.{key}", status.label, "件", "proposals",
            f"{RECEIVED}的提案中，审查结果为“{status.label}”的件数。", GROUP)
    def compute(session: Session, period: Period, scope: Scope) -> FigureResult:
        return received(period, scope).where(Proposal.review_status == status)


for _status, _key in ((ReviewStatus.PENDING, "pending"), (ReviewStatus.REJECTED, "rejected"),
                      (ReviewStatus.MERGED, "merged"), (ReviewStatus.CONVERTED, "converted"),
                      (ReviewStatus.WITHDRAWN, "withdrawn")):
    _status_figure(_status, _key)


@figure("proposals.accept_rate", "立案率", "%", "proposals",
        "立案件数 ÷ 收到提案件数 × 100，保留一位小数；明细为立案的提案。", GROUP)
def accept_rate(session: Session, period: Period, scope: Scope) -> FigureResult:
    done_stmt, total_stmt = built(("accept_rate", period, scope),
                                  lambda: (accepted(period, scope), received(period, scope)))
    done = list(dict.fromkeys(session.scalars(done_stmt)))
    total = len(set(session.scalars(total_stmt)))
    return ratio(len(done), total), done


@figure("proposals.class_d", "D类答复", "件", "proposals",
        f"{ACCEPTED}的提案中，截至统计期末主办（或分办）单位答复为{ReplyClass.D.label}的件数。",
        GROUP)
def class_d(session: Session, period: Period, scope: Scope) -> FigureResult:
    return accepted(period, scope).join(ProposalAssignment).where(
        ProposalAssignment.role.in_(ANSWERING), ProposalAssignment.reply_class == ReplyClass.D,
        ProposalAssignment.replied_on <= period.end)


@figure("proposals.departments", "承办单位", "家", "departments",
        f"{ACCEPTED}的提案交办到的承办单位家数（主办、协办、会办、分办都计，一家只计一次）。",
        GROUP)
def departments(session: Session, period: Period, scope: Scope) -> FigureResult:
    return (select(ProposalAssignment.department_id)
            .where(ProposalAssignment.proposal_id.in_(accepted(period, scope)))
            .order_by(ProposalAssignment.department_id))


# ----- 满意度: judged per proposal over its answering (主办/分办) units ----------------------
def _answering(*conditions: Callable[[Any], ColumnElement[bool]]) -> Exists:
    pa = aliased(ProposalAssignment)
    return exists().where(pa.proposal_id == Proposal.id, pa.role.in_(ANSWERING),
                          *[c(pa) for c in conditions])


def evaluated(period: Period, scope: Scope) -> Select:  # type: ignore[type-arg]
    """Accepted proposals whose answering units all have the proposer's evaluation, made by
    the end of the period."""
    return accepted(period, scope).where(
        _answering(), ~_answering(lambda pa: or_(pa.satisfaction.is_(None),
                                                 pa.evaluated_on > period.end)))


def _has(level: Satisfaction) -> Exists:
    return _answering(lambda pa: pa.satisfaction == level)


SATISFACTION = ("一件提案有多个主办（分办）单位时，全部满意计“满意”，有不满意计“不满意”，"
                "其余计“基本满意”")


@figure("proposals.evaluated", "已评价", "件", "proposals",
        f"{ACCEPTED}的提案中，截至统计期末主办（或分办）单位的答复均已由提案者评价的件数。", GROUP)
def proposals_evaluated(session: Session, period: Period, scope: Scope) -> FigureResult:
    return evaluated(period, scope)


@figure("proposals.satisfied", "满意", "件", "proposals",
        f"已评价的提案中，提案者对办理答复表示满意的件数；{SATISFACTION}。", GROUP)
def proposals_satisfied(session: Session, period: Period, scope: Scope) -> FigureResult:
    return evaluated(period, scope).where(
        ~_has(Satisfaction.BASICALLY), ~_has(Satisfaction.UNSATISFIED))


@figure("proposals.basically_satisfied", "基本满意", "件", "proposals",
        f"已评价的提案中，提案者表示基本满意的件数；{SATISFACTION}。", GROUP)
def proposals_basically(session: Session, period: Period, scope: Scope) -> FigureResult:
    return evaluated(period, scope).where(_has(Satisfaction.BASICALLY),
                                          ~_has(Satisfaction.UNSATISFIED))


@figure("proposals.unsatisfied", "不满意", "件", "proposals",
        f"已评价的提案中，提案者表示不满意的件数；{SATISFACTION}。", GROUP)
def proposals_unsatisfied(session: Session, period: Period, scope: Scope) -> FigureResult:
    return evaluated(period, scope).where(_has(Satisfaction.UNSATISFIED))


@figure("proposals.satisfaction_rate", "满意率", "%", "proposals",
        "（满意件数 + 基本满意件数）÷ 已评价件数 × 100，保留一位小数；明细为满意和基本满意的提案。",
        GROUP)
def satisfaction_rate(session: Session, period: Period, scope: Scope) -> FigureResult:
    # the statements are built once per period and scope (``figures.built``)
    done_stmt, total_stmt = built(
        ("satisfaction_rate", period, scope),
        lambda: (evaluated(period, scope).where(~_has(Satisfaction.UNSATISFIED)),
                 evaluated(period, scope)))
    done = list(dict.fromkeys(session.scalars(done_stmt)))
    total = len(set(session.scalars(total_stmt)))
    return ratio(len(done), total), done


@figure("proposals.excellent", "优秀提案", "件", "proposals",
        f"{ACCEPTED}、评为优秀提案的件数。", GROUP)
def proposals_excellent(session: Session, period: Period, scope: Scope) -> FigureResult:
    return accepted(period, scope).where(Proposal.is_excellent.is_(True))


@figure("proposals.closed", "已办结", "件", "proposals",
        f"{ACCEPTED}、截至统计期末已办结的件数。", GROUP)
def proposals_closed(session: Session, period: Period, scope: Scope) -> FigureResult:
    return accepted(period, scope).where(Proposal.closed_on <= period.end)


@figure("proposals.proposers", "提出提案的委员", "人", "members",
        f"{RECEIVED}的提案的第一提案人和联名人中的委员人数（一人只计一次）。", GROUP)
def proposals_proposers(session: Session, period: Period, scope: Scope) -> FigureResult:
    ids = received(period, scope)
    leads = select(Proposal.lead_member_id.label("m")).where(
        Proposal.id.in_(ids), Proposal.lead_member_id.is_not(None))
    cosigners = select(ProposalCosigner.member_id.label("m")).where(
        ProposalCosigner.proposal_id.in_(ids))
    both = union(leads, cosigners).subquery()
    return select(both.c.m).order_by(both.c.m)


@figure("proposals.instructed", "提案获领导批示", "件", "proposals",
        "统计期间内获得领导批示的提案件数（按批示日期，一件多次批示计一件）。", GROUP)
def proposals_instructed(session: Session, period: Period, scope: Scope) -> FigureResult:
    stmt = (select(Proposal.id).join(Instruction, Instruction.proposal_id == Proposal.id)
            .where(Proposal.deleted_at.is_(None),
                   Instruction.instructed_on.between(period.start, period.end)))
    return in_channel(stmt, scope)


@figure("proposals.supervision_visits", "开展督办", "次", "supervision_records",
        "统计期间内开展的督办次数，按督办日期，督办的提案不论何时提出（每次实地督办、座谈、协商会或"
        "书面督办计一次）。", GROUP)
def supervision_visits(session: Session, period: Period, scope: Scope) -> FigureResult:
    stmt = (select(SupervisionRecord.id).join(Proposal)
            .where(Proposal.deleted_at.is_(None),
                   SupervisionRecord.supervised_on.between(period.start, period.end)))
    return in_channel(stmt, scope)


@figure("proposals.key_supervised", "督办的重点提案", "件", "proposals",
        f"{ACCEPTED}的重点提案中，督办提案（定义见“督办提案”）的件数。", GROUP)
def key_supervised(session: Session, period: Period, scope: Scope) -> FigureResult:
    return supervised(period, scope).where(Proposal.is_key.is_(True))



# ----- the ids of the figures of one cohort in one read (figures.ids_of) ----------------------
TYPE_KEYS = {ProposalType.INDIVIDUAL.value: "proposals.individual",
             ProposalType.JOINT.value: "proposals.joint",
             ProposalType.COLLECTIVE.value: "proposals.collective"}
STATUS_KEYS = {ReviewStatus.PENDING.value: "proposals.pending",
               ReviewStatus.REJECTED.value: "proposals.rejected",
               ReviewStatus.MERGED.value: "proposals.merged",
               ReviewStatus.CONVERTED.value: "proposals.converted",
               ReviewStatus.WITHDRAWN.value: "proposals.withdrawn"}
CLASS_KEYS = {reply_class: f"proposals.class_{reply_class.value.lower()}"
              for reply_class in ReplyClass}
# the accepted proposals' figures, each the accepted proposals with one flag of the read
FLAG_KEYS = ("proposals.key", "proposals.supervised", "proposals.replied",
             "proposals.excellent", "proposals.closed", *CLASS_KEYS.values())
SATISFACTION_KEYS = ("proposals.evaluated", "proposals.satisfied",
                     "proposals.basically_satisfied", "proposals.unsatisfied",
                     "proposals.satisfaction_rate")


def _flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return case((condition, 1), else_=0)


def _cohort(period: Period) -> Select:  # type: ignore[type-arg]
    """The period's proposals with their type, review status and, as 0/1 columns, the
    conditions of the figures' own statements (of the accepted ones): FLAG_KEYS, then
    已评价 (``evaluated``), has a 基本满意 and has a 不满意 unit (``_has``)."""
    end = period.end

    def replied_class(reply_class: ReplyClass) -> Exists:
        return _answering(lambda pa: pa.reply_class == reply_class,
                          lambda pa: pa.replied_on <= end)

    flags = [Proposal.is_key.is_(True), is_supervised(end), answered_by(end),
             Proposal.is_excellent.is_(True), Proposal.closed_on <= end,
             *(replied_class(reply_class) for reply_class in CLASS_KEYS),
             and_(_answering(), ~_answering(lambda pa: or_(pa.satisfaction.is_(None),
                                                           pa.evaluated_on > end))),
             _has(Satisfaction.BASICALLY), _has(Satisfaction.UNSATISFIED)]
    return select(Proposal.id, Proposal.submitted_on, type_coerce(Proposal.type, String),
                  type_coerce(Proposal.review_status, String), *map(_flag, flags)).where(
        Proposal.deleted_at.is_(None), Proposal.submitted_on.between(period.start, end))


@ids_of("proposals.received", "proposals.accepted", "proposals.reply_rate",
        "proposals.accept_rate", *TYPE_KEYS.values(), *STATUS_KEYS.values(), *FLAG_KEYS,
        "proposals.key_supervised", *SATISFACTION_KEYS)
def cohort_ids(session: Session, period: Period, scope: Scope
               ) -> dict[str, tuple[Number, Sequence[int]]] | None:
    """The period's proposals read once with their type, review status and each condition
    of the figures of the cohort (重点, 督办, 办复, 优秀, 办结, the 答复 classes, 已评价 and
    满意度: the same conditions as the figures' own statements, as columns), split into each
    figure's ids in the order those statements give (the submission-date index: date, id;
    a proposal once, however many of its units match). For the committee and calendar
    periods only: a unit's statements, or a "since session" period's (by the plenary's
    opening), choose another order."""
    if scope.unit_id is not None or period.kind == "session":
        return None
    rows = driver_rows(session, built(("proposal cohort", period), lambda: _cohort(period)))
    rows.sort(key=itemgetter(1, 0))
    split: dict[str, list[int]] = {key: [] for key in (
        "proposals.received", "proposals.accepted", *TYPE_KEYS.values(),
        *STATUS_KEYS.values(), *FLAG_KEYS, "proposals.key_supervised", *SATISFACTION_KEYS[:4],
        "satisfied or basically")}
    accepted_code = ReviewStatus.ACCEPTED.value
    flagged = [split[key] for key in FLAG_KEYS]
    for pid, _day, kind, status, *flags in rows:
        split["proposals.received"].append(pid)
        if kind in TYPE_KEYS:
            split[TYPE_KEYS[kind]].append(pid)
        if status in STATUS_KEYS:
            split[STATUS_KEYS[status]].append(pid)
        if status != accepted_code:
            continue
        split["proposals.accepted"].append(pid)
        for flag, found in zip(flags, flagged, strict=False):
            if flag:
                found.append(pid)
        if flags[0] and flags[1]:
            split["proposals.key_supervised"].append(pid)
        was_evaluated, basically, unsatisfied = flags[len(FLAG_KEYS):]
        if was_evaluated:
            split["proposals.evaluated"].append(pid)
            if unsatisfied:
                split["proposals.unsatisfied"].append(pid)
            else:
                split["satisfied or basically"].append(pid)
                split["proposals.basically_satisfied" if basically
                      else "proposals.satisfied"].append(pid)
    done = split.pop("satisfied or basically")
    out: dict[str, tuple[Number, Sequence[int]]] = {
        key: (len(ids), ids) for key, ids in split.items()}
    n_received, n_accepted = len(rows), len(split["proposals.accepted"])
    out["proposals.reply_rate"] = (ratio(len(split["proposals.replied"]), n_accepted),
                                   split["proposals.replied"])
    out["proposals.accept_rate"] = (ratio(n_accepted, n_received), split["proposals.accepted"])
    out["proposals.satisfaction_rate"] = (
        ratio(len(done), len(split["proposals.evaluated"])), done)
    return out
