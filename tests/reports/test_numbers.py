"""Every number in a drafted report is the registry's value for the same period and scope.

The reports are rendered in trace mode, where each printed number carries where it came from
(``⟦key@scope~period=raw|text⟧``). Each is checked against an independent ``compute`` of the
registry (or against the record field it names), and once the traced numbers are taken out no
digit is left in the prose except in dates.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document

from app.reports.figures import compute, compute_breakdowns
from app.reports.meta import find_session, since_session_period
from app.reports.period import Period, Scope
from app.text.numerals import approx, cn_number, percent, small_cn
from tests.reports.conftest import render

MARK = re.compile(r"⟦([^=⟧]+)=([^|⟧]*)\|([^⟧]*)⟧")
DATE = re.compile(r"\d{4}年(\d{1,2}月(\d{1,2}日)?)?(至\d{1,2}(月\d{1,2})?日)?")
NUMBER_OF_A_PROPOSAL = re.compile(r"第\d+号")  # an identifier, not a count


def _scope(text: str) -> Scope:
    ids = {part[0]: int(part[1:]) for part in text.split(",") if part}
    return Scope(unit_id=ids.get("u"), member_id=ids.get("m"), event_id=ids.get("e"),
                 session_id=ids.get("s"))


def _period(text: str, periods: dict[tuple[dt.date, dt.date], Period]) -> Period:
    start, end = (dt.date.fromisoformat(d) for d in text.split(".."))
    return periods.get((start, end)) or Period.between(start, end)


def expected_text(variant: str, value: object, unit: str) -> str:
    if variant in ("yu", "jin", "yue_wan", "chao_yi"):
        return approx(int(value) if isinstance(value, int) else float(value), variant)
    if variant == "cn":
        return cn_number(int(value))
    if variant == "small":
        return small_cn(int(value))
    if unit == "%":
        return f"{value}%"
    if unit == "万元":
        return str(Decimal(value).quantize(Decimal("0.1")))
    return str(value)


def check_marks(db, text: str, periods: dict) -> int:
    """Check every traced number in ``text``; returns how many there were."""
    count = 0
    for full, raw, shown in MARK.findall(text):
        count += 1
        head, _, where = full.partition("@")
        scope_text, _, period_text = where.partition("~")
        key, _, variant = head.partition("#")
        if key.startswith("rec:"):
            check_record(db, key[4:], variant, raw, shown)
            continue
        scope, period = _scope(scope_text), _period(period_text, periods)
        if "[" in key:  # a breakdown row ([*]: the total)
            bkey, label = key[:-1].split("[")
            rows = {r.label: r for r in compute_breakdowns(db, [bkey], period, scope)[bkey].rows}
            value = sum(r.value for r in rows.values()) if label == "*" else rows[label].value
            if variant == "share":
                total = sum(r.value for r in rows.values())
                assert raw == f"{value}/{total}" and shown == percent(value, total), full
                continue
            assert str(value) == raw and shown == str(value), full
            continue
        fv = compute(db, [key], period, scope)[key]
        if variant == "yoy":
            prev = compute(db, [key], period.previous_year(), scope)[key]
            assert raw == str(fv.value - prev.value), full
            assert shown in (str(abs(fv.value - prev.value)), "与上年持平"), full
        elif variant.startswith("share:"):
            other = variant.split(":", 1)[1]
            whole = compute(db, [other], period, scope)[other].value
            assert raw == f"{fv.value}/{whole}" and shown == percent(fv.value, whole), full
        else:
            assert raw == str(fv.value), full
            assert shown == expected_text(variant, fv.value, fv.unit), full
    return count


def check_record(db, origin: str, variant: str, raw: str, shown: str) -> None:
    """A number that is a record's field (or derived from settings), checked at its source."""
    from app.models import Outcome

    assert shown == expected_text(variant, int(raw), ""), origin
    if origin.startswith("derived:"):
        a, b = origin.removeprefix("derived:").split("-")
        assert int(raw) == int(a) - int(b)
        return
    e = re.fullmatch(r"events:(\d+)\.(headcount|people|aspects|items|problems)", origin)
    if e:  # an event's headcount (members present) or the sum over its outcomes
        from sqlalchemy import func, select

        from app.domain.enums import Attendance
        from app.models import Participation

        event_id, field = int(e.group(1)), e.group(2)
        with db.reader() as s:
            if field in ("headcount", "people"):  # members present (and the others)
                value = s.scalar(select(func.count(Participation.id)).where(
                    Participation.event_id == event_id,
                    Participation.attendance == Attendance.PRESENT))
                if field == "people":
                    from app.models import Event

                    value += s.get(Event, event_id).guests
            else:
                value = sum(getattr(o, field) or 0 for o in s.scalars(
                    select(Outcome).where(Outcome.event_id == event_id)))
        assert str(value) == raw, origin
        return
    m = re.fullmatch(r"outcomes:(\d+)\.(aspects|items|problems)", origin)
    assert m, origin
    with db.reader() as s:
        assert str(getattr(s.get(Outcome, int(m.group(1))), m.group(2))) == raw


