"""Figures about 文史 publications and media reports on the committee's work.

Publications count by 出版日期, reports by 报道日期, in the period. Neither kind belongs to a
unit of the committee, so these figures are the whole committee's even in a unit's scope
(their definitions say so).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, String, select, type_coerce
from sqlalchemy.orm import Session

from app.domain.enums import MediaLevel
from app.models import MediaReport, Publication
from app.reports.figures import (
    BreakdownResult,
    FigureResult,
    Number,
    breakdown,
    built,
    driver_rows,
    figure,
    ids_of,
)
from app.reports.period import Period, Scope

GROUP = "宣传与文史"
WHOLE = "全会统计，不按机构区分"
HIGHER = (MediaLevel.CENTRAL, MediaLevel.PROVINCIAL)


def publications_in(period: Period) -> Select:  # type: ignore[type-arg]
    return (select(Publication.id)
            .where(Publication.deleted_at.is_(None),
                   Publication.published_on.between(period.start, period.end))
            .order_by(Publication.published_on, Publication.id))


def reports_in(period: Period, *levels: MediaLevel) -> Select:  # type: ignore[type-arg]
    stmt = (select(MediaReport.id)
            .where(MediaReport.deleted_at.is_(None),
                   MediaReport.reported_on.between(period.start, period.end))
            .order_by(MediaReport.reported_on, MediaReport.id))
    return stmt.where(MediaReport.level.in_(levels)) if levels else stmt


@figure("publications.count", "编印文史资料", "部", "publications",
        f"统计期间内出版（印发）的文史书刊部数，按出版日期（{WHOLE}）。", GROUP)
def publications_count(session: Session, period: Period, scope: Scope) -> FigureResult:
    return publications_in(period)


def _publication_sum(session: Session, period: Period, column: Any) -> FigureResult:
    rows = session.execute(select(Publication.id, column).where(
        Publication.id.in_(publications_in(period)), column > 0)
        .order_by(Publication.published_on, Publication.id)).all()
    return sum(r[1] for r in rows), [r[0] for r in rows]


@figure("publications.volumes", "文史资料册数", "册", "publications",
        f"统计期间内出版的文史书刊“册数”之和（{WHOLE}）；明细为填写了册数的书刊。", GROUP)
def publications_volumes(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _publication_sum(session, period, Publication.volumes)


@figure("publications.words", "文史资料字数", "万字", "publications",
        f"统计期间内出版的文史书刊“字数（万字）”之和（{WHOLE}）；明细为填写了字数的书刊。",
        GROUP)
def publications_words(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _publication_sum(session, period, Publication.words)


@figure("media.reports", "媒体报道", "次", "media_reports",
        f"统计期间内各级媒体报道本会工作和委员履职的次数，按报道日期（{WHOLE}）。", GROUP)
def media_reports(session: Session, period: Period, scope: Scope) -> FigureResult:
    return reports_in(period)


def _level_figure(level: MediaLevel, key: str) -> None:
    @figure(f"media.{key}", f"{level.label}媒体报道", "次", "media_reports",
            f"统计期间内{level.label}媒体的报道次数，按报道日期（{WHOLE}）。", GROUP)
    def compute(session: Session, period: Period, scope: Scope) -> FigureResult:
        return reports_in(period, level)


for _level, _key in ((MediaLevel.CENTRAL, "central"), (MediaLevel.PROVINCIAL, "provincial"),
                     (MediaLevel.CITY, "city"), (MediaLevel.COUNTY, "county")):
    _level_figure(_level, _key)


@figure("media.higher", "中央和省级媒体报道", "次", "media_reports",
        f"统计期间内中央级和省级媒体的报道次数，按报道日期（{WHOLE}）。", GROUP)
def media_higher(session: Session, period: Period, scope: Scope) -> FigureResult:
    return reports_in(period, *HIGHER)


def _outlets(session: Session, stmt: Select) -> FigureResult:  # type: ignore[type-arg]
    """The number of distinct outlets; the records behind it are the reports."""
    rows = session.execute(select(MediaReport.id, MediaReport.outlet)
                           .where(MediaReport.id.in_(stmt))
                           .order_by(MediaReport.reported_on, MediaReport.id)).all()
    return len({outlet for _i, outlet in rows}), [i for i, _o in rows]


@figure("media.outlets", "报道媒体", "家", "media_reports",
        f"统计期间内报道过本会工作的不同媒体家数（同名媒体计一家；明细为各篇报道；{WHOLE}）。",
        GROUP)
def media_outlets(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _outlets(session, reports_in(period))


@figure("media.outlets_higher", "报道的中央和省级媒体", "家", "media_reports",
        "统计期间内报道过本会工作的不同中央级和省级媒体家数（同名媒体计一家；明细为各篇报道；"
        f"{WHOLE}）。", GROUP)
def media_outlets_higher(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _outlets(session, reports_in(period, *HIGHER))


@breakdown("media.by_level", "媒体报道按媒体层级", "次", "media_reports",
           "统计期间内的媒体报道按媒体层级（中央级、省级、市级、县级）分组的次数，"
           "合计等于媒体报道次数。", GROUP, by_count=False)
def media_by_level(session: Session, period: Period, scope: Scope) -> BreakdownResult:
    rows = session.execute(select(MediaReport.level, MediaReport.id)
                           .where(MediaReport.id.in_(reports_in(period)))
                           .order_by(MediaReport.reported_on, MediaReport.id)).all()
    groups: dict[MediaLevel, list[int]] = {}
    for level, report_id in rows:
        groups.setdefault(level, []).append(report_id)
    return [(lv.label, len(groups[lv]), groups[lv]) for lv in MediaLevel if lv in groups]


# ----- the ids of the figures above in two reads (figures.ids_of) -------------------------
LEVEL_KEYS = {MediaLevel.CENTRAL.value: "media.central",
              MediaLevel.PROVINCIAL.value: "media.provincial",
              MediaLevel.CITY.value: "media.city", MediaLevel.COUNTY.value: "media.county"}


@ids_of("media.reports", *LEVEL_KEYS.values(), "media.higher", "media.outlets",
        "media.outlets_higher")
def media_ids(session: Session, period: Period, scope: Scope
              ) -> dict[str, tuple[Number, Sequence[int]]] | None:
    """The media figures from one read of the period's reports with their level and outlet,
    in the order of the figures' own statements (ORDER BY 报道日期, id). Whole-committee
    figures: the same for any scope."""
    stmt = built(("media reports", period), lambda: reports_in(period).with_only_columns(
        MediaReport.id, type_coerce(MediaReport.level, String), MediaReport.outlet))
    rows = driver_rows(session, stmt)
    higher = {level.value for level in HIGHER}
    top = [r for r in rows if r[1] in higher]
    out: dict[str, tuple[Number, Sequence[int]]] = {
        "media.reports": (len(rows), [r[0] for r in rows]),
        "media.higher": (len(top), [r[0] for r in top]),
        "media.outlets": (len({r[2] for r in rows}), [r[0] for r in rows]),
        "media.outlets_higher": (len({r[2] for r in top}), [r[0] for r in top])}
    for level, key in LEVEL_KEYS.items():
        found = [r[0] for r in rows if r[1] == level]
        out[key] = (len(found), found)
    return out


@ids_of("publications.count", "publications.volumes", "publications.words")
def publication_ids(session: Session, period: Period, scope: Scope
                    ) -> dict[str, tuple[Number, Sequence[int]]] | None:
    """The publication figures from one read of the period's publications with their
    册数 and 字数 (as SQLAlchemy gives them: 字数 a Decimal), in the order of the figures'
    own statements (ORDER BY 出版日期, id). Whole-committee figures."""
    stmt = built(("publications", period), lambda: publications_in(period).with_only_columns(
        Publication.id, Publication.volumes, Publication.words))
    rows = session.connection().execute(stmt).all()
    out: dict[str, tuple[Number, Sequence[int]]] = {
        "publications.count": (len(rows), [r[0] for r in rows])}
    for at, key in ((1, "publications.volumes"), (2, "publications.words")):
        found = [(pid, value) for pid, value in ((r[0], r[at]) for r in rows)
                 if value is not None and value > 0]
        out[key] = (sum(value for _id, value in found), [pid for pid, _v in found])
    return out
