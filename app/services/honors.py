"""Honors (表彰) of members, or of organisations named in ``recipient``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.schema import HONOR
from app.errors import FieldProblem
from app.models import Honor, Member
from app.services.common import year_range
from app.services.crud import FilterFn, RecordService, SortFn


class HonorService(RecordService[Honor]):
    model = Honor
    rtype = HONOR
    search_columns = (
        Honor.title, Honor.recipient, Honor.awarding_body,
        select(Member.name).where(Member.id == Honor.member_id).scalar_subquery())
    default_sort = "awarded_on"

    def filters(self) -> dict[str, FilterFn]:
        return {
            "year": lambda v: year_range(Honor.awarded_on, v),
            "level": lambda v: Honor.level == v,
            "member_id": lambda v: Honor.member_id == v,
            # "member": honours of members; "unit": of organisations (no member chosen)
            "recipient_kind": lambda v: (Honor.member_id.is_not(None) if v == "member"
                                         else Honor.member_id.is_(None)),
        }

    def sorts(self) -> dict[str, SortFn]:
        return {"id": lambda: [Honor.id], "awarded_on": lambda: [Honor.awarded_on],
                "title": lambda: [Honor.title], "level": lambda: [Honor.level]}

    def describe(self, obj: Honor) -> str:
        member = obj.member if obj.member_id else None
        who = obj.recipient or (member.name if member is not None else "")
        return f"{obj.title}（{who}）" if who else obj.title

    def check(self, session: Session, values: dict[str, Any], current: Honor | None
              ) -> list[FieldProblem]:
        def get(name: str) -> Any:
            return values[name] if name in values else getattr(current, name, None)

        if get("member_id") is None and not get("recipient"):
            return [FieldProblem("member_id", HONOR.label_of("member_id"), None,
                                 f"表彰“{get('title') or ''}”须选择受表彰的委员，"
                                 "或填写受表彰单位")]
        return []
