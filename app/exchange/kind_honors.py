"""表彰: one line per honour, of a member (named in 委员, namesakes told apart by their birth
month, "张伟（1975.03）") or of a unit (named in 受表彰单位).

A line matches a stored honour only on the same recipient, 荣誉名称 and 表彰日期.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.schema import HONOR
from app.exchange.kinds import Column, Context, ImportKind, cell_value, col
from app.exchange.model import Entry
from app.exchange.normalize import CellError, split_items
from app.models import Honor
from app.services.context import Actor, Changes
from app.services.honors import HonorService

H = HONOR
COLUMNS: tuple[Column, ...] = (
    col(H, "member_id", "受表彰委员", "委员姓名", "姓名", parse="text", width=12,
        note="委员个人的表彰填姓名；同名委员加出生年月，如“张伟（1975.03）”。"
             "单位（集体）的表彰不填，填“受表彰单位”。"),
    col(H, "recipient", "受表彰集体", "获奖单位", width=20,
        note="单位（集体）获得的表彰填写，如“示范县政协办公室”。"),
    col(H, "title", "表彰名称", "荣誉称号", "奖项", "荣誉", width=30, note="必填。"),
    col(H, "level", "级别", "表彰层级", width=10,
        note="必填：国家级、省级、市级、县级或政协内部。"),
    col(H, "awarded_on", "日期", "时间", "表彰时间", "获奖时间", width=12,
        note="必填。如2024-01-20或2024年1月20日。"),
    col(H, "awarding_body", "表彰单位", "颁发单位", "授予机关", width=24),
)
_KEYS = [c.key for c in COLUMNS]


class HonorKind(ImportKind):
    name = "honors"
    label = "表彰"
    title = "表彰导入模板"
    rtype = HONOR
    service = HonorService
    columns = COLUMNS

    def prepare(self, entry: Entry, ctx: Context) -> None:
        raw = entry.values.get("member_id")
        if raw in (None, ""):
            entry.values.pop("member_id", None)
            return
        name, notes = split_items(str(raw))
        try:
            member_id, rest = ctx.lookups.member(name, notes)
            if rest:
                raise CellError(f"括号中的“{'，'.join(rest)}”无法识别：应为出生年月或身份证尾号")
        except CellError as exc:
            entry.values.pop("member_id")
            entry.problems.append(self.problem(ctx, entry.row, "member_id", raw, str(exc)))
            return
        entry.values["member_id"] = member_id

    def identity(self, entry: Entry) -> list[tuple[Any, ...]]:
        v = entry.values
        who = v.get("member_id") or v.get("recipient")
        if not who or not v.get("title") or not v.get("awarded_on"):
            return []
        return [("honor", who, v["title"], v["awarded_on"])]

    def identity_reason(self, key: tuple[Any, ...]) -> str:
        return "受表彰者、荣誉名称和表彰日期相同"

    def find_existing(self, session: Session, entry: Entry, ctx: Context
                      ) -> list[tuple[int, str, str]]:
        v = entry.values
        if not v.get("title") or not v.get("awarded_on"):
            return []
        stmt = select(Honor).where(Honor.deleted_at.is_(None), Honor.title == v["title"],
                                   Honor.awarded_on == v["awarded_on"])
        if v.get("member_id"):
            stmt = stmt.where(Honor.member_id == v["member_id"])
        elif v.get("recipient"):
            stmt = stmt.where(Honor.member_id.is_(None), Honor.recipient == v["recipient"])
        else:
            return []
        return [(h.id, f"表彰“{self.svc.describe(h)}”（编号{h.id}）",
                 self.identity_reason(())) for h in session.scalars(stmt)]

    def validate(self, session: Session, entry: Entry, ctx: Context, current: Any) -> Any:
        # a member who could not be found is listed once, at the cell (not also "须选择")
        return self.check_record(session, ctx, entry, self.data(entry, _KEYS, current), {},
                                 current)

    def write(self, session: Session, actor: Actor, entry: Entry, prepared: Any, current: Any,
              ctx: Context) -> tuple[Any, Changes]:
        obj = self.save_record(session, actor, ctx, prepared, current)
        member = prepared.get("member_id")
        return obj, Changes().add("members", member) if member else Changes()

    def export_records(self, session: Session, ctx: Context, masked: bool
                       ) -> Iterator[list[list[Any]]]:
        lk = ctx.lookups
        honors = session.scalars(select(Honor).where(Honor.deleted_at.is_(None))
                                 .order_by(Honor.awarded_on, Honor.id)).all()
        for honor in honors:
            line = []
            for c in self.columns:
                if c.key == "member_id":
                    line.append(lk.member_label(honor.member_id)
                                if honor.member_id in lk.member_by_id else "")
                else:
                    line.append(cell_value(getattr(honor, c.key)))
            yield [line]
