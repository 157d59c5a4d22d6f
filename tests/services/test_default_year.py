"""The year the client opens on (``default_year``): the latest year, up to this year, with
events, proposals or 社情民意; a meeting already scheduled for next year does not move it,
and the 履职档案 does not assess that year."""

from __future__ import annotations

import datetime as dt

from app.reports.dossier import member_dossier
from app.services.events import EventService
from app.services.status import default_year


def test_default_year_is_the_latest_year_with_records(db, actor, world) -> None:
    assert default_year(db) is None  # nothing yet: the pages show everything
    events = EventService(db)
    base = {"title": "十届常委会第十次会议", "kind_id": world.meeting_kind_id,
            "place": "县政协会议室", "organizer_id": world.unit_id}
    held = events.create(actor, base | {"start_on": "2024-03-05"}).value
    scheduled = events.create(actor, base | {"title": "下一次全体会议", "start_on":
                                             f"{dt.date.today().year + 1}-01-08"}).value
    member = world.members[0]
    for event in (held, scheduled):
        events.set_participants(actor, event.id, [{"member_id": member}],
                                version=events.get(event.id).version)
    assert default_year(db) == 2024
    asked: list[int] = []

    class Scores:  # stands in for a year's 履职考核: records which years are assessed
        def __init__(self, year: int) -> None:
            asked.append(year)

        def by_member(self, member_id: int) -> str:
            return f"score of {member_id}"

    dossier = member_dossier(db, member, Scores)  # type: ignore[arg-type]
    assert [y.year for y in dossier.years] == [dt.date.today().year + 1, 2024]  # all listed
    assert asked == [2024] and dossier.scores == [(2024, f"score of {member}")]
