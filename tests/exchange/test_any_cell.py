"""Any cell value of any column gives a row message, never an internal error (issue 11, item
5): every kind's parsers and checks are fuzzed with arbitrary text, numbers and dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from app.errors import AppError
from app.exchange.kinds import Context
from app.exchange.lookups import Lookups
from app.exchange.model import Entry, Line
from app.exchange.normalize import shown
from app.exchange.plan import KINDS, analyse, build_entries, find_current, kind_class

# what clerks type: the characters of the formats the parsers know, mixed with anything
_WORDS = [*"（）()、,，;；第十届三次会议闭会期间号0123456789Xx主任副委员会提案起至不详-./年月日 ",
          *"张琳李强王伟男女汉族中共是否√×", "提案委员会", "十届三次会议", "县住建局", "主办",
          "1975.03", "2023-03-01", "尾号002X", "不详"]
_TEXT = st.one_of(st.lists(st.sampled_from(_WORDS), max_size=8).map("".join),
                  st.text(max_size=20))
CELL = st.one_of(
    st.none(), _TEXT, st.integers(min_value=-10**20, max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
    st.dates(min_value=dt.date(1, 1, 1)), st.datetimes(), st.times(),
    st.timedeltas(min_value=dt.timedelta(days=-10**5), max_value=dt.timedelta(days=10**5)))


def analyse_rows(db: Any, kind: str, rows: list[dict[str, Any]]) -> list[Entry]:
    """What ``analyse`` does after reading: parse, group, check every record (no writing)."""
    importer = kind_class(kind)(db)
    labels = {c.key: c.label for c in importer.columns}
    lines = [Line(i + 2, list(cells.values()), dict(cells)) for i, cells in enumerate(rows)]
    with db.reader() as session:
        ctx = Context(Lookups(session, keep_members=importer.names_members), labels)
        entries = build_entries(importer, lines, ctx)
        for entry in entries:
            current = find_current(importer, session, entry, ctx)
            importer.validate(session, entry, ctx, current)
        session.rollback()
    return entries


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_any_cell_of_any_column_gives_a_row_message(db: Any, world: Any, kind: str) -> None:
    keys = [c.key for c in KINDS[kind].columns]

    @settings(max_examples=60, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(rows=st.lists(st.dictionaries(st.sampled_from(keys), CELL, min_size=1),
                         min_size=1, max_size=3))
    def run(rows: list[dict[str, Any]]) -> None:
        entries = analyse_rows(db, kind, rows)
        for entry in entries:
            for problem in entry.problems:
                assert problem.message and str(problem)  # a sentence a clerk can read
                assert problem.row in {e.row for e in entries} | {
                    line.row for e in entries for line in e.lines} | {
                    row for e in entries for row, _ in e.merged_rows}

    run()


@pytest.mark.parametrize("text", ["（主任）", "（）", "()", "、（副主任）、", "（2022-01-01起）"])
def test_a_committee_cell_without_a_name_is_a_row_message(db: Any, world: Any,
                                                          text: str) -> None:
    entries = analyse_rows(db, "members", [{"name": "张琳", "units.committees": text}])
    messages = [str(p) for e in entries for p in e.errors]
    assert any("专委会" in m for m in messages), messages


_HEADERS = sorted({c.label for kind in KINDS.values() for c in kind.columns}
                  | {"序号", "备注说明", "合计", "注：本表"})
_XLSX_CELL = st.one_of(  # what openpyxl can write into a cell
    st.none(), _TEXT.map(lambda t: "".join(c for c in t if c.isprintable())),
    st.integers(min_value=-10**15, max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)))


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_any_workbook_gives_messages_never_an_internal_error(
        db: Any, world: Any, tmp_path: Path, kind: str) -> None:
    """Whole workbooks (title rows, headers of any kind, merged cells, any values) read as
    .xlsx and as .csv: ``analyse`` answers with a plan or one AppError, nothing else."""
    counter = iter(range(10**6))
    required = [c.label for c in KINDS[kind].columns if c.required]
    plain = required + [c.label for c in KINDS[kind].columns if not c.required][:2]
    headers = st.lists(st.sampled_from(_HEADERS), max_size=6).flatmap(
        lambda extra: st.permutations(required + [h for h in extra if h not in required]))

    @settings(max_examples=20, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(header=headers,
           rows=st.lists(st.lists(_XLSX_CELL, min_size=0, max_size=9), max_size=5),
           title=st.booleans(), merge=st.booleans(), csv=st.booleans())
    # one workbook that surely has rows, so "entries" below never rests on chance alone
    @example(header=plain, rows=[["张琳"] * len(plain)], title=True, merge=False, csv=False)
    def run(header: list[str], rows: list[list[Any]], title: bool, merge: bool,
            csv: bool) -> None:
        grid = ([["名册"]] if title else []) + [header, *rows]
        n = next(counter)
        if csv:
            path = tmp_path / f"w{n}.csv"
            path.write_text("\n".join(",".join(shown(v).replace(",", "，").replace("\n", " ")
                                               for v in row) for row in grid),
                            encoding="utf-8-sig")
        else:
            wb = Workbook()
            ws = wb.active
            assert ws is not None
            for row in grid:
                ws.append(row)
            if merge and len(grid) > 2:
                ws.merge_cells(start_row=2, start_column=1, end_row=len(grid), end_column=1)
            path = tmp_path / f"w{n}.xlsx"
            wb.save(path)
        try:
            plan = analyse(db, path, kind)
        except AppError as exc:
            assert str(exc)
            outcomes.append("refused")
            return
        for problem in plan.all_problems():
            assert str(problem)
        outcomes.append("entries" if plan.entries else "plan")

    outcomes: list[str] = []
    run()
    assert len(outcomes) >= 20 and "entries" in outcomes, outcomes
