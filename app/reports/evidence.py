"""The records behind a figure, described in one line each, for drill-down and 数据底稿."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Enum, Integer, Select, String, bindparam, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter

from app.domain.enums import (
    Attendance,
    HonorLevel,
    LabeledEnum,
    MediaLevel,
    PlatformLevel,
    UnitKind,
)
from app.models import (
    Department,
    Event,
    Honor,
    MediaReport,
    Member,
    OpinionReport,
    Outcome,
    Participation,
    Platform,
    PlatformSession,
    PlatformSessionMember,
    Proposal,
    Publication,
    SupervisionRecord,
    Unit,
)

Describer = Callable[[Session, Sequence[int]], Iterable[tuple[int, str]]]

# Chinese name of each kind of record a figure can count (for the 数据底稿 headers).
ENTITY_LABELS = {
    "members": "委员", "events": "会议活动", "proposals": "提案", "opinion_reports": "社情民意信息",
    "participations": "参加记录", "outcomes": "活动成果", "honors": "表彰",
    "departments": "承办单位",
    "supervision_records": "督办记录", "units": "机构",
    "platforms": "协商议事平台", "platform_sessions": "协商议事活动",
    "platform_session_members": "协商议事参加委员", "publications": "文史资料",
    "media_reports": "媒体报道",
}  # fmt: skip

CHUNK = 900  # ids per statement (SQLite's historical limit of bound parameters is 999)
RUN = 32  # so many ids or more, at least half of the ids between the first and last: a range
_IDS: BindParameter[int] = bindparam("ids", expanding=True)
_LO: BindParameter[int] = bindparam("lo")
_HI: BindParameter[int] = bindparam("hi")


def id_runs(ids: Iterable[int]) -> tuple[list[tuple[int, int]], list[int]]:
    """The distinct ``ids`` as dense runs ``(first, last)`` — at least ``RUN`` ids, at least
    half of every id between — read as a range, and the rest, read by a list of ids.

    A year's records were mostly entered in that year, so their ids are dense: a range
    costs two bound values where a list costs one per id (most of the time of a long list
    goes into SQLAlchemy expanding it), and reads at most as many rows again."""
    ordered = sorted(set(ids))
    runs: list[tuple[int, int]] = []
    rest: list[int] = []
    start = 0
    for n in range(1, len(ordered) + 1):
        if n < len(ordered) and 2 * (n - start + 1) >= ordered[n] - ordered[start] + 1:
            continue
        if n - start >= RUN:
            runs.append((ordered[start], ordered[n - 1]))
        else:
            rest.extend(ordered[start:n])
        start = n
    return runs, rest


class ById:
    """A SELECT whose first column is a record's id, read for any number of ids (``id_runs``);
    its two statements are built once, so SQLAlchemy compiles them once."""

    def __init__(self, stmt: Select[*tuple[Any, ...]], column: Any) -> None:
        self.listed = stmt.where(column.in_(_IDS))
        self.ranged = stmt.where(column.between(_LO, _HI))
        self._sqlite: tuple[str, str] | None = None  # (ranged, listed up to its id list)

    def _sqlite_sql(self, dialect: Any) -> tuple[str, str] | None:
        """The two statements as SQLite text, compiled once: (``BETWEEN ? AND ?``, the text
        with the id list's mark); None if they bind anything else or select a column whose
        value SQLAlchemy converts (a ``Numeric`` is a ``Decimal``, an enum its member)."""
        if self._sqlite is None:
            if not all(isinstance(c.type, Integer | String) and not isinstance(c.type, Enum)
                       for c in self.ranged.selected_columns):
                return None
            ranged, listed = (self.ranged.compile(dialect=dialect),
                              self.listed.compile(dialect=dialect))
            mark = "__[POSTCOMPILE_ids]"
            if (ranged.positiontup != ["lo", "hi"] or listed.positiontup != ["ids"]
                    or str(listed).count(mark) != 1):
                return None
            self._sqlite = (str(ranged), str(listed))
        return self._sqlite

    def rows(self, s: Session, ids: Sequence[int]) -> list[Any]:
        connection = s.connection()
        runs, rest = id_runs(ids)
        if connection.dialect.name == "sqlite":
            sql = self._sqlite_sql(connection.dialect)
            if sql is not None:  # the driver's own rows: a third less time per row
                return _sqlite_rows(connection.connection.driver_connection, sql, runs,
                                    rest, ids)
        out: list[Any] = []
        if runs:
            wanted = set(ids)
            for lo, hi in runs:
                out.extend(r for r in connection.execute(self.ranged, {"lo": lo, "hi": hi})
                           .all() if r[0] in wanted)
        for start in range(0, len(rest), CHUNK):
            out.extend(connection.execute(self.listed, {"ids": rest[start:start + CHUNK]}).all())
        return out


def _sqlite_rows(raw: Any, sql: tuple[str, str], runs: list[tuple[int, int]], rest: list[int],
                 ids: Sequence[int]) -> list[Any]:
    """``ById.rows`` through the sqlite3 connection itself (the statements select only ids,
    text and integers, which SQLAlchemy would hand over unchanged: dates and enum codes are
    read as text, ``_text``)."""
    ranged, listed = sql
    before, after = listed.split("__[POSTCOMPILE_ids]")
    out: list[Any] = []
    if runs:
        wanted = set(ids)
        for lo, hi in runs:
            out.extend([r for r in raw.execute(ranged, (lo, hi)).fetchall() if r[0] in wanted])
    for start in range(0, len(rest), CHUNK):
        chunk = rest[start:start + CHUNK]
        out.extend(raw.execute(f"{before}{','.join('?' * len(chunk))}{after}", chunk)
                   .fetchall())
    return out


def _text(column: Any) -> Any:
    """A date or enum column as the driver returns it, without SQLAlchemy's per-row
    conversion (a third of describing the participations): SQLite's ISO text and
    PostgreSQL's ``date`` print the same; an enum's code is looked up in ``_labels``."""
    return type_coerce(column, String)


def _labels(enum: type[LabeledEnum]) -> dict[str, str]:
    return {m.value: m.label for m in enum}


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    wanted = list(ids)
    return (wanted[start:start + CHUNK] for start in range(0, len(wanted), CHUNK))


_MEMBERS = ById(select(Member.id, Member.name, Member.work_unit_post), Member.id)
_MEMBER_NAMES = ById(select(Member.id, Member.name), Member.id)
_EVENTS = ById(select(Event.id, _text(Event.start_on), Event.title), Event.id)
_OPINIONS = ById(select(OpinionReport.id, _text(OpinionReport.received_on),
                        OpinionReport.title), OpinionReport.id)
_PARTICIPATIONS = ById(select(Participation.id, Participation.member_id,
                              Participation.event_id, _text(Participation.attendance)),
                       Participation.id)
_ATTENDANCE = _labels(Attendance)


def _members(s: Session, ids: Sequence[int]) -> Iterable[tuple[int, str]]:
    return ((i, f"{n}　{w}") for i, n, w in _MEMBERS.rows(s, ids))


def _events(s: Session, ids: Sequence[int]) -> Iterable[tuple[int, str]]:
    return ((i, f"{d}　{t}") for i, d, t in _EVENTS.rows(s, ids))


_PROPOSALS = ById(select(Proposal.id, Proposal.term_id, Proposal.session_id, Proposal.number,
                         Proposal.title), Proposal.id)


def _proposals(s: Session, ids: Sequence[int]) -> Iterable[tuple[int, str]]:
    from app.models import PlenarySession, Term
    from app.services.proposals import number_text

    terms: dict[int, Any] = {}
    plenaries: dict[int | None, Any] = {None: None}
    out = []
    for i, term, plenary, number, title in _PROPOSALS.rows(s, ids):
        if term not in terms:  # a few terms and plenaries for any number of proposals
            terms[term] = s.get(Term, term)
        if plenary not in plenaries:
            plenaries[plenary] = s.get(PlenarySession, plenary)
        # ``number_text`` reads only these three attributes: no Proposal object is loaded
        shown = number_text(SimpleNamespace(term=terms[term], plenary=plenaries[plenary],
                                            number=number))  # type: ignore[arg-type]
        out.append((i, f"{shown}　{title}"))
    return out


def _opinions(s: Session, ids: Sequence[int]) -> Iterable[tuple[int, str]]:
    return ((i, f"{d}　{t}") for i, d, t in _OPINIONS.rows(s, ids))


def _participations(s: Session, ids: Sequence[int]) -> Iterable[tuple[int, str]]:
    rows = _PARTICIPATIONS.rows(s, ids)
    names = {i: n for i, n in _MEMBER_NAMES.rows(s, list({r[1] for r in rows}))}
    events = {i: f"{d}　{t}" for i, d, t in _EVENTS.rows(s, list({r[2] for r in rows}))}
    labels = _ATTENDANCE
    return ((i, f"{names.get(m, '')}　{events.get(e, '')}（{labels.get(a, a)}）")
            for i, m, e, a in rows)


_OUTCOMES = ById(select(Outcome.id, Outcome.title, Outcome.aspects, Outcome.items,
                        Outcome.problems), Outcome.id)


def _outcomes(s: Session, ids: Sequence[int]) -> Iterable[tuple[int, str]]:
    return ((i, f"{t}（{a}方面{n}条" + (f"，问题{p}项）" if p else "）"))
            for i, t, a, n, p in _OUTCOMES.rows(s, ids))


_HONORS = ById(select(Honor.id, _text(Honor.awarded_on), Honor.title, _text(Honor.level),
                      Member.name, Honor.recipient).outerjoin(Member), Honor.id)
_HONOR_LEVELS = _labels(HonorLevel)


def _honors(s: Session, ids: Sequence[int]) -> Iterable[tuple[int, str]]:
    return ((i, f"{d}　{n or r}　{t}（{_HONOR_LEVELS.get(lv, lv)}）")
            for i, d, t, lv, n, r in _HONORS.rows(s, ids))


_DEPARTMENTS = ById(select(Department.id, Department.name), Department.id)


def _departments(s: Session, ids: Sequence[int]) -> Iterable[tuple[int, str]]:
    return [(i, n) for i, n in _DEPARTMENTS.rows(s, ids)]


def _supervisions(s: Session, ids: Sequence[int]) -> Iterable[tuple[int, str]]:
    from app.services.proposals import number_text

    return [(r.id, f"{r.supervised_on}　{r.level.label}{r.form and '（' + r.form + '）'}"
                   f"　{number_text(p)}　{p.title}")
            for chunk in _chunks(ids)
            for r, p in s.execute(select(SupervisionRecord, Proposal).join(Proposal)
                                  .where(SupervisionRecord.id.in_(chunk)))]


_UNITS = ById(select(Unit.id, Unit.name, _text(Unit.kind)), Unit.id)
_UNIT_KINDS = _labels(UnitKind)


def _units(s: Session, ids: Sequence[int]) -> Iterable[tuple[int, str]]:
    return ((i, f"{n}（{_UNIT_KINDS.get(k, k)}）") for i, n, k in _UNITS.rows(s, ids))


_PLATFORMS = ById(select(Platform.id, Platform.name, _text(Platform.level), Platform.town),
                  Platform.id)
_PLATFORM_LEVELS = _labels(PlatformLevel)


def _platforms(s: Session, ids: Sequence[int]) -> Iterable[tuple[int, str]]:
    return ((i, f"{n}（{_PLATFORM_LEVELS.get(lv, lv)}{'，' + t if t else ''}）")
            for i, n, lv, t in _PLATFORMS.rows(s, ids))


_PLATFORM_SESSIONS = ById(
    select(PlatformSession.id, _text(PlatformSession.held_on), Platform.name,
           PlatformSession.topic, PlatformSession.participants, PlatformSession.results_done)
    .join(Platform, Platform.id == PlatformSession.platform_id), PlatformSession.id)


def _platform_sessions(s: Session, ids: Sequence[int]) -> Iterable[tuple[int, str]]:
    return ((i, f"{d}　{p}　{t}" + (f"　参加{n}人" if n else "")
             + (f"　办成实事{r}件" if r else ""))
            for i, d, p, t, n, r in _PLATFORM_SESSIONS.rows(s, ids))


_PLATFORM_MEMBERS = ById(
    select(PlatformSessionMember.id, Member.name, _text(PlatformSession.held_on),
           PlatformSession.topic)
    .join(Member, Member.id == PlatformSessionMember.member_id)
    .join(PlatformSession, PlatformSession.id == PlatformSessionMember.session_id),
    PlatformSessionMember.id)


def _platform_members(s: Session, ids: Sequence[int]) -> Iterable[tuple[int, str]]:
    return ((i, f"{n}　{d}　{t}") for i, n, d, t in _PLATFORM_MEMBERS.rows(s, ids))


_PUBLICATIONS = ById(select(Publication.id, _text(Publication.published_on), Publication.title,
                            Publication.volumes, Publication.words), Publication.id)


def _publications(s: Session, ids: Sequence[int]) -> Iterable[tuple[int, str]]:
    return ((i, f"{d}　{t}" + (f"　{v}册" if v else "") + (f"　{w}万字" if w else ""))
            for i, d, t, v, w in _PUBLICATIONS.rows(s, ids))


_MEDIA_REPORTS = ById(select(MediaReport.id, _text(MediaReport.reported_on), MediaReport.outlet,
                             _text(MediaReport.level), MediaReport.title), MediaReport.id)
_MEDIA_LEVELS = _labels(MediaLevel)


def _media_reports(s: Session, ids: Sequence[int]) -> Iterable[tuple[int, str]]:
    return ((i, f"{d}　{o}（{_MEDIA_LEVELS.get(lv, lv)}）　{t}")
            for i, d, o, lv, t in _MEDIA_REPORTS.rows(s, ids))


DESCRIBERS: dict[str, Describer] = {
    "members": _members, "events": _events, "proposals": _proposals,
    "opinion_reports": _opinions, "participations": _participations, "outcomes": _outcomes,
    "honors": _honors, "departments": _departments, "supervision_records": _supervisions,
    "units": _units, "platforms": _platforms, "platform_sessions": _platform_sessions,
    "platform_session_members": _platform_members, "publications": _publications,
    "media_reports": _media_reports,
}  # fmt: skip


# Figures that add up a quantity recorded on each record: (column, what a record's value is).
# 数据底稿 lists each record's own value beside it, so the column adds up to the figure.
SUMMED: dict[str, tuple[Any, str]] = {
    "service.people": (Event.people_served, "服务群众（人次）"),
    "service.deeds": (Event.deeds_done, "办好事（件）"),
    "service.funds": (Event.funds_raised, "筹集资金（元）"),
    "service.beneficiaries": (Event.beneficiaries, "受益人数（人）"),
    "activities.fellowship_guests": (Event.guests, "非委员参加人数（人）"),
}

# How a figure's records are limited when it is computed for one unit (--scope, a 回眸
# section), by the kind of record it counts; member and honor figures say so themselves.
UNIT_SCOPE = {
    "proposals": "只计归口该单位的提案", "departments": "只计归口该单位的提案的承办单位",
    "supervision_records": "只计归口该单位的提案的督办",
    "opinion_reports": "只计归口该单位的社情民意信息",
    "events": "只计该单位组织的会议活动", "participations": "只计该单位组织的会议活动的参加记录",
    "outcomes": "只计该单位组织的会议活动形成的成果", "units": "只计该单位及其下属单位",
}  # fmt: skip

UNIT_SCOPE_MARK = "按单位统计时"


def scoped_definition(key: str, entity: str, definition: str, scope: str) -> str:
    """The definition as it applies to ``scope``: for one unit, how the records are limited."""
    from app.reports.figures import SUBJECTS

    if scope == "全会" or key.split(".")[0] in SUBJECTS or UNIT_SCOPE_MARK in definition:
        return definition
    note = UNIT_SCOPE.get(entity)
    return f"{definition}范围为“{scope}”：{note}。" if note else definition


def record_values(db: Any, key: str, ids: Sequence[int]) -> dict[int, Any]:
    """Each record's own value of a summed figure (``SUMMED``); {} for other figures."""
    return summed_values(db, [(key, ids)]).get(key, {})


def summed_values(db: Any, entries: Sequence[tuple[str, Sequence[int]]]
                  ) -> dict[str, dict[int, Any]]:
    """``record_values`` of every summed figure among ``entries`` (key, ids) at once: one
    statement per chunk of the events they rest on, whatever the number of figures."""
    wanted = [(key, key.split("[")[0], ids) for key, ids in entries
              if key.split("[")[0] in SUMMED and ids]
    if not wanted:
        return {}
    bases = list(dict.fromkeys(base for _key, base, _ids in wanted))
    query = ById(select(Event.id, *(SUMMED[b][0] for b in bases)), Event.id)
    ids = list(dict.fromkeys(i for _key, _base, found in wanted for i in found))
    with db.reader() as session:
        rows = {r[0]: r[1:] for r in query.rows(session, ids)}
    out: dict[str, dict[int, Any]] = {}
    for key, base, found in wanted:
        n = bases.index(base)
        out[key] = {i: rows[i][n] for i in found if i in rows}
    return out


def describe_records(db: Any, entity: str, ids: Sequence[int]) -> list[tuple[int, str]]:
    """(id, one-line description) for ``ids`` of ``entity``, in the order given."""
    describer = DESCRIBERS.get(entity)
    if describer is None:
        raise ValueError(f"no description for {entity}")
    wanted = list(ids)
    found: dict[int, str] = {}
    with db.reader() as session:
        found.update(describer(session, wanted))
    return [(i, found[i]) for i in wanted if i in found]
