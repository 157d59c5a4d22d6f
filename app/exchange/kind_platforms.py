"""协商议事平台 and 协商议事活动: one line per platform, one line per session.

A session names its platform by name; when two platforms share a name, the 乡镇 goes in
parentheses ("东关村协商议事室（城关镇）"). 参加委员 lists members separated by 、 (namesakes with
their birth month, "张伟（1975.03）"). A platform matches a stored one on 名称 and 乡镇; a
session on its platform, 议事日期 and 议题.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.schema import PLATFORM, PLATFORM_SESSION
from app.exchange.kinds import Column, Context, FlatKind, ImportKind, cell_value, col
from app.exchange.model import Entry
from app.exchange.normalize import CellError, parse_text, split_items
from app.models import Platform, PlatformSession
from app.services.context import Actor, Changes
from app.services.platforms import MEMBERS, PlatformService, PlatformSessionService

P, S = PLATFORM, PLATFORM_SESSION
PLATFORM_COLUMNS: tuple[Column, ...] = (
    col(P, "name", "名称", "平台", "议事平台", "议事室名称", width=24,
        note="必填，如“东关村协商议事室”。"),
    col(P, "level", "层级", "平台类型", "类型", width=12,
        note="必填：乡镇（街道）、村、社区或委员之家。"),
    col(P, "town", "乡镇", "所属乡镇", "乡镇（街道）", "街道", width=12),
    col(P, "unit_id", "联系单位", "联络组", "负责机构", parse="unit", width=16,
        note="本会机构名称，如“城关镇政协工作联络组”；可不填。"),
    col(P, "established_on", "成立日期", "建立时间", "成立时间", width=12),
    col(P, "notes", width=20),
)
SESSION_COLUMNS: tuple[Column, ...] = (
    col(S, "platform_id", "平台", "议事平台", "平台名称", "议事室", parse="text", width=24,
        note="必填，应为已登记的协商议事平台名称；重名时在括号中写乡镇，"
             "如“东关村协商议事室（城关镇）”。"),
    col(S, "held_on", "日期", "议事时间", "活动日期", "时间", width=12,
        note="必填。如2024-05-08或2024年5月8日。"),
    col(S, "topic", "议事主题", "协商议题", "主题", width=24, note="必填。"),
    col(S, "participants", "参加人数（人）", "参会人数", "人数", width=8,
        note="全部参加人数（委员和群众等）。"),
    Column("member_ids", MEMBERS, "list", None, ("参加的委员", "参与委员", "委员"), width=24,
           note="政协委员姓名，用“、”分隔；同名委员加出生年月，如“张伟（1975.03）”。"),
    col(S, "results_done", "办成实事", "办成实事件数", "落实协商结果", "落实件数", width=8),
    col(S, "notes", "情况", "备注", width=24),
)
_SESSION_KEYS = [c.key for c in SESSION_COLUMNS if c.key in S.fields]


class PlatformKind(FlatKind):
    name = "platforms"
    label = "协商议事平台"
    title = "协商议事平台导入模板"
    rtype = PLATFORM
    service = PlatformService
    columns = PLATFORM_COLUMNS
    names_members = False

    def identity(self, entry: Entry) -> list[tuple[Any, ...]]:
        v = entry.values
        return [("platform", v["name"], v.get("town") or "")] if v.get("name") else []

    def identity_reason(self, key: tuple[Any, ...]) -> str:
        return "平台名称和所属乡镇相同"

    def find_existing(self, session: Session, entry: Entry, ctx: Context
                      ) -> list[tuple[int, str, str]]:
        v = entry.values
        if not v.get("name"):
            return []
        stmt = select(Platform).where(Platform.deleted_at.is_(None), Platform.name == v["name"],
                                      Platform.town == (v.get("town") or ""))
        return [(p.id, f"协商议事平台“{p.name}”（编号{p.id}）", self.identity_reason(()))
                for p in session.scalars(stmt)]

    def export_records(self, session: Session, ctx: Context, masked: bool
                       ) -> Iterator[list[list[Any]]]:
        rows = session.scalars(select(Platform).where(Platform.deleted_at.is_(None))
                               .order_by(Platform.town, Platform.name, Platform.id)).all()
        for p in rows:
            yield [[ctx.lookups.unit_names.get(p.unit_id or 0, "") if c.key == "unit_id"
                    else cell_value(getattr(p, c.key)) for c in self.columns]]


class PlatformSessionKind(ImportKind):
    name = "platform_sessions"
    label = "协商议事活动"
    title = "协商议事活动导入模板"
    rtype = PLATFORM_SESSION
    service = PlatformSessionService
    columns = SESSION_COLUMNS

    def _platforms(self, ctx: Context) -> dict[str, list[tuple[int, str]]]:
        """Live platforms by name: (id, 乡镇), read once per import."""
        found = ctx.shared.get("platforms")
        if found is None:
            found = {}
            with self.db.reader() as session:
                for p in session.scalars(select(Platform).where(Platform.deleted_at.is_(None))
                                         .order_by(Platform.id)):
                    found.setdefault(p.name, []).append((p.id, p.town))
            ctx.shared["platforms"] = found
        return found

    def _platform(self, raw: Any, ctx: Context) -> int:
        name, notes = split_items(parse_text(raw))
        candidates = self._platforms(ctx).get(name, [])
        if notes:
            candidates = [c for c in candidates if c[1] in notes]
        if not candidates:
            raise CellError(f"没有名为“{name}”的协商议事平台"
                            + ("（在括号中的乡镇）" if notes else "")
                            + "；请先在“协商议事—协商议事平台”中登记或导入平台")
        if len(candidates) > 1:
            towns = "、".join(t or "未填乡镇" for _i, t in candidates)
            raise CellError(f"有{len(candidates)}个名为“{name}”的平台（{towns}），"
                            f"请在名称后用括号注明乡镇，如“{name}（{candidates[0][1]}）”")
        return candidates[0][0]

    def prepare(self, entry: Entry, ctx: Context) -> None:
        raw = entry.values.get("platform_id")
        if raw not in (None, ""):
            try:
                entry.values["platform_id"] = self._platform(raw, ctx)
            except CellError as exc:
                entry.values.pop("platform_id")
                entry.problems.append(self.problem(ctx, entry.row, "platform_id", raw, str(exc)))
        ids: list[int] = []
        for item in entry.values.get("member_ids") or []:
            name, notes = split_items(item)
            try:
                member_id, rest = ctx.lookups.member(name, notes)
                if rest:
                    raise CellError(f"括号中的“{'，'.join(rest)}”无法识别："
                                    "应为出生年月或身份证尾号")
                if member_id in ids:
                    raise CellError("该委员已列入，不能重复列入")
            except CellError as exc:
                entry.problems.append(self.problem(ctx, entry.row, "member_ids", item, str(exc)))
                continue
            ids.append(member_id)
        entry.extra["member_ids"] = ids if entry.values.get("member_ids") else None

    def identity(self, entry: Entry) -> list[tuple[Any, ...]]:
        v = entry.values
        if not isinstance(v.get("platform_id"), int) or not v.get("held_on") or not v.get("topic"):
            return []
        return [("session", v["platform_id"], v["held_on"], v["topic"])]

    def identity_reason(self, key: tuple[Any, ...]) -> str:
        return "平台、议事日期和议题相同"

    def find_existing(self, session: Session, entry: Entry, ctx: Context
                      ) -> list[tuple[int, str, str]]:
        keys = self.identity(entry)
        if not keys:
            return []
        _kind, platform_id, held_on, topic = keys[0]
        stmt = select(PlatformSession).where(
            PlatformSession.deleted_at.is_(None), PlatformSession.platform_id == platform_id,
            PlatformSession.held_on == held_on, PlatformSession.topic == topic)
        return [(s.id, f"协商议事活动“{self.svc.describe(s)}”（编号{s.id}）",
                 self.identity_reason(())) for s in session.scalars(stmt)]

    def validate(self, session: Session, entry: Entry, ctx: Context, current: Any) -> Any:
        data = self.data(entry, _SESSION_KEYS, current)
        wanted = entry.extra.get("member_ids")
        if wanted is None and current is None:
            wanted = []
        extra = {} if wanted is None else {"member_ids": list(wanted)}
        values = self.check_record(session, ctx, entry, data, extra, current)
        return values, extra

    def write(self, session: Session, actor: Actor, entry: Entry, prepared: Any, current: Any,
              ctx: Context) -> tuple[Any, Changes]:
        values, extra = prepared
        before = {m.member_id for m in current.members} if current is not None else set()

        obj = self.save_record(session, actor, ctx, values, current, extra=extra)
        now = set(extra.get("member_ids", before))
        changed = now ^ before
        return obj, Changes().add("members", *changed) if changed else Changes()

    def export_records(self, session: Session, ctx: Context, masked: bool
                       ) -> Iterator[list[list[Any]]]:
        lk = ctx.lookups
        platforms = {p.id: p for p in session.scalars(select(Platform))}
        named: dict[str, int] = {}
        for p in platforms.values():
            if p.deleted_at is None:
                named[p.name] = named.get(p.name, 0) + 1
        rows = session.scalars(self.svc.load(
            select(PlatformSession).where(PlatformSession.deleted_at.is_(None))
            .order_by(PlatformSession.held_on, PlatformSession.id))).all()
        for s in rows:
            line = []
            for c in self.columns:
                if c.key == "platform_id":
                    p = platforms[s.platform_id]
                    line.append(f"{p.name}（{p.town}）" if named.get(p.name, 0) > 1 and p.town
                                else p.name)
                elif c.key == "member_ids":
                    line.append("、".join(lk.member_label(m.member_id) for m in s.members
                                         if m.member_id in lk.member_by_id))
                else:
                    line.append(cell_value(getattr(s, c.key)))
            yield [line]
