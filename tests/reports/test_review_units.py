"""年度工作回眸 unit by unit (issue 17): every unit's section prints the figures its records hold
(each kind of service activity on its own, 委员之家, topics with 问题/方面/条/批示, the 重点提案
it supervised), the committee-wide sentences say the same in the whole draft and in each unit's
draft, and one action writes a draft per unit with its 数据底稿 (all or none)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import select

from app.db.engine import Database
from app.demo import generate_demo
from app.domain.enums import Attendance, UnitKind
from app.errors import AppError
from app.models import Event, EventKind, Member, Participation, Unit
from app.reports.each_unit import draft_name, generate_each_unit, section_units
from app.reports.engine import generate
from app.reports.figure_text import Tracker
from app.reports.kinds import ReportRequest
from app.reports.lists_review import topics
from app.reports.period import Period, Scope
from app.reports.settings import ReportSettings
from app.services.opening import open_database

TODAY = dt.date(2026, 1, 5)
YEAR = Period.year(2025)
LAW = "社会法制和民族宗教委员会"


def _add_unit_records(db: Database) -> None:
    """What a committee like seed 2's 社法外事委 enters besides the demo: its own 送法下基层 and
    服务为民 activities and a 委员之家 it leads, with members present."""
    with db.session() as s:
        law = s.scalar(select(Unit).where(Unit.name == LAW))
        kinds = {k.name: k.id for k in s.scalars(select(EventKind))}
        members = list(s.scalars(select(Member.id).where(Member.deleted_at.is_(None))
                                 .order_by(Member.id).limit(12)))
        home = Unit(name="城关镇委员之家", short_name="城关之家", kind=UnitKind.MEMBER_HOME,
                    parent_id=law.id, sort_order=900)
        s.add(home)
        s.flush()
        events = [
            Event(title="“送法下基层”活动（城关镇）", kind_id=kinds["送法下基层"],
                  start_on=dt.date(2025, 5, 12), organizer_id=law.id, people_served=130,
                  deeds_done=6),
            Event(title="“送法下基层”活动（东关镇）", kind_id=kinds["送法下基层"],
                  start_on=dt.date(2025, 9, 3), organizer_id=law.id, people_served=90),
            Event(title="“金秋助学”捐资助学", kind_id=kinds["服务为民"],
                  start_on=dt.date(2025, 8, 20), organizer_id=law.id,
                  funds_raised=Decimal("843000"), beneficiaries=221, featured=True),
            Event(title="委员之家学习座谈", kind_id=kinds["专题学习"],
                  start_on=dt.date(2025, 4, 8), organizer_id=home.id),
            Event(title="委员之家服务群众", kind_id=kinds["服务为民"],
                  start_on=dt.date(2025, 6, 18), organizer_id=home.id, people_served=40),
        ]
        s.add_all(events)
        s.flush()
        for e in events:
            for m in members[:7]:
                s.add(Participation(event_id=e.id, member_id=m, attendance=Attendance.PRESENT))


@pytest.fixture(scope="session")
def unit_demo(backend: str, request: pytest.FixtureRequest,
              tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, str, Path]]:
    folder = tmp_path_factory.mktemp("review-units")
    server = request.getfixturevalue("pg_server") if backend != "sqlite" else None
    name = server.create("zxlz_review_units") if server is not None else ""
    url = server.url(name) if server is not None else str(folder / "county.sqlite")
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("ZXLZ_HOME", str(folder / "home"))
            db = open_database(url)
            generate_demo(db, scale="county", seed=2025)
            _add_unit_records(db)
        yield db, url, folder
        db.dispose()
    finally:
        if server is not None:
            server.drop_later(name)


def text_of(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def sections(text: str) -> dict[str, str]:
    """The draft cut at its ■ headings: 编者按, 办公室, 研究室, 提案委员会 …"""
    parts = re.split(r"^■ (.+)$", text, flags=re.M)
    return {parts[i].strip(): parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}


@pytest.fixture(scope="session")
def drafts(unit_demo: tuple[Database, str, Path]) -> tuple[dict[str, str], dict[str, str]]:
    """The whole draft's sections, and each unit's own draft (from the one-action folder)."""
    db, _url, folder = unit_demo
    out = folder / "whole.docx"
    generate(db, ReportRequest("year-review", out, YEAR), today=TODAY,
             settings=ReportSettings(), record=False)
    each = folder / "each"
    each.mkdir()
    made = generate_each_unit(db, ReportRequest("year-review", each / "x.docx", YEAR), each,
                              today=TODAY, settings=ReportSettings(), record=False)
    return sections(text_of(out)), {d.unit: text_of(d.path) for d in made}


def test_one_action_writes_a_draft_and_evidence_per_unit(
        unit_demo: tuple[Database, str, Path], drafts: tuple[dict[str, str], dict[str, str]]
) -> None:
    db, _url, folder = unit_demo
    units = [name for _id, name in section_units(db)]
    assert LAW in units and "办公室" in units and "提案委员会" in units
    files = sorted(p.name for p in (folder / "each").iterdir())
    expected = sorted([draft_name("年度工作回眸", u) for u in units]
                      + [draft_name("年度工作回眸", u)[:-5] + "-数据底稿.xlsx" for u in units])
    assert files == expected  # no scratch folder left behind
    assert set(drafts[1]) == set(units)


def test_unit_drafts_say_what_the_whole_draft_says(
        drafts: tuple[dict[str, str], dict[str, str]]) -> None:
    """Committee-wide sentences (县政协全年共收到提案……) keep the committee's numbers in a unit's
    own draft: each unit's draft is its section of the whole draft, word for word."""
    whole, each = drafts
    for unit, text in each.items():
        own = sections(text)
        assert list(own) == ["编者按", unit], unit
        assert own["编者按"] == whole["编者按"]
        assert own[unit] == whole[unit], unit
    committee_wide = [s for s in whole["提案委员会"].split("。") if "县政协全年共收到提案" in s]
    assert len(committee_wide) == 1 and "其中归口本委" in committee_wide[0]
    assert any("县政协全年征集社情民意信息" in s for s in whole["研究室"].split("。"))
    assert "县政协全年服务保障各类会议和活动" in whole["办公室"]


