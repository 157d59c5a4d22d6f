"""Members (委员): the roster, term seats, and the derived search and stroke keys."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from app.db.engine import Database
from app.domain.enums import AuditAction
from app.domain.identity import Identity, identity_of
from app.domain.schema import MEMBER, MEMBER_TERM
from app.errors import ConflictError, FieldProblem, ValidationError
from app.models import Member, MemberTerm, Sector, UnitMembership
from app.services import audit
from app.services.context import Actor, Changes, Result, publish
from app.services.crud import FilterFn, RecordService, SortFn
from app.services.list_rows import children_by_parent, in_order, rows_by_id, select_by
from app.services.validation import clean
from app.services.versions import Versions, require_versions
from app.text.idcard import IdNumberError, mask_id_number, normalize_id_number, parse_id_number
from app.text.phone import PhoneError, normalize_phone
from app.text.pinyin import search_key
from app.text.strokes import stroke_key


@functools.cache
def _list_statements() -> tuple[Select[Any], Select[Any]]:
    """The statements of ``MemberService.list_rows`` (built once)."""
    member = select_by(Member, "id", ["version", "name", "gender", "birth_date", "party",
                                      "work_unit_post", "mobile"])
    seat = select_by(MemberTerm, "member_id",
                     ["term_id", "sector_id", "post", "left_on", "left_reason"],
                     order_by=["term_id"])
    return member, seat

_LIVE_ID_NUMBERS = "members.live_id_numbers"  # session.info key, see preload_identities

class MemberService(RecordService[Member]):
    model = Member
    rtype = MEMBER
    search_columns = (Member.name, Member.search_key, Member.work_unit_post)
    default_sort = "strokes"
    extra_keys = frozenset({"seat"})  # the member's seat in one term, saved with the member

    def load(self, stmt: Select[Any]) -> Select[Any]:
        return stmt.options(selectinload(Member.terms))

    def list_rows(self, ids: Iterable[int]) -> list[Any]:
        """The 委员 list's rows as plain values: the member's columns and seats (``terms``)."""
        wanted = list(ids)
        member, seat = _list_statements()
        with self.db.reader() as session:
            rows = rows_by_id(session, member, wanted)
            seats = children_by_parent(session, seat, list(rows))
        for mid, row in rows.items():
            row.terms = seats[mid]
        return in_order(rows, wanted)

    def sorts(self) -> dict[str, SortFn]:
        return {
            "id": lambda: [Member.id],
            # 姓氏笔画, with the clerk's manual order first where one is set
            "strokes": lambda: [Member.sort_number.is_(None), Member.sort_number,
                                Member.stroke_key],
            "pinyin": lambda: [Member.search_key],
            "name": lambda: [Member.stroke_key],
            "birth_date": lambda: [Member.birth_date],
            "work_unit_post": lambda: [Member.work_unit_post],
        }

    def filters(self) -> dict[str, FilterFn]:
        def seat(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
            return exists().where(MemberTerm.member_id == Member.id, *conditions)

        def sector_group(group_id: int) -> ColumnElement[bool]:
            sectors = select(Sector.id).where(Sector.group_id == group_id)
            return seat(MemberTerm.sector_id.in_(sectors))

        def status(value: str) -> ColumnElement[bool]:
            if value == "active":
                return seat(MemberTerm.left_on.is_(None))
            return ~seat(MemberTerm.left_on.is_(None))

        def in_unit(unit_id: int) -> ColumnElement[bool]:
            return exists().where(UnitMembership.member_id == Member.id,
                                  UnitMembership.unit_id == unit_id)

        return {
            "term_id": lambda v: seat(MemberTerm.term_id == v),
            "sector_id": lambda v: seat(MemberTerm.sector_id == v),
            "group_id": sector_group,
            "standing": lambda v: seat(MemberTerm.is_standing.is_(bool(v))),
            "post": lambda v: seat(MemberTerm.post == v),
            "unit_id": in_unit,
            "liaison_id": in_unit,  # same rule; a second filter box on the page
            "party": lambda v: Member.party == v,
            "gender": lambda v: Member.gender == v,
            "status": status,
            "ids": lambda v: Member.id.in_(list(v)),
        }

    def check(
        self, session: Session, values: dict[str, Any], current: Member | None
    ) -> list[FieldProblem]:
        problems: list[FieldProblem] = []
        label = MEMBER.label_of
        raw_id = values.get("id_number")
        if raw_id:
            try:
                info = identity_of(raw_id)
            except IdNumberError as exc:
                problems.append(FieldProblem("id_number", label("id_number"), raw_id, str(exc)))
            else:
                values["id_number"] = info.number
                problems += self._check_identity(session, values, current, info)
        for name in ("mobile", "office_phone"):
            if values.get(name):
                try:
                    values[name] = normalize_phone(values[name])
                except PhoneError as exc:
                    problems.append(FieldProblem(name, label(name), values[name], str(exc)))
        if "name" in values:
            values["name"] = "".join(values["name"].split())  # "张  琳" is 张琳
        return problems

    def _check_identity(
        self, session: Session, values: dict[str, Any], current: Member | None, info: Identity
    ) -> list[FieldProblem]:
        problems: list[FieldProblem] = []
        label = MEMBER.label_of
        birth = values.get("birth_date", current.birth_date if current else None)
        gender = values.get("gender", current.gender if current else None)
        values.update(info.fills(birth, gender))
        for name, message in info.disagreements(birth, gender).items():
            given = birth if name == "birth_date" else getattr(gender, "label", gender)
            problems.append(FieldProblem(name, label(name), given, message))
        own_id = current.id if current else -1
        known: dict[str, tuple[int, str]] | None = session.info.get(_LIVE_ID_NUMBERS)
        if known is not None:  # ``preload_identities``: no query per member
            holder = known.get(info.number)
            clash = holder if holder is not None and holder[0] != own_id else None
        else:
            # Id and name only, without autoflush: flushing pending rows before every lookup
            # of a batch was most of an import's time.
            with session.no_autoflush:
                row = session.execute(
                    select(Member.id, Member.name).where(
                        Member.id_number == info.number,
                        Member.deleted_at.is_(None),
                        Member.id != own_id,
                    )
                ).first()
            clash = (row.id, row.name) if row is not None else None
        if clash is not None:
            problems.append(FieldProblem(
                "id_number", label("id_number"), info.number,
                f"与已有委员“{clash[1]}”（编号{clash[0]}）的身份证号重复",
            ))
        return problems

    @staticmethod
    def preload_identities(session: Session) -> None:
        """The identity-number rule of ``check`` for many members in one session (an import
        of a roster): one query reads every live member's number, and ``check`` answers from
        it for the rest of the session instead of querying once per member. For a session
        whose own writes never give two members one number — the import refuses a number
        repeated within its file before it checks anything; the partial unique index
        (uq_members_live_id_number) still refuses a clash at the flush."""
        with session.no_autoflush:
            rows = session.execute(select(Member.id_number, Member.id, Member.name).where(
                Member.deleted_at.is_(None), Member.id_number.is_not(None),
                Member.id_number != "")).all()
        session.info[_LIVE_ID_NUMBERS] = {r.id_number: (r.id, r.name) for r in rows}

    def check_extra(self, session: Session, values: dict[str, Any], extra: dict[str, Any],
                    current: Member | None) -> list[FieldProblem]:
        seat = extra.get("seat")
        if not seat:
            return []
        data = {k: v for k, v in seat.items() if k != "member_id"}
        current_seat = None
        if current is not None:
            current_seat = next((t for t in current.terms if t.term_id == data.get("term_id")),
                                None)
        clean_values, problems = clean(session, MEMBER_TERM, data, current=current_seat)
        # the member's id is not known before the member is written
        problems = [p for p in problems if p.field != "member_id"]
        problems += _check_seat(clean_values, current_seat)
        extra["seat"] = clean_values
        return [FieldProblem(f"seat.{p.field}", p.label, p.value, p.message) for p in problems]

    def write_extra(self, session: Session, obj: Member, extra: dict[str, Any]
                    ) -> audit.Diff:
        values = extra.get("seat")
        if not values:
            return {}
        seat = next((t for t in obj.terms if t.term_id == values["term_id"]), None)
        if seat is None:
            obj.terms.append(MemberTerm(**values))
            return _new_seat_diff(values)
        diff = {_seat_label(k): (getattr(seat, k), v) for k, v in values.items()
                if getattr(seat, k) != v}
        for name, value in values.items():
            setattr(seat, name, value)
        return diff

    def derive(self, session: Session, obj: Member) -> None:
        for name, value in self.derived_values({"name": obj.name}).items():
            setattr(obj, name, value)

    def derived_values(self, values: dict[str, Any]) -> dict[str, Any]:
        name = values.get("name") or ""
        return {"stroke_key": stroke_key(name), "search_key": search_key(name)}

    def new_extra_rows(self, record_id: int, extra: dict[str, Any]
                       ) -> tuple[list[tuple[Any, dict[str, Any]]], audit.Diff]:
        """A new member's seat (``extra["seat"]``), as ``write_extra`` adds it."""
        values = extra.get("seat")
        if not values:
            return [], {}
        return [(MemberTerm, values | {"member_id": record_id})], _new_seat_diff(values)

    # ----- the database's unique ID number ------------------------------------------
    # ``check`` refuses an ID number a live member has, but two clerks saving at once both
    # pass it; the partial unique index uq_members_live_id_number then refuses the second.
    def create(self, actor: Actor, data: dict[str, Any]) -> Result[Member]:
        try:
            return super().create(actor, data)
        except ConflictError as exc:
            refusal = self._id_number_refusal(exc, data.get("id_number"), None)
            if refusal is None:
                raise
            raise refusal from exc

    def update(self, actor: Actor, record_id: int, data: dict[str, Any], *,
               version: int) -> Result[Member]:
        try:
            return super().update(actor, record_id, data, version=version)
        except ConflictError as exc:
            refusal = self._id_number_refusal(exc, data.get("id_number"), record_id)
            if refusal is None:
                raise
            raise refusal from exc

    def restore(self, actor: Actor, versions: Versions) -> Changes:
        """Refused, naming both members, for a member whose ID number a live member now has."""
        versions = require_versions(versions)
        ids = list(versions)
        with self.db.reader() as session:
            self._raise(_restore_clashes(session, ids))
        try:
            return super().restore(actor, versions)
        except IntegrityError as exc:  # the other member was saved since the check above
            if not is_live_id_clash(exc):
                raise
            with self.db.reader() as session:
                problems = _restore_clashes(session, ids)
            raise (ValidationError(problems, MEMBER.label) if problems
                   else id_number_conflict(self.db, exc)) from exc

    def _id_number_refusal(self, exc: ConflictError, typed: Any, record_id: int | None
                           ) -> ValidationError | None:
        cause = exc.__cause__
        if not isinstance(cause, IntegrityError) or not is_live_id_clash(cause):
            return None
        number = clashing_id_number(cause) or _stored_form(typed)
        with self.db.reader() as session:
            problem = id_number_taken(session, number, record_id)
        return ValidationError([problem], MEMBER.label) if problem else None

    # ----- term seats ----------------------------------------------------------------
    def save_term(
        self, actor: Actor, member_id: int, term_id: int, data: dict[str, Any]
    ) -> Result[Member]:
        """Create or change the member's seat in a term (界别, post, 增补, 辞去 …)."""
        actor.require_write()
        with self.db.session() as session:
            member = self._get(session, member_id)
            seat = session.scalars(
                select(MemberTerm).where(
                    MemberTerm.member_id == member_id, MemberTerm.term_id == term_id
                )
            ).first()
            values, problems = clean(session, MEMBER_TERM, data | {"term_id": term_id,
                                                                  "member_id": member_id},
                                     current=seat)
            problems += _check_seat(values, seat)
            self._raise(problems)
            action = AuditAction.UPDATE if seat else AuditAction.CREATE
            if seat is None:
                seat = MemberTerm(**values)
                member.terms.append(seat)
                diff = {k: (None, v) for k, v in values.items() if v not in (None, "", False)}
            else:
                diff = {k: (getattr(seat, k), v) for k, v in values.items()
                        if getattr(seat, k) != v}
                for name, value in values.items():
                    setattr(seat, name, value)
            self.touch(member)
            audit.record(session, actor, action, MEMBER_TERM, member_id,
                         f"{action.label}委员“{member.name}”的届次信息", diff)
        changes = Changes.of("members", [member_id])
        publish(changes)
        return Result(self.get(member_id), changes)