def prose(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def without_record_titles(demo: object, text: str) -> str:
    """The text without the titles of 文史资料 (“《示范县文史》第50辑”): a title's digits are
    the record's own words, not a number the draft computed."""
    from sqlalchemy import select

    from app.models import Publication

    with demo.db.reader() as s:  # type: ignore[attr-defined]
        titles = sorted(s.scalars(select(Publication.title)), key=len, reverse=True)
    for title in titles:
        text = text.replace(title, "")
    return text


def stray_digits(text: str) -> list[str]:
    rest = NUMBER_OF_A_PROPOSAL.sub("", DATE.sub("", MARK.sub("", text)))
    return [line for line in rest.splitlines() if re.search(r"\d", line)]


@pytest.fixture(scope="module")
def periods(report_demo) -> dict:
    session = find_session(report_demo.db, "十届四次")
    since = since_session_period(report_demo.db, session, dt.date(2026, 1, 7))
    assert since.before is not None
    return {"since": since, (since.start, since.end): since,
            (since.before.start, since.before.end): since.before}


@pytest.mark.parametrize("kind", ["work-report", "proposal-report", "year-review"])
def test_every_number_is_a_registry_value(report_demo, periods, kind: str) -> None:
    period = periods["since"] if kind == "year-review" else Period.year(2025)
    path = render(report_demo, kind, f"trace-{kind}.docx", period=period, trace=True)
    text = without_record_titles(report_demo, prose(path))
    doc = Document(str(path))
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells[1:])
    assert check_marks(report_demo.db, text, periods) >= 25
    check_marks(report_demo.db, cells, periods)
    assert stray_digits(text) == [], kind


def test_trace_and_plain_text_agree(documents, report_demo) -> None:
    path = render(report_demo, "work-report", "trace-again.docx", period=Period.year(2025),
                  trace=True)
    traced = MARK.sub(lambda m: m.group(3), prose(path))
    plain = prose(documents["work-report"])
    assert traced == plain


def test_the_seed_sentences_carry_the_figures(documents, report_demo) -> None:
    text = prose(documents["work-report"])
    v = compute(report_demo.db, ["proposals.received", "proposals.accepted", "proposals.key",
                                 "opinions.received", "study.office", "study.groups"],
                Period.year(2025))
    assert (f"全年共收到提案{v['proposals.received'].value}件，立案"
            f"{v['proposals.accepted'].value}件，确定重点提案{v['proposals.key'].value}件") in text
    assert f"全年共收集社情民意信息{v['opinions.received'].value}篇" in text
    assert (f"机关全年开展专题学习{v['study.office'].value}次，各界别组开展"
            f"{v['study.groups'].value}次") in text
    assert "在政协第十届示范县委员会第五次会议上" in text and "（2026年1月8日）" in text
