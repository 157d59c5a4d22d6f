"""委员: one line per member and term seat (界别, 政协职务 …), with 专委会 and other units.

Lines of one person (same 身份证号, or same 姓名 and 出生年月) are one member with a seat in
each term listed. Units are written "提案委员会（副主任）", separated by 、; their start and end
default to the member's latest seat (任职日期, 离任日期) unless the notes give dates.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import AuditAction, Gender
from app.domain.identity import Identity, identity_or_none
from app.domain.privacy import mask_field
from app.domain.schema import MEMBER, MEMBER_TERM, UNIT_MEMBERSHIP
from app.exchange import member_units as units_text
from app.exchange.kinds import Column, Context, ImportKind, cell_value, col
from app.exchange.lookups import Lookups, MemberRef
from app.exchange.model import Entry, Line, Problem
from app.exchange.normalize import MASKED, CellError, MonthDate, shown, split_items
from app.models import Member, MemberTerm, Term, UnitMembership
from app.services.batch_rows import NewRecord
from app.services.context import Actor, Changes
from app.services.members import MemberService
from app.services.validation import clean

M, S = MEMBER, MEMBER_TERM
COMMITTEES, OTHER_UNITS = "units.committees", "units.other"


def _seat(name: str, *aliases: str, parse: str | None = None, note: str = "",
          width: float = 10) -> Column:
    return col(S, name, *aliases, key=f"seat.{name}", parse=parse, note=note, width=width,
               required=False)


COLUMNS: tuple[Column, ...] = (
    col(M, "name", "委员姓名", "名字", parse="name", width=10,
        note="必填。姓名中为对齐加的空格会自动去掉（张  琳 → 张琳）。"),
    col(M, "gender", width=6, note="男或女；不填时按身份证号确定。"),
    col(M, "ethnicity", "民族（族别）", width=8, note="如汉族、回族；写“汉”“回”也可以。"),
    col(M, "birth_date", "出生年月", "出生年月日", "生日", width=12,
        note="可写1975.03、1975年3月、197503、1975-3或完整日期；只写到月时记为当月1日。"),
    col(M, "native_place", width=10),
    col(M, "party", "政治面貌", "党派（政治面貌）", width=10,
        note="如中共、民盟、无党派人士、群众；写“中共党员”“民盟盟员”等也可以。"),
    col(M, "party_joined_on", "入党时间", "入派时间", "入党（派）年月"),
    col(M, "work_started_on", "参加工作年月", "工作时间"),
    col(M, "education", "文化程度", "最高学历", width=8, note="如研究生、大学、大专。"),
    col(M, "degree", width=8),
    col(M, "school_major", "毕业院校", "毕业院校系及专业", width=20),
    col(M, "professional_title", "专业技术职称", "专业技术职务", width=12),
    col(M, "title_level", width=8),
    col(M, "work_unit_post", "单位及职务", "工作单位和职务", "现工作单位及职务", "单位职务",
        "工作单位及职务（职称）", width=30),
    col(M, "employer_type", width=10),
    _seat("term_id", "届别", parse="term", width=8,
          note="如“第十届”或“10”；不填时为当前届次。同一委员在几届任职时每届写一行。"),
    _seat("sector_id", "所属界别", "界别名称", parse="sector", width=12,
          note="本会界别名称或简称，带不带“界”字均可。"),
    _seat("post", "政协职务", "职务（政协）", note="主席、副主席、秘书长、副秘书长、常委或委员。"),
    _seat("is_standing", "是否常委", "常委（是/否）", width=6, note="是或否（也可用√）。"),
    _seat("standing_since"),
    _seat("origin", note="换届产生或增补。"),
    _seat("joined_on", "任职时间"),
    _seat("left_on", "离任时间"),
    _seat("left_reason"),
    _seat("left_note", width=16),
    Column(COMMITTEES, "专委会", "list", None, ("所在专委会", "专门委员会", "所属专委会"),
           note="多个用“、”分隔，职务写在括号中，如“提案委员会（副主任）”。", width=20),
    Column(OTHER_UNITS, "其他所属机构", "list", None,
           ("联络组", "所在联络组", "乡镇联络组", "委员之家", "委员工作室", "所属机构"),
           note="联络组、委员之家、委员工作室等，写法同“专委会”。", width=20),
    col(M, "mobile", "手机", "手机号", "移动电话", "联系电话", parse="phone", width=14,
        note="11位手机号；请设为文本格式。"),
    col(M, "office_phone", "座机", "固定电话", "办公室电话", parse="phone", width=14,
        note="带区号，如0355-1234567。"),
    col(M, "address", "地址", "联系地址", "家庭住址", width=24),
    col(M, "postcode", "邮编", width=8),
    col(M, "email", "邮箱", "e-mail", "email", width=18),
    col(M, "id_number", "身份证号码", "公民身份号码", "身份证", parse="id", width=21,
        note="18位，末位X大小写均可。请先把该列设为文本格式再录入，否则Excel会把末几位变成0。"),
    col(M, "member_card_no", width=10),
    col(M, "other_posts", "社会职务", width=20),
    col(M, "expertise", "特长", "专业特长", width=16),
    col(M, "resume", "简历", width=30),
    col(M, "notes", width=16),
    col(M, "sort_number", "排序", width=6, note="手工排序号，填写后优先于姓氏笔画顺序。"),
)
_SEAT_KEYS = [c.key for c in COLUMNS if c.key.startswith("seat.")]
_SEAT_NAMES = [(key, key.removeprefix("seat.")) for key in _SEAT_KEYS]
_MEMBER_KEYS = [c.key for c in COLUMNS if c.key in M.fields]
_MEMBER_SET = frozenset(_MEMBER_KEYS)
_NO_MEMBER_VALUES = dict.fromkeys(_MEMBER_KEYS)


def _month(day: dt.date | None) -> tuple[int, int] | None:
    return (day.year, day.month) if day else None


@functools.lru_cache(maxsize=4096)
def _id_info(value: str) -> Identity | None:
    return identity_or_none(value)


def _id(value: Any) -> str:
    """The 18-character form of an identity number (as given when it is invalid)."""
    if not value or value is MASKED:
        return ""
    info = _id_info(str(value))
    return info.number if info else str(value)


class MemberKind(ImportKind):
    name = "members"
    label = "委员"
    title = "委员名册导入模板"
    rtype = MEMBER
    service = MemberService
    columns = COLUMNS
    names_members = False
    key_rule = "委员按身份证号，或姓名和出生年月确认是同一人"
    key_fix = "填写身份证号或出生年月"

    # ----- grouping --------------------------------------------------------------------
    def _person(self, line: Line) -> tuple[Any, ...]:
        number = _id(line.values.get("id_number"))
        if number:
            return ("id", number)
        return ("name", line.values.get("name"), _month(line.values.get("birth_date")))

    def _term_of(self, line: Line, ctx: Context) -> Any:
        """The term a line's seat is in (the current term when the file does not say)."""
        if "seat.term_id" in line.bad:
            return ("unread", shown(line.cells.get("seat.term_id")))
        return line.values.get("seat.term_id") or ctx.lookups.current_term_id

    def group(self, lines: list[Line], ctx: Context) -> list[Entry]:
        """One entry per person. A later line of the same person in another term adds that
        seat; in the same term it repeats the earlier line: merged when every cell is the
        same after normalising, refused on its own (naming both values) when not, so that
        the earlier line is still imported."""
        entries: dict[tuple[Any, ...], Entry] = {}
        out = []
        for line in lines:
            key = self._person(line)
            entry = entries.get(key) if key[1] else None
            if entry is None:
                entries[key] = Entry([line])
                out.append(entries[key])
                continue
            why = "身份证号相同" if key[0] == "id" else "姓名和出生年月相同"
            term = self._term_of(line, ctx)
            same_term = [e for e in entry.lines if self._term_of(e, ctx) == term]
            person = set(_MEMBER_KEYS) | {COMMITTEES, OTHER_UNITS}
            diffs = [d for e in entry.lines for d in self.differences(
                ctx, e, line, strict=False, keys=person & (e.cells.keys() | line.cells.keys()))]
            if same_term:
                diffs += self.differences(ctx, same_term[0], line)
            diffs = list(dict.fromkeys(diffs))
            if diffs:
                earlier = same_term[0].row if same_term else entry.row
                alone = Entry([line])
                alone.problems.append(Problem(line.row, "", None, (
                    f"与第{earlier}行是同一人（{why}），但内容不同：{'；'.join(diffs)}。"
                    "请核对后只保留一行（同一委员在不同届次任职时，每届写一行）")))
                out.append(alone)
            elif same_term:
                note = f"与第{same_term[0].row}行是同一人（{why}），内容相同，已合并"
                entry.merged_rows.append((line.row, note))
                entry.problems.append(Problem(line.row, "", None, note, warning=True))
            else:
                entry.lines.append(line)
        return out

    def assemble(self, entry: Entry, ctx: Context) -> None:
        first = entry.lines[0]
        lines = entry.lines
        if len(lines) == 1 and not entry.values:  # one line (most): its values, as below
            entry.values.update(_NO_MEMBER_VALUES)  # every member key, in order
            entry.values.update((k, v) for k, v in first.values.items() if k in _MEMBER_SET)
            lines = []
        for line in lines:
            for key in _MEMBER_KEYS:
                value = line.values.get(key)
                if key not in entry.values or entry.values[key] in (None, ""):
                    entry.values[key] = value
                elif value not in (None, "") and value != entry.values[key]:
                    entry.problems.append(self.problem(
                        ctx, line.row, key, line.cells.get(key),
                        f"与第{first.row}行是同一人，但该列与第{first.row}行不同；请核对后只保留一个值"))
        self._name_notes(entry, ctx)
        self._seats(entry, ctx)
        self._units(entry, ctx)

    def _name_notes(self, entry: Entry, ctx: Context) -> None:
        """张琳（女，回族） as published lists print names: the notes fill 性别 and 民族."""
        name = entry.values.get("name") or ""
        head, notes = split_items(name)
        if not notes:
            return
        entry.values["name"] = head
        for note in notes:
            if note in ("男", "女") and not entry.values.get("gender"):
                entry.values["gender"] = Gender.from_label(note)
            elif note.endswith("族") and not entry.values.get("ethnicity"):
                entry.values["ethnicity"] = note
            elif note not in ("男", "女", "常委") and not note.endswith("族"):
                entry.problems.append(self.problem(ctx, entry.row, "name", name,
                                                   f"姓名后括号中的“{note}”无法识别"))

    def _seats(self, entry: Entry, ctx: Context) -> None:
        seen: dict[int, int] = {}
        seats = []
        for line in entry.lines:
            got = line.values
            seat = {name: got[k] for k, name in _SEAT_NAMES if k in got}
            given = any(v not in (None, "") for v in seat.values())
            if not given and not any(k.startswith("seat.") for k in line.bad):
                continue
            if seat.get("term_id") is None and "seat.term_id" not in line.bad:
                if ctx.lookups.current_term_id is None:
                    entry.problems.append(self.problem(
                        ctx, line.row, "seat.term_id", line.cells.get("seat.term_id"),
                        "请填写届次（如“第十届”），或先在系统设置中设定当前届次",
                        label=S.label_of("term_id")))
                    continue
                seat["term_id"] = ctx.lookups.current_term_id
            term_id = seat.get("term_id")
            if term_id in seen:
                entry.problems.append(self.problem(
                    ctx, line.row, "seat.term_id", line.cells.get("seat.term_id"),
                    f"同一委员的{ctx.lookups.term_text(term_id)}已在第{seen[term_id]}行填写，"
                    "不能重复", label=S.label_of("term_id")))
                continue
            if term_id is not None:
                seen[term_id] = line.row
            seats.append(seat | {"_row": line.row})
        entry.extra["seats"] = seats

    def _units(self, entry: Entry, ctx: Context) -> None:
        units: dict[int, dict[str, Any]] = {}
        for line in entry.lines:
            for key in (COMMITTEES, OTHER_UNITS):
                for item in line.values.get(key) or []:
                    try:
                        unit_id, data = units_text.parse_item(
                            item, key == COMMITTEES, ctx.lookups)
                    except CellError as exc:
                        entry.problems.append(self.problem(
                            ctx, line.row, key, item, str(exc), label=self.by_key[key].label))
                        continue
                    units[unit_id] = data | {"_row": line.row, "_key": key}
        entry.extra["units"] = units

    # ----- duplicates ------------------------------------------------------------------
    def identity(self, entry: Entry) -> list[tuple[Any, ...]]:
        keys: list[tuple[Any, ...]] = []
        number = _id(entry.values.get("id_number"))
        if number:
            keys.append(("id", number))
        birth = _month(entry.values.get("birth_date"))
        if birth:
            keys.append(("name", entry.values.get("name"), birth))
        return keys

    def identity_reason(self, key: tuple[Any, ...]) -> str:
        return "身份证号相同" if key[0] == "id" else "姓名和出生年月相同"

    def same_record(self, first: Entry, later: Entry, key: tuple[Any, ...]) -> bool:
        """Namesakes born in the same month are different people when both rows give
        different identity numbers."""
        a, b = _id(first.values.get("id_number")), _id(later.values.get("id_number"))
        return key[0] == "id" or not (a and b and a != b)

    def _candidates(self, entry: Entry, ctx: Context) -> list[tuple[MemberRef, str | None]]:
        """Members with the same identity number or name, each with the exact reason it is
        the same person (None: the same name only, nothing tells them apart or together).
        The look-ups are read in the same transaction and follow the members it adds."""
        lk = ctx.lookups
        last = ctx.shared.get("candidates")  # ``find_possible`` right after ``find_existing``
        if last is not None and last[0] is entry and last[1] == len(lk.member_by_id):
            return list(last[2])
        found_for = self._find_candidates(entry, lk)
        ctx.shared["candidates"] = (entry, len(lk.member_by_id), found_for)
        return list(found_for)

    @staticmethod
    def _find_candidates(entry: Entry, lk: Lookups) -> list[tuple[MemberRef, str | None]]:
        number = _id(entry.values.get("id_number"))
        name = entry.values.get("name") or ""
        birth = _month(entry.values.get("birth_date"))
        found = list(lk.by_id_number.get(number, [])) if number else []
        found += [m for m in lk.members.get(name, []) if m not in found]
        out: list[tuple[MemberRef, str | None]] = []
        for m in found:
            if number and m.id_number == number:
                out.append((m, "身份证号相同"))
            elif number and m.id_number:
                continue  # namesakes with different identity numbers are different people
            elif birth and m.birth_date is not None:
                if _month(m.birth_date) == birth:
                    out.append((m, "姓名和出生年月相同"))
                # namesakes born in different months are different people
            else:
                out.append((m, None))
        return out

    def find_existing(self, session: Session, entry: Entry, ctx: Context
                      ) -> list[tuple[int, str, str]]:
        """The member with the same identity number, or (when one side has none) the same
        name and birth month: the preview shows the reason for the clerk to confirm."""
        return [(m.id, f"委员“{m.name}”（编号{m.id}）", why)
                for m, why in self._candidates(entry, ctx) if why]

    def find_possible(self, session: Session, entry: Entry, ctx: Context
                      ) -> list[tuple[int, str, str]]:
        """Namesakes nothing tells apart (no identity number on one side, no birth month on
        one side): perhaps the same person."""
        return [(m.id, f"委员“{m.name}”（编号{m.id}，出生年月"
                 f"{m.birth_date:%Y.%m}）" if m.birth_date else f"委员“{m.name}”（编号{m.id}）",
                 "姓名相同，无法用身份证号或出生年月区分")
                for m, why in self._candidates(entry, ctx) if why is None]

    # ----- validation and writing ------------------------------------------------------
    def validate(self, session: Session, entry: Entry, ctx: Context, current: Any) -> Any:
        data = self.data(entry, _MEMBER_KEYS, current)
        for key in ("id_number", "mobile"):
            if data.get(key) is MASKED:
                del data[key]
                entry.problems.append(self.problem(
                    ctx, entry.row, key, self.cell(entry, key),
                    "是打码后的号码，不导入（已有记录的号码保持不变）", warning=True))
        self._birth_from_id(data)
        if not ctx.shared.get("identities"):  # one query for every identity number
            MemberService.preload_identities(session)
            ctx.shared["identities"] = True
        values = self.check_record(session, ctx, entry, data, {}, current)
        seats = []
        for seat in entry.extra.get("seats", []):
            row = seat["_row"]
            given = {k: v for k, v in seat.items() if k != "_row"}
            old = next((t for t in current.terms if t.term_id == given.get("term_id")),
                       None) if current is not None else None
            if old is not None:  # blank cells keep what the seat has
                given = {k: v for k, v in given.items() if v not in (None, "")}
            else:  # no NULL where the column has a default
                given = {k: v for k, v in given.items()
                         if v is not None or k not in ("post", "origin", "is_standing")}
            extra = {"seat": given}
            problems = self.svc.check_extra(session, values, extra, current)
            self.service_problems(ctx, entry, problems, row=row)
            seats.append(extra["seat"])
        units = []
        for data_unit in entry.extra.get("units", {}).values():
            row_data = {k: v for k, v in data_unit.items() if not k.startswith("_")}
            unit_values, problems = clean(session, UNIT_MEMBERSHIP, row_data)
            problems = [p for p in problems if p.field != "member_id"]
            self.service_problems(ctx, entry, problems, row=data_unit["_row"])
            units.append(unit_values)
        return values, seats, units

    @staticmethod
    def _birth_from_id(data: dict[str, Any]) -> None:
        """A birth month (1975.03) takes its day from the identity number of the same month."""
        birth = data.get("birth_date")
        if not isinstance(birth, MonthDate):
            return
        data["birth_date"] = dt.date(birth.year, birth.month, birth.day)
        info = _id_info(str(data.get("id_number") or ""))
        if info is not None and _month(info.birth_date) == _month(birth):
            data["birth_date"] = info.birth_date

    def write(self, session: Session, actor: Actor, entry: Entry, prepared: Any, current: Any,
              ctx: Context) -> tuple[Any, Changes]:
        values, seats, units = prepared
        if current is None and not units:  # written with the batch (``write_batch``)
            record = NewRecord(values, [{"seat": seat} for seat in seats])
            ctx.batch.append(record)
            ctx.changed = True
            return record, Changes()

        def children(obj: Member) -> dict[str, tuple[Any, Any]]:
            diff: dict[str, tuple[Any, Any]] = {}
            for seat in seats:
                diff.update(self.svc.write_extra(session, obj, {"seat": seat}))
            return diff

        def with_id(obj: Member) -> dict[str, tuple[Any, Any]]:
            if current is None:
                ctx.lookups.add_member(MemberRef(obj.id, obj.name, obj.birth_date,
                                                 obj.id_number))
            if not units:
                return {}
            return units_text.write(session, obj, units, ctx.lookups, current is None)

        obj = self.save_record(session, actor, ctx, values, current, children, with_id)
        changes = Changes()
        if units:
            changes.add("units", *(u["unit_id"] for u in units))
        return obj, changes

    def write_batch(self, session: Session, actor: Actor, ctx: Context) -> None:
        """New members without 专委会 or other units: one INSERT per table for the batch
        (``MemberService.create_many_in``: the same rows and audit entries as ``write_in``)."""
        batch, ctx.batch = ctx.batch, []
        if not batch:
            return
        self.svc.create_many_in(session, actor, batch, action=AuditAction.IMPORT)
        for record in batch:
            v = record.values
            ctx.lookups.add_member(MemberRef(record.id, v["name"], v.get("birth_date"),
                                             v.get("id_number") or ""))

    # ----- export ----------------------------------------------------------------------
    def export_records(self, session: Session, ctx: Context, masked: bool
                       ) -> Iterator[list[list[Any]]]:
        lk = ctx.lookups
        members = session.scalars(select(Member).where(Member.deleted_at.is_(None)).order_by(
            Member.sort_number.is_(None), Member.sort_number, Member.stroke_key, Member.id)).all()
        numbers = dict(session.execute(select(Term.id, Term.number)).all())
        memberships: dict[int, list[UnitMembership]] = {}
        for um in session.scalars(select(UnitMembership).order_by(UnitMembership.id)):
            memberships.setdefault(um.member_id, []).append(um)
        for m in members:
            seats = sorted(m.terms, key=lambda t: numbers.get(t.term_id, 0))
            latest = units_text.latest(seats, lk)
            lines = []
            choices: list[MemberTerm | None] = list(seats) or [None]
            for seat in choices:
                lines.append([self._cell(c.key, m, seat, lk, masked) for c in self.columns])
            committees, others = units_text.texts(memberships.get(m.id, []), latest, lk)
            lines[0][self._index(COMMITTEES)] = committees
            lines[0][self._index(OTHER_UNITS)] = others
            yield lines

    def _index(self, key: str) -> int:
        return [c.key for c in self.columns].index(key)

    def _cell(self, key: str, m: Member, seat: MemberTerm | None, lk: Any, masked: bool
              ) -> Any:
        if key.startswith("seat."):
            if seat is None:
                return None
            name = key.removeprefix("seat.")
            value = getattr(seat, name)
            if name == "term_id":
                return lk.term_text(value)
            if name == "sector_id":
                return lk.sector_names.get(value, "") if value else ""
            return cell_value(value)
        if key.startswith("units."):
            return ""
        value = getattr(m, key)
        return cell_value(mask_field(MEMBER, key, value) if masked else value)
