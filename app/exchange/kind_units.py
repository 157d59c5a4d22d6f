"""机构及成员: 专委会, 界别组, 联络组, 委员之家 … with their members and roles.

A unit is one or more lines: the first gives 机构名称 and 机构类型 (and optionally 简称, 上级机构,
备注); each line may name one member with 职务 (主任, 副主任, 召集人, 成员 …) and 起始/截止日期.
Further members go on the lines below with the unit's cells left blank or merged, or with the
unit's name written again (a flat list: the unit on every line).

A unit is known exactly by its name. Importing adds the members listed and sets their role and
dates; members already in the unit and not in the file stay, and a blank cell keeps what is
stored (as everywhere in the import).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.domain.enums import UnitRole
from app.domain.schema import UNIT, UNIT_MEMBERSHIP
from app.exchange.aliases import enum_member
from app.exchange.kinds import Column, Context, ImportKind, cell_value, col, upsert
from app.exchange.model import Entry, Line, Problem
from app.exchange.normalize import CellError, parse_text, split_items
from app.models import Unit, UnitMembership
from app.services.context import Actor, Changes
from app.services.org import ROLE_RANK, UnitService, kind_rank

U, M = UNIT, UNIT_MEMBERSHIP
COLUMNS: tuple[Column, ...] = (
    col(U, "name", "机构", "单位名称", "名称", "专委会", "组织名称", label="机构名称", width=24,
        note="必填，如“提案委员会”“城关镇政协工作联络组”。同一机构的成员可写在下面各行"
             "（机构各列留空或合并单元格），也可以每行都写机构名称。"),
    col(U, "short_name", "机构简称", width=10),
    col(U, "kind", "类型", "机构类别", "类别", label="机构类型", width=12, required=True,
        note="新的机构必填：办公室、专门委员会、研究中心、界别组、乡镇联络组、委员之家、委员工作室或其他；"
             "已有的机构和下面各行可以留空。"),
    col(U, "parent_id", "上级", "所属机构", label="上级机构", parse="unit", width=16,
        note="本会已有的机构，如委员工作室所属的联络组；可不填。"),
    col(U, "notes", "机构备注", width=16),
    col(M, "member_id", "成员", "委员姓名", "成员姓名", "姓名", key="m.member_id", parse="text",
        child=True, width=12,
        note="委员姓名，每行一位；同名委员加出生年月，如“张伟（1975.03）”。"),
    col(M, "role", "担任职务", "机构职务", "职务（机构）", key="m.role",
        child=True, label="职务", width=10,
        note="主任、副主任、召集人、组长、联络员或成员；不填为成员。"),
    col(M, "since", "加入日期", "任职起始日期", "起始时间", key="m.since", child=True,
        label="起始日期", width=12),
    col(M, "until", "退出日期", "任职截止日期", "截止时间", key="m.until", child=True,
        label="截止日期", width=12),
)
_MAIN = [c.key for c in COLUMNS if not c.child]
_ROLE_ALIASES = {"主任委员": "主任", "副主任委员": "副主任", "委员": "成员"}


def _name_key(value: Any) -> str:
    return "".join(unicodedata.normalize("NFKC", str(value or "")).split())


class UnitKindImport(ImportKind):
    name = "units"
    label = "机构及成员"
    title = "机构及成员导入模板"
    rtype = UNIT
    service = UnitService
    columns = COLUMNS
    continuation = True
    key_rule = "机构按名称确定"
    key_fix = "核对“机构名称”"

    def parse(self, column: Column, value: Any, ctx: Context) -> Any:
        if column.key == "m.role":  # 主任委员 is 主任, "（召集人）" 召集人
            text = _name_key(parse_text(value)).strip("（）()")
            if not text:
                return None
            return enum_member(UnitRole, _ROLE_ALIASES.get(text, text))
        return super().parse(column, value, ctx)

    def group(self, lines: list[Line], ctx: Context) -> list[Entry]:
        """Continuation lines join the unit above; a line that writes an earlier unit's name
        again, with its other cells blank or the same, joins that unit too."""
        entries: list[Entry] = []
        by_name: dict[str, Entry] = {}
        for line in lines:
            if entries and self.is_continuation(line):
                entries[-1].lines.append(line)
                continue
            name = _name_key(line.values.get("name"))
            first = by_name.get(name)
            if first is not None and name and all(
                    line.values.get(k) in (None, "", first.lines[0].values.get(k))
                    and k not in line.bad for k in _MAIN):
                first.lines.append(line)
                continue
            entry = Entry([line])
            entries.append(entry)
            by_name.setdefault(name, entry)
        return entries

    def prepare(self, entry: Entry, ctx: Context) -> None:
        """Each member line's name becomes the member; a member twice in one unit is merged
        when the lines agree and refused when they do not."""
        seen: dict[int, dict[str, Any]] = {}
        kept = []
        for child in entry.children:
            row = child["_row"]
            raw = child.get("m.member_id")
            if raw in (None, ""):
                if any(child.get(k) not in (None, "") for k in ("m.role", "m.since", "m.until")):
                    entry.problems.append(self.problem(ctx, row, "m.member_id", raw,
                                                       "写了职务或日期，但没有写委员姓名",
                                                       label="成员"))
                continue
            name, notes = split_items(str(raw))
            try:
                member_id, rest = ctx.lookups.member(name, notes)
                if rest:
                    raise CellError(f"括号中的“{'，'.join(rest)}”无法识别："
                                    "应为出生年月或身份证尾号")
            except CellError as exc:
                entry.problems.append(self.problem(ctx, row, "m.member_id", raw, str(exc)))
                continue
            child["m.member_id"] = member_id
            since, until = child.get("m.since"), child.get("m.until")
            if since and until and until < since:
                entry.problems.append(self.problem(ctx, row, "m.until", self.cell(
                    entry, "m.until", row), f"早于起始日期{since:%Y-%m-%d}"))
            earlier = seen.get(member_id)
            if earlier is None:
                seen[member_id] = child
                kept.append(child)
                continue
            same = all(earlier.get(k) == child.get(k) for k in ("m.role", "m.since", "m.until"))
            if same:
                entry.problems.append(Problem(row, "", None, (
                    f"与第{earlier['_row']}行是同一机构的同一位委员，内容相同，已合并"),
                    warning=True))
            else:
                entry.problems.append(Problem(row, "", None, (
                    f"与第{earlier['_row']}行是同一机构的同一位委员，但职务或起止日期不同；"
                    "同一位委员在一个机构中只能写一行，请核对后只保留一行")))
        entry.children = kept

    def identity(self, entry: Entry) -> list[tuple[Any, ...]]:
        name = _name_key(entry.values.get("name"))
        return [("unit", name)] if name else []

    def identity_reason(self, key: tuple[Any, ...]) -> str:
        return "机构名称相同"

    def entry_text(self, entry: Entry) -> str:
        return str(entry.values.get("name") or f"第{entry.row}行的机构")

    def find_existing(self, session: Session, entry: Entry, ctx: Context
                      ) -> list[tuple[int, str, str]]:
        name = entry.values.get("name")
        if not name:
            return []
        stmt = select(Unit).where(Unit.deleted_at.is_(None), Unit.name == name)
        return [(u.id, f"机构“{u.name}”（编号{u.id}）", "机构名称相同")
                for u in session.scalars(stmt)]

    def validate(self, session: Session, entry: Entry, ctx: Context, current: Any) -> Any:
        values = self.check_record(session, ctx, entry, self.data(entry, _MAIN, current), {},
                                   current)
        wanted = []
        for child in entry.children:
            one: dict[str, Any] = {"member_id": child["m.member_id"]}
            for key in ("role", "since", "until"):
                if child.get(f"m.{key}") is not None:
                    one[key] = child[f"m.{key}"]
            wanted.append(one)
        return values, wanted

    def write(self, session: Session, actor: Actor, entry: Entry, prepared: Any, current: Any,
              ctx: Context) -> tuple[Any, Changes]:
        values, wanted = prepared
        names = ctx.lookups

        def members(obj: Unit) -> dict[str, tuple[Any, Any]]:
            changed = upsert(obj.memberships, wanted, "member_id",
                             lambda v: UnitMembership(**({"role": UnitRole.MEMBER} | v)))
            if not changed:
                return {}
            text = "、".join(names.member_label(v["member_id"]) for v in changed)
            return {"成员": (None, text)}

        obj = self.save_record(session, actor, ctx, values, current, children=members)
        return obj, Changes().add("members", *[v["member_id"] for v in wanted])

    def export_records(self, session: Session, ctx: Context, masked: bool
                       ) -> Iterator[list[list[Any]]]:
        lk = ctx.lookups
        units = session.scalars(select(Unit).where(Unit.deleted_at.is_(None))
                                .options(selectinload(Unit.memberships))
                                .order_by(kind_rank(), Unit.sort_order, Unit.id)).all()
        for unit in units:
            main = [unit.name, unit.short_name, unit.kind.label,
                    lk.unit_names.get(unit.parent_id, "") if unit.parent_id else "", unit.notes]
            rows = sorted((m for m in unit.memberships if m.member_id in lk.member_by_id),
                          key=lambda m: (ROLE_RANK[m.role], m.id))
            if not rows:
                yield [[*main, None, None, None, None]]
                continue
            lines = []
            for i, m in enumerate(rows):
                lines.append((main if i == 0 else [None] * len(main)) + [
                    lk.member_label(m.member_id), cell_value(m.role), m.since, m.until])
            yield lines
