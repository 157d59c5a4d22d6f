"""Figures about what events produced: reports and suggestions, "X方面Y条建议", problems found,
adoption and leader instructions (批示)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, String, case, func, select, type_coerce
from sqlalchemy.orm import Session

from app.domain.enums import OutcomeKind
from app.models import Event, Instruction, Outcome
from app.reports.figures import (
    FigureResult,
    Number,
    built,
    driver_rows,
    figure,
    ids_of,
    values_of,
)
from app.reports.live import live
from app.reports.period import Period, Scope

GROUP = "协商成果"
DATED = "按形成日期，缺省按活动日期"


def outcomes_in(period: Period, scope: Scope, *kinds: OutcomeKind) -> Select:  # type: ignore[type-arg]
    """Outcomes dated in the period (completed on, else the event's start), of live events."""
    day = func.coalesce(Outcome.completed_on, Event.start_on)
    stmt = (select(Outcome.id).join(Event)
            .where(live(Event.deleted_at), day.between(period.start, period.end)))
    if kinds:
        stmt = stmt.where(Outcome.kind.in_(kinds))
    if scope.unit_id is not None:
        stmt = stmt.where(Event.organizer_id == scope.unit_id)
    return stmt


def _kind_figure(kind: OutcomeKind, key: str) -> None:
    @figure(f"outcomes.{key}", kind.label, "篇", "outcomes",
            f"统计期间内会议活动形成的{kind.label}篇数（{DATED}）。", GROUP)
    def compute(session: Session, period: Period, scope: Scope) -> FigureResult:
        return outcomes_in(period, scope, kind)


for _kind, _key in ((OutcomeKind.CONSULTATION_REPORT, "consultation_reports"),
                    (OutcomeKind.RESEARCH_REPORT, "research_reports"),
                    (OutcomeKind.INSPECTION_REPORT, "inspection_reports"),
                    (OutcomeKind.SUGGESTION, "suggestions"),
                    (OutcomeKind.APPRAISAL, "appraisals"),
                    (OutcomeKind.FORMAL_RECOMMENDATION, "formal_recommendations")):
    _kind_figure(_kind, _key)


@figure("outcomes.total", "全部成果", "篇", "outcomes",
        f"统计期间内会议活动形成的报告、建议、评议意见等全部成果篇数（{DATED}）。", GROUP)
def outcomes_total(session: Session, period: Period, scope: Scope) -> FigureResult:
    return outcomes_in(period, scope)


def _sum(session: Session, period: Period, scope: Scope, column: Any) -> FigureResult:
    rows = session.execute(select(Outcome.id, column).where(
        Outcome.id.in_(outcomes_in(period, scope)), column > 0)
        .order_by(Outcome.id)).all()
    return sum(r[1] for r in rows), [r[0] for r in rows]


@figure("outcomes.aspects", "建议方面", "方面", "outcomes",
        f"统计期间内全部成果记录的“建议方面数”之和（{DATED}）；明细为填写了方面数的成果。", GROUP)
def outcomes_aspects(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _sum(session, period, scope, Outcome.aspects)


@figure("outcomes.items", "意见建议", "条", "outcomes",
        f"统计期间内全部成果记录的“建议条数”之和（{DATED}）。", GROUP)
def outcomes_items(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _sum(session, period, scope, Outcome.items)


@figure("outcomes.problems", "梳理问题", "项", "outcomes",
        f"统计期间内全部成果记录的“问题项数”之和（{DATED}）。", GROUP)
def outcomes_problems(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _sum(session, period, scope, Outcome.problems)


@figure("outcomes.adopted", "成果被采纳", "篇", "outcomes",
        f"统计期间内形成、标记为“已采纳”的成果篇数（{DATED}）。", GROUP)
def outcomes_adopted(session: Session, period: Period, scope: Scope) -> FigureResult:
    return outcomes_in(period, scope).where(Outcome.adopted.is_(True))


@figure("outcomes.instructed", "成果获领导批示", "篇", "outcomes",
        "统计期间内获得领导批示的成果篇数（按批示日期，一篇多次批示计一篇）。", GROUP)
def outcomes_instructed(session: Session, period: Period, scope: Scope) -> FigureResult:
    stmt = (select(Outcome.id).join(Event).join(Instruction, Instruction.outcome_id == Outcome.id)
            .where(live(Event.deleted_at),
                   Instruction.instructed_on.between(period.start, period.end)))
    if scope.unit_id is not None:
        stmt = stmt.where(Event.organizer_id == scope.unit_id)
    return stmt


# ----- the values of the figures above in one GROUP BY (figures.values_of) ----------------
_KIND_KEYS = {OutcomeKind.CONSULTATION_REPORT: "consultation_reports",
              OutcomeKind.RESEARCH_REPORT: "research_reports",
              OutcomeKind.INSPECTION_REPORT: "inspection_reports",
              OutcomeKind.SUGGESTION: "suggestions", OutcomeKind.APPRAISAL: "appraisals",
              OutcomeKind.FORMAL_RECOMMENDATION: "formal_recommendations"}
REPORT_KINDS = (OutcomeKind.CONSULTATION_REPORT, OutcomeKind.RESEARCH_REPORT,
                OutcomeKind.INSPECTION_REPORT)  # outcomes.reports (defs_events.py)
_SUMS = {"outcomes.aspects": Outcome.aspects, "outcomes.items": Outcome.items,
         "outcomes.problems": Outcome.problems}


@values_of("outcomes.total", "outcomes.adopted", "outcomes.reports", *_SUMS,
           *(f"outcomes.{key}" for key in _KIND_KEYS.values()))
def outcome_counts(session: Session, period: Period, scope: Scope) -> dict[str, Number]:
    """The period's outcomes by kind: how many, how many adopted, and the positive 方面/条/项
    (what ``_sum`` adds up), in one pass."""
    def build() -> Select:  # type: ignore[type-arg]
        positive = [func.coalesce(func.sum(case((col > 0, col), else_=0)), 0)
                    for col in _SUMS.values()]
        return (outcomes_in(period, scope).with_only_columns(
            Outcome.kind, func.count(Outcome.id),
            func.coalesce(func.sum(case((Outcome.adopted.is_(True), 1), else_=0)), 0),
            *positive).group_by(Outcome.kind))

    stmt = built(("outcome counts", period, scope), build)
    out: Counter[str] = Counter()
    for kind, n, adopted, *sums in session.connection().execute(stmt):  # kind: OutcomeKind
        out["outcomes.total"] += n
        out["outcomes.adopted"] += adopted
        if kind in REPORT_KINDS:
            out["outcomes.reports"] += n
        if kind in _KIND_KEYS:
            out[f"outcomes.{_KIND_KEYS[kind]}"] += n
        for key, value in zip(_SUMS, sums, strict=True):
            out[key] += value
    keys = ["outcomes.total", "outcomes.adopted", "outcomes.reports", *_SUMS,
            *(f"outcomes.{key}" for key in _KIND_KEYS.values())]
    return {key: int(out[key]) for key in keys}


@ids_of("outcomes.total", "outcomes.adopted", "outcomes.reports", *_SUMS,
        *(f"outcomes.{key}" for key in _KIND_KEYS.values()))
def outcome_ids(session: Session, period: Period, scope: Scope
                ) -> dict[str, tuple[Number, Sequence[int]]] | None:
    """The period's outcomes read once with their kind, adoption and 方面/条/项, split into
    the figures above in id order: the order of their own statements (a scan of the outcomes;
    ``_sum`` orders by id). For the committee only: a unit's statements may start from its
    events."""
    if scope.unit_id is not None:
        return None
    stmt = built(("outcome ids", period), lambda: outcomes_in(period, scope).with_only_columns(
        Outcome.id, type_coerce(Outcome.kind, String),
        case((Outcome.adopted.is_(True), 1), else_=0), *_SUMS.values()))
    rows = driver_rows(session, stmt)
    rows.sort(key=lambda r: r[0])
    reports = {kind.value for kind in REPORT_KINDS}
    kinds = {kind.value: f"outcomes.{key}" for kind, key in _KIND_KEYS.items()}
    ids: dict[str, list[int]] = {key: [] for key in (
        "outcomes.total", "outcomes.adopted", "outcomes.reports", *kinds.values())}
    sums: dict[str, tuple[list[int], list[int]]] = {key: ([], []) for key in _SUMS}
    for outcome_id, kind, adopted, *amounts in rows:
        ids["outcomes.total"].append(outcome_id)
        if adopted:
            ids["outcomes.adopted"].append(outcome_id)
        if kind in reports:
            ids["outcomes.reports"].append(outcome_id)
        if kind in kinds:
            ids[kinds[kind]].append(outcome_id)
        for key, amount in zip(_SUMS, amounts, strict=True):
            if amount is not None and amount > 0:
                sums[key][0].append(outcome_id)
                sums[key][1].append(amount)
    out: dict[str, tuple[Number, Sequence[int]]] = {
        key: (len(found), found) for key, found in ids.items()}
    for key, (found, amounts) in sums.items():
        out[key] = (sum(amounts), found)
    return out