LIVE_ID_INDEX = "uq_members_live_id_number"


def is_live_id_clash(exc: IntegrityError) -> bool:
    """Whether the database refused a write because a live member already has the ID number
    (PostgreSQL names the index; SQLite names the column)."""
    text = str(exc.orig)
    return LIVE_ID_INDEX in text or "members.id_number" in text


def clashing_id_number(exc: IntegrityError) -> str | None:
    """The ID number PostgreSQL reports ("Key (id_number)=(…) already exists."), if any."""
    detail = getattr(getattr(exc.orig, "diag", None), "message_detail", None) or ""
    found = re.search(r"\(id_number\)=\(([^)]*)\)", detail)
    return found.group(1) if found else None


def _stored_form(typed: Any) -> str:
    """An ID number as ``check`` stores it (15 digits become 18)."""
    try:
        return parse_id_number(str(typed or "")).number
    except IdNumberError:
        return normalize_id_number(str(typed or ""))


def _holder(session: Session, number: str, other_than: int | None) -> Any:
    """(id, name) of the live member with ``number``, other than ``other_than``, or None."""
    if not number:
        return None
    return session.execute(select(Member.id, Member.name).where(
        Member.id_number == number, Member.deleted_at.is_(None),
        Member.id != (other_than if other_than is not None else -1))).first()


