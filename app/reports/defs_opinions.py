"""Figures about 社情民意信息: received, issued locally, forwarded and adopted per level."""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    case,
    distinct,
    exists,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from app.domain.enums import ForwardLevel
from app.models import Instruction, OpinionForward, OpinionReport, OpinionSubmitter
from app.reports.figures import (
    FigureResult,
    Number,
    built,
    driver_rows,
    figure,
    ids_of,
    memo,
    ratio,
    values_of,
)
from app.reports.live import live
from app.reports.period import Period, Scope


def opinion_ids(scope: Scope) -> Select:  # type: ignore[type-arg]
    stmt = select(OpinionReport.id).where(live(OpinionReport.deleted_at))
    if scope.unit_id is not None:
        stmt = stmt.where(OpinionReport.channel_unit_id == scope.unit_id)
    return stmt


@figure("opinions.received", "收集社情民意信息", "篇", "opinion_reports",
        "收到日期在统计期间内的社情民意信息篇数。", "社情民意")
def opinions_received(session: Session, period: Period, scope: Scope) -> FigureResult:
    return opinion_ids(scope).where(OpinionReport.received_on.between(period.start, period.end))


@figure("opinions.issued", "本级编发", "篇", "opinion_reports",
        "统计期间内在本级《社情民意》编发（本级采用）的篇数，按编发日期。", "社情民意")
def opinions_issued(session: Session, period: Period, scope: Scope) -> FigureResult:
    return opinion_ids(scope).where(OpinionReport.issued_on.between(period.start, period.end))


def _level_figures(level: ForwardLevel) -> None:
    @figure(f"opinions.forwarded_{level.value}", f"上报{level.label}", "篇", "opinion_reports",
            f"统计期间内编辑上报{level.label}的篇数，按上报日期（上报不等于采用）。", "社情民意")
    def forwarded(session: Session, period: Period, scope: Scope) -> FigureResult:
        return opinion_ids(scope).join(OpinionForward).where(
            OpinionForward.level == level,
            OpinionForward.forwarded_on.between(period.start, period.end),
        )

    @figure(f"opinions.adopted_{level.value}", f"{level.label}采用", "篇", "opinion_reports",
            f"统计期间内被{level.label}采用的篇数，按采用日期。", "社情民意")
    def adopted(session: Session, period: Period, scope: Scope) -> FigureResult:
        return opinion_ids(scope).join(OpinionForward).where(
            OpinionForward.level == level,
            OpinionForward.adopted.is_(True),
            OpinionForward.adopted_on.between(period.start, period.end),
        )


for _level in ForwardLevel:
    _level_figures(_level)


@figure("opinions.instructions", "获领导批示", "篇", "opinion_reports",
        "统计期间内获得领导批示的社情民意信息篇数（按批示日期，一篇多次批示计一篇）。", "社情民意")
def opinions_instructed(session: Session, period: Period, scope: Scope) -> FigureResult:
    return opinion_ids(scope).join(Instruction, Instruction.opinion_id == OpinionReport.id).where(
        Instruction.instructed_on.between(period.start, period.end)
    )


# ----- more 社情民意 figures: any level, members, bulletin issues -------------------------
WORK = "信息工作"


@figure("opinions.forwarded", "上报上级政协", "篇", "opinion_reports",
        "统计期间内编辑上报市、省、全国政协的篇数（按上报日期；一篇报送多级只计一篇）。", WORK)
def opinions_forwarded(session: Session, period: Period, scope: Scope) -> FigureResult:
    return opinion_ids(scope).join(OpinionForward).where(
        OpinionForward.forwarded_on.between(period.start, period.end))


@figure("opinions.adopted", "被上级政协采用", "篇", "opinion_reports",
        "统计期间内被市、省、全国政协采用的篇数（按采用日期；被多级采用只计一篇）。", WORK)
def opinions_adopted(session: Session, period: Period, scope: Scope) -> FigureResult:
    return opinion_ids(scope).join(OpinionForward).where(
        OpinionForward.adopted.is_(True),
        OpinionForward.adopted_on.between(period.start, period.end))


