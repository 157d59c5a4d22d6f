"""数据底稿 written by the fast path (records read by id ranges and lists, descriptions as
shared strings escaped in one pass) holds exactly what the straightforward algorithm gives:
the same sheets, and in every detail sheet the same rows — figure, 序号, 记录编号, the
record's description (read here through the ORM, one record at a time) and its own value."""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    Department,
    Event,
    Honor,
    Member,
    OpinionReport,
    Outcome,
    Participation,
    Proposal,
    Unit,
)
from app.reports.engine import ReportResult, generate
from app.reports.evidence import (
    ENTITY_LABELS,
    RUN,
    SUMMED,
    ById,
    describe_records,
    id_runs,
    record_values,
)
from app.reports.kinds import ReportRequest
from app.reports.period import Period
from app.reports.settings import ReportSettings
from app.reports.xlsx_writer import escape_many, text
from app.services.proposals import number_text
from tests.reports.conftest import TODAY, ReportDemo

Y2025 = Period.year(2025)


def _generate(demo: ReportDemo, kind: str, name: str) -> ReportResult:
    return generate(demo.db, ReportRequest(kind, demo.out / name, Y2025), today=TODAY,
                    settings=ReportSettings(), record=False)


def _described(s: Session, entity: str, record_id: int) -> str | None:
    """The record's line, as 数据底稿 has always printed it, from the ORM object."""
    if entity == "events":
        e = s.get(Event, record_id)
        return f"{e.start_on}　{e.title}" if e else None
    if entity == "participations":
        p = s.get(Participation, record_id)
        if p is None:
            return None
        member, event = s.get(Member, p.member_id), s.get(Event, p.event_id)
        return (f"{member.name if member else ''}　{event.start_on}　{event.title}"
                f"（{p.attendance.label}）") if event else None
    if entity == "proposals":
        pr = s.get(Proposal, record_id)
        return f"{number_text(pr)}　{pr.title}" if pr else None
    if entity == "opinion_reports":
        o = s.get(OpinionReport, record_id)
        return f"{o.received_on}　{o.title}" if o else None
    if entity == "members":
        m = s.get(Member, record_id)
        return f"{m.name}　{m.work_unit_post}" if m else None
    if entity == "outcomes":
        oc = s.get(Outcome, record_id)
        return (f"{oc.title}（{oc.aspects}方面{oc.items}条"
                + (f"，问题{oc.problems}项）" if oc.problems else "）")) if oc else None
    if entity == "honors":
        h = s.get(Honor, record_id)
        if h is None:
            return None
        who = s.get(Member, h.member_id).name if h.member_id else h.recipient  # type: ignore[union-attr]
        return f"{h.awarded_on}　{who}　{h.title}（{h.level.label}）"
    if entity == "units":
        u = s.get(Unit, record_id)
        return f"{u.name}（{u.kind.label}）" if u else None
    if entity == "departments":
        d = s.get(Department, record_id)
        return d.name if d else None
    return "*"  # families the ORM oracle does not spell out: compared to describe_records


def _expected_details(demo: ReportDemo, result: ReportResult) -> dict[str, list[tuple]]:
    """Every detail row, per kind of record, by the algorithm 数据底稿 was first written
    with: figure by figure, record by record (ids in the figure's order)."""
    by_entity: dict[str, list[Any]] = defaultdict(list)
    for entry in result.used:
        by_entity[entry.entity].append(entry)
    out: dict[str, list[tuple]] = {}
    with demo.db.reader() as s:
        for entity, entries in by_entity.items():
            summed = any(e.key.split("[")[0] in SUMMED for e in entries)
            fallback = dict(describe_records(demo.db, entity,
                                             list({i for e in entries for i in e.ids})))
            rows: list[tuple] = []
            written: dict[tuple[int, ...], Any] = {}
            for e in entries:
                values = record_values(demo.db, e.key, e.ids)
                same = written.get(e.ids) if len(e.ids) > 20 and not values else None
                if same is not None:
                    rows.append((e.key, e.label, e.scope, e.period, None, None,
                                 f"（与“{same.label}”（{same.key}，{same.scope}）的"
                                 f"{len(e.ids)}条记录相同）") + ((None,) if summed else ()))
                    continue
                written.setdefault(e.ids, e)
                if not e.ids:
                    rows.append((e.key, e.label, e.scope, e.period, None, None, "（没有记录）")
                                + ((None,) if summed else ()))
                for n, i in enumerate(e.ids, 1):
                    line = _described(s, entity, i)
                    if line == "*":
                        line = fallback.get(i)
                    row = (e.key, e.label, e.scope, e.period, n, i,
                           line if line is not None else "（记录已删除或不存在）")
                    if summed:
                        row += (int(values.get(i) or 0),) if values else (None,)
                    rows.append(row)
            out[ENTITY_LABELS.get(entity, entity)] = rows
    return out