def id_number_taken(session: Session, number: str, other_than: int | None = None
                    ) -> FieldProblem | None:
    """The problem "this ID number belongs to live member X", naming the number masked."""
    holder = _holder(session, number, other_than)
    if holder is None:
        return None
    return FieldProblem("id_number", MEMBER.label_of("id_number"), mask_id_number(number),
                        f"已属于委员“{holder.name}”（编号{holder.id}），同一身份证号只能登记一位委员")


def id_number_conflict(db: Database, exc: IntegrityError) -> ConflictError:
    """The message for a write (an import, a restore) that the unique ID-number index refused:
    another clerk saved a member with that number while this write was being prepared."""
    number = clashing_id_number(exc) or ""
    with db.reader() as session:
        holder = _holder(session, number, None)
    who = (f"身份证号{mask_id_number(number)}已属于委员“{holder.name}”（编号{holder.id}）"
           if holder is not None else "有身份证号已属于其他在册委员")
    return ConflictError(f"{who}：另一位用户刚刚保存了同一身份证号的委员。本次没有写入任何记录，"
                         "请刷新后重试（重新导入时，已有的委员按身份证号更新）。")


def _restore_clashes(session: Session, ids: list[int]) -> list[FieldProblem]:
    """For each deleted member among ``ids`` whose ID number a live member has: the problem."""
    problems: list[FieldProblem] = []
    deleted = session.execute(select(Member.id, Member.name, Member.id_number).where(
        Member.id.in_(ids), Member.deleted_at.is_not(None), Member.id_number != "")).all()
    for member_id, name, number in deleted:
        holder = _holder(session, number, member_id)
        if holder is not None:
            problems.append(FieldProblem(
                "id_number", f"委员“{name}”（编号{member_id}）的身份证号", mask_id_number(number),
                f"已属于在册委员“{holder.name}”（编号{holder.id}），不能恢复；"
                "如确为同一人，请修改或合并在册的记录"))
    return problems


