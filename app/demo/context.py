"""State shared by the demo generator's stages: the random source, the writer, and what the
earlier stages created (terms, units, seats) in the shape the later stages need."""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from app.demo.names import NameMaker
from app.demo.scale import DemoScale
from app.demo.writer import RowWriter
from app.domain.enums import CppccPost, LeftReason, TermOrigin, UnitKind, UnitRole


class DemoCancelled(Exception):  # noqa: N818 - public name callers already catch
    """The caller asked to stop; the transaction was rolled back and nothing was written."""

    def __init__(self) -> None:
        super().__init__("已取消生成演示数据，数据库未作任何改动。")


@dataclass
class SessionInfo:
    id: int
    term_id: int
    number: int
    start_on: dt.date
    end_on: dt.date
    assign_on: dt.date  # 交办会: proposals of this session go to departments


@dataclass
class TermInfo:
    id: int
    number: int
    start_on: dt.date
    end_on: dt.date
    sessions: list[SessionInfo] = field(default_factory=list)


@dataclass
class UnitInfo:
    id: int
    name: str
    kind: UnitKind
    topic_codes: tuple[str, ...] = ()  # subject areas (category codes) a committee covers
    township: str = ""  # liaison groups and 委员之家


@dataclass
class SectorInfo:
    id: int
    name: str
    group_id: int | None


@dataclass
class Department:
    id: int
    name: str
    short_name: str
    core: str  # the name without its place prefix: 住房和城乡建设管理局


@dataclass
class Seat:
    """One member's seat in one term (a MemberTerm row)."""

    member_id: int
    term_id: int
    sector_id: int
    post: CppccPost
    is_standing: bool
    standing_since: dt.date | None
    joined_on: dt.date
    left_on: dt.date | None
    origin: TermOrigin = TermOrigin.ELECTION
    left_reason: LeftReason | None = None
    left_note: str = ""

    def standing_on(self, day: dt.date) -> bool:
        return self.is_standing and (self.standing_since is None or self.standing_since <= day)

    def active_on(self, day: dt.date) -> bool:
        return self.joined_on <= day and (self.left_on is None or self.left_on > day)


