"""Any cell value of any column gives a row message, never an internal error (issue 11, item
5): every kind's parsers and checks are fuzzed with arbitrary text, numbers and dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.exchange.kinds import Context
from app.exchange.lookups import Lookups
from app.exchange.model import Entry, Line
from app.exchange.plan import KINDS, build_entries, find_current, kind_class

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