def _new_seat_diff(values: dict[str, Any]) -> audit.Diff:
    """The audit diff of a new seat."""
    return {_seat_label(k): (None, v) for k, v in values.items() if v not in (None, "")}


@functools.cache
def _seat_label(name: str) -> str:
    """Audit key of a seat field: a label, since the audit log labels unknown keys as given."""
    return f"{MEMBER_TERM.label}·{MEMBER_TERM.label_of(name)}"


def _check_seat(values: dict[str, Any], seat: MemberTerm | None) -> list[FieldProblem]:
    def get(name: str) -> Any:
        return values.get(name, getattr(seat, name, None))

    problems: list[FieldProblem] = []
    joined, left = get("joined_on"), get("left_on")
    if joined and left and left < joined:
        problems.append(FieldProblem("left_on", MEMBER_TERM.label_of("left_on"), left,
                                     f"早于任职日期{joined:%Y-%m-%d}"))
    if left and not get("left_reason"):
        problems.append(FieldProblem("left_reason", MEMBER_TERM.label_of("left_reason"), None,
                                     "填写了离任日期时必须选择离任原因"))
    if get("left_reason") and not left:
        problems.append(FieldProblem("left_on", MEMBER_TERM.label_of("left_on"), None,
                                     "选择了离任原因时必须填写离任日期"))
    return problems


def active_seat(member: Member, term_id: int, on: dt.date | None = None) -> MemberTerm | None:
    for seat in member.terms:
        if seat.term_id == term_id and (on is None or seat.active_on(on)):
            return seat
    return None
