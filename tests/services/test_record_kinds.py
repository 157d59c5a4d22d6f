"""协商议事 platforms and sessions, 文史 publications and media reports: service round trips,
refused input that writes nothing, and their figures with the records behind each number —
on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from app.db.engine import Database
from app.domain.enums import AuditAction, MediaLevel, PlatformLevel, UnitKind
from app.errors import ConflictError, ValidationError
from app.models import AuditEntry, Base, Member, PlatformSessionMember, Unit
from app.reports.figures import compute, compute_breakdowns
from app.reports.period import Period, Scope
from app.services.crud import ListQuery
from app.services.platforms import PlatformService, PlatformSessionService
from app.services.publicity import MediaReportService, PublicationService
from tests.versions import versions


@pytest.fixture
def people(db: Database) -> dict[str, int]:
    """Three members (one later deleted) and a 乡镇联络组, added straight to the tables."""
    with db.session() as session:
        members = [Member(name=n) for n in ("张琳", "王芳", "李强")]
        unit = Unit(name="城关镇联络组", kind=UnitKind.LIAISON_GROUP)
        session.add_all([*members, unit])
        session.flush()
        return {**{m.name: m.id for m in members}, "unit": unit.id}


def take_snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    with db.reader() as session:
        return {t.name: sorted(map(tuple, session.execute(select(t)).all()), key=repr)
                for t in Base.metadata.sorted_tables}


def audit_actions(db: Database, entity: str, record_id: int) -> list[AuditAction]:
    with db.reader() as session:
        return list(session.scalars(select(AuditEntry.action).where(
            AuditEntry.entity == entity, AuditEntry.entity_id == record_id)
            .order_by(AuditEntry.id)))


def refused(call: Callable[[], Any]) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        call()
    return {p.field: str(p) for p in info.value.problems}


def test_platform_sessions_round_trip(db, actor, people) -> None:
    platforms, sessions = PlatformService(db), PlatformSessionService(db)
    town = platforms.create(actor, {"name": "城关镇协商议事会", "level": "乡镇（街道）",
                                    "town": "城关镇", "unit_id": people["unit"],
                                    "established_on": "2022-03-01"}).value
    village = platforms.create(actor, {"name": "东关村协商议事室", "level": PlatformLevel.VILLAGE,
                                       "town": "城关镇"}).value
    first = sessions.create(actor, {
        "platform_id": town.id, "held_on": "2024年5月8日", "topic": "老旧小区加装电梯",
        "participants": "25", "results_done": "3",
        "member_ids": [people["张琳"], people["王芳"]]}).value
    assert [m.member_id for m in first.members] == [people["张琳"], people["王芳"]]
    second = sessions.create(actor, {"platform_id": village.id, "held_on": "2025-01-10",
                                     "topic": "村道硬化", "member_ids": [people["王芳"]]}).value

    # an edit with the version the editor read: members replaced, version advanced
    changed = sessions.update(actor, first.id, {"topic": "老旧小区加装电梯和停车",
                                                "member_ids": [people["李强"], people["张琳"]]},
                              version=first.version).value
    assert changed.version == first.version + 1
    assert [m.member_id for m in changed.members] == [people["李强"], people["张琳"]]
    with pytest.raises(ConflictError):  # someone else's stale copy
        sessions.update(actor, first.id, {"topic": "旧"}, version=first.version)

    def ids(**filters: Any) -> set[int]:
        return set(sessions.ids(ListQuery(filters=filters)))

    assert ids(year=2024) == {first.id} and ids(year=2025) == {second.id}
    assert ids(level=PlatformLevel.VILLAGE) == {second.id}
    assert ids(platform_id=town.id) == {first.id}
    assert ids(member_id=people["王芳"]) == {second.id}
    assert sessions.ids(ListQuery(search="东关")) == [second.id]
    assert sessions.ids(ListQuery(search="李强")) == [first.id]
    assert sessions.ids(ListQuery(sort="held_on", descending=True)) == [second.id, first.id]
    assert platforms.session_counts([town.id, village.id]) == {town.id: 1, village.id: 1}
    assert set(platforms.ids(ListQuery(filters={"level": PlatformLevel.TOWNSHIP}))) == {town.id}

    # a platform with sessions stays; its sessions go to the recycle bin and come back
    problems = refused(lambda: platforms.delete(actor, versions(platforms, [village.id])))
    assert "还有1次协商议事活动" in problems["id"]
    sessions.delete(actor, versions(sessions, [second.id]))
    assert sessions.ids() == [first.id]
    sessions.restore(actor, versions(sessions, [second.id]))
    assert sessions.count() == 2
    assert audit_actions(db, "platform_sessions", first.id) == [
        AuditAction.CREATE, AuditAction.UPDATE]
    assert audit_actions(db, "platform_sessions", second.id) == [
        AuditAction.CREATE, AuditAction.DELETE, AuditAction.RESTORE]


def test_refused_platform_input_writes_nothing(db, actor, people) -> None:
    platforms, sessions = PlatformService(db), PlatformSessionService(db)
    town = platforms.create(actor, {"name": "城关镇协商议事会", "level": "乡镇（街道）",
                                    "town": "城关镇", "established_on": "2022-03-01"}).value
    gone = platforms.create(actor, {"name": "旧议事室", "level": "村"}).value
    platforms.delete(actor, versions(platforms, [gone.id]))
    with db.session() as session:
        session.get(Member, people["李强"]).deleted_at = dt.datetime(2024, 1, 1)
    before = take_snapshot(db)

    problems = refused(lambda: platforms.create(
        actor, {"name": "城关镇协商议事会", "level": "镇级", "town": "城关镇"}))
    assert "“城关镇”已有名为“城关镇协商议事会”的协商议事平台" in problems["name"]
    assert "镇级" in problems["level"] and "乡镇（街道）" in problems["level"]

    problems = refused(lambda: sessions.create(actor, {
        "platform_id": town.id, "held_on": "2021-12-31", "topic": "",
        "participants": "1", "member_ids": [people["张琳"], people["张琳"], people["李强"]]}))
    assert "早于“城关镇协商议事会”的建立日期2022-03-01" in problems["held_on"]
    assert "必须填写" in problems["topic"]
    assert "少于所列参加委员人数（3人）" in problems["participants"]
    with pytest.raises(ValidationError) as info:
        sessions.create(actor, {"platform_id": town.id, "held_on": "2024-02-30", "topic": "议题",
                                "member_ids": [people["张琳"], people["张琳"], people["李强"]]})
    messages = " ".join(str(p) for p in info.value.problems)
    assert "不是有效的日期" in messages
    assert "委员“张琳”重复列入（同第1位）" in messages
    assert "委员“李强”已删除（在回收站中），不能列为参加委员" in messages

    held = sessions.create(actor, {"platform_id": town.id, "held_on": "2022-04-01",
                                   "topic": "首次议事"}).value
    before = take_snapshot(db)
    problems = refused(lambda: platforms.update(actor, town.id, {"established_on": "2022-05-01"},
                                                version=platforms.get(town.id).version))
    assert "晚于本平台已有议事活动的日期2022-04-01" in problems["established_on"]
    assert held.id in sessions.ids()
    problems = refused(lambda: sessions.create(actor, {
        "platform_id": gone.id, "held_on": "2024-05-01", "topic": "议题"}))
    assert "已删除" in problems["platform_id"]
    problems = refused(lambda: sessions.create(actor, {
        "platform_id": town.id, "held_on": "2024-05-01", "topic": "议题", "results_done": "-1"}))
    assert "不能小于0" in problems["results_done"]
    assert take_snapshot(db) == before


def test_publications_and_media_reports(db, actor) -> None:
    books, media = PublicationService(db), MediaReportService(db)
    book = books.create(actor, {"title": "《长子“国保”100问》", "volumes": "2",
                                "words": "32.5", "published_on": "2024-09-01",
                                "editor_unit": "文化文史和学习委员会"}).value
    assert (book.volumes, book.words) == (2, Decimal("32.5"))
    report = media.create(actor, {"title": "委员之家里的协商", "outlet": "《人民政协报》",
                                  "level": "中央级", "reported_on": "2024-06-01"}).value
    assert report.outlet == "人民政协报"  # stored without 《》, so one outlet counts once
    changed = media.update(actor, report.id, {"level": MediaLevel.PROVINCIAL},
                           version=report.version).value
    assert changed.version == report.version + 1
    assert media.ids(ListQuery(filters={"level": MediaLevel.PROVINCIAL})) == [report.id]
    assert books.ids(ListQuery(filters={"year": 2024})) == [book.id]
    assert media.ids(ListQuery(search="政协报")) == [report.id]

    before = take_snapshot(db)
    problems = refused(lambda: books.create(actor, {"title": "文史", "words": "-3",
                                                    "volumes": "二", "published_on": ""}))
    assert set(problems) == {"words", "volumes", "published_on"}
    assert "不小于0" in problems["words"] and "应为整数" in problems["volumes"]
    problems = refused(lambda: media.create(actor, {"title": "报道", "outlet": "《》",
                                                    "level": "乡级", "reported_on": "2024-13-01"}))
    assert set(problems) == {"outlet", "level", "reported_on"}
    assert "必须填写" in problems["outlet"] and "乡级" in problems["level"]
    assert take_snapshot(db) == before


def test_figures_carry_the_records_behind_them(db, actor, people) -> None:
    platforms, sessions = PlatformService(db), PlatformSessionService(db)
    town = platforms.create(actor, {"name": "城关镇协商议事会", "level": "乡镇（街道）",
                                    "unit_id": people["unit"],
                                    "established_on": "2022-03-01"}).value
    village = platforms.create(actor, {"name": "东关村协商议事室", "level": "村"}).value
    later = platforms.create(actor, {"name": "新建议事室", "level": "社区",
                                     "established_on": "2026-01-05"}).value
    s1 = sessions.create(actor, {"platform_id": town.id, "held_on": "2025-03-01", "topic": "甲",
                                 "participants": 30, "results_done": 2,
                                 "member_ids": [people["张琳"], people["王芳"]]}).value
    s2 = sessions.create(actor, {"platform_id": village.id, "held_on": "2025-07-01",
                                 "topic": "乙", "participants": 12,
                                 "member_ids": [people["张琳"]]}).value
    s3 = sessions.create(actor, {"platform_id": village.id, "held_on": "2024-12-31",
                                 "topic": "上年", "results_done": 5,
                                 "member_ids": [people["李强"]]}).value
    gone = sessions.create(actor, {"platform_id": town.id, "held_on": "2025-05-01",
                                   "topic": "删了", "results_done": 9,
                                   "member_ids": [people["李强"]]}).value
    sessions.delete(actor, versions(sessions, [gone.id]))
    with db.reader() as session:
        links = {(r.session_id, r.member_id): r.id
                 for r in session.scalars(select(PlatformSessionMember))}

    books, media = PublicationService(db), MediaReportService(db)
    b1 = books.create(actor, {"title": "长治文史（第30辑）", "volumes": 1, "words": "20.5",
                              "published_on": "2025-04-01"}).value
    b2 = books.create(actor, {"title": "近十年政协文史资料汇编", "volumes": 3,
                              "published_on": "2025-10-01"}).value
    books.create(actor, {"title": "上年书", "volumes": 9, "published_on": "2024-10-01"})
    m1 = media.create(actor, {"title": "一", "outlet": "人民政协报", "level": "中央级",
                              "reported_on": "2025-02-01"}).value
    m2 = media.create(actor, {"title": "二", "outlet": "《人民政协报》", "level": "中央级",
                              "reported_on": "2025-03-01"}).value
    m3 = media.create(actor, {"title": "三", "outlet": "山西日报", "level": "省级",
                              "reported_on": "2025-04-01"}).value
    m4 = media.create(actor, {"title": "四", "outlet": "上党晚报", "level": "市级",
                              "reported_on": "2025-05-01"}).value

    year = Period.year(2025)
    got = compute(db, [
        "platforms.count", "platforms.sessions", "platforms.member_times", "platforms.members",
        "platforms.results", "platforms.participants", "publications.count",
        "publications.volumes", "publications.words", "media.reports", "media.central",
        "media.provincial", "media.city", "media.county", "media.higher", "media.outlets",
        "media.outlets_higher"], year)
    values = {k: (v.value, set(v.ids)) for k, v in got.items()}
    assert values["platforms.count"] == (2, {town.id, village.id})  # 2026's not yet
    assert values["platforms.sessions"] == (2, {s1.id, s2.id})
    assert values["platforms.member_times"] == (3, {links[(s1.id, people["张琳"])],
                                                    links[(s1.id, people["王芳"])],
                                                    links[(s2.id, people["张琳"])]})
    assert values["platforms.members"] == (2, {people["张琳"], people["王芳"]})
    assert values["platforms.results"] == (2, {s1.id})
    assert values["platforms.participants"] == (42, {s1.id, s2.id})
    assert values["publications.count"] == (2, {b1.id, b2.id})
    assert values["publications.volumes"] == (4, {b1.id, b2.id})
    assert values["publications.words"] == (Decimal("20.5"), {b1.id})
    assert values["media.reports"] == (4, {m1.id, m2.id, m3.id, m4.id})
    assert values["media.central"] == (2, {m1.id, m2.id})
    assert values["media.provincial"] == (1, {m3.id})
    assert values["media.city"] == (1, {m4.id}) and values["media.county"] == (0, set())
    assert values["media.higher"] == (3, {m1.id, m2.id, m3.id})
    assert values["media.outlets"] == (3, {m1.id, m2.id, m3.id, m4.id})
    assert values["media.outlets_higher"] == (2, {m1.id, m2.id, m3.id})
    assert got["platforms.member_times"].unit == "人次"
    assert "参与协商议事活动" in got["platforms.member_times"].definition

    # the year before: the one session of 2024 and its results
    before = compute(db, ["platforms.sessions", "platforms.results", "platforms.count"],
                     Period.year(2024))
    assert (before["platforms.sessions"].value, before["platforms.results"].value) == (1, 5)
    assert before["platforms.sessions"].ids == (s3.id,)

    # a unit's scope: only the platforms linked to it
    scoped = compute(db, ["platforms.count", "platforms.sessions",
                              "platforms.member_times"], year,
                     Scope(unit_id=people["unit"], label="城关镇联络组"))
    assert [(v.value, v.ids) for v in scoped.values()] == [
        (1, (town.id,)), (1, (s1.id,)), (2, tuple(sorted(v for k, v in links.items()
                                                         if k[0] == s1.id)))]

    mine = compute(db, ["member.platform_sessions"], year,
                   Scope(member_id=people["张琳"]))["member.platform_sessions"]
    assert (mine.value, set(mine.ids)) == (2, {links[(s1.id, people["张琳"])],
                                               links[(s2.id, people["张琳"])]})

    split = compute_breakdowns(db, ["platforms.sessions_by_level", "media.by_level"], year)
    assert [(r.label, r.value, set(r.ids)) for r in split["platforms.sessions_by_level"].rows
            ] == [("乡镇（街道）", 1, {s1.id}), ("村", 1, {s2.id})]
    assert [(r.label, r.value) for r in split["media.by_level"].rows] == [
        ("中央级", 2), ("省级", 1), ("市级", 1)]
    assert later.id not in values["platforms.count"][1]


def test_honors_round_trip_and_refusals(db, actor, people) -> None:
    """表彰 on both databases: a member's and a unit's honour, the recipient-kind filter, a stale
    edit refused, and bad input that writes nothing."""
    from app.domain.enums import HonorLevel
    from app.services.honors import HonorService

    svc = HonorService(db)
    person = svc.create(actor, {"member_id": people["张琳"], "title": "优秀政协委员",
                                "level": "县级", "awarded_on": "2024-01-20"}).value
    unit = svc.create(actor, {"recipient": "示范县政协办公室", "title": "先进单位",
                              "level": HonorLevel.CITY, "awarded_on": "2024-12-28"}).value
    assert svc.ids(ListQuery(filters={"recipient_kind": "member"})) == [person.id]
    assert svc.ids(ListQuery(filters={"recipient_kind": "unit"})) == [unit.id]
    changed = svc.update(actor, person.id, {"level": "市级"}, version=person.version).value
    assert changed.level == HonorLevel.CITY and changed.version == person.version + 1
    with pytest.raises(ConflictError):
        svc.update(actor, person.id, {"level": "省级"}, version=person.version)
    before = take_snapshot(db)
    problems = refused(lambda: svc.create(actor, {"title": "先进个人", "level": "区级",
                                                  "awarded_on": "2024-02-30"}))
    assert set(problems) == {"member_id", "level", "awarded_on"}
    problems = refused(lambda: svc.update(actor, unit.id, {"recipient": "", "title": ""},
                                          version=unit.version))
    assert set(problems) == {"member_id", "title"}
    assert take_snapshot(db) == before
