"""A member's units (专委会, 联络组, 委员之家 …) in one cell: "提案委员会（副主任）、城关镇联络组".

A unit's start and end default to the member's latest seat (任职日期, 离任日期), as the demo
and most offices record them; other dates are written in the notes ("2022-01-01起",
"至2024-06-30", "起不详").
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import UnitKind, UnitRole
from app.errors import clip
from app.exchange.aliases import enum_member
from app.exchange.lookups import Lookups
from app.exchange.normalize import CellError, parse_date, split_items
from app.models import Member, MemberTerm, UnitMembership

UNKNOWN = "不详"
_RANGE = re.compile(r"^(.*?)(?:至|—|–|--|~|～)(.*)$")


def latest(seats: list[MemberTerm], lk: Lookups) -> MemberTerm | None:
    """The seat in the member's latest term: its dates are the default dates of units."""
    return max(seats, key=lambda t: lk.term_numbers.get(t.term_id, 0), default=None)


def _day(text: str) -> dt.date | None:
    return None if text.strip() == UNKNOWN else parse_date(text)


def parse_item(item: str, committees_only: bool, lk: Lookups) -> tuple[int, dict[str, Any]]:
    """(unit id, {role, since, until} as given) of one item; raises ``CellError``."""
    head, notes = split_items(item)
    unit_id = lk.unit(head, (UnitKind.SPECIAL_COMMITTEE,) if committees_only else ())
    if unit_id is None:
        raise CellError("括号前没有写机构名称，应写成“提案委员会（副主任）”的形式")
    data: dict[str, Any] = {"unit_id": unit_id}
    for note in notes:
        if note.endswith("起") or note.startswith("起"):
            data["since"] = _day(note.strip("起"))
        elif note.startswith(("至", "止")):
            data["until"] = _day(note[1:])
        elif (match := _RANGE.match(note)) and match[1] and match[2]:
            data["since"], data["until"] = _day(match[1]), _day(match[2])
        else:
            try:
                data["role"] = enum_member(UnitRole, note)
            except CellError:
                raise CellError(f"括号中的“{clip(note)}”无法识别：应为职务（"
                                f"{'、'.join(UnitRole.labels())}）或起止日期") from None
    return unit_id, data


def write(session: Session, obj: Member, units: list[dict[str, Any]], lk: Lookups, new: bool
          ) -> dict[str, tuple[Any, Any]]:
    """Add the member to the units or change the role and dates; returns the audit diff."""
    seat = latest(obj.terms, lk)
    names = []
    for values in units:
        row = None if new else session.scalars(select(UnitMembership).where(
            UnitMembership.unit_id == values["unit_id"],
            UnitMembership.member_id == obj.id)).first()
        name = lk.unit_names.get(values["unit_id"], "")
        if row is None:
            row = UnitMembership(member_id=obj.id, unit_id=values["unit_id"],
                                 role=UnitRole.MEMBER, since=seat.joined_on if seat else None,
                                 until=seat.left_on if seat else None)
            session.add(row)
            names.append(name)
        given = {k: v for k, v in values.items()
                 if k in ("role", "since", "until") and (v is not None or k != "role")}
        if any(getattr(row, k) != v for k, v in given.items()):
            for key, value in given.items():
                setattr(row, key, value)
            if name not in names:
                names.append(name)
    return {"所属机构": (None, "、".join(names))} if names else {}


def texts(rows: list[UnitMembership], seat: MemberTerm | None, lk: Lookups) -> tuple[str, str]:
    """The 专委会 cell and the 其他所属机构 cell of a member, as ``parse_item`` reads them."""
    since = seat.joined_on if seat else None
    until = seat.left_on if seat else None
    committees: list[str] = []
    others: list[str] = []
    for um in rows:
        if um.unit_id not in lk.unit_names:
            continue
        notes = [] if um.role == UnitRole.MEMBER else [um.role.label]
        if um.since != since:
            notes.append(f"{um.since:%Y-%m-%d}起" if um.since else f"起{UNKNOWN}")
        if um.until != until:
            notes.append(f"至{um.until:%Y-%m-%d}" if um.until else f"至{UNKNOWN}")
        text = lk.unit_names[um.unit_id] + (f"（{'，'.join(notes)}）" if notes else "")
        kind = lk.unit_kinds[um.unit_id]
        (committees if kind == UnitKind.SPECIAL_COMMITTEE else others).append(text)
    return "、".join(committees), "、".join(others)