def test_the_committee_wide_member_homes_in_the_office_section(
        unit_demo: tuple[Database, str, Path], drafts: tuple[dict[str, str], dict[str, str]]
) -> None:
    db, _url, _folder = unit_demo
    homes, activities, times = (_value(db, f"homes.{k}")
                                for k in ("count", "activities", "participants"))
    assert activities > 2  # more than the committee's own home
    assert (f"全县{homes}个“委员之家”开展活动{activities}次，委员参与{times}人次"
            in drafts[0]["办公室"])


def _value(db: Database, key: str, unit_id: int | None = None) -> int | float:
    source = Tracker(db).source(YEAR, Scope(unit_id, ""))
    return source.figure(key).value


def test_each_unit_section_prints_its_figures(
        unit_demo: tuple[Database, str, Path], drafts: tuple[dict[str, str], dict[str, str]]
) -> None:
    db, _url, _folder = unit_demo
    whole, _each = drafts
    checked = 0
    with db.reader() as s:
        units = {u.id: u for u in s.scalars(select(Unit).where(Unit.kind.in_(
            (UnitKind.OFFICE, UnitKind.RESEARCH_CENTER, UnitKind.SPECIAL_COMMITTEE))))}
    for unit_id, name in section_units(db):
        text = whole[name]
        unit = units[unit_id]

        def v(key: str, unit_id: int = unit_id) -> int | float:
            return _value(db, key, unit_id)

        expect = {
            "study.sessions": "组织专题学习{}次",
            "outcomes.items": "条建议",
            "outcomes.problems": "梳理问题{}项",
            "service.people_activities": "开展“服务为民”活动{}次",
            "service.law": "开展“送法下基层”活动{}次",
            "homes.activities": "“委员之家”开展活动{}次",
            "homes.participants": "委员参与{}人次",
            "outcomes.instructed": "获领导批示{}篇",
        }
        if unit.kind == UnitKind.SPECIAL_COMMITTEE and "提案" not in name:
            expect["proposals.received"] = "的提案{}件"
            expect["proposals.proposers"] = "{}名委员提出归口本委的提案"
        if unit.kind != UnitKind.RESEARCH_CENTER:
            expect["opinions.received"] = "的社情民意信息{}篇"
        for key, phrase in expect.items():
            n = v(key)
            if n:
                assert phrase.format(n) in text, (name, key, n)
                checked += 1
            elif "{}" in phrase:
                assert phrase.split("{}")[0] + "0" not in text, (name, key)
        with db.reader() as s:
            class B:  # the few Build attributes a list builder reads
                period = YEAR

                @staticmethod
                def num(value: int, origin: str) -> int:
                    return value

            rows, _ids = topics(B(), s, Scope(unit_id, name))  # type: ignore[arg-type]
        for t in rows:
            if t.items:
                assert f"围绕“{t.topic}”开展{t.kind}" in text, (name, t.topic)
                assert f"{t.items}条建议" in text
                checked += 1
            if t.instructed:
                assert f"获{t.instructed}批示" in text
    assert checked >= 40
    law = whole[LAW]
    # each kind of activity keeps its own count; no folded 服务为民等活动 total
    assert "开展“送法下基层”活动2次" in law and "开展“服务为民”活动1次" in law
    assert "服务为民等活动" not in law
    assert "指导1个“委员之家”开展活动2次，委员参与14人次" in law
    assert "筹集资金84.3万元" in law and "资助和受益220余人" in law  # 221: the seed’s 220余名
    assert "“金秋助学”捐资助学，7名委员参加" in law