def _was_adopted() -> ColumnElement[bool]:
    """本级编发, or adopted by any higher level (at any time)."""
    return or_(OpinionReport.issued_on.is_not(None), exists().where(
        OpinionForward.opinion_id == OpinionReport.id, OpinionForward.adopted.is_(True)))


def _received(period: Period, scope: Scope) -> Select:  # type: ignore[type-arg]
    return opinion_ids(scope).where(OpinionReport.received_on.between(period.start, period.end))


@figure("opinions.received_adopted", "收到的信息中被采用", "篇", "opinion_reports",
        "统计期间内收到的社情民意信息中，已被本级《社情民意》编发或被上级政协采用的篇数（按收到计，"
        "编发、采用不论何时）。", WORK)
def opinions_received_adopted(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _received(period, scope).where(_was_adopted())


@figure("opinions.submitters", "报送信息的委员", "人", "members",
        "统计期间内收到的社情民意信息的报送人中的委员人数（一人只计一次；特邀信息员等非委员不计）。",
        WORK)
def opinions_submitters(session: Session, period: Period, scope: Scope) -> FigureResult:
    return (select(OpinionSubmitter.member_id)
            .where(OpinionSubmitter.opinion_id.in_(_received(period, scope)),
                   OpinionSubmitter.member_id.is_not(None))
            .order_by(OpinionSubmitter.member_id))


def adopted_members(period: Period, scope: Scope) -> Select:  # type: ignore[type-arg]
    return (select(OpinionSubmitter.member_id)
            .where(OpinionSubmitter.opinion_id.in_(_received(period, scope).where(_was_adopted())),
                   OpinionSubmitter.member_id.is_not(None))
            .order_by(OpinionSubmitter.member_id))


@figure("opinions.adopted_members", "信息被采用的委员", "人", "members",
        "统计期间内收到的社情民意信息中，被本级编发或被上级采用的信息的报送人中的委员人数（一人只计一次）。",
        WORK)
def opinions_adopted_members(session: Session, period: Period, scope: Scope) -> FigureResult:
    return adopted_members(period, scope)


@figure("opinions.adopted_member_rate", "委员信息采用率", "%", "members",
        "信息被采用的委员人数 ÷ 期末在任委员人数 × 100，保留一位小数；明细为信息被采用的委员。"
        "按单位统计时分子分母都只计该单位的组成人员（信息不论归口哪个单位）。", WORK)
def opinions_adopted_member_rate(session: Session, period: Period, scope: Scope
                                 ) -> FigureResult:
    from app.reports.defs_members import members_total

    seated_stmt, adopted_stmt = built(
        ("adopted_member_rate", period, scope),
        lambda: (members_total(session, period, scope), adopted_members(period, Scope())))
    seated = set(session.scalars(seated_stmt))
    adopted = session.scalars(adopted_stmt)
    done = [m for m in dict.fromkeys(adopted) if scope.unit_id is None or m in seated]
    return ratio(len(done), len(seated)), done


@figure("opinions.bulletin_issues", "编发《社情民意》", "期", "opinion_reports",
        "统计期间内编发的《社情民意》期数（按刊物年份和期号去重）；明细为编入这些期的信息。", WORK)
def opinions_bulletin_issues(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _bulletin_issues(_issued(session, period, scope))


def _bulletin_issues(issued: list[tuple[int, int, int]]) -> tuple[int, list[int]]:
    rows = [r for r in issued if r[2] is not None]
    return len({(y, n) for _i, y, n in rows}), [r[0] for r in rows]


def _issued(session: Session, period: Period, scope: Scope) -> list[tuple[int, int, int]]:
    """The reports issued in the period as (id, bulletin year, bulletin number), in bulletin
    order: read once per call (``figures.memo``) for 本级编发 and the bulletin issues — the
    issue date has no index, so each read is a scan of every report of every year."""
    def load() -> list[tuple[int, int, int]]:
        return driver_rows(session, built(("issued reports", period, scope), lambda: (
            opinions_issued(session, period, scope).with_only_columns(
                OpinionReport.id, OpinionReport.bulletin_year, OpinionReport.bulletin_no)
            .order_by(OpinionReport.bulletin_year, OpinionReport.bulletin_no,
                      OpinionReport.id))))  # type: ignore[return-value]

    return memo(session, ("issued reports", period.start, period.end, scope.unit_id), load)


# ----- the values of the figures above in two passes (figures.values_of) -------------------
LEVEL_KEYS = tuple(f"opinions.{what}_{level.value}" for level in ForwardLevel
                   for what in ("forwarded", "adopted"))


@values_of("opinions.received", "opinions.issued", "opinions.received_adopted")
def report_counts(session: Session, period: Period, scope: Scope) -> dict[str, Number]:
    """收到 and 收到的信息中被采用 in one read of the period's reports (the received-date
    index), 本级编发 from the issued reports the bulletin figure reads too (``_issued``): one
    statement for all three read every report of every year (there is no index on the issue
    date) and tested each for adoption."""
    received = built(("received reports", period, scope), lambda: _received(
        period, scope).with_only_columns(
        func.count(OpinionReport.id),
        func.coalesce(func.sum(case((_was_adopted(), 1), else_=0)), 0)))
    n_received, adopted = session.connection().execute(received).one()
    return {"opinions.received": int(n_received),
            "opinions.issued": len(_issued(session, period, scope)),
            "opinions.received_adopted": int(adopted)}


@values_of("opinions.forwarded", "opinions.adopted", *LEVEL_KEYS)
def forward_counts(session: Session, period: Period, scope: Scope) -> dict[str, Number]:
    """上报 and 采用, per level and at any level, in one scan of the forwards (each counts
    distinct reports, like the definitions' id lists). Only the forwards of the period (sent
    or adopted in it) are read, each joined to its report: the forwards are the smaller
    table, and a forward of neither date adds to no figure."""
    keys = ["opinions.forwarded", "opinions.adopted", *LEVEL_KEYS]

    def build() -> Select:  # type: ignore[type-arg]
        forwarded = OpinionForward.forwarded_on.between(period.start, period.end)
        adopted = and_(OpinionForward.adopted.is_(True),
                       OpinionForward.adopted_on.between(period.start, period.end))

        def reports_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
            return func.count(distinct(case((condition, OpinionReport.id))))

        columns = {"opinions.forwarded": reports_if(forwarded),
                   "opinions.adopted": reports_if(adopted)}
        for level in ForwardLevel:
            at = OpinionForward.level == level
            columns[f"opinions.forwarded_{level.value}"] = reports_if(and_(at, forwarded))
            columns[f"opinions.adopted_{level.value}"] = reports_if(and_(at, adopted))
        return opinion_ids(scope).join(OpinionForward).where(or_(forwarded, adopted)
                                                             ).with_only_columns(
            *(columns[key] for key in keys))

    row = session.connection().execute(built(("forward counts", period, scope), build)).one()
    return {key: int(value or 0) for key, value in zip(keys, row, strict=True)}


# ----- the ids of the figures above in two reads (figures.ids_of) -------------------------
@ids_of("opinions.forwarded", "opinions.adopted", *LEVEL_KEYS)
def forward_ids(session: Session, period: Period, scope: Scope
                ) -> dict[str, tuple[Number, Sequence[int]]] | None:
    """上报 and 采用 with their reports: the forwards of the period read once (as
    ``forward_counts``), split per figure in the order of the figures' own statements — a
    scan of the forwards (forward id order), each report listed once, where first met. For
    the committee only: a unit's statements may start from its reports."""
    if scope.unit_id is not None:
        return None

    def build() -> Select:  # type: ignore[type-arg]
        forwarded = OpinionForward.forwarded_on.between(period.start, period.end)
        adopted = and_(OpinionForward.adopted.is_(True),
                       OpinionForward.adopted_on.between(period.start, period.end))
        return opinion_ids(scope).join(OpinionForward).where(or_(forwarded, adopted)
                                                             ).with_only_columns(
            OpinionForward.id, OpinionReport.id, type_coerce(OpinionForward.level, String),
            case((forwarded, 1), else_=0), case((adopted, 1), else_=0))

    rows = driver_rows(session, built(("forward ids", period), build))
    rows.sort(key=lambda r: r[0])
    found: dict[str, dict[int, None]] = {key: {} for key in (
        "opinions.forwarded", "opinions.adopted", *LEVEL_KEYS)}
    for _forward, report, level, forwarded, adopted in rows:
        for what, flag in (("forwarded", forwarded), ("adopted", adopted)):
            if flag:
                found[f"opinions.{what}"][report] = None
                found[f"opinions.{what}_{level}"][report] = None
    return {key: (len(ids), list(ids)) for key, ids in found.items()}


@ids_of("opinions.received", "opinions.received_adopted", "opinions.issued",
        "opinions.bulletin_issues")
def report_ids(session: Session, period: Period, scope: Scope
               ) -> dict[str, tuple[Number, Sequence[int]]] | None:
    """收到, 收到的信息中被采用 from one read of the period's reports (in the received-date
    index's order: date, id), 本级编发 and the bulletin issues from the issued reports
    (``_issued``; 本级编发's statement scans the reports: id order). For the committee
    only: a unit's statements may choose another index."""
    if scope.unit_id is not None:
        return None
    stmt = built(("received report ids", period), lambda: _received(
        period, scope).with_only_columns(OpinionReport.id, OpinionReport.received_on,
                                         case((_was_adopted(), 1), else_=0)))
    rows = driver_rows(session, stmt)
    rows.sort(key=itemgetter(1, 0))
    issued = _issued(session, period, scope)
    adopted = [r[0] for r in rows if r[2]]
    return {"opinions.received": (len(rows), [r[0] for r in rows]),
            "opinions.received_adopted": (len(adopted), adopted),
            "opinions.issued": (len(issued), sorted(r[0] for r in issued)),
            "opinions.bulletin_issues": _bulletin_issues(issued)}


@ids_of("opinions.submitters", "opinions.adopted_members", "opinions.adopted_member_rate",
        "members.total")
def submitter_ids(session: Session, period: Period, scope: Scope
                  ) -> dict[str, tuple[Number, Sequence[int]]] | None:
    """报送信息的委员, 信息被采用的委员 and 委员信息采用率 from one read of the member
    submitters of the period's reports, each report marked adopted or not (``_was_adopted``);
    the members in id order, as their statements order them. 委员总数 too: the rate's
    denominator is that figure's own statement, read once for both (its ids as
    ``figures._evaluate`` lists a SELECT's: in the statement's order, each once). For the
    committee only (a unit's rate counts only its members)."""
    if scope.unit_id is not None:
        return None
    from app.reports.defs_members import members_total

    stmt, seated_stmt = built(("submitter ids", period), lambda: (
        select(OpinionSubmitter.member_id, case((_was_adopted(), 1), else_=0))
        .join(OpinionReport, OpinionReport.id == OpinionSubmitter.opinion_id)
        .where(live(OpinionReport.deleted_at),
               OpinionReport.received_on.between(period.start, period.end),
               OpinionSubmitter.member_id.is_not(None)),
        members_total(session, period, scope)))
    rows = driver_rows(session, stmt)
    members = sorted({member for member, _adopted in rows})
    adopted = sorted({member for member, was_adopted in rows if was_adopted})
    seated = list(dict.fromkeys(session.connection().execute(seated_stmt).scalars()))
    return {"opinions.submitters": (len(members), members),
            "opinions.adopted_members": (len(adopted), adopted),
            "opinions.adopted_member_rate": (ratio(len(adopted), len(seated)), adopted),
            "members.total": (len(seated), seated)}
