"""Reference data of a new database: complete, consistent, and seeded exactly once."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from app.db.engine import Database
from app.domain.enums import EventFamily, RefList, UnitKind, UserRole
from app.models import (
    CommitteeSettings,
    Department,
    EventKind,
    Member,
    RefValue,
    ScoringRule,
    Sector,
    Term,
    Unit,
    User,
)
from app.services.opening import open_database
from app.services.seed import TYPICAL_DEPARTMENTS, ensure_reference_data


def _labels(db: Database, name: RefList) -> list[tuple[str, str]]:
    with db.reader() as s:
        rows = s.scalars(
            select(RefValue).where(RefValue.list_name == name).order_by(RefValue.sort_order)
        )
        return [(r.label, r.code) for r in rows]


def _count(db: Database, model: type) -> int:
    with db.reader() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_reference_lists_are_complete(db: Database) -> None:
    ethnicities = _labels(db, RefList.ETHNICITY)
    assert len(ethnicities) == 56
    assert ethnicities[0] == ("汉族", "01")
    assert ("回族", "03") in ethnicities and ("基诺族", "56") in ethnicities
    parties = dict(_labels(db, RefList.PARTY))
    assert len(parties) == 11
    assert parties["中共"] == "01" and parties["九三学社"] == "10" and parties["群众"] == "13"
    assert "无党派人士" in parties
    assert [label for label, _ in _labels(db, RefList.DEGREE)] == ["博士", "硕士", "学士", "无"]
    assert "研究生" in dict(_labels(db, RefList.EDUCATION))
    assert len(_labels(db, RefList.PROPOSAL_CATEGORY)) == 12
    assert all(code for _, code in _labels(db, RefList.PROPOSAL_CATEGORY))
    assert "村（社区）" in dict(_labels(db, RefList.EMPLOYER_TYPE))
    assert len(_labels(db, RefList.OPINION_CATEGORY)) >= 8
    assert len(_labels(db, RefList.TITLE_LEVEL)) == 5


def test_sectors_and_units(db: Database) -> None:
    with db.reader() as s:
        sectors = list(s.scalars(select(Sector).order_by(Sector.sort_order)))
        groups = {
            u.id: u for u in s.scalars(select(Unit).where(Unit.kind == UnitKind.SECTOR_GROUP))
        }
        committees = list(s.scalars(select(Unit).where(Unit.kind == UnitKind.SPECIAL_COMMITTEE)))
        kinds = {u.kind for u in s.scalars(select(Unit))}
    assert len(sectors) >= 20
    assert sectors[0].name == "中共"
    assert all(sector.group_id in groups for sector in sectors)
    assert {g for s in sectors for g in [s.group_id]} == set(groups)  # no empty 界别组
    assert [s.sort_order for s in sectors] == sorted({s.sort_order for s in sectors})
    assert 5 <= len(committees) <= 7
    assert "提案委员会" in {c.name for c in committees}
    assert {UnitKind.OFFICE, UnitKind.RESEARCH_CENTER} <= kinds


def test_event_kinds_cover_every_family(db: Database) -> None:
    with db.reader() as s:
        kinds = {k.name: k for k in s.scalars(select(EventKind))}
    assert {k.family for k in kinds.values()} == set(EventFamily)
    assert kinds["委员讲坛"].measure_word == "期"
    assert kinds["接待"].measure_word == "批次"
    assert kinds["视察"].measure_word == "次"
    assert kinds["全体会议"].family is EventFamily.MEETING
    assert kinds["专题协商会"].family is EventFamily.CONSULTATION
    assert kinds["全体会议"].default_score > kinds["专题学习"].default_score


def test_settings_rules_and_admin(db: Database) -> None:
    with db.reader() as s:
        settings = list(s.scalars(select(CommitteeSettings)))
        rules = {r.code: r for r in s.scalars(select(ScoringRule))}
        admin = s.scalars(select(User).where(User.username == "admin")).one()
    assert len(settings) == 1 and settings[0].region == "本县"
    assert settings[0].current_term_id is None
    assert rules["absent_plenary"].points < 0 < rules["attend_plenary"].points
    assert rules["attend_plenary"].event_kind_id is not None
    assert rules["opinion_adopted_national"].points > rules["opinion_adopted_city"].points
    assert {
        "proposal_lead",
        "proposal_cosign",
        "proposal_accepted",
        "proposal_key",
        "proposal_excellent",
        "opinion_submitted",
        "instruction_county",
    } <= set(rules)
    assert admin.role is UserRole.ADMIN and admin.display_name == "管理员"
    assert admin.password_hash == ""


def test_real_database_gets_no_terms_members_or_departments(db: Database) -> None:
    assert _count(db, Term) == _count(db, Member) == _count(db, Department) == 0


def test_seeding_is_idempotent(tmp_path: Path) -> None:
    db = open_database(tmp_path / "t.sqlite", seed=False)
    assert _count(db, RefValue) == 0
    assert ensure_reference_data(db) is True
    counts = [_count(db, m) for m in (RefValue, Unit, Sector, EventKind, ScoringRule, User)]
    assert ensure_reference_data(db) is False
    assert [_count(db, m) for m in (RefValue, Unit, Sector, EventKind, ScoringRule, User)] == counts
    db.dispose()
    reopened = open_database(tmp_path / "t.sqlite")  # open_database seeds: still nothing new
    assert _count(reopened, RefValue) == counts[0]
    assert _count(reopened, CommitteeSettings) == 1
    reopened.dispose()


def test_typical_departments() -> None:
    names = [name for name, _short, _kind in TYPICAL_DEPARTMENTS]
    assert 30 <= len(names) <= 45
    assert len(set(names)) == len(names)
    assert {"县住房和城乡建设管理局", "县农业农村局", "县教育科技局", "各乡镇人民政府"} <= set(
        names
    )
