"""协商议事 platforms (有事来商量) and their sessions, on the generic record service.

A session's members (who took part, one row per 人次) are written with the session through
``member_ids``, so the session's version advances and the members' 履职档案 are announced.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from app.domain.schema import PLATFORM, PLATFORM_SESSION
from app.errors import FieldProblem
from app.models import Member, Platform, PlatformSession, PlatformSessionMember
from app.services import audit
from app.services.common import member_names, member_problems, year_range
from app.services.context import Changes
from app.services.crud import FilterFn, RecordService, SortFn

MEMBERS = "参加委员"


class PlatformService(RecordService[Platform]):
    model = Platform
    rtype = PLATFORM
    search_columns = (Platform.name, Platform.town)
    default_sort = "name"

    def filters(self) -> dict[str, FilterFn]:
        return {"level": lambda v: Platform.level == v,
                "unit_id": lambda v: Platform.unit_id == v,
                "town": lambda v: Platform.town == v}

    def sorts(self) -> dict[str, SortFn]:
        return {"id": lambda: [Platform.id], "name": lambda: [Platform.name],
                "level": lambda: [Platform.level, Platform.name],
                "town": lambda: [Platform.town, Platform.name],
                "established_on": lambda: [Platform.established_on]}

    def check(self, session: Session, values: dict[str, Any], current: Platform | None
              ) -> list[FieldProblem]:
        """One live platform of a name in a 乡镇 (the same 议事室 entered twice is a mistake)."""
        def get(name: str) -> Any:
            return values[name] if name in values else getattr(current, name, None)

        problems = self._check_sessions_after(session, values, current)
        name, town = get("name"), get("town") or ""
        if not name:
            return problems
        stmt = select(Platform.id).where(Platform.name == name, Platform.town == town,
                                         Platform.deleted_at.is_(None))
        if current is not None:
            stmt = stmt.where(Platform.id != current.id)
        if session.scalar(stmt.limit(1)) is None:
            return problems
        where = f"“{town}”" if town else ""
        return [*problems, FieldProblem("name", PLATFORM.label_of("name"), name,
                                        f"{where}已有名为“{name}”的协商议事平台，请勿重复登记")]

    @staticmethod
    def _check_sessions_after(session: Session, values: dict[str, Any],
                              current: Platform | None) -> list[FieldProblem]:
        """A platform is not set up after a session already held on it."""
        day = values.get("established_on")
        if current is None or day is None:
            return []
        first = session.scalar(select(func.min(PlatformSession.held_on)).where(
            PlatformSession.platform_id == current.id, PlatformSession.deleted_at.is_(None)))
        if first is None or first >= day:
            return []
        return [FieldProblem("established_on", PLATFORM.label_of("established_on"), day,
                             f"晚于本平台已有议事活动的日期{first:%Y-%m-%d}")]

    def check_delete(self, session: Session, obj: Platform) -> str | None:
        n = session.scalar(select(func.count()).where(
            PlatformSession.platform_id == obj.id, PlatformSession.deleted_at.is_(None))) or 0
        return (f"该平台还有{n}次协商议事活动，请先删除这些活动（或保留平台）"
                if n else None)

    def session_counts(self, ids: Iterable[int]) -> dict[int, int]:
        """Live sessions held on each platform of ``ids``."""
        wanted = list(ids)
        if not wanted:
            return {}
        with self.db.reader() as session:
            return dict(session.execute(  # type: ignore[arg-type]
                select(PlatformSession.platform_id, func.count())
                .where(PlatformSession.platform_id.in_(wanted),
                       PlatformSession.deleted_at.is_(None))
                .group_by(PlatformSession.platform_id)).all())


class PlatformSessionService(RecordService[PlatformSession]):
    model = PlatformSession
    rtype = PLATFORM_SESSION
    default_sort = "held_on"
    extra_keys = frozenset({"member_ids"})

    def load(self, stmt: Select[Any]) -> Select[Any]:
        return stmt.options(selectinload(PlatformSession.members))

    def search_condition(self, text: str) -> ColumnElement[bool] | None:
        """Topic, the platform's name or 乡镇, or a member who took part."""
        like = f"%{text}%"
        return or_(
            func.lower(PlatformSession.topic).like(like),
            PlatformSession.platform_id.in_(select(Platform.id).where(or_(
                func.lower(Platform.name).like(like), func.lower(Platform.town).like(like)))),
            exists().where(PlatformSessionMember.session_id == PlatformSession.id,
                           PlatformSessionMember.member_id.in_(
                               select(Member.id).where(func.lower(Member.name).like(like)))))

    def filters(self) -> dict[str, FilterFn]:
        def of_platforms(*conditions: Any) -> ColumnElement[bool]:
            return PlatformSession.platform_id.in_(select(Platform.id).where(*conditions))

        return {
            "year": lambda v: year_range(PlatformSession.held_on, v),
            "platform_id": lambda v: PlatformSession.platform_id == v,
            "level": lambda v: of_platforms(Platform.level == v),
            "member_id": lambda v: exists().where(
                PlatformSessionMember.session_id == PlatformSession.id,
                PlatformSessionMember.member_id == v),
        }

    def sorts(self) -> dict[str, SortFn]:
        return {"id": lambda: [PlatformSession.id],
                "held_on": lambda: [PlatformSession.held_on],
                "topic": lambda: [PlatformSession.topic],
                "participants": lambda: [PlatformSession.participants]}

    def describe(self, obj: PlatformSession) -> str:
        return f"{obj.held_on:%Y-%m-%d} {obj.topic}" if obj.held_on else obj.topic

    def check(self, session: Session, values: dict[str, Any], current: PlatformSession | None
              ) -> list[FieldProblem]:
        """Not before the platform was set up."""
        def get(name: str) -> Any:
            return values[name] if name in values else getattr(current, name, None)

        platform = session.get(Platform, get("platform_id")) if get("platform_id") else None
        held = get("held_on")
        if platform is not None and held and platform.established_on \
                and held < platform.established_on:
            return [FieldProblem("held_on", PLATFORM_SESSION.label_of("held_on"), held,
                                 f"早于“{platform.name}”的建立日期"
                                 f"{platform.established_on:%Y-%m-%d}")]
        return []

    def check_extra(self, session: Session, values: dict[str, Any], extra: dict[str, Any],
                    current: PlatformSession | None) -> list[FieldProblem]:
        """The members who took part: each live and listed once; no more members than the
        session's 参加人数 (which counts everyone present)."""
        raw = extra.get("member_ids")
        problems: list[FieldProblem] = []
        if raw is not None:
            ids, _found, issues = member_problems(session, list(raw), "第{n}位参加委员",
                                                  "不能列为参加委员", "位")
            problems += [FieldProblem("member_ids", p.label, p.value, p.message)
                         for p in issues]
            extra["member_ids"] = ids
            count = len(ids)
        else:
            count = len(current.members) if current is not None else 0
        total = values["participants"] if "participants" in values else getattr(
            current, "participants", None)
        if total is not None and count > total:
            problems.append(FieldProblem(
                "participants", PLATFORM_SESSION.label_of("participants"), total,
                f"少于所列参加委员人数（{count}人）；参加人数应包括委员和其他参加者"))
        return problems

    def write_extra(self, session: Session, obj: PlatformSession, extra: dict[str, Any]
                    ) -> audit.Diff:
        wanted = extra.get("member_ids")
        if wanted is None:
            return {}
        # no flush before the members are in place: one write, one version step
        with session.no_autoflush:
            before = [m.member_id for m in obj.members]
            if before == list(wanted):
                return {}
            names = dict(session.execute(select(Member.id, Member.name).where(
                Member.id.in_(set(before) | set(wanted)))).all())
        existing = {m.member_id: m for m in obj.members}
        obj.members = [existing.get(i) or PlatformSessionMember(member_id=i) for i in wanted]
        for position, row in enumerate(obj.members, start=1):
            row.position = position
        return {MEMBERS: ("、".join(names.get(i, "") for i in before) or None,
                          "、".join(names.get(i, "") for i in wanted))}

    def snapshot_related(self, session: Session, obj: PlatformSession) -> Any:
        return {m.member_id for m in obj.members}

    def related_changes(self, session: Session, obj: PlatformSession, extra: dict[str, Any],
                        before: Any) -> Changes:
        """The platform (its session count) and the members who joined or left."""
        changes = Changes().add("platforms", obj.platform_id)
        changed = {m.member_id for m in obj.members} ^ (before or set())
        return changes.add("members", *changed) if changed else changes

    def member_names(self, ids: Iterable[int]) -> dict[int, str]:
        return member_names(self.db, ids)

    def platform_names(self) -> dict[int, str]:
        """Every platform's name by id (deleted ones too: they are on old sessions)."""
        with self.db.reader() as session:
            return dict(session.execute(select(Platform.id, Platform.name)).all())  # type: ignore[arg-type]
