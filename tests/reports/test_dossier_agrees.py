"""One number for one fact: a member's yearly counts are the same in the detail pane
(``member_dossier``), the 履职档案 draft and the figures registry, for every member and every
year of the demo — on SQLite (the session demo) and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from docx import Document
from sqlalchemy import select

from app.db.engine import Database
from app.models import Member
from app.reports.dossier import YEAR_FIGURES, member_dossier
from app.reports.figures import compute
from app.reports.period import Period, Scope
from app.services.opening import open_database
from tests.reports.conftest import ReportDemo, render

YEARS = (2024, 2025)
# the 履职档案 statistics table: label printed in the draft -> registry figure
DRAFT_LABELS = {"应参加会议活动": "member.invited", "出席": "member.present",
                "请假": "member.excused", "缺席": "member.absent",
                "提交提案（第一提案人）": "member.proposals_lead",
                "联名提案": "member.proposals_cosigned", "报送社情民意信息": "member.opinions",
                "信息被采用": "member.opinions_adopted", "获得表彰": "member.honors"}

# Every member and year of the demo, pane against registry: over a minute on a busy 2-core machine.
pytestmark = pytest.mark.timeout(400)


def registry(db: Database, member_id: int, year: int) -> dict[str, int]:
    values = compute(db, YEAR_FIGURES.values(), Period.year(year), Scope(member_id=member_id))
    return {k: int(v.value) for k, v in values.items()}


def pane(db: Database, member_id: int) -> dict[int, dict[str, int]]:
    """What the detail pane shows, per year (years without any record are not shown)."""
    return {y.year: {key: getattr(y, name) for name, key in YEAR_FIGURES.items()}
            for y in member_dossier(db, member_id).years}


def member_ids(db: Database) -> list[int]:
    with db.reader() as s:
        return list(s.scalars(select(Member.id).where(Member.deleted_at.is_(None))
                              .order_by(Member.id)))


def check_pane(db: Database) -> int:
    """Compare pane and registry for every member and year; returns the non-empty rows."""
    rows = 0
    for member_id in member_ids(db):
        shown = pane(db, member_id)
        for year in YEARS:
            want = registry(db, member_id, year)
            if any(want.values()):
                rows += 1
                assert shown.get(year) == want, (member_id, year)
            else:
                assert year not in shown, (member_id, year)
    return rows


def draft_tables(path: object) -> list[tuple[str, dict[str, int]]]:
    """(member name, {figure key: value}) for each member in an all-member 履职档案."""
    out: list[tuple[str, dict[str, int]]] = []
    name = ""
    for table in Document(str(path)).tables:
        cells = [[c.text.strip() for c in r.cells] for r in table.rows]
        if cells and cells[0][0] == "姓名":
            name = cells[0][1]
        elif cells and cells[0] == ["项目", "数量", "项目", "数量"]:
            values: dict[str, int] = {}
            for r in cells[1:]:
                for label, text in ((r[0], r[1]), (r[2], r[3])):
                    if label in DRAFT_LABELS:
                        values[DRAFT_LABELS[label]] = int(re.sub(r"\D", "", text))
            out.append((name, values))
    return out


def test_pane_and_registry_agree_on_sqlite(report_demo: ReportDemo) -> None:
    assert check_pane(report_demo.db) > 300  # both years, most members


@pytest.mark.parametrize("year", YEARS)
def test_draft_and_registry_agree(report_demo: ReportDemo, year: int) -> None:
    db = report_demo.db
    path = render(report_demo, "member-dossier", f"all-{year}.docx", period=Period.year(year))
    files = draft_tables(path)
    with db.reader() as s:
        by_name: dict[str, list[int]] = {}
        for m in s.scalars(select(Member).where(Member.deleted_at.is_(None))):
            by_name.setdefault(m.name, []).append(m.id)
    assert len(files) > 150
    checked = 0
    for name, values in files:
        assert set(values) == set(DRAFT_LABELS.values())
        if len(by_name[name]) != 1:
            continue  # two members of the same name: the order decides, not the name
        member_id = by_name[name][0]
        assert values == registry(db, member_id, year), (name, year)
        assert values == pane(db, member_id).get(year, dict.fromkeys(values, 0)), (name, year)
        checked += 1
    assert checked > 150


@pytest.fixture(scope="module")
def pg_demo(pg_url: str) -> Iterator[Database]:
    from app.demo import generate_demo
    from tests.conftest import reset_pg

    reset_pg(pg_url)
    db = open_database(pg_url)
    generate_demo(db, scale="county", seed=2025, today=dt.date(2025, 12, 31))
    yield db
    db.dispose()


def test_pane_and_registry_agree_on_postgres(pg_demo: Database) -> None:
    assert check_pane(pg_demo) > 300


def test_adoption_by_this_committee_counts_in_the_pane(report_demo: ReportDemo) -> None:
    """The defect this file guards: 本级编发 counts as 被采用 in the pane as in the draft."""
    from app.models import OpinionReport, OpinionSubmitter

    db = report_demo.db
    with db.reader() as s:
        row = s.execute(select(OpinionSubmitter.member_id, OpinionReport.received_on)
                        .join(OpinionReport)
                        .where(OpinionReport.issued_on.is_not(None),
                               OpinionSubmitter.member_id.is_not(None))).first()
    assert row is not None
    member_id, received = row
    shown = pane(db, member_id)[received.year]
    assert shown["member.opinions_adopted"] >= 1
    assert shown == registry(db, member_id, received.year)


def test_supervised_has_one_meaning_in_page_and_figures(report_demo: ReportDemo) -> None:
    """督办提案 on the proposal page (``is_supervised``) and in the figures are the same."""
    from sqlalchemy.orm import selectinload

    from app.domain.enums import ReviewStatus
    from app.models import Proposal
    from app.services.proposal_stage import is_supervised
    from ui.pages.proposal_detail import _supervision

    db = report_demo.db
    for year in YEARS:
        period = Period.year(year)
        figure = compute(db, ["proposals.supervised"], period)["proposals.supervised"]
        with db.reader() as s:
            proposals = list(s.scalars(
                select(Proposal).options(selectinload(Proposal.supervisions))
                .where(Proposal.deleted_at.is_(None),
                       Proposal.review_status == ReviewStatus.ACCEPTED,
                       Proposal.submitted_on.between(period.start, period.end))))
            page = {p.id for p in proposals if is_supervised(p, period.end)}
            assert page == set(figure.ids) and page, year
            imported = next(p for p in proposals if not p.is_key and not p.supervisions)
            imported.supervisor = "县委副书记王某某"  # as the import sets 督办领导 (not saved)
            assert is_supervised(imported) and "督办" in _supervision(imported)
            s.rollback()


@pytest.mark.parametrize("year", YEARS)
def test_printed_member_table_agrees_with_registry(report_demo: ReportDemo, tmp_path,
                                                    year: int) -> None:
    """委员履职统计表 (the printed table) carries the registry's member figures."""
    from openpyxl import load_workbook

    from app.exchange.stats_tables import write_member_stats

    db = report_demo.db
    path, _n = write_member_stats(db, tmp_path / "stats.xlsx", Period.year(year))
    columns = ["member.invited", "member.present", "member.excused", "member.absent", None,
               "member.proposals_lead", "member.proposals_cosigned", "member.opinions",
               "member.opinions_adopted"]
    with db.reader() as s:
        by_name: dict[str, list[int]] = {}
        for m in s.scalars(select(Member).where(Member.deleted_at.is_(None))):
            by_name.setdefault(m.name, []).append(m.id)
    checked = 0
    for r in load_workbook(path).active.iter_rows(values_only=True):
        if not isinstance(r[0], int):
            continue
        name = str(r[1]).replace("\u3000", "")
        if len(by_name.get(name, [])) != 1:
            continue
        want = registry(db, by_name[name][0], year)
        got = {key: r[3 + i] for i, key in enumerate(columns) if key}
        assert got == {k: want[k] for k in got}, (name, year)
        checked += 1
    assert checked > 150
