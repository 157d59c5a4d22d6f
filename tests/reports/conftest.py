"""One county demo for the report tests, and every built-in document rendered from it once.

Fonts are detected on the machine that renders; the tests pretend none of the 公文 fonts is
installed, so the documents carry the standard fallbacks whatever this machine has.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.db.engine import Database
from app.demo import generate_demo
from app.reports.period import Period
from app.services.opening import open_database

TODAY = dt.date(2026, 1, 5)  # a report written just before 十届五次会议 (2026-01-08)


@dataclass
class ReportDemo:
    db: Database
    url: str  # what ``--db`` takes: the SQLite file's path or the PostgreSQL URL
    out: Path  # where the documents of the session's fixtures are written


@pytest.fixture(scope="session")
def report_demo(backend: str, request: pytest.FixtureRequest,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReportDemo]:
    """The county demo in a new database of this run's backend, built once per backend."""
    folder = tmp_path_factory.mktemp("reports")
    server = request.getfixturevalue("pg_server") if backend != "sqlite" else None
    name = server.create("zxlz_reports") if server is not None else ""
    url = server.url(name) if server is not None else str(folder / "county.sqlite")
    try:
        with pytest.MonkeyPatch.context() as mp:  # session scope: before the per-test home
            mp.setenv("ZXLZ_HOME", str(folder / "home"))
            db = open_database(url)
            generate_demo(db, scale="county", seed=2025)
        out = folder / "out"
        out.mkdir()
        yield ReportDemo(db, url, out)
        db.dispose()
    finally:
        if server is not None:
            server.drop_later(name)


@pytest.fixture(autouse=True)
def _no_office_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    import app.reports.fonts as fonts

    monkeypatch.setattr(fonts, "installed_fonts", lambda: frozenset())


def render(demo: ReportDemo, kind: str, name: str, *, trace: bool = False, **request: object
           ) -> Path:
    """Generate one document into the session's output folder (not recorded in history)."""
    from app.reports.engine import generate
    from app.reports.kinds import ReportRequest
    from app.reports.settings import ReportSettings

    out = demo.out / name
    generate(demo.db, ReportRequest(kind, out, **request), trace=trace, today=TODAY,
             settings=ReportSettings(), record=False)  # type: ignore[arg-type]
    return out


@pytest.fixture(scope="session")
def documents(report_demo: ReportDemo) -> dict[str, Path]:
    """Every built-in kind, rendered once with the default templates."""
    from unittest import mock

    from app.reports.meta import find_session, since_session_period
    from app.reports.period import Period

    year = Period.year(2025)
    session = find_session(report_demo.db, "十届四次")
    since = since_session_period(report_demo.db, session, dt.date(2026, 1, 7))
    with mock.patch("app.reports.fonts.installed_fonts", lambda: frozenset()):
        return {
            "work-report": render(report_demo, "work-report", "work.docx", period=year),
            "year-review": render(report_demo, "year-review", "review.docx", period=since),
            "proposal-report": render(report_demo, "proposal-report", "proposals.docx",
                                      period=year),
            "proposal-compilation": render(report_demo, "proposal-compilation",
                                           "compilation.docx", session_id=session.id),
            "member-dossier": render(report_demo, "member-dossier", "dossier.docx",
                                     period=year, member_id=first_member(report_demo)),
            "sign-in": render(report_demo, "sign-in", "signin.docx",
                              event_id=plenary_event(report_demo)),
        }


def first_member(demo: ReportDemo) -> int:
    from sqlalchemy import select

    from app.models import Member

    with demo.db.reader() as s:
        return int(s.scalar(select(Member.id).where(Member.deleted_at.is_(None))
                            .order_by(Member.stroke_key)))


def plenary_event(demo: ReportDemo) -> int:
    """The 十届四次会议 plenary: a long list with some members excused."""
    from sqlalchemy import select

    from app.models import Event, EventKind

    with demo.db.reader() as s:
        return int(s.scalar(select(Event.id).join(EventKind).where(
            EventKind.name == "全体会议", Event.start_on == dt.date(2025, 2, 14))))


def event_selects(period: Period, unit_id: int | None) -> tuple[Any, Any]:
    """The ids of the period's events (of one organising unit, when given) and of its
    委员之家 events (of that unit or its children), as plain queries: what the figure tests
    compare the registry's passes with."""
    from sqlalchemy import or_, select
    from sqlalchemy.orm import aliased

    from app.domain.enums import UnitKind
    from app.models import Event, Unit

    events = select(Event.id).where(Event.deleted_at.is_(None),
                                    Event.start_on.between(period.start, period.end))
    if unit_id is not None:
        events = events.where(Event.organizer_id == unit_id)
    organizer = aliased(Unit)
    homes = (select(Event.id).join(organizer, organizer.id == Event.organizer_id)
             .where(Event.deleted_at.is_(None), organizer.kind == UnitKind.MEMBER_HOME,
                    Event.start_on.between(period.start, period.end)))
    if unit_id is not None:
        homes = homes.where(or_(organizer.id == unit_id, organizer.parent_id == unit_id))
    return events, homes