@dataclass
class DemoContext:
    rng: random.Random
    scale: DemoScale
    today: dt.date
    writer: RowWriter
    names: NameMaker
    check_cancel: Callable[[], None]
    window_start: dt.date
    kinds: dict[str, int] = field(default_factory=dict)
    units: list[UnitInfo] = field(default_factory=list)
    sectors: list[SectorInfo] = field(default_factory=list)
    departments: list[Department] = field(default_factory=list)
    terms: list[TermInfo] = field(default_factory=list)
    seats: dict[int, list[Seat]] = field(default_factory=dict)  # term id → seats
    member_names: dict[int, str] = field(default_factory=dict)
    member_weight: dict[int, float] = field(default_factory=dict)  # how active a member is
    unit_members: dict[int, list[tuple[int, UnitRole]]] = field(default_factory=dict)
    group_sectors: dict[int, set[int]] = field(default_factory=dict)  # 界别组 → 界别 ids
    leaders: dict[str, str] = field(default_factory=dict)  # post → "县委书记 王某某"
    proposal_categories: list[tuple[str, str]] = field(default_factory=list)  # (label, code)
    opinion_categories: list[tuple[str, str]] = field(default_factory=list)
    _leaders_cache: dict[int, list[int]] = field(default_factory=dict)
    _month_cache: dict[tuple[int, int, int, int], list[int]] = field(default_factory=dict)
    _weights_cache: dict[tuple[int, int, int], tuple[list[int], list[float]]] = field(
        default_factory=dict
    )

    # ── places and names ────────────────────────────────────────────────────────────────

    @property
    def place(self) -> str:
        return self.scale.region

    @property
    def place_word(self) -> str:
        """县 or 市: "县委书记", "县政协主席"."""
        return self.scale.region[-1]

    def units_of(self, kind: UnitKind) -> list[UnitInfo]:
        return [u for u in self.units if u.kind is kind]

    def unit_named(self, name: str) -> UnitInfo:
        return next(u for u in self.units if u.name == name)

    @property
    def office(self) -> UnitInfo:
        return self.units_of(UnitKind.OFFICE)[0]

    @property
    def research(self) -> UnitInfo:
        return self.units_of(UnitKind.RESEARCH_CENTER)[0]

    @property
    def current_term(self) -> TermInfo:
        return self.terms[-1]

    def term_on(self, day: dt.date) -> TermInfo:
        for term in reversed(self.terms):
            if term.start_on <= day:
                return term
        return self.terms[0]

    def sessions_between(self, start: dt.date, end: dt.date) -> list[SessionInfo]:
        return [s for t in self.terms for s in t.sessions if start <= s.start_on <= end]

    # ── who is active ───────────────────────────────────────────────────────────────────

    def active_seats(self, day: dt.date) -> list[Seat]:
        return [s for s in self.seats[self.term_on(day).id] if s.active_on(day)]

    def term_leaders(self, day: dt.date) -> list[int]:
        """Chair, vice-chairs and secretary-general of the term on ``day`` (chair first).

        Leaders keep their seats for the whole term in the demo, so this is cached per term.
        """
        term = self.term_on(day)
        cached = self._leaders_cache.get(term.id)
        if cached is None:
            rank = {CppccPost.CHAIR: 0, CppccPost.VICE_CHAIR: 1, CppccPost.SECRETARY_GENERAL: 2}
            seats = sorted(
                (s for s in self.seats[term.id] if s.post in rank), key=lambda s: rank[s.post]
            )
            cached = self._leaders_cache[term.id] = [s.member_id for s in seats]
        return cached

    def month_pool(self, day: dt.date, unit_id: int = 0) -> list[int]:
        """Member ids seated for the whole month of ``day`` — or for the part of it that lies
        in the term of ``day`` — in ``unit_id`` if given (a 界别组 by its 界别).

        Whole-month membership makes the pool cacheable and still guarantees that every
        participant drawn from it was a member on the event's date.
        """
        term = self.term_on(day)
        key = (day.year, day.month, unit_id, term.id)
        pool = self._month_cache.get(key)
        if pool is None:  # the month, or the part of it in the term of ``day``
            first = max(day.replace(day=1), term.start_on)
            last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
            last = min(last, term.end_on - dt.timedelta(days=1))
            term_seats = self.seats[term.id]
            ids = [
                s.member_id
                for s in term_seats
                if s.joined_on <= first and (s.left_on is None or s.left_on > last)
            ]
            if unit_id and unit_id in self.group_sectors:  # 界别组: members of its 界别
                sectors = self.group_sectors[unit_id]
                sector_of = {s.member_id: s.sector_id for s in term_seats}
                ids = [m for m in ids if sector_of[m] in sectors]
            elif unit_id:
                in_unit = {m for m, _ in self.unit_members.get(unit_id, [])}
                ids = [m for m in ids if m in in_unit]
            pool = self._month_cache[key] = ids
        return pool

    def pick_weighted(self, day: dt.date, k: int = 1) -> list[int]:
        """``k`` distinct members active all month, the more active ones more often."""
        key = (day.year, day.month, self.term_on(day).id)
        cached = self._weights_cache.get(key)
        if cached is None:
            ids = self.month_pool(day)
            cum: list[float] = []
            total = 0.0
            for m in ids:
                total += self.member_weight[m]
                cum.append(total)
            cached = self._weights_cache[key] = (ids, cum)
        ids, cum = cached
        if not ids:
            return []
        k = min(k, len(ids))
        chosen: list[int] = []
        while len(chosen) < k:
            m = ids[bisect.bisect(cum, self.rng.random() * cum[-1])]
            if m not in chosen:
                chosen.append(m)
        return chosen