def test_committee_wide_opinion_figures_by_level(
        unit_demo: tuple[Database, str, Path], drafts: tuple[dict[str, str], dict[str, str]]
) -> None:
    db, _url, _folder = unit_demo
    research = drafts[0]["研究室"]
    for key, phrase in (("opinions.forwarded", "向上级政协报送信息{}篇"),
                        ("opinions.forwarded_province", "其中上报省政协{}篇"),
                        ("opinions.adopted_province", "省政协采用{}篇"),
                        ("opinions.adopted_national", "全国政协采用{}篇"),
                        ("opinions.adopted_members", "{}名委员的信息获得采用")):
        n = _value(db, key)
        assert n and phrase.format(n) in research, (key, n)
    rate = Tracker(db).source(YEAR, Scope()).figure("opinions.adopted_member_rate")
    assert f"占委员总数的{rate}" in research
    assert "被全国政协采用。" in research


def test_each_unit_refuses_other_kinds_and_a_missing_folder(
        unit_demo: tuple[Database, str, Path], tmp_path: Path) -> None:
    db, _url, _folder = unit_demo
    with pytest.raises(AppError, match="只用于年度工作回眸"):
        generate_each_unit(db, ReportRequest("work-report", tmp_path / "x.docx", YEAR),
                           tmp_path, record=False)
    with pytest.raises(AppError, match="不存在"):
        generate_each_unit(db, ReportRequest("year-review", tmp_path / "x.docx", YEAR),
                           tmp_path / "无此文件夹", record=False)


def test_each_unit_is_all_or_none(unit_demo: tuple[Database, str, Path], tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure on the fourth unit leaves the folder as it was: no draft of the first three."""
    import app.reports.each_unit as each_unit

    db, _url, _folder = unit_demo
    real = each_unit.generate
    calls: list[int] = []

    def failing(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 4:
            raise AppError("模板有错误")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(each_unit, "generate", failing)
    with pytest.raises(AppError, match="模板有错误"):
        generate_each_unit(db, ReportRequest("year-review", tmp_path / "x.docx", YEAR),
                           tmp_path, today=TODAY, settings=ReportSettings(), record=False)
    assert list(tmp_path.iterdir()) == []


def test_cli_each_unit(unit_demo: tuple[Database, str, Path], tmp_path: Path,
                       capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli import main

    db, url, _folder = unit_demo
    out = tmp_path / "各单位"
    out.mkdir()
    assert main(["report", "year-review", "--year", "2025", "--each-unit", "--db", url,
                 "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    units = section_units(db)
    assert f"共{len(units)}个单位的文稿" in printed
    assert (out / draft_name("年度工作回眸", LAW)).exists()
    assert main(["report", "year-review", "--year", "2025", "--each-unit", "--scope", LAW,
                 "--db", url, "--out", str(out)]) == 2
    assert "不能同时用 --scope" in capsys.readouterr().err
