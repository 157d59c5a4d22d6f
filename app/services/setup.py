"""First setup of a new database: committee, current term, its plenary sessions, 界别 list.

A new database holds only the seeded reference data and a placeholder committee row, so no
import can name a 届次 (issue #11). ``python main.py setup`` and the client's first-run wizard
both call :meth:`SetupService.apply`, which writes everything through the ordinary services
(committee settings, terms, sessions, units, sectors: the same validation, audit entries and
messages as 系统设置) in **one transaction**: either the whole setup is saved or nothing is.
Their change broadcasts are held until the commit.

An existing setup (a term, or committee settings a clerk has already filled in) is never
overwritten unless the caller passes ``force=True`` after asking the clerk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.domain.enums import CommitteeLevel, UnitKind
from app.domain.schema import SECTOR, SESSION, TERM
from app.errors import AppError, FieldProblem, ValidationError
from app.models import CommitteeSettings, MemberTerm, PlenarySession, Sector, Term, Unit
from app.services.context import Actor, Changes, held_changes, publish
from app.services.org import SectorService, UnitService
from app.services.seed import CITY_EXTRA_SECTORS, SECTOR_GROUPS
from app.services.terms import CommitteeService, SessionService, TermService, term_name
from app.text.numerals import cn_date, cn_number

PLACEHOLDER_REGION = "本县"  # what seed.py writes into a new database's committee row
SECTOR_CHOICES = {
    "county": "县级常用界别",
    "city": "市级常用界别（县级界别另加致公党、台联、侨联等）",
    "none": "不预置界别（以后在“组织机构”中自行添加）",
}


@dataclass(frozen=True)
class PlenaryPlan:
    """One plenary session (次会议) of the term: 一次会议 opening on ``start_on``."""

    number: int
    start_on: dt.date
    end_on: dt.date | None = None
    place: str = ""


@dataclass(frozen=True)
class SetupPlan:
    """Everything the setup writes; the CLI and the wizard build one from what the clerk typed."""

    region: str  # 长子县
    level: CommitteeLevel
    term_number: int  # 10 for 第十届
    term_start: dt.date
    term_end: dt.date | None = None
    parent_region: str = ""  # 长治市
    founded_year: int | None = None
    sessions: tuple[PlenaryPlan, ...] = ()
    sectors: str | None = "county"  # county | city | none | None (leave the list alone)

    @property
    def committee_name(self) -> str:
        return f"政协{self.region}委员会"


@dataclass
class SetupState:
    """What a database already has: shown before asking whether to overwrite."""

    region: str
    level: CommitteeLevel | None
    parent_region: str
    founded_year: int | None
    terms: list[str]
    current_term: str | None
    filled_in: bool  # a term exists, or the committee row is no longer the placeholder

    @property
    def needs_setup(self) -> bool:
        """True when the client should show the first-run wizard: no term to work in."""
        return self.current_term is None

    def describe(self) -> str:
        term = self.current_term or "（未设置当前届次）"
        return f"政协{self.region}委员会，{term}" + (
            f"，已有届次：{'、'.join(self.terms)}" if self.terms else "")


@dataclass
class SetupResult:
    committee_name: str
    term_id: int
    term: str
    sessions: list[str] = field(default_factory=list)
    sectors_added: list[str] = field(default_factory=list)
    sectors_removed: list[str] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)

    def describe(self) -> str:
        lines = [f"已完成设置：{self.committee_name}，当前届次为{self.term}。"]
        if self.sessions:
            lines.append("全体会议：" + "；".join(self.sessions) + "。")
        if self.sectors_added:
            lines.append(f"新增界别{len(self.sectors_added)}个：" + "、".join(self.sectors_added))
        if self.sectors_removed:
            lines.append(f"移除预置界别{len(self.sectors_removed)}个。")
        return "\n".join(lines)


class _OneSession(Database):
    """The caller's open session in the shape of a :class:`Database`, so that the services
    used by the setup all write into one transaction (the caller commits or rolls back)."""

    def __init__(self, db: Database, session: Session) -> None:
        super().__init__(db.url, db.engine)
        self._session = session

    @contextmanager
    def session(self) -> Iterator[Session]:
        yield self._session
        self._session.flush()

    @contextmanager
    def reader(self) -> Iterator[Session]:
        yield self._session


class SetupService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # ----- reading -------------------------------------------------------------------------
    def state(self) -> SetupState:
        with self.db.reader() as session:
            return _state(session)

    def needs_setup(self) -> bool:
        return self.state().needs_setup

    # ----- writing -------------------------------------------------------------------------
    def apply(self, actor: Actor, plan: SetupPlan, *, force: bool = False) -> SetupResult:
        """Write ``plan`` in one transaction; refuse an existing setup unless ``force``."""
        actor.require_admin("设置政协基本信息和届次")
        with held_changes() as held:
            with self.db.session() as session:
                state = _state(session)
                if state.filled_in and not force:
                    raise AppError(
                        f"本数据库已经设置过（{state.describe()}）。为免覆盖，本次没有修改任何"
                        "数据；确需重新设置时请加 --force（或在“系统设置”中修改）。")
                result = self._write(_OneSession(self.db, session), session, actor, plan)
            changes = Changes().merge(held)
        publish(changes)
        result.changes = changes
        return result

    def _write(self, db: Database, session: Session, actor: Actor, plan: SetupPlan
               ) -> SetupResult:
        _check_sessions(plan)
        if session.scalar(select(func.count()).select_from(CommitteeSettings)) == 0:
            session.add(CommitteeSettings(region=plan.region, level=plan.level))
            session.flush()
        term = session.scalars(select(Term).where(Term.number == plan.term_number,
                                                  Term.deleted_at.is_(None))).first()
        term_values = {"number": plan.term_number, "start_on": plan.term_start,
                       "end_on": plan.term_end}
        terms = TermService(db)
        term_id = (terms.update(actor, term.id, term_values, version=term.version).value.id
               if term is not None else terms.create(actor, term_values).value.id)
        result = SetupResult(plan.committee_name, term_id, f"第{cn_number(plan.term_number)}届")
        sessions = SessionService(db)
        for item in sorted(plan.sessions, key=lambda p: p.number):
            values = {"term_id": term_id, "number": item.number, "start_on": item.start_on,
                      "end_on": item.end_on, "place": item.place}
            existing = session.scalars(select(PlenarySession).where(
                PlenarySession.term_id == term_id, PlenarySession.number == item.number,
                PlenarySession.deleted_at.is_(None))).first()
            if existing is None:
                sessions.create(actor, values)
            else:
                sessions.update(actor, existing.id, values, version=existing.version)
            result.sessions.append(f"{cn_number(plan.term_number)}届{cn_number(item.number)}次"
                                   f"会议（{cn_date(item.start_on)}开幕）")
        settings = session.scalars(select(CommitteeSettings)).one()
        session.refresh(settings)  # the services above share this session and may have moved it
        CommitteeService(db).update(actor, {
            "region": plan.region, "parent_region": plan.parent_region, "level": plan.level,
            "founded_year": plan.founded_year, "current_term_id": term_id},
            version=settings.version)
        if plan.sectors == "none":
            result.sectors_removed = _remove_sectors(db, session, actor)
        elif plan.sectors in ("county", "city"):
            result.sectors_added = _add_sectors(db, session, actor, plan.sectors == "city")
        elif plan.sectors is not None:
            raise AppError(f"界别预置方案“{plan.sectors}”无效，应为 county、city 或 none。")
        return result


def _state(session: Session) -> SetupState:
    settings = session.scalars(select(CommitteeSettings)).first()
    terms = list(session.scalars(select(Term).where(Term.deleted_at.is_(None))
                                 .order_by(Term.number)))
    current = None
    if settings is not None and settings.current_term_id is not None:
        current = next((t for t in terms if t.id == settings.current_term_id), None)
    region = settings.region if settings is not None else ""
    filled = bool(terms) or (settings is not None and region != PLACEHOLDER_REGION)
    return SetupState(region=region or PLACEHOLDER_REGION,
                      level=settings.level if settings is not None else None,
                      parent_region=settings.parent_region if settings is not None else "",
                      founded_year=settings.founded_year if settings is not None else None,
                      terms=[term_name(t) for t in terms],
                      current_term=term_name(current) if current is not None else None,
                      filled_in=filled)


def _check_sessions(plan: SetupPlan) -> None:
    """Plenary sessions numbered once each, inside the term's dates."""
    problems: list[FieldProblem] = []
    seen: set[int] = set()
    label = f"第{cn_number(plan.term_number)}届"
    for item in plan.sessions:
        name = f"{cn_number(item.number)}次会议" if item.number >= 1 else f"第{item.number}次会议"
        if item.number in seen:
            problems.append(FieldProblem("number", SESSION.label_of("number"), name, "重复填写"))
        seen.add(item.number)
        if item.start_on < plan.term_start:
            problems.append(FieldProblem(
                "start_on", f"{name}{SESSION.label_of('start_on')}", cn_date(item.start_on),
                f"早于{label}的{TERM.label_of('start_on')}{cn_date(plan.term_start)}"))
        if plan.term_end is not None and item.start_on > plan.term_end:
            problems.append(FieldProblem(
                "start_on", f"{name}{SESSION.label_of('start_on')}", cn_date(item.start_on),
                f"晚于{label}的{TERM.label_of('end_on')}{cn_date(plan.term_end)}"))
    if problems:
        raise ValidationError(problems, SESSION.label)