@pytest.mark.parametrize("kind", ["work-report", "proposal-report"])
def test_evidence_rows_are_those_of_the_plain_algorithm(report_demo: ReportDemo,
                                                        kind: str) -> None:
    result = _generate(report_demo, kind, f"ev-writer-{kind}.docx")
    assert result.evidence is not None
    wb = load_workbook(result.evidence)
    expected = _expected_details(report_demo, result)
    details = wb.sheetnames[2:]
    assert [name.removeprefix("明细-") for name in details] == list(expected)
    for name, rows in expected.items():
        ws = wb[f"明细-{name}"]
        header = next(ws.iter_rows(max_row=1, values_only=True))
        assert header[:7] == ("指标代号", "指标名称", "范围", "统计期间", "序号", "记录编号", name)
        got = list(ws.iter_rows(min_row=2, values_only=True))
        assert got == rows, name
        last = "H" if len(header) == 8 else "G"
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:{last}{len(rows) + 1}"
    # the index's links land on each figure's first row
    index = wb["指标一览"]
    for row in index.iter_rows(min_row=2):
        link = row[11].hyperlink
        if link is None:
            continue
        sheet, cell = link.location.rsplit("!", 1)
        target = wb[sheet.strip("'")][cell]
        assert wb[sheet.strip("'")].cell(row=target.row, column=1).value == row[2].value


def test_a_summed_figure_lists_each_records_own_value(report_demo: ReportDemo) -> None:
    result = _generate(report_demo, "work-report", "ev-writer-sums.docx")
    wb = load_workbook(result.evidence)
    people = next(u for u in result.used if u.key == "service.people" and u.period == "2025年")
    rows = [r for r in wb["明细-会议活动"].iter_rows(min_row=2, values_only=True)
            if r[0] == "service.people" and r[3] == "2025年"]
    assert [r[5] for r in rows] == list(people.ids)
    assert sum(r[7] for r in rows) == people.exact


def test_id_runs_cover_every_id_once() -> None:
    rng = random.Random(7)
    dense = list(range(1000, 1400))
    sparse = rng.sample(range(5000, 90000), 300)
    holes = [i for i in range(20000, 20600) if i % 3]  # two thirds of every id
    ids = dense + sparse + holes + dense[:50]  # duplicates and any order
    rng.shuffle(ids)
    runs, rest = id_runs(ids)
    covered = [i for lo, hi in runs for i in set(ids) if lo <= i <= hi]
    assert sorted(covered + rest) == sorted(set(ids))  # each id once, in a run or the rest
    for lo, hi in runs:
        inside = [i for i in set(ids) if lo <= i <= hi]
        assert len(inside) >= RUN and 2 * len(inside) >= hi - lo + 1
    assert (1000, 1399) in runs and any(lo <= 20001 <= hi for lo, hi in runs)
    assert id_runs([]) == ([], [])
    assert id_runs([5, 3, 4]) == ([], [3, 4, 5])  # too few for a range


def test_reading_by_id_gives_exactly_the_rows_asked_for(report_demo: ReportDemo) -> None:
    with report_demo.db.reader() as s:
        all_ids = list(s.scalars(select(Event.id).order_by(Event.id)))
        rng = random.Random(3)
        ids = all_ids[100:700] + rng.sample(all_ids, 200) + [max(all_ids) + 10_000]
        query = ById(select(Event.id, Event.title), Event.id)
        got = sorted(query.rows(s, ids))
        plain = sorted(s.execute(select(Event.id, Event.title)
                                 .where(Event.id.in_(sorted(set(ids))))).all())
    assert [tuple(r) for r in got] == [tuple(r) for r in plain]
    assert len(got) == len(set(ids)) - 1  # the unknown id reads nothing


def test_escape_many_is_text_of_each() -> None:
    values = ["a & b", "<x>", "tab\tnew\nline", "bell\x07gone", "", "中文　全角", "&amp;"]
    assert escape_many(values) == [text(v) for v in values]
    with_nul = ["a\x00b", "c"]  # a NUL inside a value: one by one, still cleaned
    assert escape_many(with_nul) == [text(v) for v in with_nul] == ["ab", "c"]
    assert escape_many([]) == []


def test_the_workbook_opens_with_the_same_values_after_a_second_run(
        report_demo: ReportDemo, tmp_path: Path) -> None:
    """Generation in the same process reuses the compiled template and the template check:
    the second pair of files has the same content as the first."""
    first = _generate(report_demo, "work-report", "ev-writer-a.docx")
    second = _generate(report_demo, "work-report", "ev-writer-b.docx")

    def cells(path: Path) -> dict[str, list[tuple]]:
        wb = load_workbook(path)
        return {ws.title: [r for r in ws.iter_rows(values_only=True) if r[0] != "生成时间"]
                for ws in wb.worksheets}

    assert first.evidence is not None and second.evidence is not None
    assert cells(first.evidence) == cells(second.evidence)
    from docx import Document

    assert ([p.text for p in Document(str(first.path)).paragraphs]
            == [p.text for p in Document(str(second.path)).paragraphs])