def _standard_sectors(city: bool) -> list[tuple[str, str, str]]:
    """(group, sector, short name) in roster order; the city list adds to the county list."""
    rows = [(group, name, short) for group, sectors in SECTOR_GROUPS for name, short in sectors]
    if city:
        for group, name, short in CITY_EXTRA_SECTORS:
            last = max(i for i, row in enumerate(rows) if row[0] == group)
            rows.insert(last + 1, (group, name, short))
    return rows


def _add_sectors(db: Database, session: Session, actor: Actor, city: bool) -> list[str]:
    """Add the standard 界别 (and their 界别组) that the database lacks, then put the
    standard ones in roster order ahead of any the clerk added."""
    units, sectors = UnitService(db), SectorService(db)
    live_groups = {u.name: u.id for u in session.scalars(select(Unit).where(
        Unit.kind == UnitKind.SECTOR_GROUP, Unit.deleted_at.is_(None)))}
    live = {s.name: s.id for s in session.scalars(select(Sector).where(
        Sector.deleted_at.is_(None)))}
    added: list[str] = []
    for group, name, short in _standard_sectors(city):
        if group not in live_groups:
            live_groups[group] = units.create(actor, {
                "name": group, "short_name": group, "kind": UnitKind.SECTOR_GROUP}).value.id
        if name not in live:
            live[name] = sectors.create(actor, {
                "name": name, "short_name": short, "group_id": live_groups[group],
                "sort_order": sectors.next_order()}).value.id
            added.append(name)
    if added:
        standard = [live[name] for _group, name, _short in _standard_sectors(city)]
        rows = list(session.scalars(select(Sector).where(
            Sector.deleted_at.is_(None)).order_by(Sector.sort_order)))
        for row in rows:
            session.refresh(row)  # versions as the services above left them
        others = [r.id for r in rows if r.id not in standard]
        sectors.reorder(actor, standard + others, versions={r.id: r.version for r in rows})
    return added


def _remove_sectors(db: Database, session: Session, actor: Actor) -> list[str]:
    """Move the 界别 and 界别组 to the recycle bin; refused while a member belongs to one."""
    rows = list(session.scalars(select(Sector).where(Sector.deleted_at.is_(None))))
    used = set(session.scalars(select(MemberTerm.sector_id).where(
        MemberTerm.sector_id.is_not(None))))
    in_use = [s.name for s in rows if s.id in used]
    if in_use:
        problem = FieldProblem("sectors", SECTOR.label, "、".join(in_use[:5]),
                               "已有委员属于这些界别，不能清空界别列表")
        raise ValidationError([problem], SECTOR.label)
    if rows:
        SectorService(db).delete(actor, {s.id: s.version for s in rows})
    groups = {u.id: u.version for u in session.scalars(select(Unit).where(
        Unit.kind == UnitKind.SECTOR_GROUP, Unit.deleted_at.is_(None)))
        if not _has_members(session, u.id)}
    if groups:
        UnitService(db).delete(actor, groups)
    return [s.name for s in rows]


def _has_members(session: Session, unit_id: int) -> bool:
    from app.models import UnitMembership

    return bool(session.scalar(select(func.count()).select_from(UnitMembership)
                               .where(UnitMembership.unit_id == unit_id)))


def level_of(text: Any) -> CommitteeLevel:
    """县 / 区 / 县级 / county → 县级; 市 / 市级 / city → 市级."""
    key = str(text or "").strip().lower()
    if key in ("县", "区", "县级", "区级", "county", CommitteeLevel.COUNTY.value):
        return CommitteeLevel.COUNTY
    if key in ("市", "市级", "city", CommitteeLevel.CITY.value):
        return CommitteeLevel.CITY
    raise AppError(f"政协层级“{text}”无效，应为 县、区 或 市。")


def region_of_name(name: str) -> str:
    """政协长子县委员会 → 长子县 (the committee's name is always 政协 + region + 委员会)."""
    text = "".join(str(name or "").split())
    region = text.removeprefix("中国人民政治协商会议").removeprefix("政协").removesuffix("委员会")
    if not region or region == text:
        raise AppError(f"政协名称“{name}”无效，应写成“政协××县委员会”的形式。")
    return region
